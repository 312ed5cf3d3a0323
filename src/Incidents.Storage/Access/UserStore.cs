using Dapper;
using Incidents.Core.Access;

namespace Incidents.Storage.Access;

public sealed record UserAccount(
    long Id, string Login, string DisplayName, string? Email, string? PasswordHash, IReadOnlySet<string> Roles, bool IsLead,
    string? LocalityCode, int FailedLogins, DateTimeOffset? LockedUntil, bool IsActive, DateTimeOffset CreatedAt, string SecurityStamp = "")
{
    public Actor ToActor() => new(Id, Login, Roles, IsLead);
}

public sealed record NewUser(string Login, string DisplayName, string? Email, string? PasswordHash, IReadOnlyCollection<string> Roles,
    bool IsLead = false, string? LocalityCode = null);

public sealed class UserStore(Database db, TimeProvider time)
{
    internal const string Columns =
        "id, login, display_name, email, password_hash, roles, is_lead, locality_code, failed_logins, locked_until, is_active, created_at, security_stamp";

    internal static readonly Sql Insert = new(
        """
        INSERT INTO users (login, display_name, email, password_hash, roles, is_lead, locality_code, failed_logins, is_active, created_at, security_stamp)
        SELECT @login, @displayName, @email, @passwordHash, @roles, @isLead, @locality, 0, 1, @at, @stamp
        WHERE NOT EXISTS (SELECT 1 FROM users WHERE login = @login)
        RETURNING id
        """,
        """
        INSERT INTO users (login, display_name, email, password_hash, roles, is_lead, locality_code, failed_logins, is_active, created_at, security_stamp)
        OUTPUT INSERTED.id
        SELECT @login, @displayName, @email, @passwordHash, @roles, @isLead, @locality, 0, 1, @at, @stamp
        WHERE NOT EXISTS (SELECT 1 FROM users WITH (UPDLOCK, HOLDLOCK) WHERE login = @login)
        """);

    internal static readonly Sql ByLogin = new($"SELECT {Columns} FROM users WHERE login = @login");
    internal static readonly Sql ById = new($"SELECT {Columns} FROM users WHERE id = @id");
    internal static readonly Sql All = new($"SELECT {Columns} FROM users ORDER BY login");
    internal static readonly Sql Count = new("SELECT COUNT(*) FROM users");
    internal static readonly Sql SetPassword = new("UPDATE users SET password_hash = @hash, failed_logins = 0, locked_until = NULL WHERE id = @id");
    internal static readonly Sql SetRoles = new("UPDATE users SET roles = @roles, is_lead = @isLead WHERE id = @id");
    internal static readonly Sql SetActive = new("UPDATE users SET is_active = @active WHERE id = @id");
    internal static readonly Sql NewStamp = new("UPDATE users SET security_stamp = @stamp WHERE id = @id");
    internal static readonly Sql StampOf = new("SELECT security_stamp FROM users WHERE id = @id AND is_active = 1");
    /// <summary>A lock that has run out starts the count again, so one more failure after it does not lock at once.</summary>
    internal static readonly Sql FailedLogin = new("""
        UPDATE users SET
            failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN 1 ELSE failed_logins + 1 END,
            locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= @now THEN NULL
                                WHEN failed_logins + 1 >= @max THEN @until ELSE locked_until END
        WHERE id = @id AND (locked_until IS NULL OR locked_until <= @now)
        """);
    internal static readonly Sql LockedAt = new("SELECT locked_until FROM users WHERE id = @id");
    internal static readonly Sql GoodLogin = new("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id");
    internal static readonly Sql Unlock = new("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id AND (locked_until IS NOT NULL OR failed_logins > 0)");
    internal static readonly Sql InsertEvent = new(
        "INSERT INTO account_events (user_id, kind, actor, address, at) VALUES (@id, @kind, @actor, @address, @at)");
    internal static readonly Sql RecentEvents = new(
        "SELECT e.id, u.login, e.kind, e.actor, e.address, e.at FROM account_events e JOIN users u ON u.id = e.user_id ORDER BY e.at DESC, e.id DESC LIMIT @limit",
        "SELECT TOP (@limit) e.id, u.login, e.kind, e.actor, e.address, e.at FROM account_events e JOIN users u ON u.id = e.user_id ORDER BY e.at DESC, e.id DESC");

