using System.Text.Json;
using System.Text.Json.Serialization;
using Incidents.Core.Workflows;
using Incidents.Storage.Health;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Diagnostics;

namespace Incidents.Web.Api;

/// <summary>Problem types this API answers with, beyond the RFC 9110 defaults.</summary>
public static class ProblemTypes
{
    public const string Conflict = "https://incidents.local/problems/stale-row-version";
    public const string IdempotencyKeyReused = "https://incidents.local/problems/idempotency-key-reused";
    public const string NotFound = "https://incidents.local/problems/not-found";
    public const string Forbidden = "https://incidents.local/problems/forbidden";
    public const string NotPermitted = "https://incidents.local/problems/action-not-permitted";
    /// <summary>503: the database is full or read-only; nothing was written, the same request may be retried later.</summary>
    public const string StorageUnavailable = "https://incidents.local/problems/storage-unavailable";
}

/// <summary>Problems more than one endpoint answers with, so their wording stays the same everywhere.</summary>
public static class Problems
{
    public static NotFoundProblem CaseNotFound(string number) => new(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Status = 404, Type = ProblemTypes.NotFound, Title = "Case not found", Detail = $"There is no case {number}.",
    });

    /// <summary>Someone changed the case since the caller read it: nothing was written.</summary>
    public static ConflictProblem StaleRowVersion(string? detail, int? currentRowVersion) => new(new Microsoft.AspNetCore.Mvc.ProblemDetails
    {
        Status = 409, Type = ProblemTypes.Conflict, Title = "The case was changed by someone else", Detail = detail,
        Extensions = { ["currentRowVersion"] = currentRowVersion },
    });
}

public static class ApiSetup
{
    /// <summary>ProblemDetails everywhere (never the exception's details), JSON options, and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddIncidentsApi(this WebApplicationBuilder builder)
    {
        // Pages get the storage problem as a page in the reader's language; it goes before the JSON writer.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, StorageProblemPage>());
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions.Remove("exception");
            if (StorageProblemPage.Applies(ctx)) StorageProblemPage.Apply(ctx);
            else if (ctx.ProblemDetails.Status >= 500) ctx.ProblemDetails.Detail = "An unexpected error occurred. It has been logged.";
            ctx.ProblemDetails.Extensions["traceId"] = ctx.HttpContext.TraceIdentifier;
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Incidents API";
            doc.Info.Description = "Case intake and reading for complaints, denunciations, petitions and security incidents. " +
                "Every endpoint under /api/v1 needs 'Authorization: Bearer <token>' (create one with the host's `tokens create <login>` verb).";
            doc.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["Bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http, Scheme = "bearer",
                Description = "An API token from `tokens create <login>`; stored hashed (SHA-256) on the server.",
            };
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>Exception handler and status-code pages answer with problem+json; then authentication.</summary>
    public static WebApplication UseIncidentsApi(this WebApplication app)
    {
        // A full or read-only database is 503 with Retry-After (its own problem type); anything else unexpected is 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = e => StorageFailure.IsUnavailable(e) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseJsonBodyGuard();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}

/// <summary>
/// The storage problem as a small page for a browser on the pages (not /api): Vietnamese or English by the reader's
/// culture, with the same 503 and Retry-After. Other problems keep the JSON writer.
/// </summary>
public sealed class StorageProblemPage : IProblemDetailsWriter
{
    public const string RetryAfterSeconds = "30";
    private static readonly System.Text.Encodings.Web.HtmlEncoder Html = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    public static readonly LocalizedText Title = new("Tạm thời không ghi được dữ liệu", "Storage is temporarily unavailable");
    public static readonly LocalizedText Detail = new(
        "Cơ sở dữ liệu đã đầy hoặc chỉ cho đọc. Không có gì được lưu; hãy thử lại sau ít phút.",
        "The database is full or read-only. Nothing was saved; try again in a few minutes.");

    public static bool Applies(ProblemDetailsContext context) => StorageFailure.IsUnavailable(context.Exception);

    /// <summary>503, its problem type, both languages, Retry-After; and /health says degraded from now on for a while.</summary>
    public static void Apply(ProblemDetailsContext context)
    {
        context.ProblemDetails.Status = StatusCodes.Status503ServiceUnavailable;
        context.ProblemDetails.Type = ProblemTypes.StorageUnavailable;
        context.ProblemDetails.Title = $"{Title.Vi} / {Title.En}";
        context.ProblemDetails.Detail = $"{Detail.Vi} / {Detail.En}";
        context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        context.HttpContext.RequestServices.GetRequiredService<DatabaseProbe>().WriteRefused();
    }

    public bool CanWrite(ProblemDetailsContext context) =>
        Applies(context)
        && !context.HttpContext.Request.Path.StartsWithSegments("/api")
        && context.HttpContext.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        Apply(context);
        var culture = UiText.Culture;
        var title = Html.Encode(Title.In(culture));
        var detail = Html.Encode(Detail.In(culture));
        context.HttpContext.Response.ContentType = "text/html; charset=utf-8";
        await context.HttpContext.Response.WriteAsync(
            $"<!doctype html><html lang=\"{culture}\"><meta charset=\"utf-8\"><title>{title}</title>" +
            $"<main><h1>{title}</h1><p role=\"alert\">{detail}</p><p><a href=\"/\">{(culture == "en" ? "Back to start" : "Về trang đầu")}</a></p></main></html>");
    }
}
