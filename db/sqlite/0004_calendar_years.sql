-- The holiday table as the Government's notices give it (issue #10). A day is a day off (holiday, compensating) or a
-- Saturday worked (working); provisional marks a day not yet confirmed against its year's notice.
ALTER TABLE holidays ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;

-- The years the table covers: a count into any other year is refused rather than guessed. notice: the reference of the
-- Government notice an administrator confirmed the year against.
CREATE TABLE calendar_years (
    year            INTEGER NOT NULL PRIMARY KEY,
    status          TEXT NOT NULL CHECK (status IN ('provisional', 'confirmed')),
    changed_at      INTEGER NOT NULL,
    changed_by      TEXT NOT NULL,
    notice          TEXT NULL
);

-- A recount of the open day-counted deadlines after a calendar change, run by a background job. The cases to do are
-- listed up front, so a restart resumes where it stopped. Instants are Unix milliseconds (UTC).
CREATE TABLE calendar_recounts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    cause           TEXT NOT NULL,
    actor           TEXT NOT NULL,
    requested_at    INTEGER NOT NULL,
    queued          INTEGER NOT NULL DEFAULT 0,
    done            INTEGER NOT NULL DEFAULT 0,
    moved           INTEGER NOT NULL DEFAULT 0,
    finished_at     INTEGER NULL
);
CREATE INDEX ix_calendar_recounts_unfinished ON calendar_recounts (finished_at, id);

CREATE TABLE calendar_recount_cases (
    recount_id      INTEGER NOT NULL REFERENCES calendar_recounts(id),
    case_number     TEXT NOT NULL,
    done            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (recount_id, case_number)
);
