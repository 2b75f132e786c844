// WebAuthn checks on the server (W3C Web Authentication, §7.1 registering a credential, §7.2 verifying an
// assertion): @oslojs/webauthn parses what the browser sends (client data, authenticator data, the
// attestation object's CBOR and the COSE public key); the signature is verified with WebCrypto.
// Attestation is not asked for ("none"), so its statement is not checked: the person registering is
// already signed in, and which authenticator they use is theirs to choose.
import { decodeCBORToNativeValueNoLeftoverBytes } from "@oslojs/cbor";
import {
  type AuthenticatorData,
  ClientDataType,
  COSEKeyType,
  coseAlgorithmES256,
  coseAlgorithmRS256,
  coseEllipticCurveP256,
  createAssertionSignatureMessage,
  parseAuthenticatorData,
  parseClientDataJSON,
} from "@oslojs/webauthn";
import { toBase64Url } from "../hash.ts";

/** The relying party: this site, named by SITE_URL's host, and the origin its pages are served from. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** The algorithms offered, in order of preference: ES256 (every passkey), RS256 (Windows Hello). */
export const ALGORITHMS = [coseAlgorithmES256, coseAlgorithmRS256] as const;

/** Why what a browser sent was refused. */
export type WebAuthnProblem =
  | "malformed"
  | "type"
  | "origin"
  | "rp-id"
  | "user-presence"
  | "user-verification"
  | "algorithm"
  | "signature";

export class WebAuthnError extends Error {
  constructor(readonly problem: WebAuthnProblem) {
    super(`WebAuthn: ${problem}`);
  }
}

/** Bytes from base64url (with or without padding); a WebAuthnError "malformed" when it is not. */
export function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new WebAuthnError("malformed");
  const base64 = text.replace(/=+$/, "").replace(/-/g, "+").replace(/_/g, "/");
  try {
    const bin = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    throw new WebAuthnError("malformed");
  }
}

/** Runs a parser of @oslojs/webauthn: whatever it throws is a "malformed" refusal. */
function parsed<T>(parse: () => T): T {
  try {
    return parse();
  } catch {
    throw new WebAuthnError("malformed");
  }
}

/** The checks shared by both ceremonies: client data type and origin, RP ID hash, user present and verified. */
function checkCommon(
  rp: RelyingParty,
  clientDataJSON: Uint8Array,
  authData: AuthenticatorData,
  type: ClientDataType,
): Uint8Array {
  const client = parsed(() => parseClientDataJSON(clientDataJSON));
  if (client.type !== type) throw new WebAuthnError("type");
  // A page of another site framing ours (crossOrigin) is refused as another origin.
  if (client.origin !== rp.origin || client.crossOrigin === true) throw new WebAuthnError("origin");
  if (!authData.verifyRelyingPartyIdHash(rp.id)) throw new WebAuthnError("rp-id");
  if (!authData.userPresent) throw new WebAuthnError("user-presence");
  if (!authData.userVerified) throw new WebAuthnError("user-verification");
  return client.challenge;
}

/** A big integer as `size` big-endian bytes. */
function bigIntBytes(n: bigint, size?: number): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
  if (size === undefined || bytes.length >= size) return bytes;
  const padded = new Uint8Array(size);
  padded.set(bytes, size - bytes.length);
  return padded;
}

/** A credential's public key, as stored: a JWK for WebCrypto and its COSE algorithm. */
export interface StoredKey {
  jwk: JsonWebKey;
  algorithm: number;
}

