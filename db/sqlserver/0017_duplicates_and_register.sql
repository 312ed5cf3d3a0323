-- Duplicates and merge, the reporter's ID-card number and the incoming-document register (issue #12, parts 3 and 4a).

-- The reporter's CCCD (12 digits; an old 9-digit CMND is still taken) and the match keys the duplicate search looks up
-- by index: phone as national digits (+84 and 0 prefixes folded to 0), email lower-cased, name folded. Identity like the
-- rest of the row: confidential with it, never in search_text for a denouncer.
ALTER TABLE case_reporters ADD id_number nvarchar(12) NULL, phone_key nvarchar(40) NULL, email_key nvarchar(320) NULL, name_key nvarchar(200) NULL;
GO
CREATE INDEX ix_case_reporters_phone_key ON case_reporters (phone_key);
GO
CREATE INDEX ix_case_reporters_email_key ON case_reporters (email_key);
GO
CREATE INDEX ix_case_reporters_id_number ON case_reporters (id_number);
GO
CREATE INDEX ix_case_reporters_name_key ON case_reporters (name_key);
GO

-- Số đến: the incoming-document register number, per receiving body and year. Assigned from register_sequences in the
-- intake transaction (a rolled-back intake leaves no gap), or entered by the clerk from the paper register.
CREATE TABLE register_sequences (
    body            nvarchar(40) NOT NULL,
    year            int NOT NULL,
    last_value      bigint NOT NULL,
    CONSTRAINT pk_register_sequences PRIMARY KEY (body, year)
);
GO
ALTER TABLE cases ADD register_body nvarchar(40) NULL, register_year int NULL, register_number bigint NULL;
GO
CREATE UNIQUE INDEX ux_cases_register ON cases (register_body, register_year, register_number) WHERE register_number IS NOT NULL;
GO

-- A duplicate merged into its primary: the duplicate is closed (closed_at) with merged_into_id naming the primary, its
-- pending deadline steps held as 'merged' (the sweep only fires 'pending') and its running
-- deadlines cancelled (held_deadlines names them: the digest and the figures count only running ones), and its thread,
-- attachments and history read with the primary's by query, not copied, so an unmerge by leadership puts everything
-- back. One open merge per duplicate.
ALTER TABLE cases ADD merged_into_id bigint NULL CONSTRAINT fk_cases_merged_into REFERENCES cases(id);
GO
CREATE INDEX ix_cases_merged_into ON cases (merged_into_id);
GO
CREATE TABLE case_merges (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_merges PRIMARY KEY,
    duplicate_id    bigint NOT NULL CONSTRAINT fk_case_merges_duplicate REFERENCES cases(id),
    primary_id      bigint NOT NULL CONSTRAINT fk_case_merges_primary REFERENCES cases(id),
    merged_by       nvarchar(100) NOT NULL,
    merged_at       bigint NOT NULL,
    reason          nvarchar(1000) NOT NULL,
    prior_next_due_at bigint NULL,
    held_deadlines  nvarchar(max) NULL,
    prior_due_key   bigint NOT NULL,
    undone_by       nvarchar(100) NULL,
    undone_at       bigint NULL
);
GO
CREATE INDEX ix_case_merges_duplicate ON case_merges (duplicate_id, id);
GO
CREATE INDEX ix_case_merges_primary ON case_merges (primary_id, id);
GO
