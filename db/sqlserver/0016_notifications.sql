-- Notifications (issue #12): a user is told, by email and on the desk, when a case is assigned to them, they are
-- mentioned, an extension waits for leadership or was decided, or new correspondence reaches their case.
-- One row per (recipient, kind, case, event): the unique key makes a retried or replayed event tell nobody twice.
-- event_key names the cause (the case's row version after an assignment or action, the thread entry of a mention or a
-- letter). data holds the text parameters (JSON: who acted, the words of the action), never a reporter's identity.
-- mode is the recipient's preference when it was recorded: 'immediate' rows get their outbox row in the same transaction
-- (mailed_at set there), 'digest' rows wait for the daily digest, which sets mailed_at in the transaction of its outbox row.
-- read_at is set when the recipient marks it read; nothing else changes a row.
CREATE TABLE notifications (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_notifications PRIMARY KEY,
    user_id         bigint NOT NULL CONSTRAINT fk_notifications_user REFERENCES users(id),
    kind            nvarchar(40) NOT NULL CONSTRAINT ck_notifications_kind
                        CHECK (kind IN (N'assigned', N'mentioned', N'extension-requested', N'extension-decided', N'correspondence')),
    case_id         bigint NOT NULL CONSTRAINT fk_notifications_case REFERENCES cases(id),
    event_key       nvarchar(100) NOT NULL,
    actor           nvarchar(100) NULL,
    data            nvarchar(max) NOT NULL CONSTRAINT df_notifications_data DEFAULT N'{}',
    mode            nvarchar(10) NOT NULL CONSTRAINT ck_notifications_mode CHECK (mode IN (N'immediate', N'digest')),
    created_at      bigint NOT NULL,
    read_at         bigint NULL,
    mailed_at       bigint NULL,
    mail_id         nvarchar(400) NULL,
    CONSTRAINT uq_notifications UNIQUE (user_id, kind, case_id, event_key)
);
GO
CREATE INDEX ix_notifications_user ON notifications (user_id, id);
GO
CREATE INDEX ix_notifications_digest ON notifications (mode, mailed_at, user_id);
GO

-- How each user wants each kind: no row means immediate.
CREATE TABLE notification_preferences (
    user_id         bigint NOT NULL CONSTRAINT fk_notification_preferences_user REFERENCES users(id),
    kind            nvarchar(40) NOT NULL CONSTRAINT ck_notification_preferences_kind
                        CHECK (kind IN (N'assigned', N'mentioned', N'extension-requested', N'extension-decided', N'correspondence')),
    mode            nvarchar(10) NOT NULL CONSTRAINT ck_notification_preferences_mode CHECK (mode IN (N'immediate', N'digest')),
    CONSTRAINT pk_notification_preferences PRIMARY KEY (user_id, kind)
);
GO
