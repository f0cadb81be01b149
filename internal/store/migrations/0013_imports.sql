-- Items brought in from another site, under the key that site gave them
-- (WordPress's GUID): a second import of the same export adds nothing, and
-- links to items imported before still find them.
CREATE TABLE imports (
    source      TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    item_id     INTEGER NOT NULL,
    path        TEXT    NOT NULL,
    imported_at INTEGER NOT NULL,
    PRIMARY KEY (source, key)
) WITHOUT ROWID;

-- The author of an imported item, by name, when they have no account here.
ALTER TABLE news ADD COLUMN byline TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN byline TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN byline TEXT NOT NULL DEFAULT '';
