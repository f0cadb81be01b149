-- foreign_keys: off
-- The editor (SPEC, second stage): search and sharing fields per item,
-- secret preview links, a review step for a third role, and autosaved
-- bodies. The users table is made anew for the role check (SQLite cannot
-- change a CHECK), with foreign keys off for this migration so the tables
-- that name users keep their rows (see migrate).

-- Search-engine and sharing fields: empty means the title, the summary
-- and the lead image.
ALTER TABLE news ADD COLUMN meta_title TEXT NOT NULL DEFAULT '';
ALTER TABLE news ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE news ADD COLUMN share_image_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE projects ADD COLUMN meta_title TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN share_image_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE pages ADD COLUMN meta_title TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN share_image_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE publications ADD COLUMN meta_title TEXT NOT NULL DEFAULT '';
ALTER TABLE publications ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE publications ADD COLUMN share_image_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE events ADD COLUMN meta_title TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE events ADD COLUMN share_image_id INTEGER REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE calls ADD COLUMN meta_title TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN meta_description TEXT NOT NULL DEFAULT '';
ALTER TABLE calls ADD COLUMN share_image_id INTEGER REFERENCES media (id) ON DELETE SET NULL;

-- A preview anyone with the link may open for a week: only the token's
-- SHA-256 is kept, so the link is shown once, when it is made.
CREATE TABLE preview_links (
    id         INTEGER PRIMARY KEY,
    hash       TEXT    NOT NULL UNIQUE,
    kind       TEXT    NOT NULL,
    item_id    INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX preview_links_item ON preview_links (kind, item_id);

-- An item waiting for an editor, or sent back to its author with a note.
CREATE TABLE reviews (
    kind         TEXT    NOT NULL,
    item_id      INTEGER NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('waiting', 'returned')),
    author_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    submitted_at INTEGER NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    reviewer_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reviewed_at  INTEGER,
    PRIMARY KEY (kind, item_id)
) WITHOUT ROWID;
CREATE INDEX reviews_state ON reviews (state, submitted_at);

-- The body as it was typed, saved every 30 seconds by the editor's
-- script for its user: one copy per user and item (item 0: a new one).
CREATE TABLE autosaves (
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     TEXT    NOT NULL,
    item_id  INTEGER NOT NULL,
    title    TEXT    NOT NULL DEFAULT '',
    body     TEXT    NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (user_id, kind, item_id)
) WITHOUT ROWID;

CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY,
    email         TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'editor', 'contributor')),
    password_hash TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    totp_secret   TEXT    NOT NULL DEFAULT '',
    totp_on       INTEGER NOT NULL DEFAULT 0,
    totp_step     INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users_new (id, email, name, role, password_hash, disabled, created_at, updated_at, totp_secret, totp_on, totp_step)
    SELECT id, email, name, role, password_hash, disabled, created_at, updated_at, totp_secret, totp_on, totp_step FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
