using System.Data.Common;
using System.Text.Json;
using Dapper;
using Incidents.Core.Cases;

namespace Incidents.Storage.Cases;

/// <summary>A history line to append: the store stamps the case id.</summary>
public sealed record NewCaseEvent(DateTimeOffset At, string? Actor, string Kind, string? Action = null, string? FromState = null,
    string? ToState = null, IReadOnlyDictionary<string, string>? Data = null);

/// <summary>The case columns every reader selects, and the row they map to.</summary>
internal static class CaseRows
{
    public const string Select = Columns + " FROM cases c " + Joins;

    /// <summary>Select without its FROM: the queue's search puts the FTS5 index before cases (CaseQueries.Compose).</summary>
    public const string Columns = """
        SELECT c.id, c.number, c.type, c.team, c.workflow_version, c.state, c.title, c.description, c.locality_code, c.channel,
            c.received_at, c.created_at, c.severity, c.assignee_id, u.login AS assignee_login, c.confidential, c.inputs_json,
            c.next_due_at, c.closed_at, c.row_version, c.unread_correspondence, c.place, c.register_number, c.register_year,
            mp.number AS merged_into
        """;
    public const string Joins = "LEFT JOIN users u ON u.id = c.assignee_id LEFT JOIN cases mp ON mp.id = c.merged_into_id";

    internal static readonly Sql InsertEvent = new("""
        INSERT INTO case_events (case_id, at, actor, kind, action, from_state, to_state, data_json)
        VALUES (@caseId, @at, @actor, @kind, @action, @fromState, @toState, @data)
        """);

    internal static readonly Sql SelectEvents = new("""
        SELECT id, case_id, at, actor, kind, action, from_state, to_state, data_json
        FROM case_events WHERE case_id = @caseId OR case_id IN (SELECT m.id FROM cases m WHERE m.merged_into_id = @caseId) ORDER BY id
        """);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed class Row
    {
        public long Id { get; set; }
        public string Number { get; set; } = "";
        public string Type { get; set; } = "";
        public string Team { get; set; } = "";
        public int WorkflowVersion { get; set; }
        public string State { get; set; } = "";
        public string Title { get; set; } = "";
        public string? Description { get; set; }
        public string LocalityCode { get; set; } = "";
        public string Channel { get; set; } = "";
        public long ReceivedAt { get; set; }
        public long CreatedAt { get; set; }
        public string? Severity { get; set; }
        public long? AssigneeId { get; set; }
        public string? AssigneeLogin { get; set; }
        public bool Confidential { get; set; }
        public string InputsJson { get; set; } = "{}";
        public long? NextDueAt { get; set; }
        public long? ClosedAt { get; set; }
        public int RowVersion { get; set; }
        public int UnreadCorrespondence { get; set; }
        public string? Place { get; set; }
        public long? RegisterNumber { get; set; }
        public int? RegisterYear { get; set; }
        public string? MergedInto { get; set; }

        public CaseRecord ToRecord() => new()
        {
            Id = Id, Number = Number, Type = Type, WorkflowVersion = WorkflowVersion, State = State, Title = Title,
            Description = Description, LocalityCode = LocalityCode, Channel = Enum.Parse<Channel>(Channel, ignoreCase: true),
            ReceivedAt = Instants.At(ReceivedAt), CreatedAt = Instants.At(CreatedAt), Severity = Severity, AssigneeId = AssigneeId,
            AssigneeLogin = AssigneeLogin,
            Inputs = JsonSerializer.Deserialize<Dictionary<string, string>>(InputsJson, Json) ?? new Dictionary<string, string>(),
            NextDueAt = Instants.At(NextDueAt), ClosedAt = Instants.At(ClosedAt), RowVersion = RowVersion,
            UnreadCorrespondence = UnreadCorrespondence, Place = Place, RegisterNumber = RegisterNumber, RegisterYear = RegisterYear,
            MergedInto = MergedInto,
        };
    }

    public static Task AppendEventAsync(DbConnection c, DbTransaction tx, Database db, long caseId, NewCaseEvent e, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(db[InsertEvent], new
        {
            caseId, at = Instants.Ms(e.At), actor = e.Actor, kind = e.Kind, action = e.Action, fromState = e.FromState, toState = e.ToState,
            data = JsonSerializer.Serialize(e.Data ?? new Dictionary<string, string>(), Json),
        }, tx, cancellationToken: ct));

    private sealed class EventRow
    {
        public long Id { get; set; }
        public long CaseId { get; set; }
        public long At { get; set; }
        public string? Actor { get; set; }
        public string Kind { get; set; } = "";
        public string? Action { get; set; }
        public string? FromState { get; set; }
        public string? ToState { get; set; }
        public string DataJson { get; set; } = "{}";
    }

    public static async Task<IReadOnlyList<CaseEvent>> ReadEventsAsync(DbConnection c, Database db, long caseId, CancellationToken ct) =>
        (await c.QueryAsync<EventRow>(new CommandDefinition(db[SelectEvents], new { caseId }, cancellationToken: ct)))
        .Select(r => new CaseEvent(r.Id, r.CaseId, Instants.At(r.At), r.Actor, r.Kind, r.Action, r.FromState, r.ToState,
            JsonSerializer.Deserialize<Dictionary<string, string>>(r.DataJson, Json) ?? new Dictionary<string, string>()))
        .ToList();

    /// <summary>
    /// The folded text the search matches: number, register number, title, description and, unless confidential, the
    /// reporter's name, address, phone (national digits, so "0912345678" finds "+84 912 345 678"), email and ID-card number.
    /// A denouncer's details are in none of it, so no search by anyone finds them.
    /// </summary>
    public static string SearchText(string number, string title, string? description, Reporter reporter, bool confidential, long? register = null)
    {
        string?[] parts = [number, register?.ToString(System.Globalization.CultureInfo.InvariantCulture), title, description];
        if (!confidential)
            parts = [.. parts, reporter.Name, reporter.Address, Core.Duplicates.MatchKeys.Phone(reporter.Phone), reporter.Email, reporter.IdNumber];
        return CaseText.Fold(string.Join(' ', parts.Where(s => s is not null)));
    }
}

/// <summary>Appends audit or history lines outside a state change (identity viewed, comment, ...).</summary>
public sealed class CaseEventStore(Database db)
{
    public async Task AppendAsync(long caseId, NewCaseEvent e, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        await CaseRows.AppendEventAsync(c, tx, db, caseId, e, ct);
        await w.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<CaseEvent>> ListAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await CaseRows.ReadEventsAsync(c, db, caseId, ct);
    }
}
