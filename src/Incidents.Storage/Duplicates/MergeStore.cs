using Dapper;
using Incidents.Storage.Cases;

namespace Incidents.Storage.Duplicates;

public enum MergeStatus { Merged, Unmerged, NotOpen, PrimaryMerged, HasDuplicates, NotMerged }

/// <summary>A standing merge seen from its primary: the duplicate's number, who merged it, when and why.</summary>
public sealed record MergedDuplicate(long CaseId, string Number, string MergedBy, DateTimeOffset MergedAt, string Reason);

/// <summary>
/// Merging a duplicate into its primary and undoing it (0017). One transaction each: the duplicate closes (closed_at,
/// merged_into_id) and drops out of the queue order (due_key), its pending deadline steps are held as 'merged' (the sweep
/// fires only 'pending': the database, not a job, stops its deadlines) and its running deadlines cancelled, a case_merges row keeps what the undo restores,
/// and both histories say so. Nothing is copied: the primary reads the duplicate's thread, letters and history by query.
/// </summary>
public sealed class MergeStore(Database db)
{
    internal static readonly Sql Prior = new("SELECT next_due_at, due_key FROM cases WHERE id = @dupId");

    internal static readonly Sql Close = new("""
        UPDATE cases SET merged_into_id = @primaryId, closed_at = @at, next_due_at = NULL, due_key = @noDue, row_version = row_version + 1
        WHERE id = @dupId AND merged_into_id IS NULL AND closed_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM cases d WHERE d.merged_into_id = @dupId)
            AND EXISTS (SELECT 1 FROM cases p WHERE p.id = @primaryId AND p.merged_into_id IS NULL AND p.id <> @dupId)
        """);

    internal static readonly Sql Why = new("""
        SELECT CASE WHEN c.merged_into_id IS NOT NULL OR c.closed_at IS NOT NULL THEN 'not-open'
            WHEN EXISTS (SELECT 1 FROM cases d WHERE d.merged_into_id = c.id) THEN 'has-duplicates'
            ELSE 'primary-merged' END
        FROM cases c WHERE c.id = @dupId
        """);

    internal static readonly Sql InsertMerge = new("""
        INSERT INTO case_merges (duplicate_id, primary_id, merged_by, merged_at, reason, prior_next_due_at, prior_due_key, held_deadlines)
        VALUES (@dupId, @primaryId, @by, @at, @reason, @priorNext, @priorKey, @held)
        """);

    internal static readonly Sql RunningDeadlines = new("SELECT deadline_key FROM deadlines WHERE case_id = @dupId AND status = 'running'");

    // Cancelled, a status every reader knows (the digest and the figures count running ones only); the undo restores them by key.
    internal static readonly Sql HoldDeadlines = new("UPDATE deadlines SET status = 'cancelled' WHERE case_id = @dupId AND status = 'running'");

    internal static readonly Sql ReleaseDeadline = new(
        "UPDATE deadlines SET status = 'running' WHERE case_id = @dupId AND deadline_key = @key AND status = 'cancelled'");

    internal static readonly Sql HoldSteps = new(
        "UPDATE deadline_steps SET status = 'merged' WHERE case_id = @dupId AND status = 'pending'");

    internal static readonly Sql OpenMerge = new(
        "SELECT id, primary_id, reason, prior_next_due_at, prior_due_key, held_deadlines FROM case_merges WHERE duplicate_id = @dupId AND undone_at IS NULL");

    internal static readonly Sql Undo = new(
        "UPDATE case_merges SET undone_by = @by, undone_at = @at WHERE id = @id AND undone_at IS NULL");

    internal static readonly Sql Reopen = new("""
        UPDATE cases SET merged_into_id = NULL, closed_at = NULL, next_due_at = @priorNext, due_key = @priorKey, row_version = row_version + 1
        WHERE id = @dupId AND merged_into_id = @primaryId
        """);

    internal static readonly Sql ReleaseSteps = new(
        "UPDATE deadline_steps SET status = 'pending' WHERE case_id = @dupId AND status = 'merged'");

    internal static readonly Sql NumberOf = new("SELECT number FROM cases WHERE id = @id");

    internal static readonly Sql MergedInto = new("""
        SELECT d.id AS case_id, d.number, m.merged_by, m.merged_at, m.reason
        FROM case_merges m JOIN cases d ON d.id = m.duplicate_id
        WHERE m.primary_id = @primaryId AND m.undone_at IS NULL ORDER BY m.id
        """);

