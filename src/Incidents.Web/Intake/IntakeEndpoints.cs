using System.Security.Cryptography;
using System.Text.Json;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using Incidents.Storage.Intake;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Web.Hosting;
using Incidents.Web.Triage;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Intake;

public static class IntakeEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxKeyLength = 200;

    public static RouteGroupBuilder MapIntake(this RouteGroupBuilder api)
    {
        api.MapPost("/cases", CreateAsync)
            .WithName("CreateCase")
            .WithTags("Intake")
            .WithSummary("Take in a new case")
            .WithDescription("Validates every field (type from the workflow catalog, title, localityCode valid at receivedAt, channel, " +
                "receivedAt not in the future, reporter fields the type requires, email/phone format, severity allowed by the type), " +
                "starts the case on the current workflow version and returns its number, with warnings that do not stop it (the citizen's filing " +
                "limit passed, no election day configured for a candidate complaint). With an Idempotency-Key header, a repeat " +
                "with the same body returns the first answer and creates nothing; the same key with another body gets 422.")
            .Accepts<IntakeRequest>("application/json")
            .Produces<CaseView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity) // also: a deadline counted past the holiday table
            .RequireAuthorization(Policies.Intake);
        return api;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, WorkflowCatalog catalog, WorkflowRuntime runtime,
        AdminUnitDirectory units, CaseStore store, TimeProvider time, IOptions<JsonOptions> json, Handling.ElectionDay election, IntakeWarnings warnings, CancellationToken ct)
    {
        if (!(http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
            return Results.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send the case as application/json.");
        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null) return Results.Problem(statusCode: 413, title: "Request too large", detail: $"The body is larger than {MaxBodyBytes} bytes.");

        string? key = http.Request.Headers["Idempotency-Key"];
        if (key is not null && (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl)))
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"The key must be 1 to {MaxKeyLength} printable characters."] });

        IntakeRequest? request;
        try { request = JsonSerializer.Deserialize<IntakeRequest>(body, json.Value.SerializerOptions); }
        catch (JsonException e) { return Results.ValidationProblem(new Dictionary<string, string[]> { [Field(e.Path)] = [JsonMessage(e)] }); }
        if (request is null) return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body must be a JSON object."] });

        var now = time.GetUtcNow();
        var validation = IntakeValidator.Validate(request, catalog, now, await units.ValidatorAsync(ct));
        if (validation.Value is not { } v) return Results.ValidationProblem(validation.Errors);
        v = v with { Inputs = election.Apply(v.Definition, v.Inputs) }; // candidate complaints: the configured election day

        var actor = http.User.ToActor();
        if (!Visibility.MayTakeIn(actor, v.Definition.Team))
            return Results.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden",
                detail: $"Cases of type '{v.Definition.Id}' are taken in by the {v.Definition.Team} team.");

        CaseStart start;
        try { start = runtime.Start(v.Definition, new CaseFacts(v.ReceivedAt, v.Severity, v.Inputs), now); }
        catch (Core.Calendar.CalendarNotCoveredException e) { return Calendar.CalendarProblems.Problem(e, "receivedAt"); }
        var newCase = NewCases.From(v, start, now, actor.Login, v.Definition.ConfidentialReporter);
        var claim = key is null ? null : new IdempotencyClaim(actor.Id, key, Convert.ToHexStringLower(SHA256.HashData(body)));
        // The creator is not the assignee: a confidential identity is echoed only to leadership.
        var withheld = v.Definition.ConfidentialReporter && !actor.Has(Roles.Leadership);
        var outcome = await store.CreateAsync(newCase, claim, (c, deadlines) => new StoredResponse(201, Location(c.Number),
            JsonSerializer.Serialize(CaseView.From(c, deadlines, withheld ? null : v.Reporter, withheld, now, runtime.Calendar, warnings.Views(c)), json.Value.SerializerOptions)), ct);

        switch (outcome.Status)
        {
            case CreateStatus.KeyReused:
                return Results.Problem(statusCode: 422, type: ProblemTypes.IdempotencyKeyReused, title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was already used with a different request body. Use a new key for a new case.");
            case CreateStatus.Replayed:
                var r = outcome.Response!;
                if (r.Location is not null) http.Response.Headers.Location = r.Location;
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Content(r.Body, "application/json", statusCode: r.StatusCode);
            default:
                var c = outcome.Case!;
                if (outcome.Response is { } stored)
                {
                    http.Response.Headers.Location = stored.Location;
                    return Results.Content(stored.Body, "application/json", statusCode: stored.StatusCode);
                }
                return Results.Created(Location(c.Number), CaseView.From(c, start.Deadlines, withheld ? null : v.Reporter, withheld, now, runtime.Calendar, warnings.Views(c)));
        }
    }

    public static string Location(string number) => "/api/v1/cases/" + Uri.EscapeDataString(number);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest req, CancellationToken ct)
    {
        if (req.ContentLength > MaxBodyBytes) return null;
        using var ms = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await req.Body.ReadAsync(buffer, ct)) > 0)
        {
            ms.Write(buffer, 0, n);
            if (ms.Length > MaxBodyBytes) return null;
        }
        return ms.ToArray();
    }

    /// <summary>"$.reporter.email" -> "reporter.email"; the whole body -> "body".</summary>
    private static string Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    private static string JsonMessage(JsonException e) => e.Path is null or "$"
        ? "The body is not valid JSON."
        : "This field has the wrong JSON type (text is expected for scalar fields).";
}
