using Dapper;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Storage.Cases;
using Incidents.Storage.Deadlines;
using Incidents.Storage.Intake;
using Incidents.Storage.Links;

namespace Incidents.Storage.Handling;

/// <summary>
/// A state change decided by the workflow runtime: new state, the full new set of deadlines, and its history line;
/// Inputs, when set, replaces the case's fields (an action that found the case complex).
/// </summary>
public sealed record CaseUpdate(long CaseId, int RowVersion, string State, IReadOnlyList<DeadlineRecord> Deadlines, NewCaseEvent Event,
    DateTimeOffset? ClosedAt = null, IReadOnlyDictionary<string, string>? Inputs = null)
{
    /// <summary>Further history lines written after Event in the same transaction (one per deadline a calendar edit moved).</summary>
    public IReadOnlyList<NewCaseEvent> MoreEvents { get; init; } = [];

    /// <summary>A user who takes the case with this change if nobody holds it yet (an officer acknowledging an incident).</summary>
    public (long Id, string Login)? TakenBy { get; init; }
}

public enum UpdateStatus { Updated, Conflict, NotFound }

/// <summary>Updated carries the new row version; Conflict means someone else changed the case first and nothing was written.</summary>
public sealed record UpdateOutcome(UpdateStatus Status, int RowVersion);

/// <summary>
/// Changes to existing cases under optimistic concurrency: UPDATE ... WHERE id AND row_version; zero rows means the caller
/// lost a race, and the transaction (history, deadlines) is rolled back.
/// </summary>
public sealed class CaseUpdateStore(Database db)
{
    internal static readonly Sql UpdateState = new("""
        UPDATE cases SET state = @state, next_due_at = @nextDue, due_key = @dueKey, closed_at = @closedAt,
            inputs_json = COALESCE(@inputs, inputs_json), row_version = row_version + 1
        WHERE id = @id AND row_version = @rowVersion
        """);

    internal static readonly Sql UpdateAssignee = new("""
        UPDATE cases SET assignee_id = @assigneeId, is_assigned = @isAssigned, row_version = row_version + 1
        WHERE id = @id AND row_version = @rowVersion
        """);

    // Only an unassigned case: someone else's assignment is left alone.
    internal static readonly Sql TakeIfUnassigned = new("""
        UPDATE cases SET assignee_id = @assigneeId, is_assigned = 1 WHERE id = @id AND assignee_id IS NULL
        """);

    internal static readonly Sql CurrentVersion = new("SELECT row_version FROM cases WHERE id = @id");

    internal static readonly Sql SelectForSecrecy = new("""
        SELECT c.number, c.title, c.description, r.name, r.address, r.phone, r.email
        FROM cases c LEFT JOIN case_reporters r ON r.case_id = c.id WHERE c.id = @id
        """);

    /// <summary>The link kind intake gives the cases of one mixed petition.</summary>
    public const string RelatedKind = "related";

    internal static readonly Sql RelatedCases = new("""
        SELECT linked_case_id FROM case_links WHERE case_id = @id AND kind = @kind
        UNION SELECT case_id FROM case_links WHERE linked_case_id = @id AND kind = @kind
        """);

    internal static readonly Sql MakeCaseConfidential = new("UPDATE cases SET confidential = @confidential, search_text = @search WHERE id = @id");

    internal static readonly Sql MakeReporterConfidential = new("UPDATE case_reporters SET confidential = @confidential WHERE case_id = @id");

    public Task<UpdateOutcome> UpdateAsync(CaseUpdate u, CancellationToken ct = default) =>
        UpdateAsync(u, (_, _, _) => Task.CompletedTask, ct);

    /// <summary>
    /// A state change and whatever must commit with it (an outbox row to leadership) in one transaction under the row
    /// version: of two hosts making the same change, one writes both and the other gets a Conflict and writes nothing.
    /// </summary>
    public async Task<UpdateOutcome> UpdateAsync(CaseUpdate u, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task> alongside,
        CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        if (await ApplyAsync(c, tx, u, ct) is { } miss) return miss;
        await alongside(c, tx, ct);
        await w.CommitAsync(ct);
        return new(UpdateStatus.Updated, u.RowVersion + 1);
    }

    /// <summary>
    /// A state change that opens a follow-on case (a petition reclassified as a complaint or denunciation), all in one
    /// transaction: the update (under the row version), the new case, a link from the old case to the new one, and a
    /// history line on each naming the other. A lost race writes nothing and creates nothing.
    /// </summary>
    public async Task<(UpdateOutcome Outcome, CaseRecord? Opened)> UpdateAndOpenAsync(CaseUpdate u, string fromNumber, NewCase follow, string linkKind,
        CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        if (await ApplyAsync(c, tx, u, ct) is { } miss) return (miss, null);
        var opened = await CaseStore.InsertAsync(c, tx, db, follow, ct);
        // The follow-on case is linked to this one: if its reporter is confidential, so is this one's, and so are those of the
        // cases taken in with it from the same letter ("related"), or the name leaks there.
        if (follow.ConfidentialReporter)
        {
            var siblings = await c.QueryAsync<long>(new CommandDefinition(db[RelatedCases], new { id = u.CaseId, kind = RelatedKind }, tx, cancellationToken: ct));
            foreach (var id in siblings.Prepend(u.CaseId).Distinct()) await MakeConfidentialAsync(c, tx, db, id, ct);
        }
        await c.ExecuteAsync(new CommandDefinition(db[CaseLinkStore.Insert], new
        {
            caseId = u.CaseId, linkedId = opened.Id, kind = linkKind, at = Instants.Ms(u.Event.At), by = u.Event.Actor,
        }, tx, cancellationToken: ct));
        await CaseRows.AppendEventAsync(c, tx, db, u.CaseId, new NewCaseEvent(u.Event.At, u.Event.Actor, "reclassified",
            Data: new Dictionary<string, string> { ["type"] = opened.Type, ["number"] = opened.Number }), ct);
        await CaseRows.AppendEventAsync(c, tx, db, opened.Id, new NewCaseEvent(u.Event.At, u.Event.Actor, "reclassified-from",
            Data: new Dictionary<string, string> { ["number"] = fromNumber }), ct);
        await w.CommitAsync(ct);
        return (new(UpdateStatus.Updated, u.RowVersion + 1), opened);
    }

