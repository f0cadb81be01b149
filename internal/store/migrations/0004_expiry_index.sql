-- NextChange looks for the next expiry on every cache miss; without an
-- index that is a scan of every row.
CREATE INDEX news_expires ON news (expires_at) WHERE expires_at IS NOT NULL;
CREATE INDEX projects_expires ON projects (expires_at) WHERE expires_at IS NOT NULL;
