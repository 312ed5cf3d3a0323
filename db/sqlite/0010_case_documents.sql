-- Notices and decisions issued from a case (issue #11): each signed scan uploaded and each email sent for a document,
-- tied to the decision that issued it (the action's case_events row) and to its thread entry ('notice-out', which holds
-- the file). A document is emailed to the citizen at most once per decision: the unique index is what decides, so two
-- clicks or two hosts end with one row (and one outbox message, whose Message-Id derives from the same three values).
CREATE TABLE case_documents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    event_id        INTEGER NOT NULL REFERENCES case_events(id),
    kind            TEXT    NOT NULL,
    what            TEXT    NOT NULL CHECK (what IN ('signed', 'emailed')),
    culture         TEXT    NOT NULL CHECK (culture IN ('vi', 'en')),
    entry_id        INTEGER NOT NULL REFERENCES case_entries(id),
    at              INTEGER NOT NULL,
    actor           TEXT    NULL
);
CREATE INDEX ix_case_documents_case ON case_documents (case_id, event_id);
CREATE UNIQUE INDEX ux_case_documents_emailed ON case_documents (case_id, event_id, kind) WHERE what = 'emailed';
