-- Revisions are kept for every kind of content: the check that named the
-- first three kinds goes, since the kind table in package content is the
-- list (SQLite cannot drop a CHECK, so the table is made anew).
CREATE TABLE revisions_new (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,
    ref_id     INTEGER NOT NULL,
    data       TEXT    NOT NULL,
    user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);
INSERT INTO revisions_new (id, kind, ref_id, data, user_id, created_at)
    SELECT id, kind, ref_id, data, user_id, created_at FROM revisions;
DROP TABLE revisions;
ALTER TABLE revisions_new RENAME TO revisions;
CREATE INDEX revisions_ref ON revisions (kind, ref_id, id DESC);
