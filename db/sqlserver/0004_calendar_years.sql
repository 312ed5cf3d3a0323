-- The holiday table as the Government's notices give it (issue #10). A day is a day off (holiday, compensating) or a
-- Saturday worked (working); provisional marks a day not yet confirmed against its year's notice.
ALTER TABLE holidays ADD provisional bit NOT NULL CONSTRAINT df_holidays_provisional DEFAULT 0;
GO

-- The years the table covers: a count into any other year is refused rather than guessed. notice: the reference of the
-- Government notice an administrator confirmed the year against.
CREATE TABLE calendar_years (
    year            int NOT NULL CONSTRAINT pk_calendar_years PRIMARY KEY,
    status          nvarchar(20) NOT NULL CONSTRAINT ck_calendar_years_status CHECK (status IN (N'provisional', N'confirmed')),
    changed_at      bigint NOT NULL,
    changed_by      nvarchar(200) NOT NULL,
    notice          nvarchar(200) NULL
);
GO

-- A recount of the open day-counted deadlines after a calendar change, run by a background job. The cases to do are
-- listed up front, so a restart resumes where it stopped. Instants are Unix milliseconds (UTC).
CREATE TABLE calendar_recounts (
    id              bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_calendar_recounts PRIMARY KEY,
    cause           nvarchar(1000) NOT NULL,
    actor           nvarchar(200) NOT NULL,
    requested_at    bigint NOT NULL,
    queued          int NOT NULL CONSTRAINT df_calendar_recounts_queued DEFAULT 0,
    done            int NOT NULL CONSTRAINT df_calendar_recounts_done DEFAULT 0,
    moved           int NOT NULL CONSTRAINT df_calendar_recounts_moved DEFAULT 0,
    finished_at     bigint NULL
);
GO
CREATE INDEX ix_calendar_recounts_unfinished ON calendar_recounts (finished_at, id);
GO

CREATE TABLE calendar_recount_cases (
    recount_id      bigint NOT NULL CONSTRAINT fk_calendar_recount_cases_recount REFERENCES calendar_recounts(id),
    case_number     nvarchar(40) NOT NULL,
    done            bit NOT NULL CONSTRAINT df_calendar_recount_cases_done DEFAULT 0,
    CONSTRAINT pk_calendar_recount_cases PRIMARY KEY (recount_id, case_number)
);
GO
