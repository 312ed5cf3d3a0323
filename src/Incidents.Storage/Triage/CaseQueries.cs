using Dapper;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Storage.Cases;
using Incidents.Storage.Deadlines;
using Incidents.Storage.Localities;

namespace Incidents.Storage.Triage;

/// <summary>
/// Queue filters. Assignee is a login, or "none" for unassigned. Team limits the rows to one team's types (visibility for
/// users outside leadership). Text is matched diacritics-insensitively against number, title, description and open
/// reporter names (word prefixes through an FTS5 index on SQLite: see TextSearch).
/// </summary>
public sealed record CaseFilter
{
    public string? Type { get; init; }
    public string? State { get; init; }
    public string? Locality { get; init; }
    public string? Assignee { get; init; }
    public bool? Overdue { get; init; }
    public string? Text { get; init; }
    public string? Team { get; init; }
    /// <summary>A label's name (any letter case): only cases that carry it.</summary>
    public string? Label { get; init; }
    /// <summary>A column order chosen by the reader (null: the queue's own order).</summary>
    public QueueSort? Sort { get; init; }
    /// <summary>The incident list's order: most severe first, then nearest deadline (issue #13).</summary>
    public bool BySeverity { get; init; }
    // Leadership's click-throughs (issue #12): the same sets the dashboard counts (Oversight/ReportQueries).
    /// <summary>Received in [ReceivedFrom, ReceivedTo); a missing end is open.</summary>
    public DateTimeOffset? ReceivedFrom { get; init; }
    public DateTimeOffset? ReceivedTo { get; init; }
    /// <summary>Closed in [ResolvedFrom, ResolvedTo); a missing end is open.</summary>
    public DateTimeOffset? ResolvedFrom { get; init; }
    public DateTimeOffset? ResolvedTo { get; init; }
    /// <summary>True: not closed; false: closed.</summary>
    public bool? Open { get; init; }
    /// <summary>Next deadline from now to before this instant ("due today": the end of the Vietnam day).</summary>
    public DateTimeOffset? DueBefore { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
    public const int MaxPageSize = 200;
}

/// <summary>
/// A column order of the queue, one of a fixed list (the key never reaches the SQL: each maps to a written ORDER BY).
/// Every order ends on the case id, so equal values keep one order and offset paging neither repeats nor skips a row.
/// </summary>
public sealed record QueueSort(string Key, bool Descending)
{
    public static readonly IReadOnlyList<string> Keys = ["number", "received", "deadline", "state", "type", "assignee"];

    /// <summary>"deadline" or "-deadline" (descending); null when the text is none of the keys.</summary>
    public static QueueSort? Parse(string text)
    {
        var descending = text.StartsWith('-');
        var key = descending ? text[1..] : text;
        return Keys.Contains(key, StringComparer.Ordinal) ? new(key, descending) : null;
    }

    public override string ToString() => (Descending ? "-" : "") + Key;

