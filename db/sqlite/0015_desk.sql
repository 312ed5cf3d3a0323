-- The handler's desk (issue #12): labels on cases and saved queue views.
-- A label is a word the team puts on cases to group them (no legal meaning, so adding or removing one writes no history
-- line). name_key is the name in lower case: one label per spelling whatever the case, the same rule on both databases
-- (SQL Server's collation is case-insensitive, SQLite's is not).
CREATE TABLE labels (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    created_by      TEXT NULL
);

CREATE TABLE case_labels (
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    label_id        INTEGER NOT NULL REFERENCES labels(id),
    added_at        INTEGER NOT NULL,
    added_by        TEXT NULL,
    PRIMARY KEY (case_id, label_id)
);
-- The queue's label filter walks from the label to its cases.
CREATE INDEX ix_case_labels_label ON case_labels (label_id, case_id);

-- A named set of queue filters. query is the queue's query string as the queue reads it (checked when saved); team is
-- the queue it belongs to (complaints or security): a shared view is listed to whoever sees that team's queue.
CREATE TABLE saved_views (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_id        INTEGER NOT NULL REFERENCES users(id),
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    team            TEXT NOT NULL,
    query           TEXT NOT NULL,
    shared          INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    UNIQUE (owner_id, name_key)
);
CREATE INDEX ix_saved_views_team ON saved_views (team, shared);
