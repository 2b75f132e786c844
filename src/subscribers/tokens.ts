import { toBase64Url } from "../hash.ts";

// Signed, expiring tokens for confirm and unsubscribe links: HMAC-SHA256 (WebCrypto) over the
// purpose, the subscriber id, the address, the expiry and (for confirm links) the subscription's
// generation. The address and generation are signed but not carried, so a token reveals nothing,
// works for one address only, and a confirm link dies when the address leaves and subscribes again.

export type TokenPurpose = "confirm" | "unsubscribe";

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  confirm: 7 * 24 * 3600 * 1000,
  // Readers unsubscribe from old digests too.
  unsubscribe: 400 * 24 * 3600 * 1000,
};

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function key(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (!k) {
    k = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    keys.set(secret, k);
  }
  return k;
}

function fromB64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return null;
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// Generation 0 signs what tokens signed before generations existed, so links already mailed keep working.
const signed = (purpose: TokenPurpose, id: number, email: string, expires: number, generation: number) =>
  encoder.encode(`bantin/1\n${purpose}\n${id}\n${email}\n${expires}${generation === 0 ? "" : `\n${generation}`}`);

/** A token for one subscriber, one purpose, valid until now + its lifetime. */
export async function signToken(
  secret: string,
  purpose: TokenPurpose,
  id: number,
  email: string,
  nowMs: number,
  generation = 0,
): Promise<string> {
  const expires = Math.floor((nowMs + TOKEN_LIFETIME_MS[purpose]) / 1000);
  const mac = await crypto.subtle.sign("HMAC", await key(secret), signed(purpose, id, email, expires, generation));
  return `${id}.${expires}.${toBase64Url(new Uint8Array(mac))}`;
}

export type TokenCheck = { ok: true; id: number } | { ok: false; reason: "malformed" | "expired" | "forged" };

/** The subscriber id a token names, read without trusting it. */
export function tokenSubject(token: string): { id: number; expires: number } | null {
  const m = /^([1-9][0-9]{0,15})\.([0-9]{1,12})\.[A-Za-z0-9_-]{43}$/.exec(token);
  return m ? { id: Number(m[1]), expires: Number(m[2]) } : null;
}

/** Verifies a token against the stored address and generation (constant-time, by WebCrypto). */
export async function verifyToken(
  secret: string,
  purpose: TokenPurpose,
  token: string,
  email: string,
  nowMs: number,
  generation = 0,
): Promise<TokenCheck> {
  const subject = tokenSubject(token);
  const mac = fromB64url(token.split(".")[2] ?? "");
  if (!subject || !mac) return { ok: false, reason: "malformed" };
  const valid = await crypto.subtle.verify(
    "HMAC",
    await key(secret),
    mac,
    signed(purpose, subject.id, email, subject.expires, generation),
  );
  if (!valid) return { ok: false, reason: "forged" };
  if (subject.expires * 1000 < nowMs) return { ok: false, reason: "expired" };
  return { ok: true, id: subject.id };
}
