-- The audit log (issue 19): who did what to which object, when, and from which client. Append-only,
-- and the database itself sees to it: the triggers below refuse every UPDATE and DELETE, so neither a
-- bug nor a hand-typed `wrangler d1 execute` can rewrite what happened.
--
-- It names people and objects, never a reader's address: a subscriber is named by id, an import or an
-- export by its counts, so erasing a reader (GDPR art. 17) leaves nothing of their address here.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,           -- when (epoch milliseconds)
  actor_kind TEXT NOT NULL,         -- 'staff', 'api-token', 'admin-token', 'anonymous' (a failed sign-in) or 'system' (the cron)
  actor_staff_id INTEGER,           -- the person (or the person who made the token)
  actor_token_id TEXT,              -- the personal API token
  actor_label TEXT,                 -- how the actor was named then (an address, a token's name, "ADMIN_TOKEN")
  action TEXT NOT NULL,             -- 'post.publish', 'subscriber.erase', … (src/audit/model.ts)
  object_type TEXT,                 -- 'post', 'digest', 'subscriber', 'media', …
  object_id TEXT,                   -- a post's permanent id, a digest's number, a subscriber's id, a photo's hash
  detail TEXT,                      -- small JSON: counts, fields changed, a post's title at the time
  client TEXT NOT NULL              -- the client key (src/subscribers/client.ts): an IPv4 address or an IPv6 /64
);

-- The console's filters, each newest first.
CREATE INDEX audit_log_by_time ON audit_log (at_ms);
CREATE INDEX audit_log_by_actor ON audit_log (actor_label, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);
CREATE INDEX audit_log_by_object ON audit_log (object_type, object_id, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be changed');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: its rows cannot be deleted');
END;
