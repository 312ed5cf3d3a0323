using Dapper;

namespace Incidents.Storage.Telemetry;

/// <summary>The figures an operator watches, as the database has them (so every host reports the same).</summary>
public sealed record OperationsFigures(
    IReadOnlyDictionary<string, long> CasesByType,
    long DeadlinesRunning,
    long DeadlinesDueWithinHour,
    long DeadlinesBreached,
    IReadOnlyDictionary<string, long> EscalationsByKind,
    long OutboxBacklog,
    DateTimeOffset? OldestBacklogAt);

public sealed class OperationsQueries(Database db)
{
    internal static readonly Sql CasesByType = new("SELECT type AS item, COUNT(*) AS total FROM cases GROUP BY type");

    // Running only: a paused clock is not running, and a met or cancelled one is over. Breached: running and past due.
    internal static readonly Sql Deadlines = new("""
        SELECT COUNT(*) AS running,
               COALESCE(SUM(CASE WHEN due_at >= @now AND due_at < @hour THEN 1 ELSE 0 END), 0) AS due_within_hour,
               COALESCE(SUM(CASE WHEN due_at < @now THEN 1 ELSE 0 END), 0) AS breached
        FROM deadlines WHERE status = 'running'
        """);

    internal static readonly Sql EscalationsByKind = new("SELECT kind AS item, COUNT(*) AS total FROM escalations GROUP BY kind");

    internal static readonly Sql Backlog = new(
        "SELECT COUNT(*) AS total, MIN(created_at) AS oldest FROM outbox WHERE state IN ('pending', 'sending')");

    public async Task<OperationsFigures> ReadAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var at = new { now = Instants.Ms(now), hour = Instants.Ms(now.AddHours(1)) };
        var cases = await c.QueryAsync<KeyCount>(new CommandDefinition(db[CasesByType], cancellationToken: ct));
        var deadlines = await c.QuerySingleAsync<DeadlineCounts>(new CommandDefinition(db[Deadlines], at, cancellationToken: ct));
        var escalations = await c.QueryAsync<KeyCount>(new CommandDefinition(db[EscalationsByKind], cancellationToken: ct));
        var backlog = await c.QuerySingleAsync<BacklogRow>(new CommandDefinition(db[Backlog], cancellationToken: ct));
        return new OperationsFigures(
            cases.ToDictionary(r => r.Item, r => r.Total, StringComparer.Ordinal),
            deadlines.Running, deadlines.DueWithinHour, deadlines.Breached,
            escalations.ToDictionary(r => r.Item, r => r.Total, StringComparer.Ordinal),
            backlog.Total, backlog.Oldest is { } ms ? Instants.At(ms) : null);
    }

    private sealed class KeyCount
    {
        public string Item { get; init; } = "";
        public long Total { get; init; }
    }

    private sealed class DeadlineCounts
    {
        public long Running { get; init; }
        public long DueWithinHour { get; init; }
        public long Breached { get; init; }
    }

    private sealed class BacklogRow
    {
        public long Total { get; init; }
        public long? Oldest { get; init; }
    }
}
