using Dapper;
using Incidents.Core.Access;

namespace Incidents.Storage.Escalation;

/// <summary>One running deadline of an open case, for the digest (no reporter, no free text).</summary>
public sealed record DigestDeadline(string CaseNumber, string Type, int WorkflowVersion, string State, string LocalityCode,
    string LocalityName, string DeadlineKey, string DeadlineName, DateTimeOffset DueAt);

/// <summary>One escalation recorded since the previous digest.</summary>
public sealed record DigestEscalationRow(string CaseNumber, string DeadlineKey, string DeadlineName, string StepKey, string Kind, DateTimeOffset At);

/// <summary>The reads behind the daily leadership digest. Each list is capped at Limit rows, most urgent (oldest due)
/// first, so one mail stays readable; past the cap the digest shows the first Limit and the queue has the rest.</summary>
public sealed class DigestQueries(Database db)
{
    public const int Limit = 200;

    private const string DeadlineColumns = """
        c.number AS case_number, c.type, c.workflow_version, c.state, c.locality_code, COALESCE(u.name, c.locality_code) AS locality_name,
        d.deadline_key, d.name AS deadline_name, d.due_at
        FROM deadlines d JOIN cases c ON c.id = d.case_id LEFT JOIN admin_units u ON u.code = c.locality_code
        """;

    internal static readonly Sql Overdue = new(
        "SELECT " + DeadlineColumns + " WHERE d.status = 'running' AND d.due_at < @now ORDER BY d.due_at LIMIT @take",
        "SELECT TOP (@take) " + DeadlineColumns + " WHERE d.status = 'running' AND d.due_at < @now ORDER BY d.due_at");

    internal static readonly Sql DueSoon = new(
        "SELECT " + DeadlineColumns + " WHERE d.status = 'running' AND d.due_at >= @now AND d.due_at < @until ORDER BY d.due_at LIMIT @take",
        "SELECT TOP (@take) " + DeadlineColumns + " WHERE d.status = 'running' AND d.due_at >= @now AND d.due_at < @until ORDER BY d.due_at");

    internal static readonly Sql EscalationsSince = new(
        """
        SELECT c.number AS case_number, e.deadline_key, COALESCE(d.name, e.deadline_key) AS deadline_name, e.step_key, e.kind, e.at
        FROM escalations e JOIN cases c ON c.id = e.case_id
            LEFT JOIN deadlines d ON d.case_id = e.case_id AND d.deadline_key = e.deadline_key
        WHERE e.at > @since AND e.at <= @now ORDER BY e.at LIMIT @take
        """,
        """
        SELECT TOP (@take) c.number AS case_number, e.deadline_key, COALESCE(d.name, e.deadline_key) AS deadline_name, e.step_key, e.kind, e.at
        FROM escalations e JOIN cases c ON c.id = e.case_id
            LEFT JOIN deadlines d ON d.case_id = e.case_id AND d.deadline_key = e.deadline_key
        WHERE e.at > @since AND e.at <= @now ORDER BY e.at
        """);

    internal static readonly Sql LeadershipUsers = new(
        "SELECT email, roles FROM users WHERE is_active = 1 AND email IS NOT NULL AND email <> ''");

    public async Task<IReadOnlyList<DigestDeadline>> OverdueAsync(DateTimeOffset now, CancellationToken ct = default) =>
        await DeadlinesAsync(Overdue, now, now, ct);

    public async Task<IReadOnlyList<DigestDeadline>> DueWithinAsync(DateTimeOffset now, TimeSpan window, CancellationToken ct = default) =>
        await DeadlinesAsync(DueSoon, now, now + window, ct);

    public async Task<IReadOnlyList<DigestEscalationRow>> EscalationsAsync(DateTimeOffset since, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<EscRow>(new CommandDefinition(db[EscalationsSince],
            new { since = Instants.Ms(since), now = Instants.Ms(now), take = Limit }, cancellationToken: ct));
        return rows.Select(r => new DigestEscalationRow(r.CaseNumber, r.DeadlineKey, r.DeadlineName, r.StepKey, r.Kind, Instants.At(r.At))).ToList();
    }

    /// <summary>Addresses of active users with the leadership role.</summary>
    public async Task<IReadOnlyList<string>> LeadershipAddressesAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Email, string Roles)>(new CommandDefinition(db[LeadershipUsers], cancellationToken: ct));
        return rows.Where(r => r.Roles.Split(',', StringSplitOptions.TrimEntries).Contains(Roles.Leadership)).Select(r => r.Email).ToList();
    }

    private async Task<IReadOnlyList<DigestDeadline>> DeadlinesAsync(Sql sql, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(db[sql],
            new { now = Instants.Ms(now), until = Instants.Ms(until), take = Limit }, cancellationToken: ct));
        return rows.Select(r => new DigestDeadline(r.CaseNumber, r.Type, r.WorkflowVersion, r.State, r.LocalityCode, r.LocalityName,
            r.DeadlineKey, r.DeadlineName, Instants.At(r.DueAt))).ToList();
    }

    private sealed class Row
    {
        public string CaseNumber { get; set; } = "";
        public string Type { get; set; } = "";
        public int WorkflowVersion { get; set; }
        public string State { get; set; } = "";
        public string LocalityCode { get; set; } = "";
        public string LocalityName { get; set; } = "";
        public string DeadlineKey { get; set; } = "";
        public string DeadlineName { get; set; } = "";
        public long DueAt { get; set; }
    }

    private sealed class EscRow
    {
        public string CaseNumber { get; set; } = "";
        public string DeadlineKey { get; set; } = "";
        public string DeadlineName { get; set; } = "";
        public string StepKey { get; set; } = "";
        public string Kind { get; set; } = "";
        public long At { get; set; }
    }
}
