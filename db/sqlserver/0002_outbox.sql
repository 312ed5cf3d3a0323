-- Outbox: every email the system sends is first a row here, written in the same transaction as the business record
-- that caused it (escalation, digest), then sent by the dispatcher. Instants are Unix milliseconds (UTC) in BIGINT
-- columns, as in every other table. case_id has no foreign key so a notice about a purged case, or an admin notice,
-- never blocks. headers holds extra message headers as a JSON object (X-Incidents-Due, X-Incidents-Step).
CREATE TABLE outbox (
    id              BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_outbox PRIMARY KEY,
    message_id      NVARCHAR(400)     NOT NULL,
    kind            NVARCHAR(20)      NOT NULL CONSTRAINT ck_outbox_kind CHECK (kind IN (N'escalation', N'digest', N'admin-notice')),
    case_id         BIGINT            NULL,
    thread_key      NVARCHAR(200)     NULL,
    recipients      NVARCHAR(MAX)     NOT NULL,
    subject         NVARCHAR(1000)    NOT NULL,
    body_text       NVARCHAR(MAX)     NOT NULL,
    body_html       NVARCHAR(MAX)     NULL,
    headers         NVARCHAR(MAX)     NULL,
    state           NVARCHAR(10)      NOT NULL CONSTRAINT df_outbox_state DEFAULT (N'pending')
                                      CONSTRAINT ck_outbox_state CHECK (state IN (N'pending', N'sending', N'sent', N'dead')),
    attempts        INT               NOT NULL CONSTRAINT df_outbox_attempts DEFAULT (0),
    next_attempt_at BIGINT            NOT NULL,
    lease_owner     NVARCHAR(200)     NULL,
    lease_until     BIGINT            NULL,
    last_error      NVARCHAR(4000)    NULL,
    created_at      BIGINT            NOT NULL,
    sent_at         BIGINT            NULL
);

-- Also the exactly-once key of messages whose id derives from their meaning (the daily digest: one per date).
CREATE UNIQUE INDEX ux_outbox_message_id ON outbox (message_id);

-- The dispatcher's claim query: due pending rows, and sending rows whose lease ran out.
CREATE INDEX ix_outbox_claim ON outbox (state, next_attempt_at) INCLUDE (lease_until);

CREATE INDEX ix_outbox_case ON outbox (case_id);

CREATE INDEX ix_outbox_kind_created ON outbox (kind, created_at);
