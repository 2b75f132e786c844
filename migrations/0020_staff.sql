-- Staff accounts (issue 19): every person signs in as themselves, with a role.

-- The people of the staff. An invited person has no last sign-in yet; a disabled one can do nothing
-- (their sessions are deleted and their tokens revoked when they are disabled).
CREATE TABLE staff (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,             -- as typed (normalised: subscribers/address.ts), where mail goes
  mailbox TEXT NOT NULL UNIQUE,    -- the mailbox it reaches: one person per mailbox
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('author', 'editor', 'owner')),
  created_ms INTEGER NOT NULL,
  last_sign_in_ms INTEGER,
  disabled_ms INTEGER
);

-- Single-use links: a sign-in link (15 minutes, bound to the browser that asked for it by the hash
-- of a cookie set then) or an invitation (7 days, any browser). Only the SHA-256 of the link's
-- secret is stored. A request for an address that is no one's stores a row too, with no person:
-- the same work whoever asks, and a link that opens nothing.
CREATE TABLE staff_links (
  id TEXT PRIMARY KEY,             -- hex SHA-256 of the link's secret
  kind TEXT NOT NULL CHECK (kind IN ('sign-in', 'invitation')),
  staff_id INTEGER,                -- NULL: asked for an address that is no one's
  browser TEXT,                    -- hex SHA-256 of the asking browser's cookie (sign-in links)
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_ms INTEGER
);
CREATE INDEX staff_links_by_expiry ON staff_links (expires_ms);
CREATE INDEX staff_links_by_person ON staff_links (staff_id);

-- Personal API tokens: a name, a role no higher than their person's, stored as a hash, revocable.
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,             -- a public handle (hex), shown in the console
  hash TEXT NOT NULL UNIQUE,       -- hex SHA-256 of the token
  staff_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('author', 'editor', 'owner')),
  created_ms INTEGER NOT NULL,
  last_used_ms INTEGER,            -- at most once a minute
  revoked_ms INTEGER
);
CREATE INDEX api_tokens_by_person ON api_tokens (staff_id);

-- Whose session: NULL for one opened with the ADMIN_TOKEN (which ends when the token changes); a
-- person's ends when they sign out, are disabled, or end it from "my sessions".
ALTER TABLE console_sessions ADD COLUMN staff_id INTEGER;
ALTER TABLE console_sessions ADD COLUMN seen_ms INTEGER;
CREATE INDEX console_sessions_by_person ON console_sessions (staff_id);

-- Who wrote a post: the person whose console session or personal token created it; NULL for posts
-- from before, and for those created with the ADMIN_TOKEN.
ALTER TABLE posts ADD COLUMN author_id INTEGER;
