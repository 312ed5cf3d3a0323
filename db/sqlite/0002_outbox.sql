-- Outbox: every email the system sends is first a row here, written in the same transaction as the business record
-- that caused it (escalation, digest), then sent by the dispatcher. Instants are Unix milliseconds (UTC) in INTEGER
-- columns, as in every other table. case_id has no foreign key so a notice about a purged case, or an admin notice,
-- never blocks. headers holds extra message headers as a JSON object (X-Incidents-Due, X-Incidents-Step).
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
    headers         TEXT    NULL,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    lease_owner     TEXT    NULL,
    lease_until     INTEGER NULL,
    last_error      TEXT    NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER NULL
);

-- Also the exactly-once key of messages whose id derives from their meaning (the daily digest: one per date).
CREATE UNIQUE INDEX ux_outbox_message_id ON outbox (message_id);

-- The dispatcher's claim query: due pending rows, and sending rows whose lease ran out.
CREATE INDEX ix_outbox_claim ON outbox (state, next_attempt_at, lease_until);

CREATE INDEX ix_outbox_case ON outbox (case_id);

CREATE INDEX ix_outbox_kind_created ON outbox (kind, created_at);
