// E-mail addresses as people type them. Pure.

export type AddressCheck = { ok: true; email: string } | { ok: false; message: string };

// The local part: RFC 5322 dot-atom characters (no quoted strings); the domain: LDH labels with
// a dot, or punycode. Unicode look-alikes are refused rather than guessed at.
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Trims, lower-cases the domain and validates; says in Vietnamese what is wrong. */
export function normaliseAddress(raw: unknown): AddressCheck {
  if (typeof raw !== "string" || raw.trim() === "") {
    return { ok: false, message: "Vui lòng nhập địa chỉ email." };
  }
  if (raw.length > 320 || /[\u0000-\u001f\u007f]/.test(raw)) {
    return { ok: false, message: "Địa chỉ email không hợp lệ." };
  }
  const trimmed = raw.trim();
  if (trimmed.length > 254) return { ok: false, message: "Địa chỉ email quá dài (tối đa 254 ký tự)." };
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) {
    return { ok: false, message: "Địa chỉ email cần có dạng ten@ten-mien.vn." };
  }
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  if (local.length > 64 || !LOCAL.test(local) || !DOMAIN.test(domain)) {
    return { ok: false, message: "Địa chỉ email không hợp lệ. Hãy kiểm tra lại (ví dụ: ten@ten-mien.vn)." };
  }
  return { ok: true, email: `${local}@${domain}` };
}
