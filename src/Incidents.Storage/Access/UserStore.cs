using Dapper;
using Incidents.Core.Access;

namespace Incidents.Storage.Access;

public sealed record UserAccount(
    long Id, string Login, string DisplayName, string? Email, string? PasswordHash, IReadOnlySet<string> Roles, bool IsLead,
    string? LocalityCode, int FailedLogins, DateTimeOffset? LockedUntil, bool IsActive, DateTimeOffset CreatedAt)
{
    public Actor ToActor() => new(Id, Login, Roles, IsLead);
}

public sealed record NewUser(string Login, string DisplayName, string? Email, string? PasswordHash, IReadOnlyCollection<string> Roles,
    bool IsLead = false, string? LocalityCode = null);

public sealed class UserStore(Database db, TimeProvider time)
{
    internal const string Columns =
        "id, login, display_name, email, password_hash, roles, is_lead, locality_code, failed_logins, locked_until, is_active, created_at";

    internal static readonly Sql Insert = new(
        """
        INSERT INTO users (login, display_name, email, password_hash, roles, is_lead, locality_code, failed_logins, is_active, created_at)
        SELECT @login, @displayName, @email, @passwordHash, @roles, @isLead, @locality, 0, 1, @at
        WHERE NOT EXISTS (SELECT 1 FROM users WHERE login = @login)
        RETURNING id
        """,
        """
        INSERT INTO users (login, display_name, email, password_hash, roles, is_lead, locality_code, failed_logins, is_active, created_at)
        OUTPUT INSERTED.id
        SELECT @login, @displayName, @email, @passwordHash, @roles, @isLead, @locality, 0, 1, @at
        WHERE NOT EXISTS (SELECT 1 FROM users WITH (UPDLOCK, HOLDLOCK) WHERE login = @login)
        """);

    internal static readonly Sql ByLogin = new($"SELECT {Columns} FROM users WHERE login = @login");
    internal static readonly Sql ById = new($"SELECT {Columns} FROM users WHERE id = @id");
    internal static readonly Sql All = new($"SELECT {Columns} FROM users ORDER BY login");
    internal static readonly Sql Count = new("SELECT COUNT(*) FROM users");
    internal static readonly Sql SetPassword = new("UPDATE users SET password_hash = @hash, failed_logins = 0, locked_until = NULL WHERE id = @id");
    internal static readonly Sql SetRoles = new("UPDATE users SET roles = @roles, is_lead = @isLead WHERE id = @id");
    internal static readonly Sql SetActive = new("UPDATE users SET is_active = @active WHERE id = @id");
    internal static readonly Sql FailedLogin = new(
        "UPDATE users SET failed_logins = failed_logins + 1, locked_until = CASE WHEN failed_logins + 1 >= @max THEN @until ELSE locked_until END WHERE id = @id");
    internal static readonly Sql GoodLogin = new("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = @id");

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

        public UserAccount ToAccount() => new(Id, Login, DisplayName, Email, PasswordHash, ParseRoles(Roles), IsLead, LocalityCode,
            FailedLogins, Instants.At(LockedUntil), IsActive, Instants.At(CreatedAt));
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
            at = Instants.Ms(time.GetUtcNow()),
        }, tx, cancellationToken: ct)), ct);
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

    public async Task SetPasswordHashAsync(long id, string hash, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[SetPassword], new { id, hash }, tx, cancellationToken: ct)), ct);
    }

    public async Task SetRolesAsync(long id, IReadOnlyCollection<string> roles, bool isLead, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[SetRoles], new { id, roles = string.Join(',', roles.Distinct()), isLead }, tx, cancellationToken: ct)), ct);
    }

    public async Task SetActiveAsync(long id, bool active, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[SetActive], new { id, active }, tx, cancellationToken: ct)), ct);
    }

    /// <summary>Counts a failed sign-in; at maxFailures the account is locked until lockUntil.</summary>
    public async Task RecordFailedLoginAsync(long id, int maxFailures, DateTimeOffset lockUntil, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[FailedLogin], new { id, max = maxFailures, until = Instants.Ms(lockUntil) }, tx, cancellationToken: ct)), ct);
    }

    public async Task RecordGoodLoginAsync(long id, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[GoodLogin], new { id }, tx, cancellationToken: ct)), ct);
    }
}
