using System.Security.Cryptography;
using System.Text.Json;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Intake;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Web.Calendar;
using Incidents.Web.Triage;
using Microsoft.AspNetCore.Http.HttpResults;
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
                "with the same body returns the first answer and creates nothing; the same key with another body gets 422. Attachments are not taken " +
                "here (the body is JSON); scanned letters come in through the intake page, under the same checks.")
            .Accepts<IntakeRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity) // also: a deadline counted past the holiday table
            .RequireAuthorization(Policies.Intake);
        return api;
    }

    private static async Task<Results<Created<CaseView>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, CaseIntake intake, BusinessCalendars calendars, TimeProvider time, IOptions<JsonOptions> json, AccessOptions access,
        CancellationToken ct)
    {
        if (!(http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
            return TypedResults.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send the case as application/json.");
        var body = await ReadBodyAsync(http.Request, ct);
        if (body is null) return TypedResults.Problem(statusCode: 413, title: "Request too large", detail: $"The body is larger than {MaxBodyBytes} bytes.");

        string? key = http.Request.Headers["Idempotency-Key"];
        if (key is not null && (key.Length is 0 or > MaxKeyLength || key.Any(char.IsControl)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"The key must be 1 to {MaxKeyLength} printable characters."] });

        IntakeRequest? request;
        try { request = JsonSerializer.Deserialize<IntakeRequest>(body, json.Value.SerializerOptions); }
        catch (JsonException e) { return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Field(e.Path)] = [JsonMessage(e)] }); }
        if (request is null) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["The body must be a JSON object."] });

        var actor = http.User.ToActor();
        var now = time.GetUtcNow();
        // The creator is not the assignee: a confidential identity is echoed only to leadership, when leadership is a custodian.
        CaseView View(IntakeCase c)
        {
            var withheld = c.Confidential && !(access.Custodians.Leadership && actor.Has(Roles.Leadership));
            return CaseView.From(c.Case, c.Deadlines, withheld ? null : c.Reporter, c.Confidential, now, calendars.Calendar, [.. c.Warnings.Select(WarningView.From)]);
        }
        var idempotency = key is null ? null : new IntakeKey(key, Convert.ToHexStringLower(SHA256.HashData(body)),
            c => new StoredResponse(201, Location(c.Case.Number), JsonSerializer.Serialize(View(c), json.Value.SerializerOptions)));

        var r = await intake.TakeInAsync([request], [], actor, idempotency, ct);
        switch (r.Status)
        {
            // "codes": each field's problem codes beside its "vi / en" messages, for clients that say them their own way.
            case IntakeStatus.Invalid:
                return TypedResults.ValidationProblem(r.Errors, extensions: new Dictionary<string, object?> { ["codes"] = IntakeProblems.Codes(r.Problems) });
            case IntakeStatus.Forbidden: return TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: r.Message);
            case IntakeStatus.CalendarNotCovered: return CalendarProblems.Problem(r.Calendar!, "receivedAt");
            case IntakeStatus.KeyReused:
                return TypedResults.Problem(statusCode: 422, type: ProblemTypes.IdempotencyKeyReused, title: "Idempotency-Key reused",
                    detail: "This Idempotency-Key was already used with a different request body. Use a new key for a new case.");
        }
        // With a key, the first answer and its repeats are the same stored bytes.
        if (r.Answer is { } stored)
        {
            if (stored.Location is not null) http.Response.Headers.Location = stored.Location;
            if (r.Status == IntakeStatus.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
            return TypedResults.Content(stored.Body, "application/json", statusCode: stored.StatusCode);
        }
        var created = r.Cases[0];
        return TypedResults.Created(Location(created.Case.Number), View(created));
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
