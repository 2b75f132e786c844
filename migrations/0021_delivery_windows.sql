-- Delivery in windows (issue 21). D1 bills every row it writes, index entries included, so a
-- recipient now costs about one row: its delivery is written once, when it has an outcome.
--
-- A digest's audience is taken when it starts as windows of recipients (WINDOW_SIZE, 50 by
-- default): one row per window holds the subscriber ids, and one queue message carries a window.
-- A window is claimed once by one invocation, which sends it a group of SMTP_CONNECTIONS recipients
-- at a time: before a group goes out, `through_id` moves to the group's last id in the same D1
-- round trip that settles the group before it. So a recipient of a window without a delivery row
-- is queued when its id is above `through_id`; at or below it, its send is (or was) under way, and
-- if the claim goes stale the recipient is closed as "outcome unknown" and never sent again.
CREATE TABLE delivery_windows (
  digest_number INTEGER NOT NULL REFERENCES digests (number),
  window_no INTEGER NOT NULL,
  subscriber_ids TEXT NOT NULL,          -- a JSON array of subscriber ids, ascending
  size INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'done')),
  claim TEXT,                            -- the claiming invocation's token, while sending
  claimed_from INTEGER NOT NULL DEFAULT 0, -- `through_id` when this claim began
  through_id INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  updated_ms INTEGER NOT NULL,           -- the claim's last progress (stale after STALE_CLAIM_SECONDS)
  PRIMARY KEY (digest_number, window_no)
) WITHOUT ROWID;
-- Only open windows are indexed (the sweep's stale claims, the fan-out's queued windows); a claim's
-- progress changes no indexed column.
CREATE INDEX delivery_windows_open ON delivery_windows (state) WHERE state IN ('queued', 'sending');

-- The deliveries themselves, keyed by (digest, subscriber) without a rowid, so that writing one is
-- one row. `deliveries_by_state` and `deliveries_by_state_time` indexed every state change; the one
-- index left holds only deliveries waiting for a retry or under way, which are few.
CREATE TABLE deliveries_keyed (
  digest_number INTEGER NOT NULL REFERENCES digests (number),
  subscriber_id INTEGER NOT NULL,        -- no address copied here: erasure leaves nothing behind
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  updated_ms INTEGER NOT NULL,
  sent_ms INTEGER,
  due_ms INTEGER,                        -- when a delivery given back for a retry may be tried again
  PRIMARY KEY (digest_number, subscriber_id)
) WITHOUT ROWID;
INSERT INTO deliveries_keyed (digest_number, subscriber_id, state, attempts, last_error, updated_ms, sent_ms, due_ms)
  SELECT digest_number, subscriber_id, state, attempts, last_error, updated_ms, sent_ms, due_ms FROM deliveries;
DROP TABLE deliveries;
ALTER TABLE deliveries_keyed RENAME TO deliveries;
CREATE INDEX deliveries_open ON deliveries (state, updated_ms) WHERE state IN ('queued', 'sending');
