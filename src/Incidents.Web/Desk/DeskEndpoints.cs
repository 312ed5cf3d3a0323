using Incidents.Storage.Desk;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Web.Triage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incidents.Web.Desk;

/// <summary>GET /api/v1/desk, saved views, and the queue's bulk operations.</summary>
public static class DeskEndpoints
{
    public static RouteGroupBuilder MapDesk(this RouteGroupBuilder api)
    {
        api.MapGet("/desk", async (HttpContext http, CaseDesk desk, CancellationToken ct) => TypedResults.Ok(await desk.ViewAsync(http.User.ToActor(), ct)))
            .WithName("GetDesk").WithTags("Desk")
            .WithSummary("My desk: my open cases with overdue and due-today counts, and what waits on me")
            .WithDescription("The same reading as the /desk page: open cases assigned to the caller, soonest deadline first; counts by the " +
                "database, due-today bounded by the end of today in Vietnam; waiting: extension approvals (leadership), cases with new " +
                "correspondence, unread mentions; the caller's saved views and those shared with their teams.")
            .RequireAuthorization(Policies.Reader);

        api.MapGet("/views", async (HttpContext http, SavedViews views, CancellationToken ct) => TypedResults.Ok(await views.ListAsync(http.User.ToActor(), ct)))
            .WithName("ListViews").WithTags("Desk")
            .WithSummary("Saved views: mine, then those shared with my teams")
            .RequireAuthorization(Policies.Reader);

        api.MapPost("/views", CreateViewAsync)
            .WithName("CreateView").WithTags("Desk")
            .WithSummary("Save the queue's filters under a name")
            .WithDescription($"Body {{name (1..{SavedViews.MaxNameLength} characters), query (the queue's query string: " +
                $"{string.Join(", ", SavedViews.Filters)}), shared (listed to everyone who sees the team's queue), team (complaints or security; " +
                "optional for a member of one team)}. An unknown filter or a value the queue refuses answers 400 naming it (query.<filter>).")
            .Accepts<NewSavedView>("application/json")
            .RequireAuthorization(Policies.Reader);

        api.MapDelete("/views/{id:long}", DeleteViewAsync)
            .WithName("DeleteView").WithTags("Desk")
            .WithSummary("Delete one of my saved views (403 for another's shared view)")
            .RequireAuthorization(Policies.Reader);

        api.MapGet("/cases/bulk/actions", OfferedAsync)
            .WithName("BulkActions").WithTags("Triage")
            .WithSummary("The workflow actions every one of these cases allows me now (number=…&number=…)")
            .WithDescription("Only actions with no inputs: an action that needs a decision's text or a reason is taken case by case.")
            .RequireAuthorization(Policies.Triage);

        api.MapPost("/cases/bulk", BulkAsync)
            .WithName("BulkCases").WithTags("Triage")
            .WithSummary("One operation on many cases: assign, a workflow action, link, label, unlabel")
            .WithDescription("Body {cases: [{number, rowVersion}], op, action?, assignee?, label?}. A workflow action is checked on every " +
                "case first (visible, at its rowVersion, offered to the caller with no inputs): one failure refuses the whole request " +
                "(409, nothing done). It then runs case by case, each in its own transaction; results lists each case's status " +
                "(done, conflict when changed meanwhile, refused, not-found, failed). A label is put on or taken off every case in one " +
                "transaction. link links every other case to the first (related).")
            .Accepts<BulkRequest>("application/json")
            .RequireAuthorization(Policies.Triage);
        return api;
    }

    private static async Task<Results<Created<SavedViewItem>, ValidationProblem>> CreateViewAsync(NewSavedView? body, HttpContext http, SavedViews views,
        CancellationToken ct)
    {
        var r = await views.CreateAsync(body ?? new NewSavedView(null, null, null), http.User.ToActor(), ct);
        if (r.Created is not { } v) return TypedResults.ValidationProblem(r.Errors.ToDictionary(e => e.Key, e => new[] { e.Value.English }));
        return TypedResults.Created($"/api/v1/views/{SavedViews.Invariant(v.Id)}", v);
    }

    private static async Task<Results<NoContent, NotFoundProblem, ProblemHttpResult>> DeleteViewAsync(long id, HttpContext http, SavedViews views,
        CancellationToken ct) => await views.DeleteAsync(id, http.User.ToActor(), ct) switch
        {
            SavedViews.DeleteStatus.Deleted => TypedResults.NoContent(),
            SavedViews.DeleteStatus.NotOwner => TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden",
                detail: "Only the owner deletes a saved view."),
            _ => new NotFoundProblem(new Microsoft.AspNetCore.Mvc.ProblemDetails
            {
                Status = 404, Type = ProblemTypes.NotFound, Title = "Not found", Detail = $"There is no view {SavedViews.Invariant(id)}.",
            }),
        };

    /// <summary>Offered actions, each with its words in both languages.</summary>
    public sealed record OfferedAction(string Id, Core.Workflows.LocalizedText Label);

    // [FromQuery] said: the build-time request delegate generator takes an array without it for a JSON body, and the GET
    // then falls through to /cases/{number}/actions.
    private static async Task<Results<Ok<IReadOnlyList<OfferedAction>>, ValidationProblem>> OfferedAsync(HttpContext http, CaseBulk bulk, CancellationToken ct,
        [Microsoft.AspNetCore.Mvc.FromQuery] string[]? number = null)
    {
        var numbers = (number ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim().ToUpperInvariant()).Distinct().ToList();
        if (numbers.Count == 0 || numbers.Count > CaseBulk.MaxCases)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["number"] = [$"Give 1 to {CaseBulk.MaxCases} case numbers."] });
        IReadOnlyList<OfferedAction> offered = [.. (await bulk.OfferedAsync(numbers, http.User.ToActor(), ct)).Select(a => new OfferedAction(a.Id, a.Label))];
        return TypedResults.Ok(offered);
    }

    /// <summary>Each case's outcome.</summary>
    public sealed record BulkResponse(IReadOnlyList<BulkCaseResult> Results);

    private static async Task<IResult> BulkAsync(BulkRequest? body, HttpContext http, CaseBulk bulk, CancellationToken ct)
    {
        var r = await bulk.RunAsync(body ?? new BulkRequest(null, null), http.User.ToActor(), ct);
        if (r.Ok) return TypedResults.Ok(new BulkResponse(r.Results));
        var errors = r.Errors.ToDictionary(e => e.Key, e => new[] { e.Value });
        return r.Status == 409
            ? TypedResults.Problem(statusCode: 409, type: ProblemTypes.NotPermitted, title: "Not done", detail: string.Join(" ", r.Errors.Values),
                extensions: new Dictionary<string, object?> { ["errors"] = errors })
            : TypedResults.ValidationProblem(errors);
    }
}

public static class DeskSetup
{
    public static WebApplicationBuilder AddIncidentsDesk(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseDesk>();
        builder.Services.AddSingleton<SavedViews>();
        builder.Services.AddSingleton<CaseBulk>();
        builder.Services.AddSingleton<Ui.Triage.QueueTools>();
        return builder;
    }
}
