// E-mail addresses as people type them, internationalised ones included. Pure.
import { domainToASCII, domainToUnicode } from "node:url";
import { type Message, message } from "../i18n/index.ts";

export type AddressCheck =
  | {
      ok: true;
      /** What is stored and mailed to: the local part as typed (NFC), the domain as lower-case A-labels. */
      email: string;
      /** The mailbox the address reaches: one subscriber per mailbox (see `mailboxKey`). */
      mailbox: string;
      /** The local part is not ASCII: only a transport with SMTPUTF8 can deliver to it. */
      utf8Local: boolean;
    }
  | { ok: false; message: Message };

// What is wrong, as messages of the site's catalogue: the page (or the console) that shows one says it
// in its own language.
const MESSAGES = {
  empty: message("subscription.address.empty"),
  tooLong: message("subscription.address.tooLong"),
  hidden: message("subscription.address.hidden"),
  shape: message("subscription.address.shape"),
  // The symbols are no words: they stay out of the catalogue (and out of ICU's quoting rules).
  local: message("subscription.address.local", { symbols: "! # $ % & ' * + / = ? ^ _ ` { | } ~ -" }),
  mixed: message("subscription.address.mixed"),
  domain: message("subscription.address.domain"),
} as const;

/** Said when the mail transport cannot deliver to a UTF-8 local part. */
export const SMTPUTF8_UNSUPPORTED: Message = message("subscription.address.smtpUtf8");

// RFC 5322 dot-atom: the ASCII characters a local part may hold without quoting.
const ASCII_ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~\\-";
const ASCII_LOCAL = new RegExp(`^[${ASCII_ATEXT}]+(?:\\.[${ASCII_ATEXT}]+)*$`);
// RFC 6531 widens atext to any UTF-8; bantin takes letters, combining marks and decimal digits only.
const UTF8_LOCAL = new RegExp(
  `^[${ASCII_ATEXT}\\p{L}\\p{M}\\p{Nd}]+(?:\\.[${ASCII_ATEXT}\\p{L}\\p{M}\\p{Nd}]+)*$`,
  "u",
);
// What the domain may be typed with before IDNA mapping: letters, marks, digits, hyphens and the dots of
// Latin and East Asian keyboards. Nothing that WHATWG URL would percent-decode or read as a number.
const DOMAIN_INPUT = /^[\p{L}\p{M}\p{N}\-.\u3002\uff0e\uff61]+$/u;
// The result: LDH labels of at most 63 characters, a top-level label that starts with a letter.
const ASCII_DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const U_LABEL = /^[\p{L}\p{M}\p{N}-]+$/u;
// Control, format (bidi overrides, zero-width joiners, BOM), line/paragraph separators, unassigned and private use.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\u2028\u2029]/u;

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

// Writing systems a letter may come from. A letter of any other (including mathematical alphanumerics,
// which are "Common") is refused: none is needed for a real address, and they are the look-alikes.
const SCRIPTS = [
  "Latin",
  "Greek",
  "Cyrillic",
  "Armenian",
  "Hebrew",
  "Arabic",
  "Syriac",
  "Thaana",
  "Devanagari",
  "Bengali",
  "Gurmukhi",
  "Gujarati",
  "Oriya",
  "Tamil",
  "Telugu",
  "Kannada",
  "Malayalam",
  "Sinhala",
  "Thai",
  "Lao",
  "Tibetan",
  "Myanmar",
  "Georgian",
  "Hangul",
  "Ethiopic",
  "Khmer",
  "Mongolian",
  "Hiragana",
  "Katakana",
  "Bopomofo",
  "Han",
] as const;
type Script = (typeof SCRIPTS)[number];
const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, "u")] as const);
// UTS #39 "highly restrictive": one script, or Latin with the scripts East Asian writing combines.
const ALLOWED_MIXES: readonly (readonly Script[])[] = [
  ["Latin", "Han", "Hiragana", "Katakana"],
  ["Latin", "Han", "Bopomofo"],
  ["Latin", "Han", "Hangul"],
];

