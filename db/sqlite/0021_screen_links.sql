-- Read-only links for the press room's wall screen (issue #13): no sign-in, a long random token in the URL that grants
-- this one screen and nothing else (not an API token: no user stands behind it). Like API tokens only the SHA-256 of
-- the token is kept; the row itself is the audit of who created and who revoked each link, and when it was last seen.
-- Instants are Unix milliseconds (UTC).
CREATE TABLE screen_links (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    label         TEXT    NOT NULL,
    token_hash    TEXT    NOT NULL UNIQUE,
    created_by    INTEGER NOT NULL REFERENCES users(id),
    created_at    INTEGER NOT NULL,
    revoked_by    INTEGER NULL REFERENCES users(id),
    revoked_at    INTEGER NULL,
    last_seen_at  INTEGER NULL
);

-- The screen counts open and closed cases over the whole table every few seconds: closed_at answers both.
CREATE INDEX ix_cases_closed ON cases (closed_at);
