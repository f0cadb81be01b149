-- The public news lists, their counts and the sitemap skip over many rows
-- (page 2000 of the news, the second sitemap part). With expires_at in the
-- index they decide visibility from the index alone, without reading rows.
DROP INDEX news_public;
CREATE INDEX news_public ON news (published_at DESC, id DESC, expires_at)
    WHERE status = 'published' AND deleted_at IS NULL;
-- The newest change, for the sitemap index and list pages' validators.
CREATE INDEX news_updated ON news (updated_at DESC)
    WHERE status = 'published' AND deleted_at IS NULL;