    internal sealed class Row
    {
        public long Id { get; set; }
        public string Login { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string? Email { get; set; }
        public string? PasswordHash { get; set; }
        public string Roles { get; set; } = "";
        public bool IsLead { get; set; }
        public string? LocalityCode { get; set; }
        public int FailedLogins { get; set; }
        public long? LockedUntil { get; set; }
        public bool IsActive { get; set; }
        public long CreatedAt { get; set; }
        public string SecurityStamp { get; set; } = "";

        public UserAccount ToAccount() => new(Id, Login, DisplayName, Email, PasswordHash, ParseRoles(Roles), IsLead, LocalityCode,
            FailedLogins, Instants.At(LockedUntil), IsActive, Instants.At(CreatedAt), SecurityStamp);
    }

    internal static IReadOnlySet<string> ParseRoles(string roles) =>
        roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>Creates the user; null when the login is taken.</summary>
    public async Task<long?> CreateAsync(NewUser u, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long?>(new CommandDefinition(db[Insert], new
        {
            login = u.Login, displayName = u.DisplayName.Normalize(System.Text.NormalizationForm.FormC), email = u.Email,
            passwordHash = u.PasswordHash, roles = string.Join(',', u.Roles.Distinct()), isLead = u.IsLead, locality = u.LocalityCode,
            at = Instants.Ms(time.GetUtcNow()), stamp = NewSecurityStamp(),
        }, tx, cancellationToken: ct)), ct);
    }

