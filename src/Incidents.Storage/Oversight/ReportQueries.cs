using Dapper;
using Incidents.Core.Cases;
using Incidents.Storage.Cases;

namespace Incidents.Storage.Oversight;

/// <summary>
/// A period's instants [From, To), now, and the end of today (Vietnam day) for "due today". The figures are:
/// received (received_at in the period), open (not closed, now), overdue (open, next deadline before now), due today (open,
/// next deadline from now to the end of today), resolved (closed_at in the period) and resolved on time (see ReportQueries).
/// </summary>
public sealed record ReportWindow(DateTimeOffset From, DateTimeOffset To, DateTimeOffset Now, DateTimeOffset DayEnd);

/// <summary>The figures of one row of a split (a type, a locality, a handler) within a team; Key null: none (no handler).</summary>
public sealed record FigureRow(string Team, string? Key, string? Label, long Received, long Open, long Overdue, long DueToday, long Resolved, long ResolvedOnTime);

/// <summary>A case closed in the period, for the median: where it sits in each split and how long it took.</summary>
public sealed record ResolvedCase(string Team, string Type, string Locality, string? Handler, DateTimeOffset ReceivedAt, DateTimeOffset ClosedAt);

/// <summary>One cell of the periodic report: a type in a locality.</summary>
public sealed record PeriodicRow(string Type, string Locality, string? LocalityName, long Received, long Resolved, long ResolvedOnTime);

public enum ReportSplit { Team, Type, Locality, Handler }

/// <summary>
/// Leadership's figures, counted by the database, one grouped statement per split (the headline is the sum of the team
/// split). "Resolved on time": closed in the period, and the case's resolution limit was met at or before its due instant
/// (extensions and suspensions are in that instant). The resolution limit is the deadline met last: the final state
/// meets it at the closing instant (WorkflowRuntime), or an earlier state did (a petition's processing limit is met when it
/// is taken up); of deadlines met at one instant, the one due last (an incident acknowledged and resolved at once is
/// judged by its resolve limit). A case closed with no deadline met (withdrawn before any) counts as on time.
/// </summary>
public sealed class ReportQueries(Database db)
{
    /// <summary>Cases whose resolution limit (the deadline met last; of those met at one instant, the one due last) was met after it fell due.</summary>
    private const string Late = """
        LEFT JOIN (SELECT d.case_id FROM deadlines d
            WHERE d.status = 'met' AND d.met_at > d.due_at
              AND d.met_at = (SELECT MAX(m.met_at) FROM deadlines m WHERE m.case_id = d.case_id AND m.status = 'met')
              AND d.due_at = (SELECT MAX(m.due_at) FROM deadlines m WHERE m.case_id = d.case_id AND m.status = 'met' AND m.met_at = d.met_at)
            GROUP BY d.case_id) late ON late.case_id = c.id
        """;

    // Every split is also by team: a row opens its team's queue (complaints or security).
    private static Sql Figures(string key, string label, string join) => new($"""
        SELECT c.team AS team, {key} AS k, {label} AS label,
            SUM(CASE WHEN c.received_at >= @from AND c.received_at < @to THEN 1 ELSE 0 END) AS received,
            SUM(CASE WHEN c.closed_at IS NULL THEN 1 ELSE 0 END) AS open_now,
            SUM(CASE WHEN c.closed_at IS NULL AND c.next_due_at < @now THEN 1 ELSE 0 END) AS overdue,
            SUM(CASE WHEN c.closed_at IS NULL AND c.next_due_at >= @now AND c.next_due_at < @dayEnd THEN 1 ELSE 0 END) AS due_today,
            SUM(CASE WHEN c.closed_at >= @from AND c.closed_at < @to THEN 1 ELSE 0 END) AS resolved,
            SUM(CASE WHEN c.closed_at >= @from AND c.closed_at < @to AND late.case_id IS NULL THEN 1 ELSE 0 END) AS on_time
        FROM cases c {join}
        {Late}
        WHERE c.closed_at IS NULL OR c.closed_at >= @from OR c.received_at >= @from
        GROUP BY c.team{(key == "c.team" ? "" : ", " + key)}
        """);

    internal static readonly Sql ByTeam = Figures("c.team", "NULL", "");
    internal static readonly Sql ByType = Figures("c.type", "NULL", "");
    internal static readonly Sql ByLocality = Figures("c.locality_code", "MAX(u.name)", "LEFT JOIN admin_units u ON u.code = c.locality_code");
    internal static readonly Sql ByHandler = Figures("a.login", "MAX(a.display_name)", "LEFT JOIN users a ON a.id = c.assignee_id");