/** True when every letter comes from one writing system (or an East Asian combination, as UTS #39 allows). */
export function singleScript(text: string): boolean {
  const seen = new Set<Script>();
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    const found = SCRIPT_TESTS.find(([, re]) => re.test(ch));
    if (!found) return false;
    seen.add(found[0]);
  }
  if (seen.size <= 1) return true;
  return ALLOWED_MIXES.some((mix) => [...seen].every((s) => mix.includes(s)));
}

/**
 * The domain as lower-case A-labels (UTS #46 through WHATWG URL, as a mail client would), or null when it
 * is not a mail domain or a label mixes writing systems. A-labels typed as such are checked the same way.
 */
export function asciiDomain(typed: string): string | null {
  if (!DOMAIN_INPUT.test(typed)) return null;
  let ascii: string;
  try {
    ascii = new URL(`http://${typed}/`).hostname;
  } catch {
    return null;
  }
  if (ascii.length > 253 || !ASCII_DOMAIN.test(ascii)) return null;
  if (!ascii.split(".").some((label) => label.startsWith("xn--"))) return ascii;
  // Punycode that does not decode, or does not encode back to itself, is not an IDN.
  const unicode = domainToUnicode(ascii);
  if (unicode === "" || domainToASCII(unicode) !== ascii) return null;
  // An undecodable label comes back as it went in.
  const labels = unicode.split(".");
  return labels.every((label) => !label.startsWith("xn--") && U_LABEL.test(label) && singleScript(label))
    ? ascii
    : null;
}

/**
 * The key that says which mailbox an address reaches, so one mailbox is one subscriber: the local part
 * case-folded (every provider people use treats case alike, though RFC 5321 would allow otherwise), a
 * "+tag" removed (sub-addressing, RFC 5233, delivers to the same mailbox at Gmail, Outlook, iCloud,
 * Fastmail, Proton, Yandex and most servers), and for Gmail the dots ignored and googlemail.com read
 * as gmail.com. Only for telling mailboxes apart: mail goes to the address as typed.
 */
export function mailboxKey(email: string): string {
  const at = email.lastIndexOf("@");
  let local = email.slice(0, at).toLowerCase();
  let domain = email.slice(at + 1).toLowerCase();
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (domain === "googlemail.com") domain = "gmail.com";
  if (domain === "gmail.com") local = local.replaceAll(".", "");
  return `${local}@${domain}`;
}

/** The address as a reader would write it: the domain in Unicode. */
export function displayAddress(email: string): string {
  const at = email.lastIndexOf("@");
  const unicode = domainToUnicode(email.slice(at + 1));
  return `${email.slice(0, at)}@${unicode || email.slice(at + 1)}`;
}

/** Trims, normalises (NFC, IDNA) and validates; says what is wrong as a Message the view words. */
export function normaliseAddress(raw: unknown): AddressCheck {
  if (typeof raw !== "string" || raw.trim() === "") return { ok: false, message: MESSAGES.empty };
  if (raw.length > 320) return { ok: false, message: MESSAGES.tooLong };
  const trimmed = raw.trim().normalize("NFC");
  if (HIDDEN.test(trimmed)) return { ok: false, message: MESSAGES.hidden };
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return { ok: false, message: MESSAGES.shape };
  const local = trimmed.slice(0, at);
  const utf8Local = /[^\x00-\x7f]/.test(local);
  if (utf8Length(local) > 64) return { ok: false, message: MESSAGES.tooLong };
  if (utf8Local) {
    // Compatibility forms (full-width letters, mathematical alphabets, ligatures) look like other letters.
    if (!UTF8_LOCAL.test(local) || local.normalize("NFKC") !== local) return { ok: false, message: MESSAGES.local };
    if (!singleScript(local)) return { ok: false, message: MESSAGES.mixed };
  } else if (!ASCII_LOCAL.test(local)) {
    return { ok: false, message: MESSAGES.local };
  }
  const domain = asciiDomain(trimmed.slice(at + 1));
  if (!domain) return { ok: false, message: MESSAGES.domain };
  const email = `${local}@${domain}`;
  if (utf8Length(email) > 254) return { ok: false, message: MESSAGES.tooLong };
  return { ok: true, email, mailbox: mailboxKey(email), utf8Local };
}
