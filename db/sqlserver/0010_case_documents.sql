-- Notices and decisions issued from a case (issue #11): each signed scan uploaded and each email sent for a document,
-- tied to the decision that issued it (the action's case_events row) and to its thread entry ('notice-out', which holds
-- the file). A document is emailed to the citizen at most once per decision: the unique index is what decides, so two
-- clicks or two hosts end with one row (and one outbox message, whose Message-Id derives from the same three values).
CREATE TABLE case_documents (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_documents PRIMARY KEY,
    case_id         bigint NOT NULL CONSTRAINT fk_case_documents_case REFERENCES cases(id),
    event_id        bigint NOT NULL CONSTRAINT fk_case_documents_event REFERENCES case_events(id),
    kind            nvarchar(100) NOT NULL,
    what            nvarchar(10) NOT NULL CONSTRAINT ck_case_documents_what CHECK (what IN (N'signed', N'emailed')),
    culture         nvarchar(2) NOT NULL CONSTRAINT ck_case_documents_culture CHECK (culture IN (N'vi', N'en')),
    entry_id        bigint NOT NULL CONSTRAINT fk_case_documents_entry REFERENCES case_entries(id),
    at              bigint NOT NULL,
    actor           nvarchar(100) NULL
);
GO
CREATE INDEX ix_case_documents_case ON case_documents (case_id, event_id);
GO
CREATE UNIQUE INDEX ux_case_documents_emailed ON case_documents (case_id, event_id, kind) WHERE what = N'emailed';
GO
