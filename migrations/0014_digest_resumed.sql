-- When a digest was last resumed. A send tried before that and refused after it must not pause the
-- digest again: the operator (or the cooldown) has already dealt with what it reports.
ALTER TABLE digests ADD COLUMN resumed_ms INTEGER;
