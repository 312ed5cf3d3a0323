using Incidents.Storage;
using Incidents.Storage.Health;

namespace Incidents.Web.Health;

public sealed record HealthReport(string Status, string Database, string Provider);

public static class HealthEndpoints
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async (DatabaseProbe probe, Database db, CancellationToken ct) =>
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(5));
                var ok = await probe.IsReachableAsync(cts.Token);
                var report = new HealthReport(ok ? "healthy" : "unhealthy", ok ? "reachable" : "unreachable", db.Provider.ToString().ToLowerInvariant());
                return Results.Json(report, statusCode: ok ? 200 : 503);
            })
            .WithName("Health").WithTags("Health")
            .WithSummary("Database reachability")
            .Produces<HealthReport>(StatusCodes.Status200OK)
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
        return app;
    }
}
