using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Incidents.Mail.Escalation;
using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Storage.Outbox;
using Incidents.Testing.Smtp;
using Incidents.Web.Deadlines;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Escalation;

[Trait("Category", "Smtp")]
[Collection(nameof(HostsWithProcessWideState))]
public sealed class EscalationHostingTests
{
    private static async Task<HttpClient> ClientAsync(EscalationHost host, string login)
    {
        var user = await host.Get<UserStore>().FindByLoginAsync(login);
        var token = ApiTokenStore.Generate();
        await host.Get<ApiTokenStore>().CreateAsync(user!.Id, ApiTokenStore.Hash(token), "test");
        var client = host.App.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task The_APIs_intake_arms_a_step_already_due_so_it_is_sent_without_a_sweep_or_an_arm_pass()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        // No sweep at start-up, no arm pass, no recurring jobs (EscalationHost): only intake can hand the step to Hangfire.
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var desk = await ClientAsync(host, "truongan");

        // A critical incident has five minutes; received four minutes ago, its warning (at half) is already due.
        var res = await desk.PostAsJsonAsync("/api/v1/cases", new
        {
            type = "security-incident", severity = "critical", title = "Truy cập trái phép cổng thông tin", localityCode = Seed.Locality,
            channel = "phone", receivedAt = clock.GetUtcNow().AddMinutes(-4), reporter = new { name = "Phòng CNTT" },
        });
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var number = JsonDocument.Parse(await res.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;

        var received = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(30));
        Assert.Contains(received, m => (m.Message.Subject ?? "").Contains(number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_outbox_row_committed_in_this_process_is_sent_at_once_not_at_the_next_poll()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        // A poll an hour apart and no Hangfire safety net: only the commit's wake-up can send the row within the test.
        await using var host = await EscalationHost.StartAsync(db, clock, smtp,
            config: new Dictionary<string, string?> { ["Incidents:Escalation:DispatchPollInterval"] = "01:00:00" });
        var outbox = host.Get<OutboxStore>();
        await Task.Delay(500); // the pump's first pass (an empty outbox) is over; it now waits for the poll or a wake-up

        var database = host.Get<Incidents.Storage.Database>();
        await using (var w = await database.BeginWriteAsync())
        {
            await outbox.EnqueueAsync(w.Connection, w.Transaction, new OutboxMessage(OutboxKind.Escalation, ["canbo@ubnd.test"], "Quá hạn xử lý", "body"),
                clock.GetUtcNow());
            await Task.Delay(300);
            Assert.Empty(smtp.Received()); // not before the commit
            await w.CommitAsync();
        }
        var received = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(30));
        Assert.Contains("Quá hạn xử lý", Assert.Single(received).Message.Subject);
    }

    [Fact]
    public async Task Operators_see_attempts_and_last_error_and_retry_a_dead_message_which_is_then_delivered_once()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero));
        await using var host = await EscalationHost.StartAsync(db, clock, smtp,
            config: new Dictionary<string, string?> { ["Incidents:Smtp:MaxAttempts"] = "1" });
        await Seed.UsersAsync(host.Services);
        var outbox = host.Get<OutboxStore>();
        var row = await outbox.EnqueueAsync(new OutboxMessage(OutboxKind.Escalation, ["canbo@ubnd.test"], "Quá hạn", "body"), clock.GetUtcNow());
        Assert.True(await Seed.EventuallyAsync(async () => (await outbox.GetAsync(row.Id))!.State == OutboxState.Dead, TimeSpan.FromSeconds(20)));

        var admin = await ClientAsync(host, "quantri");
        var list = await admin.GetAsync("/api/v1/outbox?state=dead");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using (var json = JsonDocument.Parse(await list.Content.ReadAsStringAsync()))
        {
            // The admin notice may die too while SMTP is down (MaxAttempts is 1); the escalation is the one to inspect.
            var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.All(items, i => Assert.Equal("dead", i.GetProperty("state").GetString()));
            var item = Assert.Single(items, i => i.GetProperty("id").GetInt64() == row.Id);
            Assert.Equal("dead", item.GetProperty("state").GetString());
            Assert.Equal(1, item.GetProperty("attempts").GetInt32());
            Assert.False(string.IsNullOrEmpty(item.GetProperty("lastError").GetString()));
            Assert.False(item.TryGetProperty("bodyText", out _)); // operators see delivery, not content
        }

        // The administrators were told in the same transaction that marked it dead: the admin user's address, from the users table.
        var notice = Assert.Single((await outbox.ListAsync(limit: 10)).Items, e => e.Kind == OutboxKind.AdminNotice);
        Assert.Equal(["quantri@ubnd.test"], notice.Recipients);
        Assert.Contains("Quá hạn", notice.Subject);

        var bad = await admin.GetAsync("/api/v1/outbox?state=lost&limit=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await bad.Content.ReadAsStringAsync()))
        {
            var errors = problem.RootElement.GetProperty("errors");
            Assert.True(errors.TryGetProperty("state", out _));
            Assert.True(errors.TryGetProperty("limit", out _));
        }

        var reader = await ClientAsync(host, "canbo");
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/v1/outbox")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/v1/outbox/{row.Id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.App.GetTestClient().GetAsync("/api/v1/outbox")).StatusCode);

        smtp.Start();
        var retry = await admin.PostAsync($"/api/v1/outbox/{row.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.True(await Seed.EventuallyAsync(() => Task.FromResult(smtp.Received().Any(g => g.Message.MessageId == row.MessageId.Trim('<', '>'))),
            TimeSpan.FromSeconds(20)));
        Assert.True(await Seed.EventuallyAsync(async () => (await outbox.GetAsync(row.Id))!.State == OutboxState.Sent, TimeSpan.FromSeconds(10)));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/outbox/{row.Id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/outbox/999999/retry", null)).StatusCode);
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(500)); // nothing more arrives
        Assert.Single(smtp.Received(), g => g.Message.MessageId == row.MessageId.Trim('<', '>'));
    }

    [Fact]
    public async Task Without_an_smtp_host_a_breach_is_written_as_an_eml_file_and_marked_sent()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new SqliteFile("escalation");
        var pickup = Path.Combine(db.Dir, "outbox");
        var t0 = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(t0);
        // As appsettings.json ships them: the SMTP keys present and empty.
        await using var host = await EscalationHost.StartAsync(db, clock, smtp, config: new Dictionary<string, string?>
        {
            ["Incidents:Smtp:Host"] = "", ["Incidents:Smtp:From"] = "", ["Incidents:Smtp:PickupDirectory"] = pickup,
        });
        await Seed.UsersAsync(host.Services);
        var (_, number, _) = await Seed.CaseAsync(host.Services, t0, [Seed.Deadline(t0, t0, Seed.Breach(t0))]);
        await host.Get<DeadlineSweep>().RunAsync(default);

        Assert.True(await Seed.EventuallyAsync(() => Task.FromResult(Directory.Exists(pickup) && Directory.GetFiles(pickup, "*.eml").Length == 1),
            TimeSpan.FromSeconds(20)));
        var mail = MimeKit.MimeMessage.Load(Directory.GetFiles(pickup, "*.eml").Single());
        Assert.Equal("incidents@incidents.local", mail.From.Mailboxes.Single().Address);
        Assert.Equal($"{number}/processing/breach", mail.Headers[Mail.Escalation.EscalationComposer.StepHeader]);
        Assert.True(await Seed.EventuallyAsync(async () => (await Seed.OutboxAsync(host.Services)).Single().State == OutboxState.Sent,
            TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_dashboard_opens_for_an_administrator_only()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new SqliteFile("escalation");
        await using var host = await EscalationHost.StartAsync(db, new FakeTimeProvider(), smtp);
        await Seed.UsersAsync(host.Services);
        Assert.Equal(HttpStatusCode.OK, (await (await ClientAsync(host, "quantri")).GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await ClientAsync(host, "lanhdao.chung")).GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task The_host_registers_the_minutely_sweep_and_dispatch_and_the_digest_at_0730_vietnam_time()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new SqliteFile("escalation");
        await using var host = await EscalationHost.StartAsync(db, new FakeTimeProvider(), smtp,
            config: new Dictionary<string, string?> { ["Incidents:Escalation:RecurringJobs"] = "true" });
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
        using var db = new SqliteFile("escalation");
        await using var host = await EscalationHost.StartAsync(db, new FakeTimeProvider(), smtp);
        var client = host.App.GetTestClient();
        var response = await client.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
