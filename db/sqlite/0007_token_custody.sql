-- Who minted each API token: a token is created only by its owner (page or API) or by the server's CLI, so created_by is
-- the owner's own id for 'page' and 'api', and NULL for 'cli'. Tokens from before this migration keep both NULL: their
-- maker was not recorded.
ALTER TABLE api_tokens ADD COLUMN created_by INTEGER NULL REFERENCES users(id);
ALTER TABLE api_tokens ADD COLUMN created_via TEXT NULL CHECK (created_via IN ('page', 'api', 'cli'));
