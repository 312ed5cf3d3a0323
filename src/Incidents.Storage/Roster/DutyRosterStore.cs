using System.Data.Common;
using Dapper;
using Incidents.Core.Access;
using Incidents.Storage.Access;

namespace Incidents.Storage.Roster;

/// <summary>An official posted to a locality for a range of Vietnam dates (inclusive), with the phone they carry there.</summary>
public sealed record DutyPosting(long Id, long UserId, string Login, string DisplayName, string? Email, string LocalityCode,
    DateOnly From, DateOnly To, string Phone, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool ActiveOn(DateOnly day) => RevokedAt is null && From <= day && day <= To;
}

/// <summary>A posting to store; the caller has checked the user, the locality's validity on both dates and the phone.</summary>
public sealed record NewPosting(long UserId, string LocalityCode, DateOnly From, DateOnly To, string Phone);

/// <summary>A locality's open cases and how many of them are past their next deadline.</summary>
public sealed record LocalityCaseCounts(string LocalityCode, int Open, int Overdue);

/// <summary>
/// The duty roster (issue #13): postings are added (one, or a whole imported file in one transaction) and revoked,
/// never edited or deleted. Who is on duty is always read from the database for a given Vietnam day.
/// </summary>
public sealed class DutyRosterStore(Database db, TimeProvider time)
{
    internal const string Columns = """
        p.id, p.user_id, u.login, u.display_name, u.email, p.locality_code, p.from_date, p.to_date, p.phone, p.created_by,
        p.created_at, p.revoked_at
        """;

    internal static readonly Sql Insert = new(
        """
        INSERT INTO duty_postings (user_id, locality_code, from_date, to_date, phone, created_by, created_at)
        VALUES (@userId, @locality, @from, @to, @phone, @by, @at)
        RETURNING id
        """,
        """
        INSERT INTO duty_postings (user_id, locality_code, from_date, to_date, phone, created_by, created_at)
        OUTPUT INSERTED.id
        VALUES (@userId, @locality, @from, @to, @phone, @by, @at)
        """);

    internal static readonly Sql Revoke = new(
        "UPDATE duty_postings SET revoked_at = @at, revoked_by = @by WHERE id = @id AND revoked_at IS NULL");

    internal static readonly Sql ById = new($"SELECT {Columns} FROM duty_postings p JOIN users u ON u.id = p.user_id WHERE p.id = @id");

    /// <summary>Postings not revoked that end on or after @since: the roster page's list.</summary>
    internal static readonly Sql Current = new($"""
        SELECT {Columns} FROM duty_postings p JOIN users u ON u.id = p.user_id
        WHERE p.revoked_at IS NULL AND p.to_date >= @since
        ORDER BY p.from_date, p.locality_code, p.id
        """);

    /// <summary>Who is on duty on @day, newest posting first within a locality.</summary>
    internal static readonly Sql ActiveOn = new($"""
        SELECT {Columns} FROM duty_postings p JOIN users u ON u.id = p.user_id
        WHERE p.revoked_at IS NULL AND p.from_date <= @day AND p.to_date >= @day
        ORDER BY p.locality_code, p.id DESC
        """);

    internal static readonly Sql ActiveAt = new($"""
        SELECT {Columns} FROM duty_postings p JOIN users u ON u.id = p.user_id
        WHERE p.locality_code = @locality AND p.revoked_at IS NULL AND p.from_date <= @day AND p.to_date >= @day
        ORDER BY p.id DESC
        """);

    internal static readonly Sql ActiveOfUser = new($"""
        SELECT {Columns} FROM duty_postings p JOIN users u ON u.id = p.user_id
        WHERE p.user_id = @userId AND p.revoked_at IS NULL AND p.from_date <= @day AND p.to_date >= @day
        ORDER BY p.id DESC
        """);

    /// <summary>The on-duty official's roles and state, for routing inside the intake transaction.</summary>
    internal static readonly Sql RoutingCandidates = new("""
        SELECT u.id, u.login, u.roles, u.is_active FROM duty_postings p JOIN users u ON u.id = p.user_id
        WHERE p.locality_code = @locality AND p.revoked_at IS NULL AND p.from_date <= @day AND p.to_date >= @day
        ORDER BY p.id DESC
        """);

    internal static readonly Sql EmailsAt = new("""
        SELECT u.email FROM duty_postings p JOIN users u ON u.id = p.user_id
        WHERE p.locality_code = @locality AND p.revoked_at IS NULL AND p.from_date <= @day AND p.to_date >= @day
            AND u.is_active = 1 AND u.email IS NOT NULL
        ORDER BY p.id
        """);

    /// <summary>Open and overdue cases of each locality someone is on duty at on @day.</summary>
    internal static readonly Sql CountsOn = new("""
        SELECT c.locality_code AS locality_code, COUNT(*) AS open_count,
            SUM(CASE WHEN c.next_due_at IS NOT NULL AND c.next_due_at < @now THEN 1 ELSE 0 END) AS overdue_count
        FROM cases c
        WHERE c.closed_at IS NULL AND c.locality_code IN (
            SELECT p.locality_code FROM duty_postings p WHERE p.revoked_at IS NULL AND p.from_date <= @day AND p.to_date >= @day)
        GROUP BY c.locality_code
        """);

