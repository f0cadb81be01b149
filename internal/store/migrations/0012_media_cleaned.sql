-- Images stored before uploads were cleaned of their metadata (EXIF GPS,
-- XMP, IPTC) are cleaned once, in the background, at the next start; new
-- uploads are stored clean. GIFs and documents are kept as uploaded.
ALTER TABLE media ADD COLUMN cleaned INTEGER NOT NULL DEFAULT 1;
UPDATE media SET cleaned = 0 WHERE kind = 'image' AND mime <> 'image/gif';
CREATE INDEX media_uncleaned ON media (id) WHERE cleaned = 0;
