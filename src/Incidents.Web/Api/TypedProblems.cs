using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Incidents.Web.Api;

/// <summary>
/// A problem+json answer whose status is part of its type, so an endpoint returning it in a Results&lt;…&gt; union tells
/// OpenAPI the status from its signature (a plain ProblemHttpResult cannot: its status is only known when it runs).
/// </summary>
public abstract class StatusProblem(ProblemDetails problem) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<ProblemDetails>
{
    public ProblemDetails Value => problem;
    object? IValueHttpResult.Value => problem;
    public int? StatusCode => problem.Status;
    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.Problem(problem).ExecuteAsync(httpContext);

    protected static void Describe(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>404: the case is unknown or not this reader's to see.</summary>
public sealed class NotFoundProblem(ProblemDetails problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}

/// <summary>409: someone changed the case since the caller read it.</summary>
public sealed class ConflictProblem(ProblemDetails problem) : StatusProblem(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}