const WEBCRYPTO: Record<number, { import: SubtleCryptoImportKeyAlgorithm; verify: SubtleCryptoSignAlgorithm }> = {
  [coseAlgorithmES256]: {
    import: { name: "ECDSA", namedCurve: "P-256" },
    verify: { name: "ECDSA", hash: "SHA-256" },
  },
  [coseAlgorithmRS256]: {
    import: { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    verify: { name: "RSASSA-PKCS1-v1_5" },
  },
};

/** The JWK of a COSE public key of an algorithm we offered, or a refusal. */
async function storedKey(authData: AuthenticatorData): Promise<StoredKey> {
  const key = authData.credential?.publicKey;
  if (!key) throw new WebAuthnError("malformed");
  const algorithm = parsed(() => key.algorithm());
  let jwk: JsonWebKey;
  if (algorithm === coseAlgorithmES256 && parsed(() => key.type()) === COSEKeyType.EC2) {
    const ec = parsed(() => key.ec2());
    if (ec.curve !== coseEllipticCurveP256) throw new WebAuthnError("algorithm");
    jwk = {
      kty: "EC",
      crv: "P-256",
      x: toBase64Url(bigIntBytes(ec.x, 32)),
      y: toBase64Url(bigIntBytes(ec.y, 32)),
    };
  } else if (algorithm === coseAlgorithmRS256 && parsed(() => key.type()) === COSEKeyType.RSA) {
    const rsa = parsed(() => key.rsa());
    jwk = { kty: "RSA", n: toBase64Url(bigIntBytes(rsa.n)), e: toBase64Url(bigIntBytes(rsa.e)) };
  } else {
    throw new WebAuthnError("algorithm");
  }
  // A point not on the curve, or a key WebCrypto cannot use, is refused now rather than at sign-in.
  await importKey({ jwk, algorithm });
  return { jwk, algorithm };
}

async function importKey(key: StoredKey): Promise<CryptoKey> {
  const params = WEBCRYPTO[key.algorithm];
  if (!params) throw new WebAuthnError("algorithm");
  try {
    return await crypto.subtle.importKey("jwk", key.jwk, params.import, false, ["verify"]);
  } catch {
    throw new WebAuthnError("algorithm");
  }
}

/** What the browser sends after navigator.credentials.create(). */
export interface RegistrationInput {
  clientDataJSON: Uint8Array;
  attestationObject: Uint8Array;
}

export interface Registered {
  /** The challenge the browser signed over: the caller checks it is one it handed out, once. */
  challenge: Uint8Array;
  credentialId: Uint8Array;
  key: StoredKey;
  signCount: number;
}

/** Checks a new credential (§7.1 steps 5–26, less attestation) and returns what to keep of it. */
export async function verifyRegistration(rp: RelyingParty, input: RegistrationInput): Promise<Registered> {
  // The attestation object is a CBOR map {fmt, attStmt, authData}; only authData is used (attestation
  // "none"), so the statement formats' parsers stay out of the bundle.
  const authData = parsed(() => {
    const decoded: unknown = decodeCBORToNativeValueNoLeftoverBytes(input.attestationObject, 4);
    const bytes = (decoded as { authData?: unknown } | null)?.authData;
    if (!(bytes instanceof Uint8Array)) throw new WebAuthnError("malformed");
    return parseAuthenticatorData(bytes);
  });
  const challenge = checkCommon(rp, input.clientDataJSON, authData, ClientDataType.Create);
  const credential = authData.credential;
  if (!credential || credential.id.length === 0 || credential.id.length > 1023) throw new WebAuthnError("malformed");
  const key = await storedKey(authData);
  return { challenge, credentialId: credential.id, key, signCount: authData.signatureCounter };
}

/** What the browser sends after navigator.credentials.get(). */
export interface AssertionInput {
  clientDataJSON: Uint8Array;
  authenticatorData: Uint8Array;
  signature: Uint8Array;
}

/** The parts of an assertion read before its credential is known: its challenge. */
export function assertionChallenge(input: AssertionInput): Uint8Array {
  return parsed(() => parseClientDataJSON(input.clientDataJSON)).challenge;
}

/** An ASN.1 DER ECDSA signature (as WebAuthn sends it) as r‖s, 32 bytes each (as WebCrypto wants it). */
function derToRaw(der: Uint8Array): Uint8Array {
  // SEQUENCE { INTEGER r, INTEGER s }, short lengths only (a P-256 signature is at most 72 bytes).
  if (der.length < 8 || der[0] !== 0x30 || der[1] !== der.length - 2) throw new WebAuthnError("signature");
  const out = new Uint8Array(64);
  let at = 2;
  for (const half of [0, 1]) {
    if (der[at] !== 0x02) throw new WebAuthnError("signature");
    const len = der[at + 1] ?? 0;
    let int = der.subarray(at + 2, at + 2 + len);
    if (len === 0 || int.length !== len) throw new WebAuthnError("signature");
    while (int.length > 32 && int[0] === 0) int = int.subarray(1);
    if (int.length > 32) throw new WebAuthnError("signature");
    out.set(int, half * 32 + 32 - int.length);
    at += 2 + len;
  }
  if (at !== der.length) throw new WebAuthnError("signature");
  return out;
}

/**
 * Checks an assertion of a known credential (§7.2 steps 11–21): its type, origin, RP ID, user present
 * and verified, and its signature by the stored key. Returns the authenticator's counter, which the
 * caller compares with the stored one.
 */
export async function verifyAssertion(
  rp: RelyingParty,
  key: StoredKey,
  input: AssertionInput,
): Promise<{ signCount: number }> {
  const authData = parsed(() => parseAuthenticatorData(input.authenticatorData));
  checkCommon(rp, input.clientDataJSON, authData, ClientDataType.Get);
  const message = createAssertionSignatureMessage(input.authenticatorData, input.clientDataJSON);
  const params = WEBCRYPTO[key.algorithm];
  if (!params) throw new WebAuthnError("algorithm");
  const signature = key.algorithm === coseAlgorithmES256 ? derToRaw(input.signature) : input.signature;
  const ok = await crypto.subtle.verify(params.verify, await importKey(key), signature, message);
  if (!ok) throw new WebAuthnError("signature");
  return { signCount: authData.signatureCounter };
}

/**
 * Whether a counter may follow the stored one: an authenticator that keeps one (either is not 0) must
 * have moved it forward, or the credential may have been cloned (§6.1.1). Passkeys that sync keep 0.
 */
export const counterAdvanced = (stored: number, given: number) => (stored === 0 && given === 0) || given > stored;
