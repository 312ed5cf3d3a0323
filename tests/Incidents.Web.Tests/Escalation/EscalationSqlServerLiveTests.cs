using Dapper;
using Incidents.Storage;
using Incidents.Testing.Smtp;
using Incidents.Web.Deadlines;
using Incidents.Web.Escalation;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Escalation;

[Trait("Category", "SqlServer")]
[Trait("Category", "Smtp")]
public sealed class EscalationSqlServerLiveTests
{
    [SqlServerLiveFact]
    public async Task SqlServerLive_two_hosts_with_hangfire_in_the_same_database_send_each_step_once()
    {
        var server = Environment.GetEnvironmentVariable("INCIDENTS_TEST_SQLSERVER")!;
        var name = "incidents_esc_" + Guid.NewGuid().ToString("N")[..12];
        await using (var c = new SqlConnection(server))
            await c.ExecuteAsync($"CREATE DATABASE [{name}]");
        try
        {
            var options = new DatabaseOptions
            {
                Provider = DbProvider.SqlServer,
                ConnectionString = new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ConnectionString,
            };
            using var smtp = new AiosmtpdServer();
            var t0 = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
            var clock = new FakeTimeProvider(t0);
            await using var a = await EscalationHost.StartAsync(options, clock, smtp);
            await using var b = await EscalationHost.StartAsync(options, clock, smtp);
            await Seed.UsersAsync(a.Services);
            var due = t0 + TimeSpan.FromMinutes(1);
            for (var i = 0; i < 10; i++) await Seed.CaseAsync(a.Services, t0, [Seed.Deadline(t0, due, Seed.Breach(due))]);

            clock.Advance(TimeSpan.FromMinutes(1));
            var sweeps = await Task.WhenAll(Task.Run(() => a.Get<DeadlineSweep>().RunAsync(default)), Task.Run(() => b.Get<DeadlineSweep>().RunAsync(default)));
            Assert.Equal(10, sweeps.Sum(s => s.Fired));
            var got = await smtp.WaitForAsync(10, TimeSpan.FromSeconds(30));
            await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(1000)); // nothing more arrives
            Assert.Equal(10, smtp.Received().Count);
            Assert.Equal(10, got.Select(g => g.Message.Headers[Mail.Escalation.EscalationComposer.StepHeader]).Distinct().Count());

            // Hangfire keeps its tables in the same database, under its own schema.
            await using var check = new SqlConnection(options.ConnectionString);
            Assert.Equal(1, await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sys.schemas WHERE name = 'hangfire'"));
            Assert.True(await check.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sys.tables t JOIN sys.schemas s ON s.schema_id = t.schema_id WHERE s.name = 'hangfire'") > 0);
        }
        finally
        {
            SqlConnection.ClearAllPools();
            await using var c = new SqlConnection(server);
            await c.ExecuteAsync($"ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]");
        }
    }
}
