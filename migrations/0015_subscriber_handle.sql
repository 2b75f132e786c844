-- A public handle per subscriber, which confirm and unsubscribe links carry instead of the id: ids
-- are sequential, so a link that showed one told whoever got it how many had subscribed, and how fast.
-- 128 random bits as 32 hex digits. The application gives each new row its handle as it stores it;
-- the trigger gives one to a row stored any other way (by hand with `wrangler d1 execute`, say).
-- Links mailed before this carry the id and keep working until they expire (src/subscribers/tokens.ts).
ALTER TABLE subscribers ADD COLUMN handle TEXT;
UPDATE subscribers SET handle = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX subscribers_by_handle ON subscribers (handle);
CREATE TRIGGER subscribers_get_a_handle AFTER INSERT ON subscribers WHEN NEW.handle IS NULL
BEGIN
  UPDATE subscribers SET handle = lower(hex(randomblob(16))) WHERE id = NEW.id;
END;
