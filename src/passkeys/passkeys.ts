// Passkeys: a person registers them once signed in, and signs in with one alone (a discoverable
// credential: the browser offers the site's passkeys, no address typed). Each ceremony starts with a
// challenge from the server, single use, 5 minutes, stored as a hash and bound to the browser that asked
// (a sign-in: a cookie set then, as a magic link's; a registration: the session). User verification
// (a PIN, a fingerprint) is required. Checks: passkeys/webauthn.ts.
import type { Actor, Role } from "../access/actor.ts";
import type { AuditRecord } from "../audit/repository.ts";
import type { SiteConfig } from "../config.ts";
import { randomSecret, sha256, toBase64Url, toHex } from "../hash.ts";
import { countRequest, secondsLeft } from "../subscribers/repository.ts";
import {
  consumeChallenge,
  findByCredential,
  insertChallenge,
  insertPasskey,
  notePasskeyUse,
  personCredentials,
} from "./repository.ts";
import {
  ALGORITHMS,
  assertionChallenge,
  counterAdvanced,
  fromBase64Url,
  type RelyingParty,
  verifyAssertion,
  verifyRegistration,
  WebAuthnError,
  type WebAuthnProblem,
} from "./webauthn.ts";

/** How long a ceremony may take, from the challenge to the answer. */
export const CHALLENGE_MS = 5 * 60 * 1000;
/** What the browser is told to wait for the person (less than the challenge lives). */
const CEREMONY_TIMEOUT_MS = 3 * 60 * 1000;

/** Sign-in ceremonies a client may start in 10 minutes (each needs a challenge), as many as links. */
export const PASSKEY_SIGN_IN_LIMIT = { count: 10, windowMs: 10 * 60 * 1000 };

export const PASSKEY_NAME_MAX = 60;

/**
 * This site as a WebAuthn relying party, or null when SITE_URL names its host by an IP address:
 * browsers accept only a domain as RP ID (Chromium answers "This is an invalid domain" on
 * http://127.0.0.1; http://localhost is a secure context and works).
 */
export function relyingParty(config: SiteConfig): RelyingParty | null {
  let url: URL;
  try {
    url = new URL(config.siteUrl);
  } catch {
    return null;
  }
  const host = url.hostname;
  if (/^[0-9.]+$/.test(host) || host.startsWith("[")) return null;
  return { id: host, origin: url.origin, name: config.title };
}

const challengeId = async (challenge: Uint8Array) => toHex(await sha256(challenge));
/** What a sign-in challenge keeps of the browser cookie set when it was asked for. */
const browserHash = async (cookie: string) => toHex(await sha256(`bantin-passkey-browser\n${cookie}`));
/** A cookie value as the browser cookie may hold: 32 random bytes, base64url. */
const COOKIE = /^[A-Za-z0-9_-]{43}$/;

/** A value for the passkey browser cookie: the one the browser has, if well formed, else a new one. */
export const passkeyCookieValue = (given: string | undefined) => (given && COOKIE.test(given) ? given : randomSecret());

async function newChallenge(
  db: D1Database,
  c: { kind: "register" | "sign-in"; staffId: number | null; browser: string; nowMs: number },
): Promise<string> {
  const challenge = crypto.getRandomValues(new Uint8Array(32));
  await insertChallenge(db, { ...c, id: await challengeId(challenge), expiresMs: c.nowMs + CHALLENGE_MS });
  return toBase64Url(challenge);
}

export interface Deps {
  db: D1Database;
  rp: RelyingParty;
  nowMs: number;
}

/**
 * The options of navigator.credentials.create() for a person (JSON: binary values in base64url, as
 * PublicKeyCredential.parseCreationOptionsFromJSON reads them): a discoverable credential, user
 * verification required, no attestation, none of the passkeys they have already.
 */
