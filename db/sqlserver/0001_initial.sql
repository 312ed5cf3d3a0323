-- Incidents schema, SQL Server dialect. Instants are Unix milliseconds (UTC) in bigint columns so that both providers
-- compare and sort them the same way; calendar dates are 'yyyy-MM-dd' text. Text is nvarchar (Vietnamese).

CREATE TABLE users (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_users PRIMARY KEY,
    login           nvarchar(100) NOT NULL CONSTRAINT uq_users_login UNIQUE,
    display_name    nvarchar(200) NOT NULL,
    email           nvarchar(320) NULL,
    password_hash   nvarchar(400) NULL,
    roles           nvarchar(200) NOT NULL,
    is_lead         bit NOT NULL CONSTRAINT df_users_is_lead DEFAULT 0,
    locality_code   nvarchar(10) NULL,
    failed_logins   int NOT NULL CONSTRAINT df_users_failed DEFAULT 0,
    locked_until    bigint NULL,
    is_active       bit NOT NULL CONSTRAINT df_users_active DEFAULT 1,
    created_at      bigint NOT NULL
);
GO

CREATE TABLE api_tokens (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_api_tokens PRIMARY KEY,
    user_id         bigint NOT NULL CONSTRAINT fk_api_tokens_user REFERENCES users(id),
    token_hash      char(64) NOT NULL CONSTRAINT uq_api_tokens_hash UNIQUE,
    name            nvarchar(200) NULL,
    created_at      bigint NOT NULL,
    revoked_at      bigint NULL
);
GO

CREATE TABLE admin_units (
    code            nvarchar(10) NOT NULL CONSTRAINT pk_admin_units PRIMARY KEY,
    name            nvarchar(200) NOT NULL,
    kind            nvarchar(100) NOT NULL,
    parent_code     nvarchar(10) NULL,
    valid_from      char(10) NULL,
    valid_to        char(10) NULL
);
GO

CREATE TABLE holidays (
    date            char(10) NOT NULL CONSTRAINT pk_holidays PRIMARY KEY,
    name            nvarchar(200) NOT NULL,
    kind            nvarchar(50) NOT NULL
);
GO

CREATE TABLE workflow_versions (
    id              nvarchar(100) NOT NULL,
    version         int NOT NULL,
    content_hash    char(64) NOT NULL,
    json            nvarchar(max) NOT NULL,
    loaded_at       bigint NOT NULL,
    CONSTRAINT pk_workflow_versions PRIMARY KEY (id, version)
);
GO

CREATE TABLE case_sequences (
    prefix          nvarchar(20) NOT NULL,
    year            int NOT NULL,
    last_value      bigint NOT NULL,
    CONSTRAINT pk_case_sequences PRIMARY KEY (prefix, year)
);
GO

CREATE TABLE cases (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_cases PRIMARY KEY,
    number          nvarchar(40) NOT NULL CONSTRAINT uq_cases_number UNIQUE,
    type            nvarchar(100) NOT NULL,
    team            nvarchar(50) NOT NULL,
    workflow_version int NOT NULL,
    state           nvarchar(100) NOT NULL,
    title           nvarchar(500) NOT NULL,
    description     nvarchar(max) NULL,
    locality_code   nvarchar(10) NOT NULL,
    channel         nvarchar(20) NOT NULL,
    received_at     bigint NOT NULL,
    created_at      bigint NOT NULL,
    severity        nvarchar(20) NULL,
    assignee_id     bigint NULL CONSTRAINT fk_cases_assignee REFERENCES users(id),
    is_assigned     bit NOT NULL CONSTRAINT df_cases_is_assigned DEFAULT 0,
    confidential    bit NOT NULL CONSTRAINT df_cases_confidential DEFAULT 0,
    inputs_json     nvarchar(max) NOT NULL,
    next_due_at     bigint NULL,
    due_key         bigint NOT NULL,
    closed_at       bigint NULL,
    search_text     nvarchar(max) NOT NULL,
    row_version     int NOT NULL
);
GO
CREATE INDEX ix_cases_queue ON cases (is_assigned, due_key, id);
CREATE INDEX ix_cases_type_state ON cases (type, state, due_key);
CREATE INDEX ix_cases_state ON cases (state, due_key);
CREATE INDEX ix_cases_locality ON cases (locality_code, due_key);
CREATE INDEX ix_cases_assignee ON cases (assignee_id, due_key);
CREATE INDEX ix_cases_team_queue ON cases (team, is_assigned, due_key);
GO

CREATE TABLE case_reporters (
    case_id         bigint NOT NULL CONSTRAINT pk_case_reporters PRIMARY KEY CONSTRAINT fk_case_reporters_case REFERENCES cases(id),
    name            nvarchar(200) NULL,
    address         nvarchar(500) NULL,
    phone           nvarchar(40) NULL,
    email           nvarchar(320) NULL,
    confidential    bit NOT NULL CONSTRAINT df_case_reporters_confidential DEFAULT 0
);
GO

