-- When the digest cron began a run that has not yet started a digest or found nothing to send
-- (NULL: none pending). A run cut short (Workers Free stops an invocation past its 10 ms of CPU)
-- leaves it set, and a maintenance run a few minutes later starts the digest in its place. Any
-- digest's start clears it, in its own transaction.
ALTER TABLE site_state ADD COLUMN digest_wanted_ms INTEGER;