    internal string OrderBy()
    {
        var dir = Descending ? " DESC" : "";
        // NULLs sort first ascending on both databases (an unassigned case before "an"), so the two agree.
        var columns = Key switch
        {
            "number" => "c.number" + dir,
            "received" => "c.received_at" + dir,
            "deadline" => "c.due_key" + dir,
            "state" => "c.state" + dir,
            "type" => "c.type" + dir + ", CASE c.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END" + dir,
            "assignee" => "u.login" + dir,
            _ => throw new InvalidOperationException("Unknown sort key " + Key),
        };
        return "ORDER BY " + columns + ", c.id" + dir;
    }
}

/// <summary>
/// A page of the queue. Total is exact up to CaseQueries.CountCap (or the end of the requested page, when further); past
/// that, TotalIsLowerBound is true and Total is that cap: "10,000+ cases".
/// </summary>
public sealed record CasePage(IReadOnlyList<CaseRecord> Items, long Total, int Page, int PageSize, bool TotalIsLowerBound = false);

/// <summary>A case with what the case page shows: its deadlines (with steps) and its history.</summary>
public sealed record CaseDetail(CaseRecord Case, string Team, bool ConfidentialReporter, IReadOnlyList<DeadlineRecord> Deadlines);

/// <summary>A WHERE fragment, composed into whole statements that the ScriptDom test parses for every combination.</summary>
internal sealed record SqlPart(string Sqlite, string SqlServer)
{
    public SqlPart(string both) : this(both, both) { }
    public string For(DbProvider p) => p == DbProvider.Sqlite ? Sqlite : SqlServer;
}

/// <summary>
/// Reads for the queue and the case page. The list is one statement per filter combination (no "@p IS NULL OR" tricks), so
/// each gets its own plan and can use the (filter, due_key) indexes; the sort is the queue order: unassigned first, then
/// nearest deadline (index ix_cases_queue).
/// </summary>
public sealed class CaseQueries(Database db, TimeProvider time)
{
    internal static readonly Sql ByNumber = new(CaseRows.Select + " WHERE c.number = @number");
    internal static readonly Sql ById = new(CaseRows.Select + " WHERE c.id = @id");
    // The "created" line is written when the case is entered, which may be days after its receipt: not a bound.
    internal static readonly Sql LastEventAt = new("SELECT MAX(at) FROM case_events WHERE case_id = @id AND kind <> 'created'");
    internal static readonly Sql TeamOf = new("SELECT team, confidential FROM cases WHERE id = @id");
    internal static readonly Sql ReporterOf = new("SELECT name, address, phone, email, id_number AS idnumber FROM case_reporters WHERE case_id = @caseId");

    /// <summary>Open cases with a day-counted deadline (working days, or calendar days with no time part) still running or
    /// paused: what a calendar edit must recount. A duration with a time part (PT4H, P1DT2H) is elapsed time.</summary>
    internal static readonly Sql OpenDayCounted = new("""
        SELECT DISTINCT c.number FROM cases c JOIN deadlines d ON d.case_id = c.id
        WHERE c.closed_at IS NULL AND d.status IN ('running', 'paused') AND (d.unit = 'working' OR d.duration NOT LIKE '%T%')
        """);

    /// <summary>Open cases of one type in some states (ix_cases_type_state): where the automatic moves (a state entered at a date, Election Law Art. 61) look.</summary>
    internal static readonly Sql OpenOfTypeIn = new(
        "SELECT c.number FROM cases c WHERE c.type = @type AND c.state IN (SELECT value FROM json_each(@states)) AND c.closed_at IS NULL ORDER BY c.id",
        "SELECT c.number FROM cases c WHERE c.type = @type AND c.state IN (SELECT value FROM OPENJSON(@states)) AND c.closed_at IS NULL ORDER BY c.id");

