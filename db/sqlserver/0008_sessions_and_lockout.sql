-- Sessions that end when they should: each user has a security stamp, copied into the sign-in cookie and compared on
-- every request. Sign-out, a password change or reset, deactivation and a role change write a new one, so every cookie
-- issued before (a copied one included) stops working. Existing users get a random stamp each.
ALTER TABLE users ADD security_stamp nvarchar(64) NOT NULL CONSTRAINT df_users_security_stamp DEFAULT N'';
GO
UPDATE users SET security_stamp = LOWER(REPLACE(CONVERT(nvarchar(36), NEWID()), N'-', N''));
GO

-- Failed sign-ins per client address, so a guesser is slowed by where they come from and not only by the account they
-- aim at (which would let anyone keep an account locked). failures restarts after an hour without one.
CREATE TABLE signin_throttle (
    address         nvarchar(64) NOT NULL CONSTRAINT pk_signin_throttle PRIMARY KEY,
    failures        int NOT NULL,
    last_failure_at bigint NOT NULL,
    blocked_until   bigint NULL
);
CREATE INDEX ix_signin_throttle_last ON signin_throttle (last_failure_at);
GO

-- What happened to an account, for the administrators: locks (with the address of the failure that locked it), unlocks,
-- password changes and resets, (de)activation, role changes and sign-outs. actor: the login who did it, NULL for the system.
CREATE TABLE account_events (
    id          bigint IDENTITY(1,1) NOT NULL CONSTRAINT pk_account_events PRIMARY KEY,
    user_id     bigint NOT NULL CONSTRAINT fk_account_events_user REFERENCES users(id),
    kind        nvarchar(20) NOT NULL CONSTRAINT ck_account_events_kind CHECK (kind IN (N'locked', N'unlocked', N'password-changed',
                    N'password-reset', N'deactivated', N'activated', N'roles-changed', N'signed-out')),
    actor       nvarchar(100) NULL,
    address     nvarchar(64) NULL,
    at          bigint NOT NULL
);
CREATE INDEX ix_account_events_at ON account_events (at);
GO
