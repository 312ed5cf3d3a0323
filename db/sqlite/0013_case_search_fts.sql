-- Search by name that scales (issue 16): an FTS5 index over cases.search_text, the text already folded in C#
-- (CaseText.Fold: no diacritics, d for đ, lower case; a confidential reporter's name never in it). remove_diacritics 2
-- only catches what Fold would have missed. External content: the text is stored once, in cases; the index holds the
-- terms. The queue matches word prefixes ("nguyen"* "van"*) instead of scanning every row with LIKE '%...%'.
--
-- Kept by triggers, not by the stores: every write of search_text (intake, the generator, making a reporter
-- confidential, any later correction of a title) then updates the index in the same statement, hence the same
-- transaction, and no writer can forget it. UPDATE OF search_text: a state change or an assignment does not touch it.
CREATE VIRTUAL TABLE cases_fts USING fts5(
    search_text,
    content = 'cases', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO cases_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
END;

CREATE TRIGGER cases_fts_update AFTER UPDATE OF search_text ON cases BEGIN
    INSERT INTO cases_fts (cases_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
    INSERT INTO cases_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;

-- Backfill: the cases entered before this migration.
INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');