    internal static readonly SqlPart WhereType = new("c.type = @type");
    internal static readonly SqlPart WhereState = new("c.state = @state");
    internal static readonly SqlPart WhereLocality = new("c.locality_code = @locality");
    internal static readonly SqlPart WhereAssignee = new("c.assignee_id = (SELECT a.id FROM users a WHERE a.login = @assignee)");
    internal static readonly SqlPart WhereUnassigned = new("c.is_assigned = 0");
    internal static readonly SqlPart WhereOverdue = new("c.next_due_at < @now");
    internal static readonly SqlPart WhereNotOverdue = new("(c.next_due_at IS NULL OR c.next_due_at >= @now)");
    internal static readonly SqlPart WhereTeam = new("c.team = @team");
    internal static readonly SqlPart WhereLabel = new(
        "EXISTS (SELECT 1 FROM case_labels cl JOIN labels l ON l.id = cl.label_id WHERE cl.case_id = c.id AND l.name_key = @label)");
    // An old district (2021) stands for itself (cases of before 1/7/2025) and the wards that replaced it (DistrictSuccessors).
    internal static readonly SqlPart WhereLocalityIn = new(
        "c.locality_code IN (SELECT value FROM json_each(@localities))", "c.locality_code IN (SELECT value FROM OPENJSON(@localities))");
    internal static readonly SqlPart WhereReceivedIn = new("c.received_at >= @receivedFrom AND c.received_at < @receivedTo");
    internal static readonly SqlPart WhereResolvedIn = new("c.closed_at >= @resolvedFrom AND c.closed_at < @resolvedTo");
    internal static readonly SqlPart WhereOpen = new("c.closed_at IS NULL");
    internal static readonly SqlPart WhereClosed = new("c.closed_at IS NOT NULL");
    internal static readonly SqlPart WhereDueBefore = new("c.next_due_at >= @now AND c.next_due_at < @dueBefore");
    internal static readonly SqlPart Order = new("ORDER BY c.is_assigned, c.due_key, c.id");
    // Unknown or no severity last; the words are the workflow's severities, most severe first.
    internal static readonly SqlPart SeverityOrder = new(
        "ORDER BY CASE c.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, c.due_key, c.id");
    internal static readonly SqlPart Newest = new("ORDER BY c.id DESC");
    // f.rowid, not c.id: an ORDER BY on the index's own rowid is one FTS5 hands out in order (no sort).
    internal static readonly SqlPart NewestWords = new("ORDER BY f.rowid DESC", Newest.SqlServer);
    internal static readonly SqlPart Paging = new("LIMIT @take OFFSET @skip", "OFFSET @skip ROWS FETCH NEXT @take ROWS ONLY");

    /// <summary>
    /// The total is counted up to this many rows. An exact COUNT(*) over 1M open cases took 13 ms of a 26 ms page (the page
    /// itself 0.03 ms); counting stops after @cap rows, so an unfiltered count costs what a 10,000-row index walk costs.
    /// </summary>
    public const int CountCap = 10_000;

    /// <summary>CountCap, lowered by tests so a handful of rows can cross it.</summary>
    internal int Cap { get; init; } = CountCap;

    /// <summary>The WHERE parts a filter selects.</summary>
    internal static IReadOnlyList<SqlPart> Parts(CaseFilter f) => Parts(f, TextSearch.Of(f.Text));

    private static IReadOnlyList<SqlPart> Parts(CaseFilter f, TextSearch? text)
    {
        var parts = new List<SqlPart>();
        if (f.Team is not null) parts.Add(WhereTeam);
        if (f.Type is not null) parts.Add(WhereType);
        if (f.State is not null) parts.Add(WhereState);
        if (f.Locality is not null) parts.Add(DistrictSuccessors.Of(f.Locality).Count > 0 ? WhereLocalityIn : WhereLocality);
        if (f.Assignee is not null) parts.Add(f.Assignee == "none" ? WhereUnassigned : WhereAssignee);
        if (f.Overdue is { } o) parts.Add(o ? WhereOverdue : WhereNotOverdue);
        if (f.Label is not null) parts.Add(WhereLabel);
        if (f.ReceivedFrom is not null || f.ReceivedTo is not null) parts.Add(WhereReceivedIn);
        if (f.ResolvedFrom is not null || f.ResolvedTo is not null) parts.Add(WhereResolvedIn);
        if (f.Open is { } open) parts.Add(open ? WhereOpen : WhereClosed);
        if (f.DueBefore is not null) parts.Add(WhereDueBefore);
        if (text is not null) parts.Add(text.Part);
        return parts;
    }

