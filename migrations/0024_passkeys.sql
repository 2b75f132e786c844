-- Passkeys (issue 19, part 2): WebAuthn credentials a person registers after signing in, and signs in
-- with alone (discoverable credentials: no address typed).

-- A person's passkeys. Only the public key is kept: the private key never leaves the authenticator.
CREATE TABLE passkeys (
  id TEXT PRIMARY KEY,                  -- a public handle (hex), used in forms and the audit log
  credential_id TEXT NOT NULL UNIQUE,   -- the credential's id, base64url, as the browser names it
  staff_id INTEGER NOT NULL,
  name TEXT NOT NULL,                   -- what the person called it ("Laptop", "Phone")
  public_key TEXT NOT NULL,             -- JWK (JSON) of the credential's public key, for WebCrypto
  algorithm INTEGER NOT NULL,           -- COSE algorithm: -7 (ES256) or -257 (RS256)
  user_handle TEXT NOT NULL,            -- base64url: the person's WebAuthn user id (random, no address)
  sign_count INTEGER NOT NULL,          -- the authenticator's signature counter, last seen (0: it keeps none)
  transports TEXT,                      -- JSON array the browser reported ("internal", "hybrid", …)
  created_ms INTEGER NOT NULL,
  last_used_ms INTEGER
);
CREATE INDEX passkeys_by_person ON passkeys (staff_id);

-- Challenges handed to a browser: single use (deleted when used), short-lived, and bound to the
-- browser that asked (a sign-in: the hash of a cookie set then; a registration: the session). Only the
-- SHA-256 of the challenge is stored.
CREATE TABLE passkey_challenges (
  id TEXT PRIMARY KEY,                  -- hex SHA-256 of the challenge
  kind TEXT NOT NULL CHECK (kind IN ('register', 'sign-in')),
  staff_id INTEGER,                     -- a registration's person; NULL for a sign-in
  browser TEXT NOT NULL,                -- hex SHA-256 of the browser's cookie, or the session's id
  expires_ms INTEGER NOT NULL
);
CREATE INDEX passkey_challenges_by_expiry ON passkey_challenges (expires_ms);
