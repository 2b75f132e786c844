-- One row per (digest, confirmed subscriber): the unit of "exactly once".
-- queued → sending → sent | failed, or skipped when the subscriber left before the send.
CREATE TABLE deliveries (
  digest_number INTEGER NOT NULL REFERENCES digests (number),
  subscriber_id INTEGER NOT NULL,      -- no address copied here: erasure leaves nothing behind
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  updated_ms INTEGER NOT NULL,
  sent_ms INTEGER,
  PRIMARY KEY (digest_number, subscriber_id)
);
CREATE INDEX deliveries_by_state ON deliveries (digest_number, state, subscriber_id);

ALTER TABLE subscribers ADD COLUMN suppressed_at TEXT;
