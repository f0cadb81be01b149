-- Search also matches letters typed without their marks where the tokenizer
-- cannot strip them (ə→e, ı→i, ß→ss, Cyrillic→Latin): a hidden column holds
-- the folded text. FTS5 tables cannot gain columns, so the index is built
-- anew; the store refills it from the content tables after migrating.
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5 (
    title, summary, body, folded,
    kind UNINDEXED, slug UNINDEXED, visible_from UNINDEXED, visible_until UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
