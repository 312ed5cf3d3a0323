-- Duplicates and merge, the reporter's ID-card number and the incoming-document register (issue #12, parts 3 and 4a).

-- The reporter's CCCD (12 digits; an old 9-digit CMND is still taken) and the match keys the duplicate search looks up
-- by index: phone as national digits (+84 and 0 prefixes folded to 0), email lower-cased, name folded. Identity like the
-- rest of the row: confidential with it, never in search_text for a denouncer.
ALTER TABLE case_reporters ADD COLUMN id_number TEXT NULL;
ALTER TABLE case_reporters ADD COLUMN phone_key TEXT NULL;
ALTER TABLE case_reporters ADD COLUMN email_key TEXT NULL;
ALTER TABLE case_reporters ADD COLUMN name_key TEXT NULL;
CREATE INDEX ix_case_reporters_phone_key ON case_reporters (phone_key);
CREATE INDEX ix_case_reporters_email_key ON case_reporters (email_key);
CREATE INDEX ix_case_reporters_id_number ON case_reporters (id_number);
CREATE INDEX ix_case_reporters_name_key ON case_reporters (name_key);

-- Số đến: the incoming-document register number, per receiving body and year. Assigned from register_sequences in the
-- intake transaction (a rolled-back intake leaves no gap), or entered by the clerk from the paper register.
CREATE TABLE register_sequences (
    body            TEXT NOT NULL,
    year            INTEGER NOT NULL,
    last_value      INTEGER NOT NULL,
    PRIMARY KEY (body, year)
);
ALTER TABLE cases ADD COLUMN register_body TEXT NULL;
ALTER TABLE cases ADD COLUMN register_year INTEGER NULL;
ALTER TABLE cases ADD COLUMN register_number INTEGER NULL;
CREATE UNIQUE INDEX ux_cases_register ON cases (register_body, register_year, register_number) WHERE register_number IS NOT NULL;

-- A duplicate merged into its primary: the duplicate is closed (closed_at) with merged_into_id naming the primary, its
-- pending deadline steps held as 'merged' (the sweep only fires 'pending') and its running
-- deadlines cancelled (held_deadlines names them: the digest and the figures count only running ones), and its thread,
-- attachments and history read with the primary's by query, not copied, so an unmerge by leadership puts everything
-- back. One open merge per duplicate.
ALTER TABLE cases ADD COLUMN merged_into_id INTEGER NULL REFERENCES cases(id);
CREATE INDEX ix_cases_merged_into ON cases (merged_into_id);
CREATE TABLE case_merges (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    duplicate_id    INTEGER NOT NULL REFERENCES cases(id),
    primary_id      INTEGER NOT NULL REFERENCES cases(id),
    merged_by       TEXT NOT NULL,
    merged_at       INTEGER NOT NULL,
    reason          TEXT NOT NULL,
    prior_next_due_at INTEGER NULL,
    held_deadlines  TEXT NULL,
    prior_due_key   INTEGER NOT NULL,
    undone_by       TEXT NULL,
    undone_at       INTEGER NULL
);
CREATE INDEX ix_case_merges_duplicate ON case_merges (duplicate_id, id);
CREATE INDEX ix_case_merges_primary ON case_merges (primary_id, id);
