-- The latest a limit may end whatever its count gives (the voter-list answer ends before election day: Election Law,
-- Art. 33), kept so that a recount after a calendar edit keeps the cap. Unix milliseconds (UTC).
ALTER TABLE deadlines ADD COLUMN not_after INTEGER NULL;
