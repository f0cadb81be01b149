-- Whether a news item is public, by its id: counting a tag's items probes
-- it for each of them instead of the rows, whose dates sit after the large
-- bodies (a tag on 33,000 of 100,000 items: 136 ms → 27 ms).
CREATE INDEX news_visibility ON news (id, lang, status, deleted_at, published_at, expires_at);
