-- The case's thread (issue #11): one timeline per case of notes, corrections, correspondence in and out (mail, notices,
-- calls and letters logged by hand) and attachments added after intake. Append-only like case_events: no statement
-- updates or deletes a row; a note is corrected by a new 'correction' entry whose refers_to names it.
-- kind has no CHECK on purpose: the kinds are Core's (Incidents.Core.Thread.EntryKinds), and widening a CHECK costs
-- SQLite a table rebuild (see outbox below). created_at: when recorded; occurred_at: when it happened (a call logged
-- afterwards, a mail's receipt time at the server). author: the login, NULL for mail from outside.
-- counterpart: the address or phone of the other side; for a confidential denouncer it is identity, shown as such.
CREATE TABLE case_entries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    kind            TEXT    NOT NULL,
    author          TEXT    NULL,
    created_at      INTEGER NOT NULL,
    occurred_at     INTEGER NOT NULL,
    direction       TEXT    NULL CHECK (direction IN ('in', 'out')),
    subject         TEXT    NULL,
    body            TEXT    NULL,
    counterpart     TEXT    NULL,
    message_id      TEXT    NULL,
    refers_to       INTEGER NULL REFERENCES case_entries(id),
    attachment_id   INTEGER NULL REFERENCES attachments(id),
    document_kind   TEXT    NULL
);
CREATE INDEX ix_case_entries_case ON case_entries (case_id, id);
-- One mail is one entry on a case: a mailbox read twice finds its message already there.
CREATE UNIQUE INDEX ux_case_entries_message ON case_entries (case_id, message_id) WHERE message_id IS NOT NULL;

-- A colleague named in a note (@login): one row per entry and user, read by "Nhắc đến tôi / Mentions". seen_at is the
-- only column that changes (the user opened the list).
CREATE TABLE case_mentions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id        INTEGER NOT NULL REFERENCES case_entries(id),
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    created_at      INTEGER NOT NULL,
    seen_at         INTEGER NULL,
    UNIQUE (entry_id, user_id)
);
CREATE INDEX ix_case_mentions_user ON case_mentions (user_id, id);

-- Correspondence the assignee has not read yet: a 'mail-in' entry adds one, the assignee opening the case sets it back
-- to 0. A count on the case (not a last-seen row per user) keeps the queue's row a plain read of cases.
ALTER TABLE cases ADD COLUMN unread_correspondence INTEGER NOT NULL DEFAULT 0;

-- The outbox also sends mentions, notices (with a document from attachments) and notifications. SQLite cannot widen a
-- CHECK in place: create the new table, copy, drop, rename, and recreate the indexes. attachment_id has no foreign key,
-- like case_id, so an outbox row never blocks anything.
CREATE TABLE outbox_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('escalation', 'digest', 'admin-notice', 'mention', 'notice', 'notification')),
    case_id         INTEGER NULL,
    thread_key      TEXT    NULL,
    recipients      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    body_html       TEXT    NULL,
    headers         TEXT    NULL,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner     TEXT    NULL,
    lease_until     INTEGER NULL,
    last_error      TEXT    NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER NULL,
    attachment_id   INTEGER NULL
);
INSERT INTO outbox_new (id, message_id, kind, case_id, thread_key, recipients, subject, body_text, body_html, headers, state, attempts,
    next_attempt_at, lease_owner, lease_until, last_error, created_at, sent_at)
SELECT id, message_id, kind, case_id, thread_key, recipients, subject, body_text, body_html, headers, state, attempts,
    next_attempt_at, lease_owner, lease_until, last_error, created_at, sent_at
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE UNIQUE INDEX ux_outbox_message_id ON outbox (message_id);
CREATE INDEX ix_outbox_claim ON outbox (state, next_attempt_at, lease_until);
CREATE INDEX ix_outbox_case ON outbox (case_id);
CREATE INDEX ix_outbox_kind_created ON outbox (kind, created_at);