export async function registrationOptions(
  deps: Deps,
  person: { id: number; email: string; name: string },
  sessionId: string,
) {
  const { credentialIds, userHandle } = await personCredentials(deps.db, person.id);
  const challenge = await newChallenge(deps.db, {
    kind: "register",
    staffId: person.id,
    browser: sessionId,
    nowMs: deps.nowMs,
  });
  return {
    challenge,
    rp: { id: deps.rp.id, name: deps.rp.name },
    // The person's WebAuthn user id: random (never their address), the same for all their passkeys.
    user: {
      id: userHandle ?? toBase64Url(crypto.getRandomValues(new Uint8Array(32))),
      name: person.email,
      displayName: person.name,
    },
    pubKeyCredParams: ALGORITHMS.map((alg) => ({ type: "public-key", alg })),
    authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
    excludeCredentials: credentialIds.map((id) => ({ type: "public-key", id })),
    attestation: "none",
    timeout: CEREMONY_TIMEOUT_MS,
  };
}

/** Why a passkey was not registered. */
export type RegisterProblem = WebAuthnProblem | "name" | "challenge" | "duplicate";

export type RegisterResult = { ok: true; id: string; name: string } | { ok: false; problem: RegisterProblem };

/** What the registration form posts (base64url strings, as the script fills them in). */
export interface RegistrationForm {
  name: string;
  userHandle: string;
  clientDataJSON: string;
  attestationObject: string;
  transports: string;
}

/** The name a person gave a passkey, trimmed; null when empty or too long. */
export function passkeyName(raw: string): string | null {
  const name = raw.trim().normalize("NFC").replace(/\s+/g, " ");
  return name === "" || [...name].length > PASSKEY_NAME_MAX ? null : name;
}

const TRANSPORTS = new Set(["usb", "nfc", "ble", "smart-card", "hybrid", "internal"]);

/**
 * Registers a passkey for the person signed in on `sessionId`, if it answers a challenge handed to
 * that session: stored together with its audit record, or nothing stored.
 */
export async function registerPasskey(
  deps: Deps,
  person: { id: number },
  sessionId: string,
  form: RegistrationForm,
  record: (entry: { id: string; name: string }) => AuditRecord,
): Promise<RegisterResult> {
  const name = passkeyName(form.name);
  if (name === null) return { ok: false, problem: "name" };
  try {
    const registered = await verifyRegistration(deps.rp, {
      clientDataJSON: fromBase64Url(form.clientDataJSON),
      attestationObject: fromBase64Url(form.attestationObject),
    });
    const used = await consumeChallenge(deps.db, {
      id: await challengeId(registered.challenge),
      kind: "register",
      staffId: person.id,
      browser: sessionId,
      nowMs: deps.nowMs,
    });
    if (!used) return { ok: false, problem: "challenge" };
    // The user handle is the one the options gave (the person's, or a new random one); 64 bytes at most.
    const handle = fromBase64Url(form.userHandle);
    if (handle.length === 0 || handle.length > 64) return { ok: false, problem: "malformed" };
    const { userHandle } = await personCredentials(deps.db, person.id);
    if (userHandle !== null && userHandle !== toBase64Url(handle)) return { ok: false, problem: "malformed" };
    const id = toHex(crypto.getRandomValues(new Uint8Array(8)));
    const stored = await insertPasskey(
      deps.db,
      {
        id,
        credentialId: toBase64Url(registered.credentialId),
        staffId: person.id,
        name,
        publicKey: registered.key.jwk,
        algorithm: registered.key.algorithm,
        userHandle: toBase64Url(handle),
        signCount: registered.signCount,
        transports: form.transports.split(",").filter((t) => TRANSPORTS.has(t)),
        nowMs: deps.nowMs,
      },
      record({ id, name }),
    );
    return stored ? { ok: true, id, name } : { ok: false, problem: "duplicate" };
  } catch (error) {
    if (error instanceof WebAuthnError) return { ok: false, problem: error.problem };
    throw error;
  }
}

export type OptionsResult =
  | { ok: true; options: { challenge: string; rpId: string; userVerification: "required"; timeout: number } }
  | { ok: false; retryAfterSeconds: number };

/**
 * The options of navigator.credentials.get() for signing in with any passkey of this site (no
 * allowCredentials: the browser offers them), bound to the browser's cookie. Counted per client.
 */
