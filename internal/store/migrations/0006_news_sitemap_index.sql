-- The sitemap reads 50,000 items at a time. Its columns sit after the large
-- body columns in each row, so reading them from the table walks overflow
-- pages; this index holds them all, and a part is read from it alone.
CREATE INDEX news_sitemap ON news (published_at DESC, id DESC, expires_at, slug, updated_at, lead_media_id, lead_alt)
    WHERE status = 'published' AND deleted_at IS NULL;
