using System.Net;
using Hangfire;
using Hangfire.Storage;
using Incidents.Mail.Escalation;
using Incidents.Testing.Smtp;
using Incidents.Web.Deadlines;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Escalation;

public sealed class EscalationHostingTests
{
    [Fact]
    public async Task The_host_registers_the_minutely_sweep_and_dispatch_and_the_digest_at_0730_vietnam_time()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new SharedDatabase();
        await using var host = await EscalationHost.StartAsync(db, new FakeTimeProvider(), smtp);
        using var connection = host.Get<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id);
        Assert.Equal(Cron.Minutely(), jobs[DeadlineSetup.SweepJobId].Cron);
        Assert.Equal(Cron.Minutely(), jobs[DeadlineSetup.DispatchJobId].Cron);
        var digest = jobs[DeadlineSetup.DigestJobId];
        Assert.Equal("30 7 * * *", digest.Cron);
        Assert.Equal(MailTemplates.VietnamZone.Id, digest.TimeZoneId);
        Assert.Contains(digest.TimeZoneId, new[] { "Asia/Ho_Chi_Minh", "SE Asia Standard Time" });
        // 07:30 in Hanoi is 00:30 UTC.
        Assert.Equal(30, digest.NextExecution!.Value.Minute);
        Assert.Equal(0, digest.NextExecution.Value.Hour);
    }

    [Fact]
    public async Task The_dashboard_refuses_anyone_not_signed_in_as_an_administrator()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new SharedDatabase();
        await using var host = await EscalationHost.StartAsync(db, new FakeTimeProvider(), smtp);
        var client = host.App.GetTestClient();
        var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
