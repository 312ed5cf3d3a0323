using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Storage.Access;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Web.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incidents.Web.Triage;

public static class CaseEndpoints
{
    public static RouteGroupBuilder MapTriage(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{number}", GetAsync)
            .WithName("GetCase").WithTags("Cases")
            .WithSummary("Read one case")
            .WithDescription("The case with its deadlines and its computed warnings (a filing limit passed, no election day configured). reporterConfidential " +
                "is true on every case whose reporter is confidential (denunciations), for every reader. The identity itself is shown only to its " +
                "custodians (setting Incidents:Access:IdentityCustodians; by default leadership and the assigned handler), and only when they give " +
                $"?reason= (at most {Reporters.MaxReasonLength} characters); each such view is written to the case history with its reason. Otherwise reporter is null.")
            .RequireAuthorization(Policies.Reader);

        api.MapGet("/cases", ListAsync)
            .WithName("ListCases").WithTags("Cases")
            .WithSummary("List cases: unassigned first, then nearest deadline (with q: newest first)")
            .WithDescription("Filters: type, state, locality (unit code; a district of 2021 also selects the wards that replaced it), " +
                "assignee (login, or 'none'), overdue (true|false), label (a label's name), receivedFrom/receivedTo and resolvedFrom/resolvedTo (local dates yyyy-MM-dd, " +
                "both ends included), open (true|false), dueToday (true: next deadline from now to the end of today, Vietnam time), " +
                "dueBefore (local time yyyy-MM-ddTHH:mm: next deadline from now to before it), " +
                "q (diacritics-insensitive text: number, title, description, non-confidential reporter name; with q the newest case comes first). " +
                "Order: sort = number, received, deadline, state, type or assignee, preceded by - for descending (400 for any other); ties keep the case order. Paging: page (from 1), " +
                $"pageSize (1..{CaseFilter.MaxPageSize}, default {CaseQueue.DefaultPageSize}). Items never carry the reporter. total is exact up to " +
                $"{CaseQueries.CountCap} cases (or the end of the requested page); past that totalIsLowerBound is true and total is that bound.")
            .RequireAuthorization(Policies.Reader);

        var assign = api.MapMethods("/cases/{number}/assignee", ["PUT", "POST"], AssignAsync)
            .WithName("AssignCase").WithTags("Triage")
            .WithSummary("Assign or unassign a case")
            .WithDescription("Body {assignee: login or null, rowVersion}. The assignee must belong to the case's team. A rowVersion " +
                "other than the case's current one answers 409 and changes nothing. A case whose reporter is confidential may be assigned " +
                "only by a lead of its team or leadership, and never by someone to themselves (403).")
            .Accepts<AssignRequest>("application/json")
            .RequireAuthorization(Policies.Triage);
        return api;
    }

    /// <summary>The case view for this reader: a confidential identity only for its custodians, and each such view audited;
    /// reporterConfidential is the case's, the same for every reader.</summary>
    internal static async Task<CaseView> ViewAsync(CaseDetail d, Actor actor, string? reason, AccessOptions access, CaseQueries queries,
        CaseEventStore events, Intake.IntakeWarnings warnings, DateTimeOffset now, CancellationToken ct, Core.Calendar.BusinessCalendar? calendar = null)
    {
        var shown = await Reporters.ShownAsync(d, actor, reason, "api", access.Custodians, queries, events, now, ct);
        return CaseView.From(d.Case, d.Deadlines, shown.Reporter, d.ConfidentialReporter, now, calendar, warnings.Views(d.Case));
    }

