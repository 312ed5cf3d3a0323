-- The handler's desk (issue #12): labels on cases and saved queue views.
-- A label is a word the team puts on cases to group them (no legal meaning, so adding or removing one writes no history
-- line). name_key is the name in lower case: one label per spelling whatever the case, the same rule on both databases
-- (SQL Server's collation is case-insensitive, SQLite's is not).
CREATE TABLE labels (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_labels PRIMARY KEY,
    name            nvarchar(40) NOT NULL,
    name_key        nvarchar(40) NOT NULL CONSTRAINT uq_labels_name_key UNIQUE,
    created_at      bigint NOT NULL,
    created_by      nvarchar(100) NULL
);
GO

CREATE TABLE case_labels (
    case_id         bigint NOT NULL CONSTRAINT fk_case_labels_case REFERENCES cases(id),
    label_id        bigint NOT NULL CONSTRAINT fk_case_labels_label REFERENCES labels(id),
    added_at        bigint NOT NULL,
    added_by        nvarchar(100) NULL,
    CONSTRAINT pk_case_labels PRIMARY KEY (case_id, label_id)
);
GO
-- The queue's label filter walks from the label to its cases.
CREATE INDEX ix_case_labels_label ON case_labels (label_id, case_id);
GO

-- A named set of queue filters. query is the queue's query string as the queue reads it (checked when saved); team is
-- the queue it belongs to (complaints or security): a shared view is listed to whoever sees that team's queue.
CREATE TABLE saved_views (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_saved_views PRIMARY KEY,
    owner_id        bigint NOT NULL CONSTRAINT fk_saved_views_owner REFERENCES users(id),
    name            nvarchar(80) NOT NULL,
    name_key        nvarchar(80) NOT NULL,
    team            nvarchar(40) NOT NULL,
    query           nvarchar(1000) NOT NULL,
    shared          bit NOT NULL CONSTRAINT df_saved_views_shared DEFAULT 0,
    created_at      bigint NOT NULL,
    CONSTRAINT uq_saved_views_owner_name UNIQUE (owner_id, name_key)
);
GO
CREATE INDEX ix_saved_views_team ON saved_views (team, shared);
GO
