import { toBase64Url } from "../hash.ts";

// Signed, expiring tokens for confirm and unsubscribe links: HMAC-SHA256 (WebCrypto) over the
// purpose, the subscriber's public handle, the address, the expiry and the subscription's generation.
// A token is `handle.expires.mac`: the handle is 128 random bits given to the subscriber when stored
// (migration 0015), so a token says nothing of the subscriber's id, of how many subscribed before or
// since, or of anyone else's token; the expiry is a time in seconds. The address and generation are
// signed but not carried, so a token works for one address only, and a confirm link dies when the
// address leaves and subscribes again.
//
// A confirm link's token may also carry the reader's choices (topics, frequency: subscribers/
// choices.ts) as a fourth part, `handle.expires.mac.choice`; they are signed with the rest, so the
// link confirms exactly what its email said and nobody can change them on the way.
//
// Links mailed before handles existed carry the sequential id instead (`id.expires.mac`, signed as
// "bantin/1"): they are still verified, and never issued. Unsubscribe links live 400 days, so that
// format can go 400 days after the release that stopped issuing it.

export type TokenPurpose = "confirm" | "unsubscribe";

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  confirm: 7 * 24 * 3600 * 1000,
  // Readers unsubscribe from old digests too.
  unsubscribe: 400 * 24 * 3600 * 1000,
};

/** A subscriber's public handle, as the repository stores it: 32 lower-case hex digits. */
export const HANDLE = /^[0-9a-f]{32}$/;

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

/** Whom a token names, read without trusting it: a handle, or (links mailed before handles) an id. */
export type TokenSubject = ({ handle: string } | { id: number }) & { expires: number };

function signed(purpose: TokenPurpose, subject: TokenSubject, email: string, generation: number, choice?: string) {
  // Links without choices sign what they signed before choices existed.
  const choiceLine = choice === undefined ? "" : `\nchoice ${choice}`;
  if ("handle" in subject) {
    return encoder.encode(
      `bantin/2\n${purpose}\n${subject.handle}\n${email}\n${subject.expires}\n${generation}${choiceLine}`,
    );
  }
  // Generation 0 signs what tokens signed before generations existed.
  const tail = generation === 0 ? "" : `\n${generation}`;
  return encoder.encode(`bantin/1\n${purpose}\n${subject.id}\n${email}\n${subject.expires}${tail}${choiceLine}`);
}

/** A token with the choice it signed appended (`choice` is ASCII without dots: choices.ts encodeChoices). */
export const withChoice = (token: string, choice: string): string => `${token}.${choice}`;

/** A token and the choice appended to it, if any. */
export function splitChoice(link: string): { token: string; choice?: string } {
  const parts = link.split(".");
  if (parts.length !== 4) return { token: link };
  return { token: parts.slice(0, 3).join("."), choice: parts[3] };
}

/** When a token was signed (to the second), from the expiry it carries. */
export function issuedMs(purpose: TokenPurpose, token: string): number | null {
  const subject = tokenSubject(token);
  return subject ? subject.expires * 1000 - TOKEN_LIFETIME_MS[purpose] : null;
}

/** A token for one subscriber (by its public handle), one purpose, valid until now + its lifetime. */
export async function signToken(
  secret: string,
  purpose: TokenPurpose,
  handle: string,
  email: string,
  nowMs: number,
  generation = 0,
  choice?: string,
): Promise<string> {
  if (!HANDLE.test(handle)) throw new Error("a token needs the subscriber's public handle");
  const expires = Math.floor((nowMs + TOKEN_LIFETIME_MS[purpose]) / 1000);
  const mac = await crypto.subtle.sign(
    "HMAC",
    await key(secret),
    signed(purpose, { handle, expires }, email, generation, choice),
  );
  return `${handle}.${expires}.${toBase64Url(new Uint8Array(mac))}`;
}

export type TokenCheck = { ok: true } | { ok: false; reason: "malformed" | "expired" | "forged" };

const CURRENT = /^([0-9a-f]{32})\.([0-9]{1,12})\.[A-Za-z0-9_-]{43}$/;
const LEGACY = /^([1-9][0-9]{0,15})\.([0-9]{1,12})\.[A-Za-z0-9_-]{43}$/;

/** The subscriber a token names, read without trusting it. */
export function tokenSubject(token: string): TokenSubject | null {
  const current = CURRENT.exec(token);
  if (current) return { handle: current[1] as string, expires: Number(current[2]) };
  const legacy = LEGACY.exec(token);
  return legacy ? { id: Number(legacy[1]), expires: Number(legacy[2]) } : null;
}

/** Verifies a token against the stored address and generation (constant-time, by WebCrypto). */
export async function verifyToken(
  secret: string,
  purpose: TokenPurpose,
  token: string,
  email: string,
  nowMs: number,
  generation = 0,
  choice?: string,
): Promise<TokenCheck> {
  const subject = tokenSubject(token);
  const mac = fromB64url(token.split(".")[2] ?? "");
  if (!subject || !mac) return { ok: false, reason: "malformed" };
  const valid = await crypto.subtle.verify(
    "HMAC",
    await key(secret),
    mac,
    signed(purpose, subject, email, generation, choice),
  );
  if (!valid) return { ok: false, reason: "forged" };
  if (subject.expires * 1000 < nowMs) return { ok: false, reason: "expired" };
  return { ok: true };
}