    private static async Task<Results<Ok<CaseView>, NotFoundProblem, ValidationProblem, RedirectHttpResult>> GetAsync(string number, HttpContext http, CaseAssignment assignment,
        AccessOptions access, CaseQueries queries, CaseEventStore events, TimeProvider time, BusinessCalendars calendars, Intake.IntakeWarnings warnings,
        CancellationToken ct, string? reason = null)
    {
        if (reason is { Length: > Reporters.MaxReasonLength })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"reason is longer than {Reporters.MaxReasonLength} characters."] });
        if (Core.Cases.PlainText.Check(reason) is { } fault)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [Core.Cases.PlainText.Message(fault, Reporters.ReasonWords)] },
                extensions: new Dictionary<string, object?> { ["codes"] = new Dictionary<string, string> { ["reason"] = fault.Code } });
        var actor = http.User.ToActor();
        // Other teams' cases are not revealed.
        if (await assignment.ReadAsync(number, actor, ct) is not { } d) return Problems.CaseNotFound(number);
        // A merged duplicate's number leads to its primary: 302, not 301, since leadership may undo the merge.
        if (d.Case.MergedInto is { } primary) return TypedResults.Redirect(Intake.IntakeEndpoints.Location(primary));
        return TypedResults.Ok(await ViewAsync(d, actor, reason, access, queries, events, warnings, time.GetUtcNow(), ct, calendars.Calendar));
    }

    private static async Task<Results<Ok<CaseListView>, ValidationProblem, ProblemHttpResult>> ListAsync(HttpContext http, CaseQueue queue,
        TimeProvider time, CancellationToken ct, string? type = null, string? state = null, string? locality = null, string? assignee = null,
        string? overdue = null, string? q = null, string? page = null, string? pageSize = null, string? receivedFrom = null, string? receivedTo = null,
        string? resolvedFrom = null, string? resolvedTo = null, string? open = null, string? dueToday = null, string? dueBefore = null,
        string? label = null, string? sort = null)
    {
        var team = Visibility.TeamFilter(http.User.ToActor());
        var parsed = CaseQueue.Parse(new QueueRequest(type, state, locality, assignee, overdue, q, page, pageSize, label, sort)
        {
            ReceivedFrom = receivedFrom, ReceivedTo = receivedTo, ResolvedFrom = resolvedFrom, ResolvedTo = resolvedTo, Open = open, DueToday = dueToday, DueBefore = dueBefore,
        }, team, time.GetUtcNow());
        if (parsed.Filter is null) return TypedResults.ValidationProblem(parsed.Errors.ToDictionary(e => e.Key, e => new[] { e.Value.English }));
        if (team == "") return TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: "No team role.");
        var result = await queue.ListAsync(parsed.Filter, ct);
        var now = time.GetUtcNow();
        var labels = await queue.LabelsAsync(result.Items, ct);
        return TypedResults.Ok(new CaseListView(result.Items.Select(c => CaseListItem.From(c, now, labels)).ToList(), result.Total, result.Page,
            result.PageSize, result.TotalIsLowerBound));
    }

    private static async Task<Results<Ok<CaseView>, ValidationProblem, NotFoundProblem, ConflictProblem, ProblemHttpResult>> AssignAsync(
        string number, AssignRequest? body, HttpContext http, CaseAssignment assignment, AccessOptions access, CaseQueries queries, CaseEventStore events,
        TimeProvider time, BusinessCalendars calendars, Intake.IntakeWarnings warnings, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        var r = await assignment.AssignAsync(number, actor, body?.Assignee, body?.RowVersion, ct);
        return r.Status switch
        {
            AssignmentStatus.Done => TypedResults.Ok(await ViewAsync(r.Case!, actor, null, access, queries, events, warnings, time.GetUtcNow(), ct, calendars.Calendar)),
            AssignmentStatus.Forbidden or AssignmentStatus.LeadsOnly or AssignmentStatus.NotToOneself => TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: r.Message),
            AssignmentStatus.Invalid => TypedResults.ValidationProblem(r.FieldErrors!.ToDictionary(e => e.Key, e => new[] { e.Value })),
            AssignmentStatus.Conflict => Problems.StaleRowVersion(r.Message, r.CurrentRowVersion),
            _ => Problems.CaseNotFound(number),
        };
    }
}

public static class TriageSetup
{
    public static WebApplicationBuilder AddIncidentsTriage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseAssignment>();
        builder.Services.AddSingleton<CaseQueue>();
        builder.Services.AddSingleton<CaseLinking>();
        builder.Services.AddSingleton<CaseMerging>();
        return builder;
    }
}
