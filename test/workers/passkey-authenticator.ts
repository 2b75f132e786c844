// A software WebAuthn authenticator for the workerd tests: a WebCrypto ES256 key per credential, the
// attestation object ("none") and authenticator data encoded here by hand (CBOR, RFC 8949), and client
// data as a browser writes it. Each ceremony can be bent (origin, RP ID, flags, counter) to check a
// refusal.

/** Base64url without padding. */
export function b64u(bytes: Uint8Array | ArrayBuffer): string {
  let bin = "";
  for (const b of new Uint8Array(bytes)) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromB64u(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "===".slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

type Cbor = number | string | Uint8Array | Cbor[] | Map<number | string, Cbor>;

/** The head of a CBOR item: major type and argument. */
function head(major: number, n: number): Uint8Array {
  if (n < 24) return Uint8Array.of((major << 5) | n);
  if (n < 0x100) return Uint8Array.of((major << 5) | 24, n);
  if (n < 0x10000) return Uint8Array.of((major << 5) | 25, n >> 8, n & 0xff);
  return Uint8Array.of((major << 5) | 26, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

/** CBOR encoding of integers, text, bytes, arrays and maps (all WebAuthn needs). */
export function cbor(v: Cbor): Uint8Array {
  if (typeof v === "number") return v >= 0 ? head(0, v) : head(1, -1 - v);
  if (typeof v === "string") {
    const bytes = new TextEncoder().encode(v);
    return concat(head(3, bytes.length), bytes);
  }
  if (v instanceof Uint8Array) return concat(head(2, v.length), v);
  if (Array.isArray(v)) return concat(head(4, v.length), ...v.map(cbor));
  return concat(head(5, v.size), ...[...v].flatMap(([k, x]) => [cbor(k), cbor(x)]));
}

/** A P-256 signature as WebCrypto makes it (r‖s) in ASN.1 DER, as authenticators send it. */
function der(raw: Uint8Array): Uint8Array {
  const int = (x: Uint8Array) => {
    let i = 0;
    while (i < x.length - 1 && x[i] === 0) i++;
    let v = x.subarray(i);
    if ((v[0] ?? 0) & 0x80) v = concat(Uint8Array.of(0), v);
    return concat(Uint8Array.of(0x02, v.length), v);
  };
  const body = concat(int(raw.subarray(0, 32)), int(raw.subarray(32)));
  return concat(Uint8Array.of(0x30, body.length), body);
}

const sha256 = async (data: Uint8Array | string) =>
  new Uint8Array(
    await crypto.subtle.digest("SHA-256", typeof data === "string" ? new TextEncoder().encode(data) : data),
  );

/** Flags of authenticator data: user present, user verified, attested credential data. */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/** How to bend one ceremony (each field: what a browser or authenticator would have sent instead). */
export interface Bend {
  origin?: string;
  rpId?: string;
  type?: string;
  userVerified?: boolean;
  counter?: number;
  /** Signs with another key than the credential's. */
  wrongKey?: boolean;
  userHandle?: string;
}

interface Credential {
  id: Uint8Array;
  keys: CryptoKeyPair;
  userHandle: string;
  counter: number;
}

export interface CreationOptions {
  challenge: string;
  rp: { id: string; name: string };
  user: { id: string; name: string; displayName: string };
  authenticatorSelection: { userVerification: string; residentKey: string };
  excludeCredentials: { id: string }[];
}

export interface RequestOptions {
  challenge: string;
  rpId: string;
  userVerification: string;
}

/** A device holding discoverable credentials, as Chromium's virtual authenticator does. */
export class SoftAuthenticator {
  readonly credentials: Credential[] = [];

  constructor(readonly origin: string) {}

  private clientData(type: string, challenge: string, bend: Bend): Uint8Array {
    return new TextEncoder().encode(
      JSON.stringify({ type: bend.type ?? type, challenge, origin: bend.origin ?? this.origin, crossOrigin: false }),
    );
  }

  private async authData(rpId: string, flags: number, counter: number, attested?: Uint8Array): Promise<Uint8Array> {
    const count = Uint8Array.of((counter >>> 24) & 0xff, (counter >> 16) & 0xff, (counter >> 8) & 0xff, counter & 0xff);
    return concat(await sha256(rpId), Uint8Array.of(flags), count, attested ?? new Uint8Array(0));
  }

  /** navigator.credentials.create(): what the registration form posts. */
  async create(options: CreationOptions, bend: Bend = {}) {
    const keys = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
      "sign",
      "verify",
    ])) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey("jwk", keys.publicKey)) as JsonWebKey;
    const cose = cbor(
      new Map<number, Cbor>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, fromB64u(jwk.x ?? "")],
        [-3, fromB64u(jwk.y ?? "")],
      ]),
    );
    const id = crypto.getRandomValues(new Uint8Array(16));
    const counter = bend.counter ?? 0;
    const attested = concat(new Uint8Array(16), Uint8Array.of(0, id.length), id, cose);
    const flags = UP | (bend.userVerified === false ? 0 : UV) | AT;
    const authData = await this.authData(bend.rpId ?? options.rp.id, flags, counter, attested);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]),
    );
    const clientDataJSON = this.clientData("webauthn.create", options.challenge, bend);
    this.credentials.push({ id, keys, userHandle: options.user.id, counter });
    return {
      credential: b64u(id),
      userHandle: options.user.id,
      clientDataJSON: b64u(clientDataJSON),
      attestationObject: b64u(attestationObject),
      transports: "internal",
    };
  }

  /** navigator.credentials.get() with the credential chosen (the last made by default): what the sign-in form posts. */
  async get(options: RequestOptions, bend: Bend = {}, credential = this.credentials.at(-1)) {
    if (!credential) throw new Error("no credential on this authenticator");
    credential.counter = bend.counter ?? (credential.counter === 0 ? 0 : credential.counter + 1);
    const flags = UP | (bend.userVerified === false ? 0 : UV);
    const authenticatorData = await this.authData(bend.rpId ?? options.rpId, flags, credential.counter);
    const clientDataJSON = this.clientData("webauthn.get", options.challenge, bend);
    const signingKey = bend.wrongKey
      ? ((await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign"])) as CryptoKeyPair)
          .privateKey
      : credential.keys.privateKey;
    const signed = concat(authenticatorData, await sha256(clientDataJSON));
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, signingKey, signed as Uint8Array<ArrayBuffer>),
    );
    return {
      credential: b64u(credential.id),
      clientDataJSON: b64u(clientDataJSON),
      authenticatorData: b64u(authenticatorData),
      signature: b64u(der(raw)),
      userHandle: bend.userHandle ?? credential.userHandle,
    };
  }
}
