-- Outbox: every email the system sends is first a row here, written in the same transaction as the business record
-- that caused it (escalation, digest), then sent by the dispatcher. Timestamps are UTC text in one fixed-width format
-- ('yyyy-MM-dd HH:mm:ss.fffffff+00:00') so text comparison orders them. case_id has no foreign key so a notice about a
-- purged case, or an admin notice, never blocks.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id      TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('escalation', 'digest', 'admin-notice')),
    case_id         INTEGER NULL,
    thread_key      TEXT    NULL,
    recipients      TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    body_text       TEXT    NOT NULL,
    body_html       TEXT    NULL,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    lease_owner     TEXT    NULL,
    lease_until     TEXT    NULL,
    last_error      TEXT    NULL,
    created_at      TEXT    NOT NULL,
    sent_at         TEXT    NULL
);

CREATE UNIQUE INDEX ux_outbox_message_id ON outbox (message_id);

-- The dispatcher's claim query: due pending rows, and sending rows whose lease ran out.
CREATE INDEX ix_outbox_claim ON outbox (state, next_attempt_at, lease_until);

CREATE INDEX ix_outbox_case ON outbox (case_id);
