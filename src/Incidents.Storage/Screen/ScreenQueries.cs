using Dapper;

namespace Incidents.Storage.Screen;

/// <summary>
/// Counts under one key (a case type, a locality code with its unit name, a severity): received and closed since the
/// start of today and since the period's start, and open now. Nothing else leaves the database here.
/// </summary>
public sealed record ScreenCount(string Key, string? Label, long ReceivedToday, long ResolvedToday, long Received, long Resolved, long Open);

/// <summary>
/// The press screen's aggregates: counts grouped in the database, never a row of a case. Resolved means closed (any final
/// state: resolved, rejected, withdrawn, routed on), which is what a reader of the screen means by "done with".
/// </summary>
public sealed class ScreenQueries(Database db)
{
    // One pass per grouping: the rows that count for any column (received or closed in the window, or still open).
    private const string Counts = """
        SUM(CASE WHEN c.received_at >= @today THEN 1 ELSE 0 END) AS received_today,
        SUM(CASE WHEN c.closed_at >= @today THEN 1 ELSE 0 END) AS resolved_today,
        SUM(CASE WHEN c.received_at >= @since THEN 1 ELSE 0 END) AS received,
        SUM(CASE WHEN c.closed_at >= @since THEN 1 ELSE 0 END) AS resolved,
        SUM(CASE WHEN c.closed_at IS NULL THEN 1 ELSE 0 END) AS open_now
        """;

    private const string Window = "(c.received_at >= @low OR c.closed_at >= @low OR c.closed_at IS NULL)";

    internal static readonly Sql ByType = new(
        "SELECT c.type AS k, NULL AS label, " + Counts + " FROM cases c WHERE " + Window + " GROUP BY c.type");

    internal static readonly Sql ByLocality = new(
        "SELECT c.locality_code AS k, MAX(u.name) AS label, " + Counts +
        " FROM cases c LEFT JOIN admin_units u ON u.code = c.locality_code WHERE " + Window + " GROUP BY c.locality_code");

    internal static readonly Sql BySeverity = new(
        "SELECT c.severity AS k, NULL AS label, " + Counts + " FROM cases c WHERE c.severity IS NOT NULL AND " + Window + " GROUP BY c.severity");

    /// <summary>The names of a JSON array of unit codes (the situation reports' localities).</summary>
    internal static readonly Sql UnitNames = new(
        "SELECT code, name FROM admin_units WHERE code IN (SELECT value FROM json_each(@codes))",
        "SELECT code, name FROM admin_units WHERE code IN (SELECT value FROM OPENJSON(@codes))");

    private sealed class UnitRow
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
    }

    /// <summary>Unit name by code, for these codes (a code with no unit is left out).</summary>
    public async Task<IReadOnlyDictionary<string, string>> UnitNamesAsync(IReadOnlyCollection<string> codes, CancellationToken ct = default)
    {
        if (codes.Count == 0) return new Dictionary<string, string>();
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<UnitRow>(new CommandDefinition(db[UnitNames],
            new { codes = System.Text.Json.JsonSerializer.Serialize(codes) }, cancellationToken: ct));
        return rows.ToDictionary(r => r.Code.Trim(), r => r.Name, StringComparer.Ordinal);
    }

    private sealed class Row
    {
        public string K { get; set; } = "";
        public string? Label { get; set; }
        public long ReceivedToday { get; set; }
        public long ResolvedToday { get; set; }
        public long Received { get; set; }
        public long Resolved { get; set; }
        public long OpenNow { get; set; }
    }

    /// <summary>The three groupings, read on one connection.</summary>
    public async Task<(IReadOnlyList<ScreenCount> Types, IReadOnlyList<ScreenCount> Localities, IReadOnlyList<ScreenCount> Severities)> CountAsync(
        DateTimeOffset today, DateTimeOffset since, CancellationToken ct = default)
    {
        var args = new { today = Instants.Ms(today), since = Instants.Ms(since), low = Math.Min(Instants.Ms(today), Instants.Ms(since)) };
        await using var c = await db.OpenAsync(ct);
        async Task<IReadOnlyList<ScreenCount>> Read(Sql sql) =>
            [.. (await c.QueryAsync<Row>(new CommandDefinition(db[sql], args, cancellationToken: ct)))
                .Select(r => new ScreenCount(r.K.Trim(), r.Label, r.ReceivedToday, r.ResolvedToday, r.Received, r.Resolved, r.OpenNow))];
        return (await Read(ByType), await Read(ByLocality), await Read(BySeverity));
    }
}
