-- Incidents schema, SQLite dialect. Instants are Unix milliseconds (UTC) in INTEGER columns so that both providers
-- compare and sort them the same way; calendar dates are 'yyyy-MM-dd' text.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    login           TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    email           TEXT NULL,
    password_hash   TEXT NULL,
    roles           TEXT NOT NULL,            -- comma-separated role names
    is_lead         INTEGER NOT NULL DEFAULT 0,
    locality_code   TEXT NULL,
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NULL,
    is_active       INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL
);

CREATE TABLE api_tokens (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users(id),
    token_hash      TEXT NOT NULL UNIQUE,     -- SHA-256 hex of the token; the token itself is never stored
    name            TEXT NULL,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER NULL
);

CREATE TABLE admin_units (
    code            TEXT NOT NULL PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    parent_code     TEXT NULL,
    valid_from      TEXT NULL,
    valid_to        TEXT NULL
);

CREATE TABLE holidays (
    date            TEXT NOT NULL PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL
);

CREATE TABLE workflow_versions (
    id              TEXT NOT NULL,
    version         INTEGER NOT NULL,
    content_hash    TEXT NOT NULL,
    json            TEXT NOT NULL,
    loaded_at       INTEGER NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE case_sequences (
    prefix          TEXT NOT NULL,
    year            INTEGER NOT NULL,
    last_value      INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    number          TEXT NOT NULL UNIQUE,
    type            TEXT NOT NULL,
    team            TEXT NOT NULL,
    workflow_version INTEGER NOT NULL,
    state           TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NULL,
    locality_code   TEXT NOT NULL,
    channel         TEXT NOT NULL,
    received_at     INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    severity        TEXT NULL,
    assignee_id     INTEGER NULL REFERENCES users(id),
    is_assigned     INTEGER NOT NULL DEFAULT 0,   -- queue order: unassigned first
    confidential    INTEGER NOT NULL DEFAULT 0,
    inputs_json     TEXT NOT NULL,
    next_due_at     INTEGER NULL,
    due_key         INTEGER NOT NULL,             -- next_due_at, or the largest value when nothing runs: index-ordered queue
    closed_at       INTEGER NULL,
    search_text     TEXT NOT NULL,                -- folded (no diacritics, d for đ, lower case) number, title, description, open reporter name
    row_version     INTEGER NOT NULL
);
CREATE INDEX ix_cases_queue ON cases (is_assigned, due_key, id);
CREATE INDEX ix_cases_type_state ON cases (type, state, due_key);
CREATE INDEX ix_cases_state ON cases (state, due_key);
CREATE INDEX ix_cases_locality ON cases (locality_code, due_key);
CREATE INDEX ix_cases_assignee ON cases (assignee_id, due_key);
CREATE INDEX ix_cases_team_queue ON cases (team, is_assigned, due_key);

CREATE TABLE case_reporters (
    case_id         INTEGER NOT NULL PRIMARY KEY REFERENCES cases(id),
    name            TEXT NULL,
    address         TEXT NULL,
    phone           TEXT NULL,
    email           TEXT NULL,
    confidential    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE case_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    at              INTEGER NOT NULL,
    actor           TEXT NULL,
    kind            TEXT NOT NULL,
    action          TEXT NULL,
    from_state      TEXT NULL,
    to_state        TEXT NULL,
    data_json       TEXT NOT NULL
);
CREATE INDEX ix_case_events_case ON case_events (case_id, id);

CREATE TABLE case_links (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    linked_case_id  INTEGER NOT NULL REFERENCES cases(id),
    kind            TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    created_by      TEXT NULL,
    UNIQUE (case_id, linked_case_id, kind)
);
CREATE INDEX ix_case_links_linked ON case_links (linked_case_id);

CREATE TABLE attachments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL,
    sha256          TEXT NOT NULL,
    content         BLOB NOT NULL,
    created_at      INTEGER NOT NULL,
    created_by      TEXT NULL
);
CREATE INDEX ix_attachments_case ON attachments (case_id);

CREATE TABLE deadlines (
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    deadline_key    TEXT NOT NULL,
    name            TEXT NOT NULL,
    legal_basis     TEXT NOT NULL,
    duration        TEXT NOT NULL,
    unit            TEXT NOT NULL,
    started_at      INTEGER NOT NULL,
    due_at          INTEGER NOT NULL,
    status          TEXT NOT NULL,
    paused_at       INTEGER NULL,
    paused_total_ms INTEGER NOT NULL DEFAULT 0,
    extensions_used INTEGER NOT NULL DEFAULT 0,
    met_at          INTEGER NULL,
    PRIMARY KEY (case_id, deadline_key)
);
CREATE INDEX ix_deadlines_status_due ON deadlines (status, due_at);

CREATE TABLE deadline_steps (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    deadline_key    TEXT NOT NULL,
    step_key        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    due_at          INTEGER NOT NULL,
    recipients      TEXT NOT NULL,            -- comma-separated
    status          TEXT NOT NULL,            -- pending | fired | cancelled
    UNIQUE (case_id, deadline_key, step_key)
);
CREATE INDEX ix_deadline_steps_status_due ON deadline_steps (status, due_at);

CREATE TABLE escalations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    deadline_key    TEXT NOT NULL,
    step_key        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    at              INTEGER NOT NULL,
    recipients      TEXT NOT NULL,
    UNIQUE (case_id, deadline_key, step_key)
);
CREATE INDEX ix_escalations_at ON escalations (at);

CREATE TABLE idempotency_keys (
    user_id         INTEGER NOT NULL,
    idem_key        TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    status_code     INTEGER NOT NULL,
    location        TEXT NULL,
    response_body   TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
