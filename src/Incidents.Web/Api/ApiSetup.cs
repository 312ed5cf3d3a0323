using System.Text.Json;
using System.Text.Json.Serialization;
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
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions.Remove("exception");
            if (ctx.ProblemDetails.Status >= 500) ctx.ProblemDetails.Detail = "An unexpected error occurred. It has been logged.";
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
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = _ => StatusCodes.Status500InternalServerError });
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
