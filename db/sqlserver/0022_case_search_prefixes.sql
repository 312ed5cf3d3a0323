-- Search at 1M cases (issue 16), SQL Server side. SQLite rebuilds its FTS5 index with prefix terms (0022 there); SQL
-- Server has no such index (see 0013): it keeps one LIKE per word over the folded cases.search_text, and with q= the
-- list is newest first (ORDER BY c.id DESC, the clustered key), so a common name stops after its page while a rare
-- one reads the table. No schema change; the number is taken so both dialects keep the same list of migrations.
PRINT N'0022: SQL Server searches the folded cases.search_text with LIKE, newest first; no full-text index.';
GO
