using Dapper;

namespace Incidents.Storage.Oversight;

/// <summary>A count under a key (a type, a locality code, a step kind), and the team whose cases they are (null: not by team).</summary>
public sealed record KeyCount(string Key, string? Label, long Count, string? Team = null);

/// <summary>A count per local day (Asia/Ho_Chi_Minh), the day given as days since 1970-01-01 local.</summary>
public sealed record DayCount(long Day, long Count);

/// <summary>
/// Aggregates for the leadership dashboard. Instants are Unix
/// milliseconds on both providers, so a local day is (ms + 7 h) / 1 day in integer arithmetic (literals, because SQL Server does not match a
/// parameterised GROUP BY expression to the select list), the same on SQLite and SQL
/// Server, and grouping happens in the database rather than over every row.
/// </summary>
public sealed class OversightQueries(Database db)
{
    /// <summary>Vietnam is UTC+7 all year (no daylight saving).</summary>
    public const long OffsetMs = 7L * 3600 * 1000;
    public const long DayMs = 24L * 3600 * 1000;

    internal static readonly Sql OverdueByType = new("""
        SELECT c.type AS k, NULL AS label, COUNT(*) AS n, MAX(c.team) AS team FROM cases c
        WHERE c.closed_at IS NULL AND c.next_due_at IS NOT NULL AND c.next_due_at < @now
        GROUP BY c.type ORDER BY COUNT(*) DESC
        """);

    internal static readonly Sql DueSoonByType = new("""
        SELECT c.type AS k, NULL AS label, COUNT(*) AS n, MAX(c.team) AS team FROM cases c
        WHERE c.closed_at IS NULL AND c.next_due_at >= @now AND c.next_due_at < @until
        GROUP BY c.type ORDER BY COUNT(*) DESC
        """);

    internal static readonly Sql OverdueByLocality = new("""
        SELECT c.locality_code AS k, MAX(u.name) AS label, COUNT(*) AS n, c.team AS team FROM cases c LEFT JOIN admin_units u ON u.code = c.locality_code
        WHERE c.closed_at IS NULL AND c.next_due_at IS NOT NULL AND c.next_due_at < @now
        GROUP BY c.team, c.locality_code ORDER BY COUNT(*) DESC
        """);

    internal static readonly Sql DueSoonByLocality = new("""
        SELECT c.locality_code AS k, MAX(u.name) AS label, COUNT(*) AS n, c.team AS team FROM cases c LEFT JOIN admin_units u ON u.code = c.locality_code
        WHERE c.closed_at IS NULL AND c.next_due_at >= @now AND c.next_due_at < @until
        GROUP BY c.team, c.locality_code ORDER BY COUNT(*) DESC
        """);

    internal static readonly Sql EscalationsByKind = new("""
        SELECT e.kind AS k, NULL AS label, COUNT(*) AS n FROM escalations e
        WHERE e.at >= @from AND e.at <= @now
        GROUP BY e.kind ORDER BY e.kind
        """);

    internal static readonly Sql ReceivedPerDay = new("""
        SELECT (c.received_at + 25200000) / 86400000 AS day_no, COUNT(*) AS n FROM cases c
        WHERE c.received_at >= @from AND c.received_at <= @now
        GROUP BY (c.received_at + 25200000) / 86400000
        """);

    /// <summary>Deadlines whose due instant fell on a day and that were not met by then: the breaches of each day.</summary>
    internal static readonly Sql BreachedPerDay = new("""
        SELECT (d.due_at + 25200000) / 86400000 AS day_no, COUNT(*) AS n FROM deadlines d
        WHERE d.due_at >= @from AND d.due_at <= @now AND d.status <> 'cancelled' AND (d.met_at IS NULL OR d.met_at > d.due_at)
        GROUP BY (d.due_at + 25200000) / 86400000
        """);

    private sealed class KeyRow
    {
        public string K { get; set; } = "";
        public string? Label { get; set; }
        public long N { get; set; }
        public string? Team { get; set; }
    }

    private sealed class DayRow
    {
        public long DayNo { get; set; }
        public long N { get; set; }
    }

    public Task<IReadOnlyList<KeyCount>> OverdueByTypeAsync(DateTimeOffset now, CancellationToken ct = default) =>
        KeysAsync(OverdueByType, new { now = Instants.Ms(now) }, ct);

    public Task<IReadOnlyList<KeyCount>> DueSoonByTypeAsync(DateTimeOffset now, TimeSpan window, CancellationToken ct = default) =>
        KeysAsync(DueSoonByType, new { now = Instants.Ms(now), until = Instants.Ms(now + window) }, ct);

    public Task<IReadOnlyList<KeyCount>> OverdueByLocalityAsync(DateTimeOffset now, CancellationToken ct = default) =>
        KeysAsync(OverdueByLocality, new { now = Instants.Ms(now) }, ct);

    public Task<IReadOnlyList<KeyCount>> DueSoonByLocalityAsync(DateTimeOffset now, TimeSpan window, CancellationToken ct = default) =>
        KeysAsync(DueSoonByLocality, new { now = Instants.Ms(now), until = Instants.Ms(now + window) }, ct);

    public Task<IReadOnlyList<KeyCount>> EscalationsByKindAsync(DateTimeOffset from, DateTimeOffset now, CancellationToken ct = default) =>
        KeysAsync(EscalationsByKind, new { from = Instants.Ms(from), now = Instants.Ms(now) }, ct);

    public Task<IReadOnlyList<DayCount>> ReceivedPerDayAsync(DateTimeOffset from, DateTimeOffset now, CancellationToken ct = default) =>
        DaysAsync(ReceivedPerDay, from, now, ct);

    public Task<IReadOnlyList<DayCount>> BreachedPerDayAsync(DateTimeOffset from, DateTimeOffset now, CancellationToken ct = default) =>
        DaysAsync(BreachedPerDay, from, now, ct);

    /// <summary>The local day number of an instant, as the per-day queries count it.</summary>
    public static long DayOf(DateTimeOffset t) => (Instants.Ms(t) + OffsetMs) / DayMs;

    public static DateOnly DateOf(long day) => DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + (int)day);

    private async Task<IReadOnlyList<KeyCount>> KeysAsync(Sql sql, object args, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<KeyRow>(new CommandDefinition(db[sql], args, cancellationToken: ct)))
            .Select(r => new KeyCount(r.K.Trim(), r.Label, r.N, r.Team?.Trim())).ToList();
    }

    private async Task<IReadOnlyList<DayCount>> DaysAsync(Sql sql, DateTimeOffset from, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<DayRow>(new CommandDefinition(db[sql],
                new { from = Instants.Ms(from), now = Instants.Ms(now) }, cancellationToken: ct)))
            .Select(r => new DayCount(r.DayNo, r.N)).ToList();
    }
}
