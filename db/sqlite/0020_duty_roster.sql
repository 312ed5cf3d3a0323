-- The duty roster and situation reports (issue #13). An official is posted to a locality for a range of local dates
-- (inclusive, 'yyyy-MM-dd' text like every calendar date) with the phone they carry there; a posting is revoked, never
-- deleted, so a case routed to it still says who was on duty. The locality must be valid on both dates; the service
-- checks it against admin_units (a foreign key could not say "valid then").
CREATE TABLE duty_postings (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    locality_code   TEXT NOT NULL,
    from_date       TEXT NOT NULL,
    to_date         TEXT NOT NULL,
    phone           TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER NULL,
    revoked_by      TEXT NULL,
    CHECK (from_date <= to_date)
);
-- Who is on duty at a locality on a day; and a user's own postings (the report form).
CREATE INDEX ix_duty_postings_locality ON duty_postings (locality_code, from_date, to_date);
CREATE INDEX ix_duty_postings_user ON duty_postings (user_id, from_date);

-- The figures a situation report asks for, defined by the administrator (turnout so far, polling stations open, ...).
-- A figure is retired (is_active = 0), never deleted, so old reports keep their labels.
CREATE TABLE sitrep_figures (
    figure_key      TEXT NOT NULL PRIMARY KEY,
    label_vi        TEXT NOT NULL,
    label_en        TEXT NOT NULL,
    unit            TEXT NULL,
    sort_order      INTEGER NOT NULL DEFAULT 0,
    is_active       INTEGER NOT NULL DEFAULT 1
);

-- A report from the field. reported_at: the instant the figures are as of (the form defaults it to now, Vietnam time);
-- created_at: when it was stored. values_json: {"figure_key": number, ...} for the figures active when filed.
CREATE TABLE situation_reports (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    posting_id      INTEGER NOT NULL REFERENCES duty_postings(id),
    user_id         INTEGER NOT NULL REFERENCES users(id),
    locality_code   TEXT NOT NULL,
    reported_at     INTEGER NOT NULL,
    values_json     TEXT NOT NULL,
    body            TEXT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX ix_situation_reports_locality ON situation_reports (locality_code, reported_at);

-- When reports are due: every every_minutes from start_time (local 'HH:mm') on each day a posting is active; a slot with
-- no report by grace_minutes after it is late, and its official gets one reminder. One row.
CREATE TABLE sitrep_schedule (
    id              INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    start_time      TEXT NOT NULL,
    every_minutes   INTEGER NOT NULL CHECK (every_minutes >= 15),
    grace_minutes   INTEGER NOT NULL CHECK (grace_minutes >= 0),
    updated_at      INTEGER NOT NULL,
    updated_by      TEXT NULL
);
INSERT INTO sitrep_schedule (id, start_time, every_minutes, grace_minutes, updated_at) VALUES (1, '08:00', 240, 30, 0);
