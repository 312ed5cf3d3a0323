-- Where an incident happened, finer than the locality: a polling station, a school, a street corner (issue #13).
-- Free text, optional.
ALTER TABLE cases ADD place nvarchar(200) NULL;
