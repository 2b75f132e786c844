-- Sending honours readers' choices (issue 20, part 2): per-post emails, and a weekly digest per reader.
--
-- A per-post email is a send like a digest: a `digests` row of kind 'post', with its windows, its
-- deliveries, its breaker and its sweep, so that the status page, the counts, resume and "at most
-- once" are the digest's. Its number is below zero (−1, −2, …: minus its `post_emails` number), so
-- that the weekly digests keep their numbers 1, 2, 3 … in the archive and its URLs.
ALTER TABLE digests ADD COLUMN kind TEXT NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'post'));
-- A weekly digest's renderings (one per distinct set of posts its readers get) and the confirmed
-- readers it had nothing for; NULL for digests sent before readers chose (one rendering, everyone).
ALTER TABLE digests ADD COLUMN renders INTEGER;
ALTER TABLE digests ADD COLUMN nothing_for INTEGER;

-- The editions of a weekly digest: the email for one set of posts (a subset of the digest's, in the
-- digest's order), rendered once; every window holds recipients of one edition. Edition 0 is the
-- digest's own email (the `digests` row), as for every digest stored before editions.
CREATE TABLE digest_editions (
  digest_number INTEGER NOT NULL REFERENCES digests (number),
  edition INTEGER NOT NULL CHECK (edition > 0),
  post_ids TEXT NOT NULL,                -- JSON array of post ids
  recipients INTEGER NOT NULL,
  subject TEXT NOT NULL,
  preheader TEXT NOT NULL,
  email_html TEXT NOT NULL,
  email_text TEXT NOT NULL,
  PRIMARY KEY (digest_number, edition)
) WITHOUT ROWID;
ALTER TABLE delivery_windows ADD COLUMN edition INTEGER NOT NULL DEFAULT 0;
-- A delivery given back for a retry is sent the edition of its window (no other row is read for it).
ALTER TABLE deliveries ADD COLUMN edition INTEGER NOT NULL DEFAULT 0;

-- "Not by email": the editor's choice, stored on the post; no email of its own is sent for it (it
-- still appears in the weekly digest).
ALTER TABLE posts ADD COLUMN by_email INTEGER NOT NULL DEFAULT 1 CHECK (by_email IN (0, 1));

-- The per-post email of a post: scheduled when the post is published (due after the grace delay),
-- started when due (or "send now"), or cancelled (the post withdrawn, or marked "not by email",
-- before it started). One per post: a post is mailed on its own once at most.
CREATE TABLE post_emails (
  number INTEGER PRIMARY KEY,            -- its send is digest number −number
  post_id TEXT NOT NULL UNIQUE REFERENCES posts (id),
  state TEXT NOT NULL CHECK (state IN ('scheduled', 'started', 'cancelled')),
  scheduled_ms INTEGER NOT NULL,          -- when the post was published: due after the grace delay
  due_ms INTEGER,                        -- "send now": due then, whatever the grace delay
  started_ms INTEGER,
  cancelled_ms INTEGER,
  cancel_reason TEXT CHECK (cancel_reason IN ('withdrawn', 'not-by-email')),
  recipients INTEGER
);
CREATE INDEX post_emails_waiting ON post_emails (scheduled_ms) WHERE state = 'scheduled';

-- When a confirmed reader's frequency last changed (ms): a reader who moved from the weekly digest
-- to each post still gets, in the next digest, the posts published before the move that no email
-- of their own brought them. NULL: never changed since confirming.
ALTER TABLE subscribers ADD COLUMN frequency_ms INTEGER;
