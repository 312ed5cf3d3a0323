-- Notifications (issue #12): a user is told, by email and on the desk, when a case is assigned to them, they are
-- mentioned, an extension waits for leadership or was decided, or new correspondence reaches their case.
-- One row per (recipient, kind, case, event): the unique key makes a retried or replayed event tell nobody twice.
-- event_key names the cause (the case's row version after an assignment or action, the thread entry of a mention or a
-- letter). data holds the text parameters (JSON: who acted, the words of the action), never a reporter's identity.
-- mode is the recipient's preference when it was recorded: 'immediate' rows get their outbox row in the same transaction
-- (mailed_at set there), 'digest' rows wait for the daily digest, which sets mailed_at in the transaction of its outbox row.
-- read_at is set when the recipient marks it read; nothing else changes a row.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    kind            TEXT    NOT NULL CHECK (kind IN ('assigned', 'mentioned', 'extension-requested', 'extension-decided', 'correspondence')),
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    event_key       TEXT    NOT NULL,
    actor           TEXT    NULL,
    data            TEXT    NOT NULL DEFAULT '{}',
    mode            TEXT    NOT NULL CHECK (mode IN ('immediate', 'digest')),
    created_at      INTEGER NOT NULL,
    read_at         INTEGER NULL,
    mailed_at       INTEGER NULL,
    mail_id         TEXT    NULL,
    UNIQUE (user_id, kind, case_id, event_key)
);
CREATE INDEX ix_notifications_user ON notifications (user_id, id);
CREATE INDEX ix_notifications_digest ON notifications (mode, mailed_at, user_id);

-- How each user wants each kind: no row means immediate.
CREATE TABLE notification_preferences (
    user_id         INTEGER NOT NULL REFERENCES users(id),
    kind            TEXT    NOT NULL CHECK (kind IN ('assigned', 'mentioned', 'extension-requested', 'extension-decided', 'correspondence')),
    mode            TEXT    NOT NULL CHECK (mode IN ('immediate', 'digest')),
    PRIMARY KEY (user_id, kind)
);