    /// <summary>128 random bits as hex: what a sign-in cookie must carry to be honoured.</summary>
    public static string NewSecurityStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>The stamp an active user's cookies must carry; null for an unknown or deactivated user. One primary-key read.</summary>
    public async Task<string?> FindStampAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition(db[StampOf], new { id }, cancellationToken: ct));
    }

    public async Task<UserAccount?> FindByLoginAsync(string login, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(db[ByLogin], new { login }, cancellationToken: ct)))?.ToAccount();
    }

    public async Task<UserAccount?> FindByIdAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(db[ById], new { id }, cancellationToken: ct)))?.ToAccount();
    }

    public async Task<IReadOnlyList<UserAccount>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[All], cancellationToken: ct))).Select(r => r.ToAccount()).ToList();
    }

    public async Task<long> CountAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(db[Count], cancellationToken: ct));
    }

    /// <summary>
    /// The one way to change what a session rests on: <paramref name="change"/> (if any), a new security stamp and the
    /// account's history line, in one transaction. Every cookie issued before carries the old stamp and is refused from the
    /// next request on. Returns the new stamp (for re-issuing the caller's own cookie), null when there is no such user.
    /// </summary>
    private async Task<string?> RenewAsync(long id, Sql? change, object? args, string kind, string? actor, CancellationToken ct)
    {
        var stamp = NewSecurityStamp();
        var renewed = await db.WriteAsync(async (c, tx) =>
        {
            if (change is not null) await c.ExecuteAsync(new CommandDefinition(db[change], args, tx, cancellationToken: ct));
            if (await c.ExecuteAsync(new CommandDefinition(db[NewStamp], new { id, stamp }, tx, cancellationToken: ct)) == 0) return null;
            await c.ExecuteAsync(new CommandDefinition(db[InsertEvent],
                new { id, kind, actor, address = (string?)null, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct));
            return stamp;
        }, ct);
        ApiTokenStore.Forget(db); // a disabled user's or changed roles' bearer tokens, from the next request on
        return renewed;
    }

    /// <summary>A new password (which also lifts a sign-in lock); <paramref name="by"/> the user themselves (a change) or an
    /// administrator (a reset). Ends the user's sessions; returns the new stamp.</summary>
    public Task<string?> SetPasswordHashAsync(long id, string hash, string? by = null, bool reset = true, CancellationToken ct = default) =>
        RenewAsync(id, SetPassword, new { id, hash }, reset ? AccountEventKinds.PasswordReset : AccountEventKinds.PasswordChanged, by, ct);

    public Task SetRolesAsync(long id, IReadOnlyCollection<string> roles, bool isLead, string? by = null, CancellationToken ct = default) =>
        RenewAsync(id, SetRoles, new { id, roles = string.Join(',', roles.Distinct()), isLead }, AccountEventKinds.RolesChanged, by, ct);

    public Task SetActiveAsync(long id, bool active, string? by = null, CancellationToken ct = default) =>
        RenewAsync(id, SetActive, new { id, active }, active ? AccountEventKinds.Activated : AccountEventKinds.Deactivated, by, ct);

    /// <summary>Sign-out: this user's every session ends, the one signing out and any copy of its cookie.</summary>
    public Task EndSessionsAsync(long id, string? by = null, CancellationToken ct = default) =>
        RenewAsync(id, null, null, AccountEventKinds.SignedOut, by, ct);

    /// <summary>
    /// Counts a failed sign-in (not while locked: failures then do not extend the lock). True when this failure locked the
    /// account until <paramref name="now"/> + <paramref name="lockFor"/>; the lock is written to the account's history with
    /// the address it came from.
    /// </summary>
    public async Task<bool> RecordFailedLoginAsync(long id, int maxFailures, DateTimeOffset now, TimeSpan lockFor, string? address = null,
        CancellationToken ct = default)
    {
        var until = Instants.Ms(now + lockFor);
        return await db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(db[FailedLogin], new { id, max = maxFailures, until, now = Instants.Ms(now) }, tx, cancellationToken: ct));
            if (await c.ExecuteScalarAsync<long?>(new CommandDefinition(db[LockedAt], new { id }, tx, cancellationToken: ct)) != until) return false;
            await c.ExecuteAsync(new CommandDefinition(db[InsertEvent],
                new { id, kind = AccountEventKinds.Locked, actor = (string?)null, address, at = Instants.Ms(now) }, tx, cancellationToken: ct));
            return true;
        }, ct);
    }

    public async Task RecordGoodLoginAsync(long id, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[GoodLogin], new { id }, tx, cancellationToken: ct)), ct);
    }

    /// <summary>An administrator lifts a sign-in lock (and the failure count); written to the history. False when there was none.</summary>
    public async Task<bool> UnlockAsync(long id, string by, CancellationToken ct = default)
    {
        return await db.WriteAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync(new CommandDefinition(db[Unlock], new { id }, tx, cancellationToken: ct)) == 0) return false;
            await c.ExecuteAsync(new CommandDefinition(db[InsertEvent],
                new { id, kind = AccountEventKinds.Unlocked, actor = by, address = (string?)null, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct));
            return true;
        }, ct);
    }

    private sealed class EventRow
    {
        public long Id { get; set; }
        public string Login { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? Actor { get; set; }
        public string? Address { get; set; }
        public long At { get; set; }
    }

    /// <summary>The latest account events, newest first (the administrators' history).</summary>
    public async Task<IReadOnlyList<AccountEvent>> RecentEventsAsync(int limit = 50, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<EventRow>(new CommandDefinition(db[RecentEvents], new { limit }, cancellationToken: ct)))
            .Select(r => new AccountEvent(r.Login, r.Kind, r.Actor, r.Address, Instants.At(r.At))).ToList();
    }
}

/// <summary>One line of an account's history: whose account, what (<see cref="AccountEventKinds"/>), who did it (null: the
/// system), from which address (locks), when.</summary>
public sealed record AccountEvent(string Login, string Kind, string? Actor, string? Address, DateTimeOffset At);

/// <summary>The kinds of account_events (the table's CHECK lists the same).</summary>
public static class AccountEventKinds
{
    public const string Locked = "locked";
    public const string Unlocked = "unlocked";
    public const string PasswordChanged = "password-changed";
    public const string PasswordReset = "password-reset";
    public const string Deactivated = "deactivated";
    public const string Activated = "activated";
    public const string RolesChanged = "roles-changed";
    public const string SignedOut = "signed-out";

    public static readonly IReadOnlyList<string> All = [Locked, Unlocked, PasswordChanged, PasswordReset, Deactivated, Activated, RolesChanged, SignedOut];
}