    internal static (string Page, string Count) Compose(DbProvider p, IReadOnlyList<SqlPart> parts, bool bySeverity = false, QueueSort? sort = null)
    {
        var where = parts.Count == 0 ? "" : " WHERE " + string.Join(" AND ", parts.Select(x => x.For(p)));
        // Words on SQLite: the FTS5 index comes first (TextSearch.FromWords); alone, the count reads the index only.
        var words = p == DbProvider.Sqlite && parts.Contains(TextSearch.WhereWords);
        var from = words ? TextSearch.FromWords : "cases c";
        var count = words && parts.Count == 1 ? TextSearch.CountWordsOnly
            : p == DbProvider.Sqlite ? "SELECT COUNT(*) FROM (SELECT 1 AS x FROM " + from + where + " LIMIT @cap) AS capped"
            : "SELECT COUNT(*) FROM (SELECT TOP (@cap) 1 AS x FROM cases c" + where + ") AS capped";
        // With q the newest cases come first: what a search is expected to show, and on SQLite the order FTS5 reads its
        // matches in, so the page stops early instead of sorting every match. A column order or the incident list's own
        // order still wins.
        var order = sort is not null ? sort.OrderBy()
            : bySeverity ? SeverityOrder.For(p)
            : parts.Any(TextSearch.IsText) ? (words ? NewestWords : Newest).For(p)
            : Order.For(p);
        return (CaseRows.Columns + " FROM " + from + " " + CaseRows.Joins + where + " " + order + " " + Paging.For(p), count);
    }

    /// <summary>Every statement the list can issue on a provider: the ScriptDom test parses them all.</summary>
    internal static IEnumerable<string> AllListStatements(DbProvider p)
    {
        SqlPart?[][] choices =
        [
            [null, WhereTeam], [null, WhereType], [null, WhereState], [null, WhereLocality],
            [null, WhereAssignee, WhereUnassigned], [null, WhereOverdue, WhereNotOverdue], [null, WhereLabel],
            [null, TextSearch.WhereWords, TextSearch.WhereFragment, TextSearch.WhereNumber],
        ];
        IEnumerable<List<SqlPart>> combos = [[]];
        foreach (var options in choices)
            combos = combos.SelectMany(c => options.Select(o => o is null ? c : [.. c, o]));
        foreach (var combo in combos)
        {
            var (page, count) = Compose(p, combo);
            yield return page;
            yield return count;
            yield return Compose(p, combo, bySeverity: true).Page;
        }
        // The column orders replace only the ORDER BY: each once, over every filter at once.
        SqlPart[] every = [WhereTeam, WhereType, WhereState, WhereLocality, WhereAssignee, WhereOverdue, WhereLabel, TextSearch.WhereWords];
        foreach (var key in QueueSort.Keys)
            foreach (var descending in new[] { false, true })
                yield return Compose(p, every, sort: new QueueSort(key, descending)).Page;
    }

    /// <summary>
    /// The statements the leadership filters add: every combination of them, alone and with every other filter (one of
    /// each). Each is one more AND-ed predicate, so these cover them without multiplying the combinations above.
    /// </summary>
    internal static IEnumerable<string> ReportFilterStatements(DbProvider p)
    {
        SqlPart?[][] choices = [[null, WhereLocalityIn], [null, WhereReceivedIn], [null, WhereResolvedIn], [null, WhereOpen, WhereClosed], [null, WhereDueBefore]];
        IEnumerable<List<SqlPart>> combos = [[]];
        foreach (var options in choices)
            combos = combos.SelectMany(c => options.Select(o => o is null ? c : [.. c, o]));
        SqlPart[] others = [WhereTeam, WhereType, WhereState, WhereAssignee, WhereOverdue, TextSearch.WhereWords];
        foreach (var combo in combos.Where(c => c.Count > 0))
            foreach (var parts in new[] { combo, [.. others, .. combo] })
            {
                var (page, count) = Compose(p, parts);
                yield return page;
                yield return count;
                yield return Compose(p, parts, bySeverity: true).Page;
            }
    }

