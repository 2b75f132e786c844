-- The circuit breaker and the progress of each digest's delivery.
-- A digest is paused (paused_ms set) when sends fail for reasons that are not about a recipient:
-- 'operator' pauses (the relay refused the sender, the login or the message) wait for
-- POST /admin/digests/:n/resume; 'cooldown' pauses (many failures in a row) resume by themselves
-- at resume_at_ms. Nobody is suppressed by either.
ALTER TABLE digests ADD COLUMN paused_ms INTEGER;
ALTER TABLE digests ADD COLUMN pause_kind TEXT CHECK (pause_kind IN ('operator', 'cooldown'));
ALTER TABLE digests ADD COLUMN pause_reason TEXT;
ALTER TABLE digests ADD COLUMN resume_at_ms INTEGER;
-- Failed sends in a row (retries and unknown outcomes), and cooldown pauses in a row (each cooldown
-- twice as long as the one before); a sent message sets both back to 0.
ALTER TABLE digests ADD COLUMN fault_streak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE digests ADD COLUMN cooldowns INTEGER NOT NULL DEFAULT 0;
-- The last time any of the digest's deliveries moved: a digest with queued work and no activity
-- for a while lost its queue messages and is fanned out again.
ALTER TABLE digests ADD COLUMN activity_ms INTEGER;

-- When a delivery given back for a retry may be tried again.
ALTER TABLE deliveries ADD COLUMN due_ms INTEGER;
CREATE INDEX deliveries_by_state_time ON deliveries (state, updated_ms);

-- Suppressions can be lifted by the operator: the state before the suppression comes back.
ALTER TABLE subscribers ADD COLUMN suppressed_from TEXT;
ALTER TABLE subscribers ADD COLUMN suppression_lifted_at TEXT;