    /// <summary>Assigns (or, with null, unassigns) the case; writes an "assigned" history line.</summary>
    public Task<UpdateOutcome> AssignAsync(long caseId, int rowVersion, long? assigneeId, string? assigneeLogin, string? actor,
        DateTimeOffset at, CancellationToken ct = default) =>
        AssignAsync(caseId, rowVersion, assigneeId, assigneeLogin, actor, at, (_, _, _) => Task.CompletedTask, ct);

    /// <summary>An assignment and what must commit with it (the assignee's notification) in one transaction.</summary>
    public async Task<UpdateOutcome> AssignAsync(long caseId, int rowVersion, long? assigneeId, string? assigneeLogin, string? actor,
        DateTimeOffset at, Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task> alongside,
        CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        var n = await c.ExecuteAsync(new CommandDefinition(db[UpdateAssignee],
            new { id = caseId, rowVersion, assigneeId, isAssigned = assigneeId is not null }, tx, cancellationToken: ct));
        if (n == 0) return await MissAsync(c, tx, caseId, ct);
        await CaseRows.AppendEventAsync(c, tx, db, caseId, new NewCaseEvent(at, actor, "assigned",
            Data: new Dictionary<string, string> { ["assignee"] = assigneeLogin ?? "" }), ct);
        await alongside(c, tx, ct);
        await w.CommitAsync(ct);
        return new(UpdateStatus.Updated, rowVersion + 1);
    }

    /// <summary>Marks a case's reporter confidential and drops the name from its search text, inside the caller's transaction.</summary>
    internal static async Task MakeConfidentialAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Database db, long id,
        CancellationToken ct)
    {
        var row = await c.QuerySingleAsync<SecrecyRow>(new CommandDefinition(db[SelectForSecrecy], new { id }, tx, cancellationToken: ct));
        var search = CaseRows.SearchText(row.Number, row.Title, row.Description, new Reporter(row.Name, row.Address, row.Phone, row.Email), true);
        await c.ExecuteAsync(new CommandDefinition(db[MakeCaseConfidential], new { id, confidential = true, search }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(db[MakeReporterConfidential], new { id, confidential = true }, tx, cancellationToken: ct));
    }

    private sealed class SecrecyRow
    {
        public string Number { get; set; } = "";
        public string Title { get; set; } = "";
        public string? Description { get; set; }
        public string? Name { get; set; }
        public string? Address { get; set; }
        public string? Phone { get; set; }
        public string? Email { get; set; }
    }

    /// <summary>The state update under the row version, its history line and the new deadlines; on a lost race the
    /// transaction is rolled back and the miss (Conflict or NotFound) returned, otherwise null.</summary>
    private async Task<UpdateOutcome?> ApplyAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, CaseUpdate u,
        CancellationToken ct)
    {
        var next = DeadlineSchedule.NextDue(u.Deadlines);
        var n = await c.ExecuteAsync(new CommandDefinition(db[UpdateState], new
        {
            id = u.CaseId, rowVersion = u.RowVersion, state = u.State, nextDue = Instants.Ms(next), dueKey = Instants.Ms(next) ?? Instants.NoDue,
            closedAt = Instants.Ms(u.ClosedAt),
            inputs = u.Inputs is null ? null : System.Text.Json.JsonSerializer.Serialize(u.Inputs, CaseRows.Json),
        }, tx, cancellationToken: ct));
        if (n == 0) return await MissAsync(c, tx, u.CaseId, ct);
        await CaseRows.AppendEventAsync(c, tx, db, u.CaseId, u.Event, ct);
        foreach (var e in u.MoreEvents) await CaseRows.AppendEventAsync(c, tx, db, u.CaseId, e, ct);
        if (u.TakenBy is { } taker
            && await c.ExecuteAsync(new CommandDefinition(db[TakeIfUnassigned], new { id = u.CaseId, assigneeId = taker.Id }, tx, cancellationToken: ct)) == 1)
            await CaseRows.AppendEventAsync(c, tx, db, u.CaseId, new NewCaseEvent(u.Event.At, u.Event.Actor, "assigned",
                Data: new Dictionary<string, string> { ["assignee"] = taker.Login }), ct);
        await DeadlineRows.ReplaceAsync(c, tx, db, u.CaseId, u.Deadlines, ct);
        return null;
    }

    private async Task<UpdateOutcome> MissAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long id, CancellationToken ct)
    {
        var current = await c.ExecuteScalarAsync<int?>(new CommandDefinition(db[CurrentVersion], new { id }, tx, cancellationToken: ct));
        await tx.RollbackAsync(ct);
        return current is { } v ? new(UpdateStatus.Conflict, v) : new(UpdateStatus.NotFound, 0);
    }
}
