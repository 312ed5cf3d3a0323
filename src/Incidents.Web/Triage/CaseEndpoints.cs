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

namespace Incidents.Web.Triage;

public static class CaseEndpoints
{
    public static RouteGroupBuilder MapTriage(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{number}", GetAsync)
            .WithName("GetCase").WithTags("Cases")
            .WithSummary("Read one case")
            .WithDescription("The case with its deadlines and its computed warnings (a filing limit passed, no election day configured). A confidential reporter (denunciations) is shown only to the assigned handler " +
                "and to leadership, and each such view is written to the case history; for everyone else reporter is null and " +
                "reporterConfidential is true.")
            .Produces<CaseView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Reader);

        api.MapGet("/cases", ListAsync)
            .WithName("ListCases").WithTags("Cases")
            .WithSummary("List cases: unassigned first, then nearest deadline")
            .WithDescription("Filters: type, state, locality (unit code), assignee (login, or 'none'), overdue (true|false), " +
                "q (diacritics-insensitive text: number, title, description, non-confidential reporter name). Paging: page (from 1), " +
                $"pageSize (1..{CaseFilter.MaxPageSize}, default 50). Items never carry the reporter. total is exact up to " +
                $"{CaseQueries.CountCap} cases (or the end of the requested page); past that totalIsLowerBound is true and total is that bound.")
            .Produces<CaseListView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.Reader);

        var assign = api.MapMethods("/cases/{number}/assignee", ["PUT", "POST"], AssignAsync)
            .WithName("AssignCase").WithTags("Triage")
            .WithSummary("Assign or unassign a case")
            .WithDescription("Body {assignee: login or null, rowVersion}. The assignee must belong to the case's team. A rowVersion " +
                "other than the case's current one answers 409 and changes nothing.")
            .Accepts<AssignRequest>("application/json")
            .Produces<CaseView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.Triage);
        return api;
    }

    /// <summary>The case view for this reader: confidential identity only for assignee or leadership, and each such view audited.</summary>
    internal static async Task<CaseView> ViewAsync(CaseDetail d, Actor actor, CaseQueries queries, CaseEventStore events, Intake.IntakeWarnings warnings,
        DateTimeOffset now, CancellationToken ct, Core.Calendar.BusinessCalendar? calendar = null)
    {
        var withheld = d.ConfidentialReporter && !Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId);
        var reporter = withheld ? null : await Reporters.ReadAsync(d, actor, "api", queries, events, now, ct);
        return CaseView.From(d.Case, d.Deadlines, reporter, withheld, now, calendar, warnings.Views(d.Case));
    }

    private static async Task<IResult> GetAsync(string number, HttpContext http, CaseQueries queries, CaseEventStore events, TimeProvider time,
        Calendar.BusinessCalendars calendars, Intake.IntakeWarnings warnings, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        var d = await queries.GetDetailAsync(number, ct);
        if (d is null || !Visibility.SeesTeam(actor, d.Team)) return Problems.CaseNotFound(number); // other teams' cases are not revealed
        return Results.Ok(await ViewAsync(d, actor, queries, events, warnings, time.GetUtcNow(), ct, calendars.Calendar));
    }

    private static async Task<IResult> ListAsync(HttpContext http, CaseQueries queries, TimeProvider time, CancellationToken ct,
        string? type = null, string? state = null, string? locality = null, string? assignee = null, string? overdue = null,
        string? q = null, string? page = null, string? pageSize = null)
    {
        var errors = new Dictionary<string, string[]>();
        bool? overdueFlag = null;
        if (overdue is not null)
        {
            if (bool.TryParse(overdue, out var o)) overdueFlag = o;
            else errors["overdue"] = ["overdue must be true or false."];
        }
        var pageNo = 1;
        if (page is not null && (!int.TryParse(page, out pageNo) || pageNo < 1)) errors["page"] = ["page must be a whole number from 1."];
        var size = 50;
        if (pageSize is not null && (!int.TryParse(pageSize, out size) || size < 1 || size > CaseFilter.MaxPageSize))
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {CaseFilter.MaxPageSize}."];
        if (q is { Length: > 200 }) errors["q"] = ["q is longer than 200 characters."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var team = Visibility.TeamFilter(http.User.ToActor());
        if (team == "") return Results.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: "No team role.");
        var result = await queries.ListAsync(new CaseFilter
        {
            Team = team, Type = Blank(type), State = Blank(state), Locality = Blank(locality), Assignee = Blank(assignee),
            Overdue = overdueFlag, Text = Blank(q), Page = pageNo, PageSize = size,
        }, ct);
        var now = time.GetUtcNow();
        return Results.Ok(new CaseListView(result.Items.Select(c => CaseListItem.From(c, now)).ToList(), result.Total, result.Page, result.PageSize,
            result.TotalIsLowerBound));
    }

    private static async Task<IResult> AssignAsync(string number, AssignRequest? body, HttpContext http, CaseQueries queries,
        CaseUpdateStore updates, UserStore users, CaseEventStore events, TimeProvider time, Calendar.BusinessCalendars calendars,
        Intake.IntakeWarnings warnings, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        var d = await queries.GetDetailAsync(number, ct);
        if (d is null || !Visibility.SeesTeam(actor, d.Team)) return Problems.CaseNotFound(number);
        if (!Visibility.MayHandle(actor, d.Team))
            return Results.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: "You may not assign this case.");

        var errors = new Dictionary<string, string[]>();
        if (body?.RowVersion is null) errors["rowVersion"] = ["rowVersion is required: the version of the case you last read."];
        UserAccount? assignee = null;
        var login = Blank(body?.Assignee);
        if (login is not null)
        {
            assignee = await users.FindByLoginAsync(login, ct);
            if (assignee is null || !assignee.IsActive) errors["assignee"] = [$"There is no active user '{login}'."];
            else if (!Visibility.MayBeAssigned(assignee, d.Team)) errors["assignee"] = [$"'{login}' is not in the {d.Team} team."];
        }
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var now = time.GetUtcNow();
        var outcome = await updates.AssignAsync(d.Case.Id, body!.RowVersion!.Value, assignee?.Id, assignee?.Login, actor.Login, now, ct);
        switch (outcome.Status)
        {
            case UpdateStatus.NotFound: return Problems.CaseNotFound(number);
            case UpdateStatus.Conflict:
                return Problems.StaleRowVersion(
                    $"You sent rowVersion {body.RowVersion}; the case is now at {outcome.RowVersion}. Reload it and try again.", outcome.RowVersion);
        }
        var after = await queries.GetDetailAsync(number, ct);
        return after is null ? Problems.CaseNotFound(number) : Results.Ok(await ViewAsync(after, actor, queries, events, warnings, now, ct, calendars.Calendar));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
