-- Letters that arrive by email (IMAP). Every message taken from a mailbox is one row, inserted in the same transaction
-- that records what became of it: a case, an entry on a case's thread, skipped (auto-reply, bounce, our own mail) or
-- quarantined. The unique key (mailbox, UIDVALIDITY, Message-Id or 'uid:N') is what makes "exactly once" hold across
-- restarts and hosts; the message is moved on the server only after that commit, and a message already here is just
-- moved. A quarantined message keeps its bytes (when under the size limit) until an administrator releases it (taken
-- again, the row then becomes what it came to) or dismisses it. Instants are Unix milliseconds (UTC).
CREATE TABLE mail_in (
    id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_mail_in PRIMARY KEY,
    mailbox       NVARCHAR(100)  NOT NULL,
    uid_validity  BIGINT         NOT NULL,
    message_key   NVARCHAR(400)  NOT NULL,
    uid           BIGINT         NOT NULL,
    message_id    NVARCHAR(400)  NULL,
    sender        NVARCHAR(320)  NULL,
    subject       NVARCHAR(1000) NULL,
    size          BIGINT         NOT NULL,
    received_at   BIGINT         NOT NULL,
    outcome       NVARCHAR(20)   NOT NULL CONSTRAINT ck_mail_in_outcome
                                 CHECK (outcome IN (N'case', N'reply', N'skipped', N'quarantined', N'released', N'dismissed')),
    case_id       BIGINT         NULL CONSTRAINT fk_mail_in_case REFERENCES cases(id),
    reason        NVARCHAR(4000) NULL,
    raw           VARBINARY(MAX) NULL,
    taken_at      BIGINT         NOT NULL,
    moved_at      BIGINT         NULL
);

CREATE UNIQUE INDEX ux_mail_in_key ON mail_in (mailbox, uid_validity, message_key);

-- The admin page's quarantine list.
CREATE INDEX ix_mail_in_outcome ON mail_in (outcome, taken_at);

-- Each mailbox's last connection: shown on the admin page, so a refused login is seen where the operator looks.
-- failures counts the attempts that failed since the last success (the poller keeps trying, with a backoff).
CREATE TABLE mailbox_status (
    mailbox         NVARCHAR(100)  NOT NULL CONSTRAINT pk_mailbox_status PRIMARY KEY,
    last_success_at BIGINT         NULL,
    last_error      NVARCHAR(4000) NULL,
    last_error_at   BIGINT         NULL,
    failures        INT            NOT NULL CONSTRAINT df_mailbox_status_failures DEFAULT (0)
);
