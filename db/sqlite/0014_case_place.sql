-- Where an incident happened, finer than the locality: a polling station, a school, a street corner (issue #13).
-- Free text, optional; a plain added column, so no table rebuild.
ALTER TABLE cases ADD COLUMN place TEXT NULL;
