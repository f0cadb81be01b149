-- The sitemap names the items of every site language with their published
-- translations. The index it reads news from gains the language and the
-- translation group, so a part is still read from the index alone; the
-- *_versions indexes give an item's published translations with one seek,
-- without reading the rows' large columns. Most items have no translation:
-- the *_translations indexes hold only the items that joined another's
-- group, so the groups with translations are read from a small index and
-- a lone item costs no seek at all.
DROP INDEX news_sitemap;
CREATE INDEX news_sitemap ON news (published_at DESC, id DESC, expires_at, slug, updated_at, lead_media_id, lead_alt, lang, group_id)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX news_versions ON news (group_id, lang, published_at, expires_at, slug)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX projects_versions ON projects (group_id, lang, published_at, expires_at, slug)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX pages_versions ON pages (group_id, lang, published_at, expires_at, slug)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX news_translations ON news (group_id) WHERE group_id != id;
CREATE INDEX projects_translations ON projects (group_id) WHERE group_id != id;
CREATE INDEX pages_translations ON pages (group_id) WHERE group_id != id;
