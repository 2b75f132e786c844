-- One mailbox, one subscriber. `mailbox` is the key src/subscribers/address.ts mailboxKey() computes
-- (local part lower-cased, "+tag" removed, Gmail dots ignored, googlemail.com read as gmail.com);
-- new rows always set it. Earlier rows hold ASCII addresses only, for which the SQL below computes
-- the same key.
ALTER TABLE subscribers ADD COLUMN mailbox TEXT;
-- Bumped each time an unsubscribed address subscribes again: confirm links signed before no longer confirm.
ALTER TABLE subscribers ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
-- Confirmation emails sent in the current 24-hour window (at most a few per mailbox and day).
ALTER TABLE subscribers ADD COLUMN confirmations_window_ms INTEGER;
ALTER TABLE subscribers ADD COLUMN confirmations_in_window INTEGER NOT NULL DEFAULT 0;

UPDATE subscribers SET mailbox = lower(email);
UPDATE subscribers
SET mailbox = substr(mailbox, 1, instr(mailbox, '+') - 1) || substr(mailbox, instr(mailbox, '@'))
WHERE instr(mailbox, '+') > 1 AND instr(mailbox, '+') < instr(mailbox, '@');
UPDATE subscribers
SET mailbox = replace(substr(mailbox, 1, instr(mailbox, '@') - 1), '.', '') || '@gmail.com'
WHERE substr(mailbox, instr(mailbox, '@') + 1) IN ('gmail.com', 'googlemail.com');

-- Rows merged into the one kept for their mailbox. Their unsubscribe links (in digests already sent)
-- keep working and act on the kept row; their confirm links no longer do.
CREATE TABLE subscriber_aliases (
  id INTEGER PRIMARY KEY,          -- the merged row's id, as its links carry it
  email TEXT NOT NULL,             -- the address its links were signed for
  subscriber_id INTEGER NOT NULL   -- the row kept for the mailbox
);
CREATE INDEX subscriber_aliases_by_subscriber ON subscriber_aliases (subscriber_id);

-- Which row a mailbox keeps when several were stored: a suppression (a fact about the mailbox) first;
-- then the latest decision of the reader, a confirmation or an unsubscription; then the oldest pending row.
INSERT INTO subscriber_aliases (id, email, subscriber_id)
SELECT id, email, kept FROM (
  SELECT id, email, first_value(id) OVER (
    PARTITION BY mailbox
    ORDER BY
      CASE status WHEN 'suppressed' THEN 0 WHEN 'pending' THEN 2 ELSE 1 END,
      CASE status
        WHEN 'confirmed' THEN julianday(consent_at)
        WHEN 'unsubscribed' THEN julianday(unsubscribed_at)
      END DESC,
      id
  ) AS kept
  FROM subscribers
)
WHERE id <> kept;
DELETE FROM subscribers WHERE id IN (SELECT id FROM subscriber_aliases);

CREATE UNIQUE INDEX subscribers_by_mailbox ON subscribers (mailbox);