CREATE TABLE case_events (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_events PRIMARY KEY,
    case_id         bigint NOT NULL CONSTRAINT fk_case_events_case REFERENCES cases(id),
    at              bigint NOT NULL,
    actor           nvarchar(100) NULL,
    kind            nvarchar(50) NOT NULL,
    action          nvarchar(100) NULL,
    from_state      nvarchar(100) NULL,
    to_state        nvarchar(100) NULL,
    data_json       nvarchar(max) NOT NULL
);
GO
CREATE INDEX ix_case_events_case ON case_events (case_id, id);
GO

CREATE TABLE case_links (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_case_links PRIMARY KEY,
    case_id         bigint NOT NULL CONSTRAINT fk_case_links_case REFERENCES cases(id),
    linked_case_id  bigint NOT NULL CONSTRAINT fk_case_links_linked REFERENCES cases(id),
    kind            nvarchar(50) NOT NULL,
    created_at      bigint NOT NULL,
    created_by      nvarchar(100) NULL,
    CONSTRAINT uq_case_links UNIQUE (case_id, linked_case_id, kind)
);
GO
CREATE INDEX ix_case_links_linked ON case_links (linked_case_id);
GO

CREATE TABLE attachments (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_attachments PRIMARY KEY,
    case_id         bigint NOT NULL CONSTRAINT fk_attachments_case REFERENCES cases(id),
    file_name       nvarchar(260) NOT NULL,
    content_type    nvarchar(100) NOT NULL,
    size            bigint NOT NULL,
    sha256          char(64) NOT NULL,
    content         varbinary(max) NOT NULL,
    created_at      bigint NOT NULL,
    created_by      nvarchar(100) NULL
);
GO
CREATE INDEX ix_attachments_case ON attachments (case_id);
GO

CREATE TABLE deadlines (
    case_id         bigint NOT NULL CONSTRAINT fk_deadlines_case REFERENCES cases(id),
    deadline_key    nvarchar(100) NOT NULL,
    name            nvarchar(300) NOT NULL,
    legal_basis     nvarchar(500) NOT NULL,
    duration        nvarchar(40) NOT NULL,
    unit            nvarchar(20) NOT NULL,
    started_at      bigint NOT NULL,
    due_at          bigint NOT NULL,
    status          nvarchar(20) NOT NULL,
    paused_at       bigint NULL,
    paused_total_ms bigint NOT NULL CONSTRAINT df_deadlines_paused DEFAULT 0,
    extensions_used int NOT NULL CONSTRAINT df_deadlines_ext DEFAULT 0,
    met_at          bigint NULL,
    CONSTRAINT pk_deadlines PRIMARY KEY (case_id, deadline_key)
);
GO
CREATE INDEX ix_deadlines_status_due ON deadlines (status, due_at);
GO

CREATE TABLE deadline_steps (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_deadline_steps PRIMARY KEY,
    case_id         bigint NOT NULL CONSTRAINT fk_deadline_steps_case REFERENCES cases(id),
    deadline_key    nvarchar(100) NOT NULL,
    step_key        nvarchar(100) NOT NULL,
    kind            nvarchar(50) NOT NULL,
    due_at          bigint NOT NULL,
    recipients      nvarchar(1000) NOT NULL,
    status          nvarchar(20) NOT NULL,
    CONSTRAINT uq_deadline_steps UNIQUE (case_id, deadline_key, step_key)
);
GO
CREATE INDEX ix_deadline_steps_status_due ON deadline_steps (status, due_at);
GO

CREATE TABLE escalations (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_escalations PRIMARY KEY,
    case_id         bigint NOT NULL CONSTRAINT fk_escalations_case REFERENCES cases(id),
    deadline_key    nvarchar(100) NOT NULL,
    step_key        nvarchar(100) NOT NULL,
    kind            nvarchar(50) NOT NULL,
    at              bigint NOT NULL,
    recipients      nvarchar(1000) NOT NULL,
    CONSTRAINT uq_escalations UNIQUE (case_id, deadline_key, step_key)
);
GO
CREATE INDEX ix_escalations_at ON escalations (at);
GO

CREATE TABLE idempotency_keys (
    user_id         bigint NOT NULL,
    idem_key        nvarchar(200) NOT NULL,
    request_hash    char(64) NOT NULL,
    status_code     int NOT NULL,
    location        nvarchar(200) NULL,
    response_body   nvarchar(max) NOT NULL,
    created_at      bigint NOT NULL,
    CONSTRAINT pk_idempotency_keys PRIMARY KEY (user_id, idem_key)
);
GO
