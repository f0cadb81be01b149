-- A lead image uploaded with a form that was previewed or refused is kept
-- in the library, staged, so that the form shown again still has it; one
-- never saved with an item is removed after a day.
ALTER TABLE media ADD COLUMN staged_at INTEGER;
CREATE INDEX media_staged ON media (staged_at) WHERE staged_at IS NOT NULL;
