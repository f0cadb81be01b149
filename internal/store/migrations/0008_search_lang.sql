-- Search per language, with word endings. Each row carries its item's
-- language (search shows one language's items); the porter tokenizer
-- matches English endings ("seminar" finds "seminars"); a second hidden
-- column, stems, holds the Snowball stems of Russian words that differ from
-- the word ("семинары" → "семинар"), so the shown columns keep the words as
-- written for snippets. FTS5 tables cannot gain columns, so the index is
-- built anew; the store refills it from the content tables after migrating.
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5 (
    title, summary, body, folded, stems,
    lang UNINDEXED, kind UNINDEXED, slug UNINDEXED, visible_from UNINDEXED, visible_until UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
