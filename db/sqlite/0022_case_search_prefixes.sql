-- Search at 1M cases (issue 16): cases_fts (0013) rebuilt so that q= answers from the index without merging doclists.
-- - prefix = '3 4 5 6 7': the queue matches a word of 3 letters or more as a prefix ("nguyen"*). Without a prefix index
--   FTS5 merges the doclists of every term so starting into one list before reading a row: 368,000 entries for
--   "nguyen" at 1M cases, about 30 ms, even for a page of 50. With it the prefix is a term of its own, read lazily
--   like any word. 3 to 7 letters covers every folded Vietnamese syllable; a longer word is rare and merges cheaply.
-- - detail = none: the queue matches words, never phrases or columns, so positions are not kept; with the prefix
--   index the whole index is smaller than 0013's (13.7 MB against 16.9 MB at 100k cases).
-- - columnsize = 0: the sizes only feed bm25(), which nothing uses (the list is newest first).
-- The triggers of 0013 stay as they are: they name cases_fts, which this recreates with the same column.
DROP TABLE cases_fts;

CREATE VIRTUAL TABLE cases_fts USING fts5(
    search_text,
    content = 'cases', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2',
    detail = none, columnsize = 0, prefix = '3 4 5 6 7'
);

-- Backfill from cases (1M cases: about 20 s of CPU, once).
INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');
