using System.Globalization;
using Incidents.Storage.Triage;

namespace Incidents.Web.Triage;

/// <summary>The queue's filters as they arrive, text from a query string (API) or a form (pages).</summary>
public sealed record QueueRequest(string? Type = null, string? State = null, string? Locality = null, string? Assignee = null,
    string? Overdue = null, string? Q = null, string? Page = null, string? PageSize = null, string? Label = null, string? Sort = null)
{
    // Leadership's click-throughs (issue #12): local dates yyyy-MM-dd (both ends included), true/false.
    public string? ReceivedFrom { get; init; }
    public string? ReceivedTo { get; init; }
    public string? ResolvedFrom { get; init; }
    public string? ResolvedTo { get; init; }
    public string? Open { get; init; }
    /// <summary>true: the next deadline falls from now to the end of today (Vietnam day).</summary>
    public string? DueToday { get; init; }
    /// <summary>The next deadline falls from now to before this local time (yyyy-MM-ddTHH:mm): the dashboard's "within 48 hours".</summary>
    public string? DueBefore { get; init; }
}

/// <summary>
/// One field's error: the API's English (naming the parameter) and the pages' wording (a UiText key, naming what the form
/// calls it), with their arguments.
/// </summary>
public sealed record QueueError(string Api, string Ui, params object[] Args)
{
    public string English => string.Format(CultureInfo.InvariantCulture, Api, Args);
}

/// <summary>Filter is null exactly when Errors names at least one field (API and page field names alike).</summary>
public sealed record QueueFilter(CaseFilter? Filter, IReadOnlyDictionary<string, QueueError> Errors);

/// <summary>
/// The case queue: one reading of its filters (limits and messages) for GET /api/v1/cases, the complaints and security
/// queue pages and their CSV export, so a filter the API refuses is refused on the page too, never silently dropped.
/// </summary>
public sealed class CaseQueue(CaseQueries queries, Storage.Desk.LabelStore labels)
{
    public const int DefaultPageSize = 50;
    public const int MaxQueryLength = 200;

    /// <summary>The filter for this team's cases (null team: every team's), or the fields that are wrong.</summary>
    public static QueueFilter Parse(QueueRequest r, string? team, DateTimeOffset? now = null)
    {
        var errors = new Dictionary<string, QueueError>();
        DateTimeOffset? Day(string field, string? text, int addDays)
        {
            if (Blank(text) is not { } d) return null;
            if (DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                return Reports.ReportPeriod.StartOf(date.AddDays(addDays));
            errors[field] = new(field + " must be a date yyyy-MM-dd.", "Enter a date.");
            return null;
        }
        bool? Flag(string field, string? text)
        {
            if (Blank(text) is not { } f) return null;
            if (bool.TryParse(f, out var flag)) return flag;
            errors[field] = new(field + " must be true or false.", "Choose yes or no.");
            return null;
        }
        var receivedFrom = Day("receivedFrom", r.ReceivedFrom, 0);
        var receivedTo = Day("receivedTo", r.ReceivedTo, 1);
        var resolvedFrom = Day("resolvedFrom", r.ResolvedFrom, 0);
        var resolvedTo = Day("resolvedTo", r.ResolvedTo, 1);
        var open = Flag("open", r.Open);
        DateTimeOffset? dueBefore = null;
        if (Blank(r.DueBefore) is { } db)
        {
            if (DateTime.TryParseExact(db, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                dueBefore = new DateTimeOffset(local, Core.Calendar.BusinessCalendar.Zone.GetUtcOffset(local));
            else errors["dueBefore"] = new("dueBefore must be a local time yyyy-MM-ddTHH:mm.", "Enter a date and time.");
        }
        if (Flag("dueToday", r.DueToday) == true && now is { } n)
        {
            var endOfToday = Reports.ReportPeriod.StartOf(Reports.ReportPeriod.Today(n).AddDays(1));
            dueBefore = dueBefore is { } b && b < endOfToday ? b : endOfToday;
        }
        bool? overdue = null;
        if (Blank(r.Overdue) is { } o)
        {
            if (bool.TryParse(o, out var flag)) overdue = flag;
            else errors["overdue"] = new("overdue must be true or false.", "Choose overdue or not overdue.");
        }
        var page = 1;
        if (Blank(r.Page) is { } p && (!int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out page) || page < 1))
            errors["page"] = new("page must be a whole number from 1.", "The page number must be a whole number from 1.");
        var size = DefaultPageSize;
        if (Blank(r.PageSize) is { } s && (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out size) || size < 1 || size > CaseFilter.MaxPageSize))
            errors["pageSize"] = new("pageSize must be a whole number from 1 to {0}.", "The page size must be a whole number from 1 to {0}.", CaseFilter.MaxPageSize);
        var q = Blank(r.Q);
        if (q is { Length: > MaxQueryLength }) errors["q"] = new("q is longer than {0} characters.", "The search text is longer than {0} characters.", MaxQueryLength);
        var label = Blank(r.Label);
        if (label is { Length: > Storage.Desk.LabelStore.MaxNameLength })
            errors["label"] = new("label is longer than {0} characters.", "The label is longer than {0} characters.", Storage.Desk.LabelStore.MaxNameLength);
        QueueSort? sort = null;
        // Only the listed columns sort: the key chooses a written ORDER BY, never text put into the SQL.
        if (Blank(r.Sort) is { } sortText && (sort = QueueSort.Parse(sortText)) is null)
            errors["sort"] = new("sort must be one of {0}, optionally preceded by - for descending order.", "The queue cannot be sorted by that column.",
                string.Join(", ", QueueSort.Keys));
        if (errors.Count > 0) return new(null, errors);

        return new(new CaseFilter
        {
            Team = team, Type = Blank(r.Type), State = Blank(r.State), Locality = Blank(r.Locality), Assignee = Blank(r.Assignee),
            Overdue = overdue, Text = PhoneOrText(q), Page = page, PageSize = size, Label = label, Sort = sort,
            ReceivedFrom = receivedFrom, ReceivedTo = receivedTo, ResolvedFrom = resolvedFrom, ResolvedTo = resolvedTo,
            Open = open, DueBefore = dueBefore,
        }, errors);
    }

    /// <summary>One page of the queue: unassigned first, then nearest deadline; with a search text, newest first.</summary>
    public Task<CasePage> ListAsync(CaseFilter filter, CancellationToken ct = default) => queries.ListAsync(filter, ct);

    /// <summary>The labels of these cases, by case id (a case with none is absent).</summary>
    public Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> LabelsAsync(IEnumerable<Core.Cases.CaseRecord> cases, CancellationToken ct = default) =>
        labels.OfCasesAsync([.. cases.Select(c => c.Id)], ct);

    /// <summary>The labels on at least one case, for the filter.</summary>
    public Task<IReadOnlyList<string>> LabelsInUseAsync(CancellationToken ct = default) => labels.InUseAsync(ct);
    /// <summary>A phone typed any way ("+84 912 345 678", "0912.345.678") is searched as the national digits the search
    /// text holds (CaseRows.SearchText); any other text as it is.</summary>
    private static string? PhoneOrText(string? q) =>
        q is not null && q.Count(char.IsAsciiDigit) >= 9 && q.All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '+' or '.' or '-' or '(' or ')')
            ? Core.Duplicates.MatchKeys.Phone(q) : q;

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
