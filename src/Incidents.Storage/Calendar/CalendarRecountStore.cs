using Dapper;

namespace Incidents.Storage.Calendar;

/// <summary>A recount after a calendar change: Queued cases listed up front, Done of them recounted, Moved of those
/// whose deadlines changed; FinishedAt once every listed case is done.</summary>
public sealed record CalendarRecount(long Id, string Cause, string Actor, DateTimeOffset RequestedAt, int Queued, int Done, int Moved,
    DateTimeOffset? FinishedAt);

/// <summary>
/// The recounts' progress in the database, the source of truth: the background job only works through the cases listed
/// here, so a restart loses nothing (whoever runs next picks up the cases not done).
/// </summary>
public sealed class CalendarRecountStore(Database db)
{
    internal static readonly Sql Insert = new(
        "INSERT INTO calendar_recounts (cause, actor, requested_at, queued, done, moved) VALUES (@cause, @actor, @at, @queued, 0, 0) RETURNING id",
        "INSERT INTO calendar_recounts (cause, actor, requested_at, queued, done, moved) OUTPUT INSERTED.id VALUES (@cause, @actor, @at, @queued, 0, 0)");

    internal static readonly Sql InsertCase = new(
        "INSERT INTO calendar_recount_cases (recount_id, case_number, done) VALUES (@id, @number, 0)");

    private const string Columns = "id, cause, actor, requested_at, queued, done, moved, finished_at";

    internal static readonly Sql ById = new($"SELECT {Columns} FROM calendar_recounts WHERE id = @id");

    internal static readonly Sql Latest = new(
        $"SELECT {Columns} FROM calendar_recounts ORDER BY id DESC LIMIT @n",
        $"SELECT TOP (@n) {Columns} FROM calendar_recounts ORDER BY id DESC");

    internal static readonly Sql Unfinished = new("SELECT id FROM calendar_recounts WHERE finished_at IS NULL ORDER BY id");

    internal static readonly Sql Pending = new(
        "SELECT case_number FROM calendar_recount_cases WHERE recount_id = @id AND done = 0 ORDER BY case_number");

    internal static readonly Sql MarkCase = new(
        "UPDATE calendar_recount_cases SET done = 1 WHERE recount_id = @id AND case_number = @number AND done = 0");

    internal static readonly Sql Count = new(
        "UPDATE calendar_recounts SET done = done + 1, moved = moved + @moved WHERE id = @id");

    internal static readonly Sql Finish = new(
        """
        UPDATE calendar_recounts SET finished_at = @at WHERE id = @id AND finished_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM calendar_recount_cases WHERE recount_id = @id AND done = 0)
        """);

    private sealed class Row
    {
        public long Id { get; set; }
        public string Cause { get; set; } = "";
        public string Actor { get; set; } = "";
        public long RequestedAt { get; set; }
        public int Queued { get; set; }
        public int Done { get; set; }
        public int Moved { get; set; }
        public long? FinishedAt { get; set; }
        public CalendarRecount ToRecord() => new(Id, Cause, Actor, Instants.At(RequestedAt), Queued, Done, Moved, Instants.At(FinishedAt));
    }

    /// <summary>Lists the cases to recount in one transaction; a recount with no case is finished at once.</summary>
    public async Task<CalendarRecount> QueueAsync(string cause, string actor, DateTimeOffset at, IReadOnlyCollection<string> caseNumbers,
        CancellationToken ct = default)
    {
        var numbers = caseNumbers.Distinct(StringComparer.Ordinal).ToList();
        long id;
        await using (var w = await db.BeginWriteAsync(ct))
        {
            id = await w.Connection.ExecuteScalarAsync<long>(new CommandDefinition(db[Insert],
                new { cause, actor, at = Instants.Ms(at), queued = numbers.Count }, w.Transaction, cancellationToken: ct));
            foreach (var number in numbers)
                await w.Connection.ExecuteAsync(new CommandDefinition(db[InsertCase], new { id, number }, w.Transaction, cancellationToken: ct));
            await w.Connection.ExecuteAsync(new CommandDefinition(db[Finish], new { id, at = Instants.Ms(at) }, w.Transaction, cancellationToken: ct));
            await w.CommitAsync(ct);
        }
        return (await GetAsync(id, ct))!;
    }

    public async Task<CalendarRecount?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(db[ById], new { id }, cancellationToken: ct)))?.ToRecord();
    }

    /// <summary>The latest recounts, newest first.</summary>
    public async Task<IReadOnlyList<CalendarRecount>> LatestAsync(int n = 5, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[Latest], new { n }, cancellationToken: ct))).Select(r => r.ToRecord()).ToList();
    }

    public async Task<IReadOnlyList<long>> UnfinishedAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<long>(new CommandDefinition(db[Unfinished], cancellationToken: ct))).ToList();
    }

    public async Task<IReadOnlyList<string>> PendingAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition(db[Pending], new { id }, cancellationToken: ct))).Select(n => n.Trim()).ToList();
    }

    /// <summary>Marks one case done and counts it once, even when two runners reach it.</summary>
    public Task MarkDoneAsync(long id, string number, bool moved, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            if (await c.ExecuteAsync(new CommandDefinition(db[MarkCase], new { id, number }, tx, cancellationToken: ct)) == 1)
                await c.ExecuteAsync(new CommandDefinition(db[Count], new { id, moved = moved ? 1 : 0 }, tx, cancellationToken: ct));
            return 0;
        }, ct);

    /// <summary>Sets FinishedAt when no listed case is left.</summary>
    public Task FinishAsync(long id, DateTimeOffset at, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Finish], new { id, at = Instants.Ms(at) }, tx, cancellationToken: ct)), ct);
}
