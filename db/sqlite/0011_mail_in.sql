-- Letters that arrive by email (IMAP). Every message taken from a mailbox is one row, inserted in the same transaction
-- that records what became of it: a case, an entry on a case's thread, skipped (auto-reply, bounce, our own mail) or
-- quarantined. The unique key (mailbox, UIDVALIDITY, Message-Id or 'uid:N') is what makes "exactly once" hold across
-- restarts and hosts; the message is moved on the server only after that commit, and a message already here is just
-- moved. A quarantined message keeps its bytes (when under the size limit) until an administrator releases it (taken
-- again, the row then becomes what it came to) or dismisses it. Instants are Unix milliseconds (UTC).
CREATE TABLE mail_in (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    mailbox       TEXT    NOT NULL,
    uid_validity  INTEGER NOT NULL,
    message_key   TEXT    NOT NULL,
    uid           INTEGER NOT NULL,
    message_id    TEXT    NULL,
    sender        TEXT    NULL,
    subject       TEXT    NULL,
    size          INTEGER NOT NULL,
    received_at   INTEGER NOT NULL,
    outcome       TEXT    NOT NULL CHECK (outcome IN ('case', 'reply', 'skipped', 'quarantined', 'released', 'dismissed')),
    case_id       INTEGER NULL REFERENCES cases(id),
    reason        TEXT    NULL,
    raw           BLOB    NULL,
    taken_at      INTEGER NOT NULL,
    moved_at      INTEGER NULL
);

CREATE UNIQUE INDEX ux_mail_in_key ON mail_in (mailbox, uid_validity, message_key);

-- The admin page's quarantine list.
CREATE INDEX ix_mail_in_outcome ON mail_in (outcome, taken_at);

-- Each mailbox's last connection: shown on the admin page, so a refused login is seen where the operator looks.
-- failures counts the attempts that failed since the last success (the poller keeps trying, with a backoff).
CREATE TABLE mailbox_status (
    mailbox         TEXT    PRIMARY KEY,
    last_success_at INTEGER NULL,
    last_error      TEXT    NULL,
    last_error_at   INTEGER NULL,
    failures        INTEGER NOT NULL DEFAULT 0
);