    public async Task<CasePage> ListAsync(CaseFilter f, CancellationToken ct = default)
    {
        var page = Math.Max(1, f.Page);
        var size = Math.Clamp(f.PageSize, 1, CaseFilter.MaxPageSize);
        var text = TextSearch.Of(f.Text);
        var parts = Parts(f, text);
        var (pageSql, countSql) = Compose(db.Provider, parts, f.BySeverity, f.Sort);
        // Counted exactly up to the cap, or to the end of this page when it lies further: the pager always knows its page.
        var limit = Math.Max(Cap, (long)page * size);
        var args = new
        {
            team = f.Team, type = f.Type, state = f.State, locality = f.Locality, assignee = f.Assignee, label = LabelKey(f.Label),
            localities = f.Locality is null ? null : System.Text.Json.JsonSerializer.Serialize<string[]>([f.Locality, .. DistrictSuccessors.Of(f.Locality)]),
            receivedFrom = Instants.Ms(f.ReceivedFrom) ?? long.MinValue, receivedTo = Instants.Ms(f.ReceivedTo) ?? long.MaxValue,
            resolvedFrom = Instants.Ms(f.ResolvedFrom) ?? long.MinValue, resolvedTo = Instants.Ms(f.ResolvedTo) ?? long.MaxValue,
            dueBefore = Instants.Ms(f.DueBefore),
            now = Instants.Ms(time.GetUtcNow()), match = text?.Match, terms = text?.Terms, like = text?.Like, number = text?.Number,
            skip = (page - 1) * size, take = size, cap = limit + 1,
        };
        await using var c = await db.OpenAsync(ct);
        var rows = (await c.QueryAsync<CaseRows.Row>(new CommandDefinition(pageSql, args, cancellationToken: ct))).ToList();
        // A page that is not full is the last one: the total is known without counting (a rare name then costs one
        // statement, not two). A full page, or one past the end, is counted.
        if (rows.Count < size && (rows.Count > 0 || page == 1))
            return new(rows.Select(r => r.ToRecord()).ToList(), (long)(page - 1) * size + rows.Count, page, size);
        var counted = await c.ExecuteScalarAsync<long>(new CommandDefinition(countSql, args, cancellationToken: ct));
        var more = counted > limit;
        return new(rows.Select(r => r.ToRecord()).ToList(), more ? limit : counted, page, size, more);
    }

    /// <summary>A label's key: its name in lower case (labels.name_key), so "Khẩn" and "khẩn" are one label.</summary>
    public static string? LabelKey(string? name) => name is null ? null : Core.Cases.CaseText.Clean(name)?.ToLowerInvariant();

    public async Task<CaseRecord?> GetAsync(string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<CaseRows.Row>(new CommandDefinition(db[ByNumber], new { number }, cancellationToken: ct)))?.ToRecord();
    }

    /// <summary>The case with its team, confidentiality and deadlines; null when the number is unknown.</summary>
    /// <summary>The instant of the case's latest history event after intake (null: none yet).</summary>
    public async Task<DateTimeOffset?> LastEventAtAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return Instants.At(await c.ExecuteScalarAsync<long?>(new CommandDefinition(db[LastEventAt], new { id = caseId }, cancellationToken: ct)));
    }

    public async Task<CaseDetail?> GetDetailAsync(string number, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<CaseRows.Row>(new CommandDefinition(db[ByNumber], new { number }, cancellationToken: ct));
        if (row is null) return null;
        var deadlines = await DeadlineRows.ReadAsync(c, db, row.Id, ct);
        return new(row.ToRecord(), row.Team, row.Confidential, deadlines);
    }

    /// <summary>The reporter's identity. Callers decide who may see a confidential one and audit the view.</summary>
    public async Task<Reporter?> GetReporterAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Reporter>(new CommandDefinition(db[ReporterOf], new { caseId }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<CaseEvent>> GetEventsAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await CaseRows.ReadEventsAsync(c, db, caseId, ct);
    }

    /// <summary>Open cases with a running or paused day-counted deadline (either unit), in number order.</summary>
    public async Task<IReadOnlyList<string>> OpenDayCountedCaseNumbersAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition(db[OpenDayCounted], cancellationToken: ct))).Select(n => n.Trim()).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<IReadOnlyList<string>> OpenCaseNumbersAsync(string type, IReadOnlyCollection<string> states, CancellationToken ct = default)
    {
        if (states.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition(db[OpenOfTypeIn],
            new { type, states = System.Text.Json.JsonSerializer.Serialize(states) }, cancellationToken: ct)))
            .Select(n => n.Trim()).ToList();
    }
}
