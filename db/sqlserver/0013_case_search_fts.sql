-- Search by name (issue 16), SQL Server side. SQLite gets an FTS5 index over cases.search_text (0013 there); SQL Server
-- keeps LIKE over the same folded column (one LIKE per word of the query), deliberately:
-- - Full-Text Search is an optional feature of the server, is populated asynchronously (a case would not be found in
--   the transaction, or the moment, it is written), and CREATE FULLTEXT INDEX cannot run inside the transaction each
--   migration runs in.
-- - A persisted computed column can be indexed only up to 1,700 bytes, and a B-tree serves the start of the text, not
--   a word in the middle of it ("van" in "kn-2026-000123 ... nguyen van anh"), so it would not serve the query.
-- So there is no schema change here; the number is taken so both dialects keep the same list of migrations.
PRINT N'0013: SQL Server searches the folded cases.search_text with LIKE; no full-text index.';
GO
