-- The duty roster and situation reports (issue #13). An official is posted to a locality for a range of local dates
-- (inclusive, 'yyyy-MM-dd' text like every calendar date) with the phone they carry there; a posting is revoked, never
-- deleted, so a case routed to it still says who was on duty. The locality must be valid on both dates; the service
-- checks it against admin_units (a foreign key could not say "valid then").
CREATE TABLE duty_postings (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_duty_postings PRIMARY KEY,
    user_id         bigint NOT NULL CONSTRAINT fk_duty_postings_user REFERENCES users(id),
    locality_code   nvarchar(10) NOT NULL,
    from_date       nvarchar(10) NOT NULL,
    to_date         nvarchar(10) NOT NULL,
    phone           nvarchar(20) NOT NULL,
    created_by      nvarchar(100) NOT NULL,
    created_at      bigint NOT NULL,
    revoked_at      bigint NULL,
    revoked_by      nvarchar(100) NULL,
    CONSTRAINT ck_duty_postings_dates CHECK (from_date <= to_date)
);
GO
-- Who is on duty at a locality on a day; and a user's own postings (the report form).
CREATE INDEX ix_duty_postings_locality ON duty_postings (locality_code, from_date, to_date);
CREATE INDEX ix_duty_postings_user ON duty_postings (user_id, from_date);
GO

-- The figures a situation report asks for, defined by the administrator (turnout so far, polling stations open, ...).
-- A figure is retired (is_active = 0), never deleted, so old reports keep their labels.
CREATE TABLE sitrep_figures (
    figure_key      nvarchar(40) NOT NULL CONSTRAINT pk_sitrep_figures PRIMARY KEY,
    label_vi        nvarchar(200) NOT NULL,
    label_en        nvarchar(200) NOT NULL,
    unit            nvarchar(40) NULL,
    sort_order      int NOT NULL CONSTRAINT df_sitrep_figures_sort_order DEFAULT (0),
    is_active       bit NOT NULL CONSTRAINT df_sitrep_figures_is_active DEFAULT (1)
);
GO

-- A report from the field. reported_at: the instant the figures are as of (the form defaults it to now, Vietnam time);
-- created_at: when it was stored. values_json: {"figure_key": number, ...} for the figures active when filed.
CREATE TABLE situation_reports (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_situation_reports PRIMARY KEY,
    posting_id      bigint NOT NULL CONSTRAINT fk_situation_reports_posting REFERENCES duty_postings(id),
    user_id         bigint NOT NULL CONSTRAINT fk_situation_reports_user REFERENCES users(id),
    locality_code   nvarchar(10) NOT NULL,
    reported_at     bigint NOT NULL,
    values_json     nvarchar(max) NOT NULL,
    body            nvarchar(max) NULL,
    created_at      bigint NOT NULL
);
GO
CREATE INDEX ix_situation_reports_locality ON situation_reports (locality_code, reported_at);
GO

-- When reports are due: every every_minutes from start_time (local 'HH:mm') on each day a posting is active; a slot with
-- no report by grace_minutes after it is late, and its official gets one reminder. One row.
CREATE TABLE sitrep_schedule (
    id              int NOT NULL CONSTRAINT pk_sitrep_schedule PRIMARY KEY CONSTRAINT ck_sitrep_schedule_one CHECK (id = 1),
    start_time      nvarchar(5) NOT NULL,
    every_minutes   int NOT NULL CONSTRAINT ck_sitrep_schedule_every CHECK (every_minutes >= 15),
    grace_minutes   int NOT NULL CONSTRAINT ck_sitrep_schedule_grace CHECK (grace_minutes >= 0),
    updated_at      bigint NOT NULL,
    updated_by      nvarchar(100) NULL
);
GO
INSERT INTO sitrep_schedule (id, start_time, every_minutes, grace_minutes, updated_at) VALUES (1, N'08:00', 240, 30, 0);
GO
