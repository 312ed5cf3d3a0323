using System.Text.Json;
using Incidents.Core.Notifications;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Incidents.Web.Notifications;

/// <summary>/api/v1/notifications: the caller's own notifications and their preferences (NotificationDesk).</summary>
public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        api.MapGet("/notifications", ListAsync)
            .WithName("ListNotifications").WithTags("Notifications")
            .WithSummary("My notifications, newest first")
            .WithDescription("?unread=true for the unread ones only. Each has its kind (assigned, mentioned, extension-requested, " +
                "extension-decided, correspondence), its text in Vietnamese and English, the case number, the case's type and state in words, " +
                "and a link to the case.")
            .RequireAuthorization(Policies.Reader);

        api.MapPost("/notifications/{id:long}/read", ReadAsync)
            .WithName("MarkNotificationRead").WithTags("Notifications")
            .WithSummary("Mark one of my notifications read")
            .WithDescription("204; marking twice is fine. 404 when there is no such notification of the caller's.")
            .RequireAuthorization(Policies.Reader);

        api.MapGet("/notifications/preferences", PreferencesAsync)
            .WithName("GetNotificationPreferences").WithTags("Notifications")
            .WithSummary("How I am emailed about each kind: immediate or digest")
            .RequireAuthorization(Policies.Reader);

        api.MapPut("/notifications/preferences", SetPreferencesAsync)
            .WithName("SetNotificationPreferences").WithTags("Notifications")
            .WithSummary("Choose immediate or daily digest per kind")
            .WithDescription("Body {kind: mode, ...}, e.g. {\"assigned\": \"digest\"}; kinds not named keep their mode. 400 names each unknown " +
                "kind (not-a-field) or mode (not-a-choice, required) under errors and codes; nothing is stored then. The digest goes out once a " +
                "day at Incidents:Notifications:DigestAt, Vietnam time.")
            .Accepts<Dictionary<string, string>>("application/json")
            .RequireAuthorization(Policies.Reader);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<NotificationView>>> ListAsync(HttpContext http, NotificationDesk desk, CancellationToken ct,
        bool unread = false) =>
        TypedResults.Ok(await desk.ListAsync(http.User.ToActor(), unread, ct: ct));

    private static async Task<Results<NoContent, NotFoundProblem>> ReadAsync(long id, HttpContext http, NotificationDesk desk, CancellationToken ct) =>
        await desk.MarkReadAsync(http.User.ToActor(), id, ct) ? TypedResults.NoContent()
            : new NotFoundProblem(new ProblemDetails
            {
                Status = 404, Type = ProblemTypes.NotFound, Title = "Notification not found", Detail = $"You have no notification {id}.",
            });

    private static async Task<Ok<IReadOnlyDictionary<string, string>>> PreferencesAsync(HttpContext http, NotificationDesk desk, CancellationToken ct) =>
        TypedResults.Ok(await desk.PreferencesAsync(http.User.ToActor(), ct));

    private static async Task<Results<Ok<IReadOnlyDictionary<string, string>>, ValidationProblem>> SetPreferencesAsync(HttpContext http,
        NotificationDesk desk, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        Dictionary<string, string?> modes;
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return Invalid("body", "phải là một đối tượng JSON {loại: cách nhận}", "must be a JSON object {kind: mode}", "not-an-object");
            modes = new(StringComparer.Ordinal);
            foreach (var field in doc.RootElement.EnumerateObject())
                if (!modes.TryAdd(field.Name, field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.ValueKind == JsonValueKind.Null ? null : field.Value.GetRawText()))
                    return Invalid(field.Name, "có hai lần", "is given twice", "duplicate");
        }
        catch (JsonException)
        {
            return Invalid("body", "không phải JSON hợp lệ", "is not valid JSON", "not-json");
        }
        catch (InvalidOperationException)
        {
            // A name or value that is no text (an escaped lone surrogate, bytes that are not UTF-8). JsonBodyGuard refuses
            // these for JSON content types; this endpoint reads its body whatever the content type says.
            return Invalid("body", JsonBodyGuard.Message(JsonBodyGuard.NotUnicode), JsonBodyGuard.NotUnicode);
        }
        if (await desk.SetPreferencesAsync(actor, modes, ct) is { } p)
            return TypedResults.ValidationProblem(p.Messages.ToDictionary(m => m.Key, m => new[] { $"{m.Value.Vi} / {m.Value.En}" }),
                extensions: new Dictionary<string, object?> { ["codes"] = p.Codes });
        return TypedResults.Ok(await desk.PreferencesAsync(actor, ct));
    }

    private static ValidationProblem Invalid(string field, string vi, string en, string code) => Invalid(field, $"{vi} / {en}", code);

    private static ValidationProblem Invalid(string field, string message, string code) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            extensions: new Dictionary<string, object?> { ["codes"] = new Dictionary<string, string> { [field] = code } });
}
