-- What each reader chose to receive (issue 20): the topics (everything, or one or more tags by slug)
-- and how often (each post as it is published, or the weekly digest). Rows stored before this had
-- only the digest of everything, so that is their choice.
--   topics     '*' for everything (new tags included), else a JSON array of tag slugs, sorted, at least one
--   frequency  'weekly' (the digest) or 'each-post'
-- A pending row holds the choices of the last confirmation email sent to it; a confirmed reader's
-- request to add a topic changes nothing here until the confirm link in its email is pressed.
ALTER TABLE subscribers ADD COLUMN topics TEXT NOT NULL DEFAULT '*'
  CHECK (topics = '*' OR (json_valid(topics) AND json_type(topics) = 'array' AND json_array_length(topics) > 0));
ALTER TABLE subscribers ADD COLUMN frequency TEXT NOT NULL DEFAULT 'weekly'
  CHECK (frequency IN ('weekly', 'each-post'));
-- With the consent record: the choices the reader confirmed with their last confirm link (or the
-- editor attested in an import), as {"topics": "*" | [slugs], "frequency": ...}, and when the
-- choices last changed (a subscribe request while pending, a confirm link, the preference page, an import).
ALTER TABLE subscribers ADD COLUMN consent_choices TEXT;
ALTER TABLE subscribers ADD COLUMN choices_at TEXT;

UPDATE subscribers
SET consent_choices = '{"topics":"*","frequency":"weekly"}', choices_at = consent_at
WHERE consent_at IS NOT NULL;
