-- Sessions that end when they should: each user has a security stamp, copied into the sign-in cookie and compared on
-- every request. Sign-out, a password change or reset, deactivation and a role change write a new one, so every cookie
-- issued before (a copied one included) stops working. Existing users get a random stamp each.
ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
UPDATE users SET security_stamp = lower(hex(randomblob(16)));

-- Failed sign-ins per client address, so a guesser is slowed by where they come from and not only by the account they
-- aim at (which would let anyone keep an account locked). failures restarts after an hour without one.
CREATE TABLE signin_throttle (
    address         TEXT NOT NULL PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    blocked_until   INTEGER NULL
);
CREATE INDEX ix_signin_throttle_last ON signin_throttle (last_failure_at);

-- What happened to an account, for the administrators: locks (with the address of the failure that locked it), unlocks,
-- password changes and resets, (de)activation, role changes and sign-outs. actor: the login who did it, NULL for the system.
CREATE TABLE account_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL CHECK (kind IN ('locked', 'unlocked', 'password-changed', 'password-reset', 'deactivated',
                                              'activated', 'roles-changed', 'signed-out')),
    actor       TEXT NULL,
    address     TEXT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX ix_account_events_at ON account_events (at);
