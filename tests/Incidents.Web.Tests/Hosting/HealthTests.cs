using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task A_writable_database_is_healthy()
    {
        await using var app = new IncidentsApp();
        var res = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", body["status"]!.GetValue<string>());
        Assert.Equal("ok", body["writes"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_read_only_database_is_degraded_with_503()
    {
        await using var writer = new IncidentsApp();
        _ = writer.Server; // migrated and seeded; it keeps the WAL's shared memory file open for the reader below
        var file = Path.Combine(writer.Dir, "incidents.db");
        // The same file opened read-only, as a host sees it after a remount or a lost write permission.
        await using var readOnly = new IncidentsApp
        {
            Settings =
            {
                ["Incidents:Database:ConnectionString"] = $"Data Source={file};Mode=ReadOnly",
                ["Incidents:Database:MigrateOnStart"] = "false",
                ["Incidents:Escalation:SweepAtStartup"] = "false",
                ["Incidents:Escalation:RecurringJobs"] = "false",
            },
        };
        var res = await readOnly.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);
        var body = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
        Assert.Equal("degraded", body["status"]!.GetValue<string>());
        Assert.Equal("reachable", body["database"]!.GetValue<string>());
        Assert.Equal("failing", body["writes"]!.GetValue<string>());
        // The writer's host still answers healthy: the probe tells the two apart.
        Assert.Equal(HttpStatusCode.OK, (await writer.CreateClient().GetAsync("/health")).StatusCode);
    }
}
