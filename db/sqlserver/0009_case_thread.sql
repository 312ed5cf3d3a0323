-- The case's thread (issue #11): one timeline per case of notes, corrections, correspondence in and out (mail, notices,
-- calls and letters logged by hand) and attachments added after intake. Append-only like case_events: no statement
-- updates or deletes a row; a note is corrected by a new 'correction' entry whose refers_to names it.
-- kind has no CHECK on purpose: the kinds are Core's (Incidents.Core.Thread.EntryKinds), and widening a CHECK costs
-- SQLite a table rebuild. created_at: when recorded; occurred_at: when it happened (a call logged afterwards, a mail's
-- receipt time at the server). author: the login, NULL for mail from outside.
-- counterpart: the address or phone of the other side; for a confidential denouncer it is identity, shown as such.
CREATE TABLE case_entries (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_entries PRIMARY KEY,
    case_id         bigint NOT NULL CONSTRAINT fk_case_entries_case REFERENCES cases(id),
    kind            nvarchar(40) NOT NULL,
    author          nvarchar(100) NULL,
    created_at      bigint NOT NULL,
    occurred_at     bigint NOT NULL,
    direction       nvarchar(3) NULL CONSTRAINT ck_case_entries_direction CHECK (direction IN (N'in', N'out')),
    subject         nvarchar(1000) NULL,
    body            nvarchar(max) NULL,
    counterpart     nvarchar(400) NULL,
    message_id      nvarchar(400) NULL,
    refers_to       bigint NULL CONSTRAINT fk_case_entries_refers_to REFERENCES case_entries(id),
    attachment_id   bigint NULL CONSTRAINT fk_case_entries_attachment REFERENCES attachments(id),
    document_kind   nvarchar(100) NULL
);
GO
CREATE INDEX ix_case_entries_case ON case_entries (case_id, id);
GO
-- One mail is one entry on a case: a mailbox read twice finds its message already there.
CREATE UNIQUE INDEX ux_case_entries_message ON case_entries (case_id, message_id) WHERE message_id IS NOT NULL;
GO

-- A colleague named in a note (@login): one row per entry and user, read by "Nhắc đến tôi / Mentions". seen_at is the
-- only column that changes (the user opened the list).
CREATE TABLE case_mentions (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_mentions PRIMARY KEY,
    entry_id        bigint NOT NULL CONSTRAINT fk_case_mentions_entry REFERENCES case_entries(id),
    case_id         bigint NOT NULL CONSTRAINT fk_case_mentions_case REFERENCES cases(id),
    user_id         bigint NOT NULL CONSTRAINT fk_case_mentions_user REFERENCES users(id),
    created_at      bigint NOT NULL,
    seen_at         bigint NULL,
    CONSTRAINT uq_case_mentions UNIQUE (entry_id, user_id)
);
GO
CREATE INDEX ix_case_mentions_user ON case_mentions (user_id, id);
GO

-- Correspondence the assignee has not read yet: a 'mail-in' entry adds one, the assignee opening the case sets it back
-- to 0. A count on the case (not a last-seen row per user) keeps the queue's row a plain read of cases.
ALTER TABLE cases ADD unread_correspondence int NOT NULL CONSTRAINT df_cases_unread_correspondence DEFAULT 0;
GO

-- The outbox also sends mentions, notices (with a document from attachments) and notifications. attachment_id has no
-- foreign key, like case_id, so an outbox row never blocks anything.
ALTER TABLE outbox DROP CONSTRAINT ck_outbox_kind;
GO
ALTER TABLE outbox ADD CONSTRAINT ck_outbox_kind
    CHECK (kind IN (N'escalation', N'digest', N'admin-notice', N'mention', N'notice', N'notification'));
GO
ALTER TABLE outbox ADD attachment_id bigint NULL;
GO
