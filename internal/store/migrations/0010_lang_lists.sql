-- Public lists are per language: the covering index of published news
-- leads with the language, so a language's list walks only its own items.
DROP INDEX news_public;
CREATE INDEX news_public ON news (lang, published_at DESC, id DESC, expires_at)
    WHERE status = 'published' AND deleted_at IS NULL;
