-- Who minted each API token: a token is created only by its owner (page or API) or by the server's CLI, so created_by is
-- the owner's own id for 'page' and 'api', and NULL for 'cli'. Tokens from before this migration keep both NULL: their
-- maker was not recorded.
ALTER TABLE api_tokens ADD
    created_by bigint NULL CONSTRAINT fk_api_tokens_created_by REFERENCES users(id),
    created_via nvarchar(10) NULL CONSTRAINT ck_api_tokens_created_via CHECK (created_via IN ('page', 'api', 'cli'));
GO
