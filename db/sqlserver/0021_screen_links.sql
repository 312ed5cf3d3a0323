-- Read-only links for the press room's wall screen (issue #13): no sign-in, a long random token in the URL that grants
-- this one screen and nothing else (not an API token: no user stands behind it). Like API tokens only the SHA-256 of
-- the token is kept; the row itself is the audit of who created and who revoked each link, and when it was last seen.
-- Instants are Unix milliseconds (UTC).
CREATE TABLE screen_links (
    id            BIGINT IDENTITY(1, 1) NOT NULL CONSTRAINT pk_screen_links PRIMARY KEY,
    label         NVARCHAR(100) NOT NULL,
    token_hash    CHAR(64)      NOT NULL CONSTRAINT uq_screen_links_hash UNIQUE,
    created_by    BIGINT        NOT NULL CONSTRAINT fk_screen_links_created_by REFERENCES users(id),
    created_at    BIGINT        NOT NULL,
    revoked_by    BIGINT        NULL CONSTRAINT fk_screen_links_revoked_by REFERENCES users(id),
    revoked_at    BIGINT        NULL,
    last_seen_at  BIGINT        NULL
);

-- The screen counts open and closed cases over the whole table every few seconds: closed_at answers both.
CREATE INDEX ix_cases_closed ON cases (closed_at);
