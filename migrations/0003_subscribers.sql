-- Subscribers: nobody gets mail they did not confirm; anyone can leave with one click.
CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so tokens for an erased address die with it
  email TEXT NOT NULL UNIQUE,            -- normalised: trimmed, domain lower-cased
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'suppressed')),
  created_at TEXT NOT NULL,
  consent_at TEXT,                       -- when the address was confirmed
  consent_method TEXT,                   -- e.g. 'double-opt-in (web form)'
  confirmation_sent_ms INTEGER,          -- throttles confirmation emails
  unsubscribed_at TEXT,
  suppressed_reason TEXT
);

-- Fixed-window request counters (per client, per action).
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  window_start_ms INTEGER NOT NULL,
  count INTEGER NOT NULL
);
