-- The WebSub hub's record of each callback origin (scheme, host, port): a server that did not answer
-- in time is paused, so that its callbacks wait in a later lane instead of holding up the others.
CREATE TABLE websub_origins (
  origin TEXT PRIMARY KEY,
  strikes INTEGER NOT NULL DEFAULT 0,        -- requests in a row it did not answer in time (or at all)
  paused_until_ms INTEGER NOT NULL DEFAULT 0, -- no request to it before then: its pause, or one request already out to it
  answered_ms INTEGER,                       -- its last answer in time
  updated_ms INTEGER NOT NULL
);

-- The host name of each subscription's callback, for the cap on subscriptions per callback host.
-- Rows stored before this migration get it (and their topic's canonical spelling) from the hub
-- itself, before its next distribution or unsubscription (src/websub/upgrade.ts).
ALTER TABLE websub_subscriptions ADD COLUMN callback_host TEXT;
CREATE INDEX websub_subscriptions_by_host ON websub_subscriptions (callback_host);
