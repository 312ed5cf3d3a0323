using Dapper;
using Incidents.Core.Cases;
using Incidents.Storage.Cases;

namespace Incidents.Storage.Desk;

/// <summary>My open cases: how many, how many overdue now, how many due later today (Vietnam's day, given by the caller).</summary>
public sealed record DeskCounts(long Open, long Overdue, long DueToday);

/// <summary>
/// The reads of a handler's desk ("Việc của tôi", issue #12): their open cases, soonest deadline first, with the counts
/// computed by the database, and their cases with correspondence they have not opened.
/// </summary>
public sealed class DeskQueries(Database db)
{
    public const int MaxRows = 200;

    internal static readonly Sql Mine = new(
        CaseRows.Select + " WHERE c.assignee_id = @me AND c.closed_at IS NULL ORDER BY c.due_key, c.id LIMIT @take",
        CaseRows.Select + " WHERE c.assignee_id = @me AND c.closed_at IS NULL ORDER BY c.due_key, c.id OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY");

    /// <summary>Overdue: the next deadline has passed; due today: it falls from now to the end of today (@dayEnd, 24:00 in
    /// Vietnam), that end included: a day-counted limit falls due at the close of its last day, the instant of 00:00 next day.</summary>
    internal static readonly Sql Counts = new("""
        SELECT COUNT(*) AS open_count,
            COALESCE(SUM(CASE WHEN next_due_at < @now THEN 1 ELSE 0 END), 0) AS overdue,
            COALESCE(SUM(CASE WHEN next_due_at >= @now AND next_due_at <= @dayEnd THEN 1 ELSE 0 END), 0) AS due_today
        FROM cases WHERE assignee_id = @me AND closed_at IS NULL
        """);

    internal static readonly Sql NewMail = new(
        CaseRows.Select + " WHERE c.assignee_id = @me AND c.closed_at IS NULL AND c.unread_correspondence > 0 ORDER BY c.due_key, c.id LIMIT @take",
        CaseRows.Select + " WHERE c.assignee_id = @me AND c.closed_at IS NULL AND c.unread_correspondence > 0 ORDER BY c.due_key, c.id OFFSET 0 ROWS FETCH NEXT @take ROWS ONLY");

    private sealed class CountRow
    {
        public long OpenCount { get; set; }
        public long Overdue { get; set; }
        public long DueToday { get; set; }
    }

    /// <summary>The user's open cases, soonest deadline first (none last), at most MaxRows.</summary>
    public async Task<IReadOnlyList<CaseRecord>> MineAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<CaseRows.Row>(new CommandDefinition(db[Mine], new { me = userId, take = MaxRows }, cancellationToken: ct))).Select(r => r.ToRecord())];
    }

    /// <param name="dayEnd">The end of the reader's business day (BusinessCalendar.EndOfDay of today in Vietnam).</param>
    public async Task<DeskCounts> CountsAsync(long userId, DateTimeOffset now, DateTimeOffset dayEnd, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var r = await c.QuerySingleAsync<CountRow>(new CommandDefinition(db[Counts],
            new { me = userId, now = Instants.Ms(now), dayEnd = Instants.Ms(dayEnd) }, cancellationToken: ct));
        return new(r.OpenCount, r.Overdue, r.DueToday);
    }

    /// <summary>The user's open cases with correspondence they have not opened yet.</summary>
    public async Task<IReadOnlyList<CaseRecord>> NewCorrespondenceAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<CaseRows.Row>(new CommandDefinition(db[NewMail], new { me = userId, take = MaxRows }, cancellationToken: ct))).Select(r => r.ToRecord())];
    }
}