    /// <summary>Stores every posting in one transaction (an imported file: all or nothing); returns their ids in order.</summary>
    public async Task<IReadOnlyList<long>> AddAsync(IReadOnlyList<NewPosting> postings, string by, CancellationToken ct = default)
    {
        var at = Instants.Ms(time.GetUtcNow());
        return await db.WriteAsync(async (c, tx) =>
        {
            var ids = new List<long>(postings.Count);
            foreach (var p in postings)
                ids.Add(await c.ExecuteScalarAsync<long>(new CommandDefinition(db[Insert], new
                {
                    userId = p.UserId, locality = p.LocalityCode, from = Instants.Date(p.From), to = Instants.Date(p.To), phone = p.Phone, by, at,
                }, tx, cancellationToken: ct)));
            return (IReadOnlyList<long>)ids;
        }, ct);
    }

    /// <summary>False when there is no such posting or it was revoked already.</summary>
    public async Task<bool> RevokeAsync(long id, string by, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Revoke],
            new { id, by, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct) > 0;

    public async Task<DutyPosting?> GetAsync(long id, CancellationToken ct = default) =>
        (await QueryAsync(ById, new { id }, ct)).FirstOrDefault();

    /// <summary>Postings not revoked that end on or after <paramref name="since"/>.</summary>
    public Task<IReadOnlyList<DutyPosting>> CurrentAsync(DateOnly since, CancellationToken ct = default) =>
        QueryAsync(Current, new { since = Instants.Date(since) }, ct);

    /// <summary>Every posting active on <paramref name="day"/> (Vietnam date), by locality, newest first within one.</summary>
    public Task<IReadOnlyList<DutyPosting>> ActiveOnAsync(DateOnly day, CancellationToken ct = default) =>
        QueryAsync(ActiveOn, new { day = Instants.Date(day) }, ct);

    /// <summary>Who is on duty at <paramref name="localityCode"/> on <paramref name="day"/> (Vietnam date), newest posting first.</summary>
    public Task<IReadOnlyList<DutyPosting>> OnDutyAsync(string localityCode, DateOnly day, CancellationToken ct = default) =>
        QueryAsync(ActiveAt, new { locality = localityCode, day = Instants.Date(day) }, ct);

    /// <summary>The user's own postings active on <paramref name="day"/>, newest first.</summary>
    public Task<IReadOnlyList<DutyPosting>> OfUserAsync(long userId, DateOnly day, CancellationToken ct = default) =>
        QueryAsync(ActiveOfUser, new { userId, day = Instants.Date(day) }, ct);

    /// <summary>Open and overdue case counts at <paramref name="now"/> for the localities someone is on duty at on <paramref name="day"/>.</summary>
    public async Task<IReadOnlyDictionary<string, LocalityCaseCounts>> CaseCountsAsync(DateOnly day, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<CountRow>(new CommandDefinition(db[CountsOn], new { day = Instants.Date(day), now = Instants.Ms(now) }, cancellationToken: ct));
        return rows.ToDictionary(r => r.LocalityCode.Trim(), r => new LocalityCaseCounts(r.LocalityCode.Trim(), (int)r.OpenCount, (int)r.OverdueCount), StringComparer.Ordinal);
    }

    /// <summary>
    /// Inside a write transaction: the official on duty at the locality on the day who may hold a case of
    /// <paramref name="team"/> (Visibility.MayBeAssigned), newest posting first; null when none.
    /// </summary>
    internal static async Task<(long Id, string Login)?> AssignableOnDutyAsync(DbConnection c, DbTransaction tx, Database db,
        string localityCode, DateOnly day, string team, CancellationToken ct)
    {
        var rows = await c.QueryAsync<CandidateRow>(new CommandDefinition(db[RoutingCandidates],
            new { locality = localityCode, day = Instants.Date(day) }, tx, cancellationToken: ct));
        return rows.FirstOrDefault(r => Visibility.MayBeAssigned(UserStore.ParseRoles(r.Roles), r.IsActive, team)) is { } u
            ? (u.Id, u.Login) : null;
    }

    /// <summary>Inside any transaction: the addresses of the active officials on duty at the locality on the day.</summary>
    internal static async Task<IReadOnlyList<string>> EmailsOnDutyAsync(DbConnection c, DbTransaction? tx, Database db,
        string localityCode, DateOnly day, CancellationToken ct) =>
        [.. await c.QueryAsync<string>(new CommandDefinition(db[EmailsAt], new { locality = localityCode, day = Instants.Date(day) }, tx, cancellationToken: ct))];

    private async Task<IReadOnlyList<DutyPosting>> QueryAsync(Sql sql, object args, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<Row>(new CommandDefinition(db[sql], args, cancellationToken: ct))).Select(r => r.ToPosting())];
    }

    internal sealed class Row
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string Login { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string? Email { get; set; }
        public string LocalityCode { get; set; } = "";
        public string FromDate { get; set; } = "";
        public string ToDate { get; set; } = "";
        public string Phone { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? RevokedAt { get; set; }

        public DutyPosting ToPosting() => new(Id, UserId, Login, DisplayName, Email, LocalityCode.Trim(), Instants.Date(FromDate),
            Instants.Date(ToDate), Phone, CreatedBy, Instants.At(CreatedAt), Instants.At(RevokedAt));
    }

    private sealed class CandidateRow
    {
        public long Id { get; set; }
        public string Login { get; set; } = "";
        public string Roles { get; set; } = "";
        public bool IsActive { get; set; }
    }

    private sealed class CountRow
    {
        public string LocalityCode { get; set; } = "";
        public long OpenCount { get; set; }
        public long OverdueCount { get; set; }
    }
}
