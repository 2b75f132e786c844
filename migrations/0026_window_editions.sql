-- A window of a weekly digest holds readers of several editions (issue 20, its CPU): the edition of
-- each recipient, a JSON array parallel to `subscriber_ids`. NULL: every recipient gets the window's
-- `edition` (per-post emails, digests stored before, and windows of one edition).
ALTER TABLE delivery_windows ADD COLUMN editions TEXT;
