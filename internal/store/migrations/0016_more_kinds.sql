-- Publications, events and calls: three more kinds of content, each with
-- the columns every content table has (see news) and its own. Times are
-- Unix seconds; an all-day event keeps the instants its days start and
-- end in the site's time zone, so "past" is one comparison with now.

-- A PDF's page count and text, read when it was uploaded: the page shows
-- the count, search indexes the text.
ALTER TABLE media ADD COLUMN pages INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN text TEXT NOT NULL DEFAULT '';

CREATE TABLE publications (
    id            INTEGER PRIMARY KEY,
    lang          TEXT    NOT NULL DEFAULT 'en',
    group_id      INTEGER,
    slug          TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    summary       TEXT    NOT NULL DEFAULT '',
    body_md       TEXT    NOT NULL DEFAULT '',
    body_html     TEXT    NOT NULL DEFAULT '',
    status        TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at  INTEGER,
    expires_at    INTEGER,
    type          TEXT    NOT NULL CHECK (type IN ('report', 'policy-brief', 'study', 'manual', 'leaflet')),
    authors       TEXT    NOT NULL DEFAULT '',
    document_id   INTEGER REFERENCES media (id) ON DELETE RESTRICT,
    lead_media_id INTEGER REFERENCES media (id) ON DELETE RESTRICT,
    lead_alt      TEXT    NOT NULL DEFAULT '',
    lead_credit   TEXT    NOT NULL DEFAULT '',
    doc_lang      TEXT    NOT NULL DEFAULT '',
    isbn          TEXT    NOT NULL DEFAULT '',
    doi           TEXT    NOT NULL DEFAULT '',
    project_id    INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    author_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    byline        TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    deleted_at    INTEGER,
    UNIQUE (lang, slug)
);
CREATE UNIQUE INDEX publications_group_lang ON publications (group_id, lang);
CREATE INDEX publications_public ON publications (lang, published_at DESC, id DESC, expires_at)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX publications_versions ON publications (group_id, lang, published_at, expires_at, slug)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX publications_translations ON publications (group_id) WHERE group_id != id;
CREATE INDEX publications_project ON publications (project_id) WHERE project_id IS NOT NULL;

CREATE TABLE publication_tags (
    publication_id INTEGER NOT NULL REFERENCES publications (id) ON DELETE CASCADE,
    tag_id         INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (publication_id, tag_id)
);
CREATE INDEX publication_tags_tag ON publication_tags (tag_id, publication_id);

CREATE TABLE events (
    id                    INTEGER PRIMARY KEY,
    lang                  TEXT    NOT NULL DEFAULT 'en',
    group_id              INTEGER,
    slug                  TEXT    NOT NULL,
    title                 TEXT    NOT NULL,
    summary               TEXT    NOT NULL DEFAULT '',
    body_md               TEXT    NOT NULL DEFAULT '',
    body_html             TEXT    NOT NULL DEFAULT '',
    status                TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at          INTEGER,
    expires_at            INTEGER,
    starts_at             INTEGER NOT NULL,
    -- Never before starts_at; equal to it for an event given no end.
    ends_at               INTEGER NOT NULL CHECK (ends_at >= starts_at),
    -- When the event counts as past: its end, or for an event given no
    -- end, the end of its first day in the site's time zone.
    over_at               INTEGER NOT NULL CHECK (over_at >= starts_at),
    all_day               INTEGER NOT NULL DEFAULT 0,
    venue                 TEXT    NOT NULL DEFAULT '',
    city                  TEXT    NOT NULL DEFAULT '',
    country               TEXT    NOT NULL DEFAULT '',
    online_url            TEXT    NOT NULL DEFAULT '',
    registration_url      TEXT    NOT NULL DEFAULT '',
    registration_deadline INTEGER,
    project_id            INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    -- iCalendar's SEQUENCE: a calendar that imported the event takes a
    -- changed copy only when it is higher.
    sequence              INTEGER NOT NULL DEFAULT 0,
    author_id             INTEGER REFERENCES users (id) ON DELETE SET NULL,
    byline                TEXT    NOT NULL DEFAULT '',
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    deleted_at            INTEGER,
    UNIQUE (lang, slug)
);
CREATE UNIQUE INDEX events_group_lang ON events (group_id, lang);
CREATE INDEX events_public ON events (lang, over_at, starts_at)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX events_versions ON events (group_id, lang, published_at, expires_at, slug)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX events_translations ON events (group_id) WHERE group_id != id;
CREATE INDEX events_project ON events (project_id) WHERE project_id IS NOT NULL;

CREATE TABLE event_tags (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    tag_id   INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, tag_id)
);
CREATE INDEX event_tags_tag ON event_tags (tag_id, event_id);

CREATE TABLE calls (
    id           INTEGER PRIMARY KEY,
    lang         TEXT    NOT NULL DEFAULT 'en',
    group_id     INTEGER,
    slug         TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    summary      TEXT    NOT NULL DEFAULT '',
    body_md      TEXT    NOT NULL DEFAULT '',
    body_html    TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    published_at INTEGER,
    expires_at   INTEGER,
    type         TEXT    NOT NULL CHECK (type IN ('vacancy', 'tender', 'experts', 'grant')),
    reference    TEXT    NOT NULL DEFAULT '',
    deadline     INTEGER NOT NULL,
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    byline       TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    deleted_at   INTEGER,
    UNIQUE (lang, slug)
);
CREATE UNIQUE INDEX calls_group_lang ON calls (group_id, lang);
CREATE INDEX calls_public ON calls (lang, deadline)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX calls_versions ON calls (group_id, lang, published_at, expires_at, slug)
    WHERE status = 'published' AND deleted_at IS NULL;
CREATE INDEX calls_translations ON calls (group_id) WHERE group_id != id;

CREATE TABLE call_tags (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (call_id, tag_id)
);
CREATE INDEX call_tags_tag ON call_tags (tag_id, call_id);

-- The documents attached to a call (terms of reference, forms), in order.
CREATE TABLE call_documents (
    call_id  INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE RESTRICT,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (call_id, media_id)
);
CREATE INDEX call_documents_media ON call_documents (media_id);
