using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Incidents.Storage.Access;
using Incidents.Testing.Smtp;
using Incidents.Web.Deadlines;
using Incidents.Web.Tests.Escalation;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Hosting;

[Trait("Category", "Smtp")]
[Collection(nameof(HostsWithProcessWideState))]
public sealed class MetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    private static async Task<HttpClient> ClientOfAsync(EscalationHost host, string login)
    {
        var user = await host.Get<UserStore>().FindByLoginAsync(login);
        var token = ApiTokenStore.Generate();
        await host.Get<ApiTokenStore>().CreateAsync(user!.Id, ApiTokenStore.Hash(token), "test");
        var c = host.App.GetTestClient();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    /// <summary>The value of one series in the Prometheus text: the metric, and a label it must carry if given.</summary>
    private static double Value(string text, string metric, string? label = null)
    {
        var m = Regex.Matches(text, "^" + Regex.Escape(metric) + @"\{([^}]*)\} (\S+)$", RegexOptions.Multiline)
            .SingleOrDefault(m => label is null || m.Groups[1].Value.Split(',').Contains(label));
        Assert.True(m is not null, $"no series {metric} {label} in:{Environment.NewLine}{text}");
        return double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task After_an_intake_and_an_escalation_metrics_show_cases_deadlines_escalations_outbox_and_smtp_failures()
    {
        using var smtp = new AiosmtpdServer(start: false); // nobody listens: every send fails
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var admin = await ClientOfAsync(host, "quantri");
        var desk = await ClientOfAsync(host, "canbo");

        var intake = await desk.PostAsJsonAsync("/api/v1/cases", new
        {
            type = "complaint", title = "Khiếu nại về thu hồi đất", localityCode = Seed.Locality, channel = "counter",
            receivedAt = T0, reporter = new { name = "Nguyễn Văn An", address = "12 Hàng Bài, Hoàn Kiếm" },
        });
        Assert.Equal(HttpStatusCode.Created, intake.StatusCode);
        var due = T0 + TimeSpan.FromMinutes(1);
        await Seed.CaseAsync(host.Services, T0, [Seed.Deadline(T0, due, Seed.Breach(due))]);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, (await host.Get<DeadlineSweep>().RunAsync(default)).Fired);
        Assert.True(await Seed.EventuallyAsync(async () => (await Seed.OutboxAsync(host.Services)).Single().Attempts >= 1, TimeSpan.FromSeconds(20)));

        clock.Advance(TimeSpan.FromMinutes(1)); // the message then waits a minute (its retries fail too)
        var res = await admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var text = await res.Content.ReadAsStringAsync();
        Assert.Equal(1, Value(text, "incidents_cases_taken_in_total", "case_type=\"complaint\""));
        Assert.Equal(1, Value(text, "incidents_cases_taken_in_total", "case_type=\"petition\""));
        // What the database holds (the petition's clock, and the complaint's as its workflow starts it).
        await using (var c = await host.Get<Storage.Database>().OpenAsync())
        {
            var running = await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, "SELECT COUNT(*) FROM deadlines WHERE status = 'running'");
            Assert.True(running >= 1);
            Assert.Equal(running, Value(text, "incidents_deadlines_running"));
        }
        Assert.Equal(1, Value(text, "incidents_deadlines_breached"));
        Assert.Equal(0, Value(text, "incidents_deadlines_due_next_hour"));
        Assert.Equal(1, Value(text, "incidents_escalations_fired_total", "escalation_kind=\"breach\""));
        Assert.Equal(1, Value(text, "incidents_outbox_backlog"));
        Assert.Equal(60, Value(text, "incidents_outbox_oldest_age_seconds")); // on the product clock
        Assert.True(Value(text, "incidents_smtp_failures_total") >= 1);
        Assert.Contains("http_server_request_duration_seconds", text); // ASP.NET Core's own
    }

    [Fact]
    public async Task Metrics_are_for_administrators_only()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new SqliteFile("escalation");
        await using var host = await EscalationHost.StartAsync(db, new FakeTimeProvider(T0), smtp);
        await Seed.UsersAsync(host.Services);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.App.GetTestClient().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ClientOfAsync(host, "canbo")).GetAsync("/metrics")).StatusCode);
    }
}
