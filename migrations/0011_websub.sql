-- The WebSub hub (W3C Recommendation, 2018). A subscription is stored only once its callback has
-- confirmed the intent (echoed the challenge).
CREATE TABLE websub_subscriptions (
  topic TEXT NOT NULL,                 -- the feed's absolute URL (its rel="self")
  callback TEXT NOT NULL,              -- the subscriber's URL, as given
  secret TEXT,                         -- hub.secret (HMAC-SHA256 key for X-Hub-Signature), or NULL
  lease_seconds INTEGER NOT NULL,
  created_ms INTEGER NOT NULL,         -- first verified
  verified_ms INTEGER NOT NULL,        -- last (re)subscription verified
  expires_ms INTEGER NOT NULL,         -- no delivery after this; removed by the sweep
  scheduled_etag TEXT,                 -- ETag of the newest document a delivery was created for
  delivered_etag TEXT,                 -- ETag of the newest document the callback accepted
  PRIMARY KEY (topic, callback)
);
CREATE INDEX websub_subscriptions_by_expiry ON websub_subscriptions (expires_ms);

-- One push of a topic's document to one subscriber: queued → sending → delivered | failed | gone
-- (the callback answered 410: unsubscribed) | dropped (unsubscribed, lease ended, or a newer document
-- replaced it before it went out).
CREATE TABLE websub_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  topic TEXT NOT NULL,
  callback TEXT NOT NULL,
  etag TEXT NOT NULL,                  -- the document it was created for
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'failed', 'gone', 'dropped')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER,                 -- the callback's last HTTP status, if it answered
  last_error TEXT,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  delivered_ms INTEGER
);
CREATE INDEX websub_deliveries_by_state ON websub_deliveries (state, updated_ms);

-- Subscription requests and what became of their verification (no secret is kept here).
CREATE TABLE websub_verifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  mode TEXT NOT NULL CHECK (mode IN ('subscribe', 'unsubscribe')),
  topic TEXT NOT NULL,
  callback TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'verified', 'refused', 'failed')),
  reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  requested_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
CREATE INDEX websub_verifications_by_time ON websub_verifications (requested_ms);

-- The content version whose changes were last handed to subscribers: the sweep hands over any
-- change whose announcement was lost.
CREATE TABLE websub_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  distributed_version INTEGER NOT NULL
);
INSERT INTO websub_state (id, distributed_version) VALUES (1, 0);
