-- Times are Unix seconds (UTC) in INTEGER columns: compact, indexable and
-- compared without parsing. Dates without a time (project start/end) are
-- 'YYYY-MM-DD' text. Every content row carries its language.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor')),
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL CHECK (kind IN ('image', 'document')),
    mime       TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0,
    variants   TEXT    NOT NULL DEFAULT '[]',
    title      TEXT    NOT NULL DEFAULT '',
    alt        TEXT    NOT NULL DEFAULT '',
    credit     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE partners (
    id           INTEGER PRIMARY KEY,
    key          TEXT    NOT NULL UNIQUE,
    name         TEXT    NOT NULL,
    url          TEXT    NOT NULL DEFAULT '',
    logo         TEXT    NOT NULL DEFAULT '',
    logo_width   INTEGER NOT NULL DEFAULT 0,
    logo_height  INTEGER NOT NULL DEFAULT 0,
    is_eu        INTEGER NOT NULL DEFAULT 0,
    show_on_home INTEGER NOT NULL DEFAULT 1,
    position     INTEGER NOT NULL DEFAULT 0,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL
);

CREATE TABLE projects (
    id                INTEGER PRIMARY KEY,
    lang              TEXT    NOT NULL DEFAULT 'en',
    slug              TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    acronym           TEXT    NOT NULL DEFAULT '',
    summary           TEXT    NOT NULL DEFAULT '',
    body_md           TEXT    NOT NULL DEFAULT '',
    body_html         TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at      INTEGER,
    expires_at        INTEGER,
    start_date        TEXT    NOT NULL DEFAULT '',
    end_date          TEXT    NOT NULL DEFAULT '',
    countries         TEXT    NOT NULL DEFAULT '',
    duty_stations     TEXT    NOT NULL DEFAULT '',
    statement         TEXT    NOT NULL DEFAULT 'funded' CHECK (statement IN ('funded', 'co-funded')),
    derogation        INTEGER NOT NULL DEFAULT 0,
    derogation_reason TEXT    NOT NULL DEFAULT '',
    lead_media_id     INTEGER REFERENCES media (id) ON DELETE RESTRICT,
    lead_alt          TEXT    NOT NULL DEFAULT '',
    lead_credit       TEXT    NOT NULL DEFAULT '',
    author_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    deleted_at        INTEGER,
    UNIQUE (lang, slug)
);
CREATE INDEX projects_public ON projects (published_at DESC, id DESC)
    WHERE status = 'published' AND deleted_at IS NULL;

CREATE TABLE project_partners (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    partner_id INTEGER NOT NULL REFERENCES partners (id) ON DELETE RESTRICT,
    role       TEXT    NOT NULL CHECK (role IN ('funder', 'implementer', 'partner')),
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, role, partner_id)
);
CREATE INDEX project_partners_partner ON project_partners (partner_id);

CREATE TABLE project_tags (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, tag_id)
);
CREATE INDEX project_tags_tag ON project_tags (tag_id, project_id);

CREATE TABLE news (
    id            INTEGER PRIMARY KEY,
    lang          TEXT    NOT NULL DEFAULT 'en',
    slug          TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    summary       TEXT    NOT NULL DEFAULT '',
    body_md       TEXT    NOT NULL DEFAULT '',
    body_html     TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at  INTEGER,
    expires_at    INTEGER,
    project_id    INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    lead_media_id INTEGER REFERENCES media (id) ON DELETE RESTRICT,
    lead_alt      TEXT    NOT NULL DEFAULT '',
    lead_credit   TEXT    NOT NULL DEFAULT '',
    author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER,
    UNIQUE (lang, slug)
);
-- The public lists walk this index newest first and stop after one page.
CREATE INDEX news_public ON news (published_at DESC, id DESC)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX news_project ON news (project_id, published_at DESC);

CREATE TABLE news_tags (
    news_id INTEGER NOT NULL REFERENCES news (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (news_id, tag_id)
);
CREATE INDEX news_tags_tag ON news_tags (tag_id, news_id);

CREATE TABLE pages (
    id           INTEGER PRIMARY KEY,
    lang         TEXT    NOT NULL DEFAULT 'en',
    slug         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    body_md      TEXT    NOT NULL DEFAULT '',
    body_html    TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at INTEGER,
    expires_at   INTEGER,
    menu_order   INTEGER NOT NULL DEFAULT 0,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    UNIQUE (lang, slug)
);

-- Old paths that answer 301 (to_path set) or 410 (code 410, content gone).
CREATE TABLE redirects (
    id         INTEGER PRIMARY KEY,
    from_path  TEXT    NOT NULL UNIQUE,
    to_path    TEXT    NOT NULL DEFAULT '',
    code       INTEGER NOT NULL DEFAULT 301 CHECK (code IN (301, 410)),
    kind       TEXT    NOT NULL DEFAULT 'manual' CHECK (kind IN ('auto', 'manual')),
    hits       INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text index of what the public may see. Rows exist only for published,
-- undeleted items; visible_from/until let a query honour schedules and
-- expiry without joining the content tables. rowid = id * 4 + kind code.
CREATE VIRTUAL TABLE search USING fts5 (
    title, summary, body,
    kind UNINDEXED, slug UNINDEXED, visible_from UNINDEXED, visible_until UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
