using Incidents.Storage;
using Incidents.Storage.Health;

namespace Incidents.Web.Health;

/// <param name="Status">healthy, degraded (reads work, writes fail) or unhealthy (unreachable).</param>
/// <param name="Writes">ok, or failing (also when the database is unreachable).</param>
public sealed record HealthReport(string Status, string Database, string Provider, string Writes);

public static class HealthEndpoints
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/health", async (DatabaseProbe probe, Database db, CancellationToken ct) =>
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(TimeSpan.FromSeconds(5));
                var reachable = await probe.IsReachableAsync(cts.Token);
                var writable = reachable && await probe.IsWritableAsync(cts.Token);
                var status = writable ? "healthy" : reachable ? "degraded" : "unhealthy";
                var report = new HealthReport(status, reachable ? "reachable" : "unreachable", db.Provider.ToString().ToLowerInvariant(),
                    writable ? "ok" : "failing");
                // Degraded is 503 too: a balancer must stop sending intake to a host whose every write fails.
                return Results.Json(report, statusCode: writable ? 200 : 503);
            })
            .WithName("Health").WithTags("Health")
            .WithSummary("Database reachability and writability")
            .Produces<HealthReport>(StatusCodes.Status200OK)
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .AllowAnonymous();
        return app;
    }
}