    /// <summary>Merges; NotOpen (closed or already merged), HasDuplicates (itself a primary), PrimaryMerged: nothing written.</summary>
    public async Task<MergeStatus> MergeAsync(long dupId, long primaryId, string by, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        var prior = await c.QuerySingleAsync<PriorRow>(new CommandDefinition(db[Prior], new { dupId }, tx, cancellationToken: ct));
        var ms = Instants.Ms(at);
        var running = (await c.QueryAsync<string>(new CommandDefinition(db[RunningDeadlines], new { dupId }, tx, cancellationToken: ct))).ToList();
        if (await c.ExecuteAsync(new CommandDefinition(db[Close], new { dupId, primaryId, at = ms, noDue = Instants.NoDue }, tx, cancellationToken: ct)) == 0)
        {
            var why = await c.ExecuteScalarAsync<string>(new CommandDefinition(db[Why], new { dupId }, tx, cancellationToken: ct));
            await tx.RollbackAsync(ct);
            return why switch { "not-open" => MergeStatus.NotOpen, "has-duplicates" => MergeStatus.HasDuplicates, _ => MergeStatus.PrimaryMerged };
        }
        await c.ExecuteAsync(new CommandDefinition(db[InsertMerge], new
        {
            dupId, primaryId, by, at = ms, reason, priorNext = prior.NextDueAt, priorKey = prior.DueKey, held = System.Text.Json.JsonSerializer.Serialize(running),
        }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(db[HoldSteps], new { dupId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(db[HoldDeadlines], new { dupId }, tx, cancellationToken: ct));
        var (dupNumber, primaryNumber) = (await NumberAsync(c, tx, dupId, ct), await NumberAsync(c, tx, primaryId, ct));
        await CaseRows.AppendEventAsync(c, tx, db, dupId, new NewCaseEvent(at, by, "merged-into",
            Data: new Dictionary<string, string> { ["number"] = primaryNumber, ["reason"] = reason }), ct);
        await CaseRows.AppendEventAsync(c, tx, db, primaryId, new NewCaseEvent(at, by, "merged-from",
            Data: new Dictionary<string, string> { ["number"] = dupNumber, ["reason"] = reason }), ct);
        await w.CommitAsync(ct);
        return MergeStatus.Merged;
    }

    /// <summary>Undoes the standing merge of this duplicate: it reopens with its deadlines as they were; NotMerged when none stands.</summary>
    public async Task<MergeStatus> UnmergeAsync(long dupId, string by, string? reason, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        var m = await c.QuerySingleOrDefaultAsync<MergeRow>(new CommandDefinition(db[OpenMerge], new { dupId }, tx, cancellationToken: ct));
        if (m is null) { await tx.RollbackAsync(ct); return MergeStatus.NotMerged; }
        var ms = Instants.Ms(at);
        await c.ExecuteAsync(new CommandDefinition(db[Undo], new { id = m.Id, by, at = ms }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(db[Reopen], new { dupId, primaryId = m.PrimaryId, priorNext = m.PriorNextDueAt, priorKey = m.PriorDueKey },
            tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(db[ReleaseSteps], new { dupId }, tx, cancellationToken: ct));
        foreach (var key in System.Text.Json.JsonSerializer.Deserialize<List<string>>(m.HeldDeadlines ?? "[]") ?? [])
            await c.ExecuteAsync(new CommandDefinition(db[ReleaseDeadline], new { dupId, key }, tx, cancellationToken: ct));
        var (dupNumber, primaryNumber) = (await NumberAsync(c, tx, dupId, ct), await NumberAsync(c, tx, m.PrimaryId, ct));
        Dictionary<string, string> Data(string number) => reason is null
            ? new() { ["number"] = number } : new() { ["number"] = number, ["reason"] = reason };
        await CaseRows.AppendEventAsync(c, tx, db, dupId, new NewCaseEvent(at, by, "unmerged", Data: Data(primaryNumber)), ct);
        await CaseRows.AppendEventAsync(c, tx, db, m.PrimaryId, new NewCaseEvent(at, by, "unmerged", Data: Data(dupNumber)), ct);
        await w.CommitAsync(ct);
        return MergeStatus.Unmerged;
    }

    /// <summary>The duplicates standing merged into this case, oldest merge first.</summary>
    public async Task<IReadOnlyList<MergedDuplicate>> MergedIntoAsync(long primaryId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<ListRow>(new CommandDefinition(db[MergedInto], new { primaryId }, cancellationToken: ct)))
            .Select(r => new MergedDuplicate(r.CaseId, r.Number, r.MergedBy, Instants.At(r.MergedAt), r.Reason))];
    }

    private async Task<string> NumberAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long id, CancellationToken ct) =>
        await c.ExecuteScalarAsync<string>(new CommandDefinition(db[NumberOf], new { id }, tx, cancellationToken: ct)) ?? "";

    private sealed class PriorRow
    {
        public long? NextDueAt { get; set; }
        public long DueKey { get; set; }
    }

    private sealed class MergeRow
    {
        public long Id { get; set; }
        public long PrimaryId { get; set; }
        public string Reason { get; set; } = "";
        public long? PriorNextDueAt { get; set; }
        public long PriorDueKey { get; set; }
        public string? HeldDeadlines { get; set; }
    }

    private sealed class ListRow
    {
        public long CaseId { get; set; }
        public string Number { get; set; } = "";
        public string MergedBy { get; set; } = "";
        public long MergedAt { get; set; }
        public string Reason { get; set; } = "";
    }
}