    internal static readonly Sql ResolvedIn = new("""
        SELECT c.team, c.type, c.locality_code, a.login AS handler, c.received_at, c.closed_at
        FROM cases c LEFT JOIN users a ON a.id = c.assignee_id
        WHERE c.closed_at >= @from AND c.closed_at < @to
        """);

    /// <summary>Open critical and high cases (security incidents carry a severity), most severe then nearest deadline.</summary>
    internal static readonly Sql CriticalOpen = new(
        CaseRows.Select + """
         WHERE c.closed_at IS NULL AND c.severity IN ('critical', 'high')
        ORDER BY CASE c.severity WHEN 'critical' THEN 0 ELSE 1 END, c.due_key, c.id LIMIT @take
        """,
        CaseRows.Select + """
         WHERE c.closed_at IS NULL AND c.severity IN ('critical', 'high')
        ORDER BY CASE c.severity WHEN 'critical' THEN 0 ELSE 1 END, c.due_key, c.id OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY
        """);

    internal static readonly Sql Periodic = new($"""
        SELECT c.type AS type, c.locality_code AS locality, MAX(u.name) AS locality_name,
            SUM(CASE WHEN c.received_at >= @from AND c.received_at < @to THEN 1 ELSE 0 END) AS received,
            SUM(CASE WHEN c.closed_at >= @from AND c.closed_at < @to THEN 1 ELSE 0 END) AS resolved,
            SUM(CASE WHEN c.closed_at >= @from AND c.closed_at < @to AND late.case_id IS NULL THEN 1 ELSE 0 END) AS on_time
        FROM cases c LEFT JOIN admin_units u ON u.code = c.locality_code
        {Late}
        WHERE (c.received_at >= @from AND c.received_at < @to) OR (c.closed_at >= @from AND c.closed_at < @to)
        GROUP BY c.type, c.locality_code
        ORDER BY c.type, c.locality_code
        """);

    private sealed class FigureData
    {
        public string Team { get; set; } = "";
        public string? K { get; set; }
        public string? Label { get; set; }
        public long Received { get; set; }
        public long OpenNow { get; set; }
        public long Overdue { get; set; }
        public long DueToday { get; set; }
        public long Resolved { get; set; }
        public long OnTime { get; set; }
    }

    private sealed class ResolvedData
    {
        public string Team { get; set; } = "";
        public string Type { get; set; } = "";
        public string LocalityCode { get; set; } = "";
        public string? Handler { get; set; }
        public long ReceivedAt { get; set; }
        public long ClosedAt { get; set; }
    }

    private sealed class PeriodicData
    {
        public string Type { get; set; } = "";
        public string Locality { get; set; } = "";
        public string? LocalityName { get; set; }
        public long Received { get; set; }
        public long Resolved { get; set; }
        public long OnTime { get; set; }
    }

    private static object Args(ReportWindow w) => new
    {
        from = Instants.Ms(w.From), to = Instants.Ms(w.To), now = Instants.Ms(w.Now), dayEnd = Instants.Ms(w.DayEnd),
    };

    public async Task<IReadOnlyList<FigureRow>> SplitAsync(ReportSplit split, ReportWindow w, CancellationToken ct = default)
    {
        var sql = split switch { ReportSplit.Team => ByTeam, ReportSplit.Type => ByType, ReportSplit.Locality => ByLocality, _ => ByHandler };
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<FigureData>(new CommandDefinition(db[sql], Args(w), cancellationToken: ct)))
            .Select(r => new FigureRow(r.Team.Trim(), r.K?.Trim(), r.Label, r.Received, r.OpenNow, r.Overdue, r.DueToday, r.Resolved, r.OnTime))
            .ToList();
    }

    public async Task<IReadOnlyList<ResolvedCase>> ResolvedAsync(ReportWindow w, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<ResolvedData>(new CommandDefinition(db[ResolvedIn], Args(w), cancellationToken: ct)))
            .Select(r => new ResolvedCase(r.Team.Trim(), r.Type.Trim(), r.LocalityCode.Trim(), r.Handler?.Trim(),
                DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedAt), DateTimeOffset.FromUnixTimeMilliseconds(r.ClosedAt)))
            .ToList();
    }

    public async Task<IReadOnlyList<CaseRecord>> CriticalOpenAsync(int take, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<CaseRows.Row>(new CommandDefinition(db[CriticalOpen], new { take }, cancellationToken: ct)))
            .Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<PeriodicRow>> PeriodicAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<PeriodicData>(new CommandDefinition(db[Periodic], new { from = Instants.Ms(from), to = Instants.Ms(to) }, cancellationToken: ct)))
            .Select(r => new PeriodicRow(r.Type.Trim(), r.Locality.Trim(), r.LocalityName, r.Received, r.Resolved, r.OnTime))
            .ToList();
    }
}
