using System.Text.Json;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Web.Calendar;
using Incidents.Web.Triage;

namespace Incidents.Web.Handling;

/// <summary>
/// Body of POST /cases/{number}/actions/{action}: the row version read with the case, the action's inputs, and when the
/// action really took effect if earlier than now (yyyy-MM-dd, or an instant with its offset).
/// </summary>
public sealed record ActionRequest(int? RowVersion, Dictionary<string, JsonElement>? Inputs, string? EffectiveAt = null);

/// <summary>The case after the action (instants UTC, deadlines with their exact due instants) and a case a reclassification opened.</summary>
public sealed record ActionResponse(string Action, CaseView Case, string? Opened);

public static class ActionEndpoints
{
    public static RouteGroupBuilder MapCaseActions(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{number}/actions", ListAsync)
            .WithName("ListCaseActions").WithTags("Handling")
            .WithSummary("The actions you may take on a case now")
            .WithDescription("Each action with its vi/en label, target state and inputs (id, label, type text|bool|choice|date, " +
                "required, choices as value with vi/en label), for the case's state, your roles and whether you are the assignee, on the workflow version " +
                "the case started on. rowVersion is what to send back with the action.")
            .Produces<CaseActionsView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Reader);

        api.MapPost("/cases/{number}/actions/{action}", PerformAsync)
            .WithName("PerformCaseAction").WithTags("Handling")
            .WithSummary("Perform an action on a case")
            .WithDescription("Body {rowVersion, inputs: {id: value}, effectiveAt?}. effectiveAt (yyyy-MM-dd or an instant) is when the " +
                "action really took effect, if earlier: no later than now, no earlier than the case's last event; the clocks count from it and the " +
                "history keeps both. The new state, the history event and the deadline changes are " +
                "written in one transaction, only if the action succeeds. 400: an input is missing or invalid (each named as " +
                "inputs.<id>); 403: your role may not take this action; 404: unknown case or action; 409: the action is not possible " +
                "in the case's state or its conditions do not hold, or rowVersion is stale (someone acted first) - nothing changed. " +
                "A reclassification (petitions) opens a case of the new type, linked to this one, and answers its number in 'opened'.")
            .Accepts<ActionRequest>("application/json")
            .Produces<ActionResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.Triage);
        return api;
    }

    private static async Task<IResult> ListAsync(string number, HttpContext http, CaseActions actions, CancellationToken ct) =>
        await actions.AvailableAsync(number, http.User.ToActor(), ct) is { } view
            ? Results.Ok(view)
            : Problems.CaseNotFound(number);

    private static async Task<IResult> PerformAsync(string number, string action, ActionRequest? body, HttpContext http, CaseActions actions,
        TimeProvider time, Calendar.BusinessCalendars calendars, Intake.IntakeWarnings warnings, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body?.RowVersion is null) errors["rowVersion"] = ["rowVersion is required: the version of the case you last read."];
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in body?.Inputs ?? [])
        {
            string? value = v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.Null => null,
                _ => "\0",
            };
            if (value == "\0") errors[$"inputs.{k}"] = ["An input value must be a string, number or boolean."];
            else if (value is { Length: > 20_000 }) errors[$"inputs.{k}"] = ["An input value is longer than 20000 characters."];
            else if (value is not null) inputs[k] = value;
        }
        if (!EffectiveDate.TryParse(body?.EffectiveAt, out var effective))
            errors["effectiveAt"] = ["Ngày có hiệu lực phải là yyyy-MM-dd hoặc thời điểm ISO 8601 có múi giờ. / effectiveAt must be yyyy-MM-dd or an ISO 8601 instant with an offset."];
        if (errors.Count > 0) return Results.ValidationProblem(errors);

        var actor = http.User.ToActor();
        var r = await actions.PerformAsync(number, actor, action, inputs, body!.RowVersion!.Value, effective, ct);
        return r.Status switch
        {
            CaseActionStatus.Done => Results.Ok(new ActionResponse(action,
                CaseView.From(r.Case!.Case, r.Case.Deadlines, null, r.Case.ConfidentialReporter, time.GetUtcNow(), calendars.Calendar,
                    warnings.Views(r.Case.Case)), r.Opened)),
            CaseActionStatus.NotFound or CaseActionStatus.UnknownAction =>
                Results.Problem(statusCode: 404, type: ProblemTypes.NotFound, title: r.Status == CaseActionStatus.NotFound ? "Case not found" : "Unknown action",
                    detail: r.Message),
            CaseActionStatus.Forbidden => Results.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: r.Message),
            CaseActionStatus.Invalid => Results.ValidationProblem(
                r.FieldErrors.ToDictionary(e => Key(e.Key), e => new[] { e.Value }),
                detail: r.Message, extensions: Codes(r, Key)),
            CaseActionStatus.Conflict => Problems.StaleRowVersion(r.Message, r.CurrentRowVersion),
            CaseActionStatus.CalendarNotCovered => Results.ValidationProblem(r.FieldErrors.ToDictionary(e => e.Key, e => new[] { e.Value }),
                statusCode: 422, type: CalendarProblems.Type, title: "Outside the holiday calendar"),
            _ => Results.Problem(statusCode: 409, type: ProblemTypes.NotPermitted, title: "Not possible now", detail: r.Message,
                extensions: r.FieldErrors.Count == 0 ? null : new Dictionary<string, object?> { ["conditions"] = r.FieldErrors, ["codes"] = CodesOf(r, k => k) }),
        };

        static string Key(string field) => field == "effectiveAt" ? field : $"inputs.{field}";
    }

    /// <summary>"codes": each field's problem code (required, not-a-choice, condition-failed, ...) for clients that say it their own way.</summary>
    private static Dictionary<string, object?>? Codes(CaseActionResult r, Func<string, string> key) =>
        r.Problems is { Count: > 0 } ? new() { ["codes"] = CodesOf(r, key) } : null;

    private static Dictionary<string, string>? CodesOf(CaseActionResult r, Func<string, string> key) =>
        r.Problems?.ToDictionary(p => key(p.Key), p => p.Value.Code);
}

public static class HandlingSetup
{
    public static WebApplicationBuilder AddIncidentsHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ElectionDay>();
        builder.Services.AddSingleton<CaseActions>();
        builder.Services.AddSingleton<AutomaticMoveJob>(); // registered and caught up by Deadlines/DeadlineStartup
        return builder;
    }
}