export async function signInOptions(deps: Deps, client: string, browserCookie: string): Promise<OptionsResult> {
  const { count, windowMs } = PASSKEY_SIGN_IN_LIMIT;
  const window = await countRequest(deps.db, `staff-passkey-client:${client}`, windowMs, deps.nowMs);
  if (window.count > count) return { ok: false, retryAfterSeconds: secondsLeft(window, deps.nowMs) };
  const challenge = await newChallenge(deps.db, {
    kind: "sign-in",
    staffId: null,
    browser: await browserHash(browserCookie),
    nowMs: deps.nowMs,
  });
  return {
    ok: true,
    options: { challenge, rpId: deps.rp.id, userVerification: "required", timeout: CEREMONY_TIMEOUT_MS },
  };
}

/** What the sign-in form posts (base64url strings, as the script fills them in). */
export interface AssertionForm {
  credentialId: string;
  clientDataJSON: string;
  authenticatorData: string;
  signature: string;
  userHandle: string;
}

/** Why a passkey signed nobody in. */
export type SignInProblem = WebAuthnProblem | "challenge" | "unknown" | "disabled" | "counter";

export type SignInResult =
  | { ok: true; person: { id: number; email: string; name: string; role: Role }; passkey: { id: string; name: string } }
  | { ok: false; problem: SignInProblem; passkey?: { id: string; staffId: number } };

/**
 * Signs in with a passkey: the assertion must answer a challenge handed to this browser (used up
 * whatever follows), come from a passkey of someone who is not disabled, be signed by its key with the
 * person verified, and move its counter forward. Nothing is stored when it is refused.
 */
export async function signInWithPasskey(
  deps: Deps,
  browserCookie: string | undefined,
  form: AssertionForm,
): Promise<SignInResult> {
  try {
    const input = {
      clientDataJSON: fromBase64Url(form.clientDataJSON),
      authenticatorData: fromBase64Url(form.authenticatorData),
      signature: fromBase64Url(form.signature),
    };
    const credentialId = toBase64Url(fromBase64Url(form.credentialId));
    if (credentialId === "") return { ok: false, problem: "malformed" };
    const used =
      browserCookie !== undefined &&
      COOKIE.test(browserCookie) &&
      (await consumeChallenge(deps.db, {
        id: await challengeId(assertionChallenge(input)),
        kind: "sign-in",
        staffId: null,
        browser: await browserHash(browserCookie),
        nowMs: deps.nowMs,
      }));
    if (!used) return { ok: false, problem: "challenge" };
    const passkey = await findByCredential(deps.db, credentialId);
    if (!passkey) return { ok: false, problem: "unknown" };
    const which = { id: passkey.id, staffId: passkey.person.id };
    // The authenticator names the person it holds the passkey for: it must be the passkey's.
    if (form.userHandle !== "" && toBase64Url(fromBase64Url(form.userHandle)) !== passkey.userHandle) {
      return { ok: false, problem: "unknown", passkey: which };
    }
    const { signCount } = await verifyAssertion(
      deps.rp,
      { jwk: passkey.publicKey, algorithm: passkey.algorithm },
      input,
    );
    if (passkey.person.disabled) return { ok: false, problem: "disabled", passkey: which };
    if (!counterAdvanced(passkey.signCount, signCount)) return { ok: false, problem: "counter", passkey: which };
    const noted = await notePasskeyUse(deps.db, {
      id: passkey.id,
      staffId: passkey.person.id,
      fromCount: passkey.signCount,
      toCount: signCount,
      nowMs: deps.nowMs,
    });
    // Between the read and here the person was disabled, or another sign-in moved the counter.
    if (!noted) return { ok: false, problem: "counter", passkey: which };
    const { disabled: _, ...person } = passkey.person;
    return { ok: true, person, passkey: { id: passkey.id, name: passkey.name } };
  } catch (error) {
    if (error instanceof WebAuthnError) return { ok: false, problem: error.problem };
    throw error;
  }
}

/** Whether an actor is a person who may have passkeys (the ADMIN_TOKEN's session is nobody's). */
export const hasPasskeys = (actor: Actor): actor is Actor & { staffId: number } =>
  actor.kind === "staff" && actor.staffId !== null;
