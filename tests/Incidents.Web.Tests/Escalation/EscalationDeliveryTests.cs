using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;
using Incidents.Core.Escalation;
using Incidents.Core.Workflows;
using Incidents.Mail.Escalation;
using Incidents.Mail.Outbox;
using Incidents.Storage.Cases;
using Incidents.Storage.Escalation;
using Incidents.Storage.Handling;
using Incidents.Storage.Outbox;
using Incidents.Storage.Triage;
using Incidents.Testing.Smtp;
using Incidents.Web.Deadlines;
using Incidents.Web.Escalation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Incidents.Web.Tests.Escalation;

/// <summary>
/// Issue 4's "done when", against Debian's aiosmtpd with the mail read back from its Maildir by MimeKit. The product's
/// clock is a FakeTimeProvider; the sweep and the step job are driven through their methods where the fake clock must
/// decide, and one test lets the real Hangfire server fire a scheduled step on the real clock.
/// </summary>
[Trait("Category", "Smtp")]
[Collection(nameof(HostsWithProcessWideState))]
public sealed class EscalationDeliveryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero); // 09:00 in Hanoi
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static string Header(MimeMessage m, string name) => m.Headers[name] ?? "";

    [Fact]
    public async Task A_breach_sends_exactly_one_email_with_the_right_recipients_and_content()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var due = T0 + TimeSpan.FromMinutes(10);
        var (caseId, number, _) = await Seed.CaseAsync(host.Services, T0, [Seed.Deadline(T0, due, Seed.Breach(due))]);
        var sweep = host.Get<DeadlineSweep>();

        Assert.Equal(0, (await sweep.RunAsync(default)).Fired); // not due yet
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(new SweepResult(1, 1, 0), await sweep.RunAsync(default));
        Assert.Equal(new SweepResult(0, 0, 0), await sweep.RunAsync(default)); // fired once, never again
        // A late duplicate of the Hangfire job is a no-op too.
        await host.Get<StepJob>().FireAsync(caseId, "processing", "breach", due.ToUnixTimeMilliseconds(), default);

        var got = await smtp.WaitForAsync(1, Wait);
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(500)); // nothing more arrives
        var mail = Assert.Single(smtp.Received()).Message;
        Assert.Equal(["canbo@ubnd.test", "truongphong@ubnd.test"], mail.To.Mailboxes.Select(m => m.Address).Order());
        Assert.Equal($"[{number}] Quá hạn: Thời hạn xử lý đơn (quá hạn dưới 1 phút)", mail.Subject);
        Assert.Contains("Luật Tiếp công dân 2013", mail.TextBody);
        Assert.Contains("Địa bàn: Phường Ba Đình", mail.TextBody);
        Assert.Contains($"https://incidents.test/cases/{number}", mail.TextBody);
        Assert.Contains("09:10 ngày 20/11/2026 (giờ Việt Nam)", mail.TextBody); // 02:10Z, shown in Vietnam time
        Assert.Equal("2026-11-20T02:10:00.000Z", Header(mail, EscalationComposer.DueHeader));
        Assert.Equal($"{number}/processing/breach", Header(mail, EscalationComposer.StepHeader));
        Assert.Equal($"case-{number}@test.incidents", mail.InReplyTo);
        // Nothing of the reporter, not even the title or description they wrote.
        var raw = System.Text.Encoding.UTF8.GetString(got[0].Raw) + mail.TextBody + mail.HtmlBody;
        Assert.DoesNotContain("Bí Mật", raw);
        Assert.DoesNotContain("nguoigui", raw);

        var events = await host.Get<CaseQueries>().GetEventsAsync(caseId);
        var e = Assert.Single(events, e => e.Kind == "escalation");
        Assert.Equal("breach", e.Data["step"]);
        Assert.Equal("canbo@ubnd.test,truongphong@ubnd.test", e.Data["recipients"]);
        var row = Assert.Single(await Seed.OutboxAsync(host.Services));
        Assert.Equal((OutboxState.Sent, 1), (row.State, row.Attempts));
    }

    [Fact]
    public async Task Leadership_levels_go_to_leaders_of_the_locality_or_above_and_a_step_without_recipient_tells_the_admin()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var level = new DeadlineStep("escalation.1", StepKinds.Escalation, T0 + TimeSpan.FromMinutes(1), ["leadership"]);
        var (leadCase, leadNumber, _) = await Seed.CaseAsync(host.Services, T0, [Seed.Deadline(T0, T0, level)]);
        // Unassigned, and the step names only the assignee: nobody to tell.
        var (lonelyCase, lonelyNumber, _) = await Seed.CaseAsync(host.Services, T0,
            [Seed.Deadline(T0, T0 + TimeSpan.FromMinutes(1), Seed.Breach(T0 + TimeSpan.FromMinutes(1), "assignee"))], assign: false);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await host.Get<DeadlineSweep>().RunAsync(default)).Fired);
        var got = await smtp.WaitForAsync(2, Wait);
        Assert.Equal(2, got.Count);

        var leaders = Assert.Single(got, g => Header(g.Message, EscalationComposer.StepHeader) == $"{leadNumber}/processing/escalation.1").Message;
        Assert.Equal(["lanhdao.tp@ubnd.test", "lanhdao@ubnd.test"], leaders.To.Mailboxes.Select(m => m.Address).Order());
        // Lateness is counted from the deadline (due at T0), not from the level's own instant (T0 + 1 min).
        Assert.Equal($"[{leadNumber}] Chuyển cấp 1: Thời hạn xử lý đơn (quá hạn 1 phút)", leaders.Subject);
        Assert.Equal("2026-11-20T02:01:00.000Z", Header(leaders, EscalationComposer.DueHeader));

        var notice = Assert.Single(got, g => Header(g.Message, EscalationComposer.StepHeader) == $"{lonelyNumber}/processing/breach").Message;
        Assert.Equal(["quantri@ubnd.test"], notice.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("Không có người nhận", notice.Subject);
        Assert.Contains("người được giao xử lý", notice.TextBody); // the step's recipient in words, not its id
        var history = await host.Get<CaseQueries>().GetEventsAsync(lonelyCase);
        var e = Assert.Single(history, e => e.Kind == "escalation-unrouted");
        Assert.Equal("no recipient for assignee", e.Data["error"]);
        Assert.Single(await host.Get<CaseQueries>().GetEventsAsync(leadCase), e => e.Kind == "escalation");
    }

    [Fact]
    public async Task A_met_a_paused_and_an_extended_deadline_send_nothing()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var due = T0 + TimeSpan.FromMinutes(30);
        DeadlineRecord Fresh() => Seed.Deadline(T0, due, Seed.Breach(due));
        var met = await Seed.CaseAsync(host.Services, T0, [Fresh()]);
        var paused = await Seed.CaseAsync(host.Services, T0, [Fresh()]);
        var extended = await Seed.CaseAsync(host.Services, T0, [Fresh()]);
        var control = await Seed.CaseAsync(host.Services, T0, [Fresh()]);

        // The case actions, written as the workflow runtime writes them: the full new set of deadlines in one update.
        clock.Advance(TimeSpan.FromMinutes(5));
        var now = clock.GetUtcNow();
        var updates = host.Get<CaseUpdateStore>();
        var calendar = new DeadlineClock(BusinessCalendar.Seeded());
        var ladder = new EscalationDefinition { Breach = new BreachLevel(["assignee", "team-lead"]) };
        async Task Act((long Id, string Number, int RowVersion) c, DeadlineRecord d, string action)
        {
            var r = await updates.UpdateAsync(new CaseUpdate(c.Id, c.RowVersion, "processing", [d],
                new NewCaseEvent(now, "canbo", "action", action, "received", "processing")));
            Assert.Equal(UpdateStatus.Updated, r.Status);
            host.Get<DeadlineScheduler>().Arm(c.Id, [d]);
        }
        await Act(met, DeadlineClock.Close(Fresh(), DeadlineStatus.Met, now), "process");
        await Act(paused, DeadlineClock.Pause(Fresh(), now), "request-info");
        var ext = calendar.Extend(Fresh(), IsoDuration.Parse("P1D"), ladder, now);
        Assert.True(ext.DueAt > due + TimeSpan.FromHours(20));
        await Act(extended, ext, "extend");

        clock.Advance(TimeSpan.FromMinutes(26)); // past the original due instant, long before the extended one
        var result = await host.Get<DeadlineSweep>().RunAsync(default);
        Assert.Equal(1, result.Fired); // the control case only
        // The jobs armed before the actions (they carry the old keys and instant) wake and do nothing.
        foreach (var c in new[] { met, paused, extended })
        {
            await host.Get<StepJob>().FireAsync(c.Id, "processing", "breach", due.ToUnixTimeMilliseconds(), default);
            var r = await host.Get<EscalationStore>().FireAsync(new StepRef(c.Id, "processing", "breach"), clock.GetUtcNow(),
                RecipientExtras.None, _ => throw new InvalidOperationException("must not compose"));
            Assert.Equal(FireStatus.NotPending, r.Status);
        }

        var got = await smtp.WaitForAsync(1, Wait);
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(1000)); // nothing more arrives
        var only = Assert.Single(smtp.Received()).Message;
        Assert.Equal($"{control.Number}/processing/breach", Header(only, EscalationComposer.StepHeader));
        Assert.Single(await Seed.OutboxAsync(host.Services));

        // The extension's own breach (new key) still fires when its time comes.
        clock.SetUtcNow(ext.DueAt);
        Assert.Equal(1, (await host.Get<DeadlineSweep>().RunAsync(default)).Fired);
        var two = await smtp.WaitForAsync(2, Wait);
        Assert.Contains(two, g => Header(g.Message, EscalationComposer.StepHeader) == $"{extended.Number}/processing/breach.x1");
    }

    [Fact]
    public async Task A_host_stopped_and_a_new_host_started_over_the_same_database_send_each_step_exactly_once()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        var breachAt = T0 + TimeSpan.FromMinutes(1);
        var levelAt = T0 + TimeSpan.FromMinutes(5);
        string number;
        await using (var first = await EscalationHost.StartAsync(db, clock, smtp))
        {
            await Seed.UsersAsync(first.Services);
            (_, number, _) = await Seed.CaseAsync(first.Services, T0, [Seed.Deadline(T0, breachAt, Seed.Breach(breachAt),
                new DeadlineStep("escalation.1", StepKinds.Escalation, levelAt, ["leadership"]))]);
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(1, (await first.Get<DeadlineSweep>().RunAsync(default)).Fired);
            Assert.Single(await smtp.WaitForAsync(1, Wait));
        } // stopped; the level falls due while no host runs

        clock.Advance(TimeSpan.FromMinutes(10));
        await using var second = await EscalationHost.StartAsync(db, clock, smtp, sweepAtStartup: true);
        // The startup sweep catches the level up; the breach, already fired, is not sent again.
        var got = await smtp.WaitForAsync(2, Wait);
        await second.Get<DeadlineSweep>().RunAsync(default);
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(1000)); // nothing more arrives
        got = smtp.Received();
        Assert.Equal(2, got.Count);
        Assert.Equal([$"{number}/processing/breach", $"{number}/processing/escalation.1"],
            got.Select(g => Header(g.Message, EscalationComposer.StepHeader)).Order());
        Assert.Equal(2, (await Seed.OutboxAsync(second.Services)).Count(o => o.State == OutboxState.Sent));
    }

    [Fact]
    public async Task Smtp_down_while_a_breach_falls_due_then_back_up_delivers_once_after_recovery()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var due = T0 + TimeSpan.FromMinutes(1);
        var (_, number, _) = await Seed.CaseAsync(host.Services, T0, [Seed.Deadline(T0, due, Seed.Breach(due))]);

        smtp.Stop();
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, (await host.Get<DeadlineSweep>().RunAsync(default)).Fired);
        var outbox = host.Get<OutboxStore>();
        Assert.True(await Seed.EventuallyAsync(async () => (await Seed.OutboxAsync(host.Services)).Single().Attempts >= 1, Wait));
        var failed = (await Seed.OutboxAsync(host.Services)).Single();
        Assert.Equal(OutboxState.Pending, failed.State);
        Assert.NotNull(failed.LastError);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(30), failed.NextAttemptAt); // backoff on the product clock

        smtp.Start();
        clock.Advance(TimeSpan.FromSeconds(30)); // the pump polls and finds the retry due
        var got = await smtp.WaitForAsync(1, Wait);
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(1000)); // nothing more arrives
        var mail = Assert.Single(smtp.Received()).Message;
        Assert.Equal($"{number}/processing/breach", Header(mail, EscalationComposer.StepHeader));
        Assert.Equal(failed.MessageId.Trim('<', '>'), mail.MessageId);
        var sent = await outbox.GetAsync(failed.Id);
        Assert.Equal((OutboxState.Sent, 2), (sent!.State, sent.Attempts));
        Assert.Equal(failed.LastError, sent.LastError);
    }

    [Fact]
    public async Task Two_hosts_on_one_database_send_each_step_once()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        await using var a = await EscalationHost.StartAsync(db, clock, smtp);
        await using var b = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(a.Services);
        var due = T0 + TimeSpan.FromMinutes(1);
        var numbers = new List<string>();
        for (var i = 0; i < 30; i++)
            numbers.Add((await Seed.CaseAsync(i % 2 == 0 ? a.Services : b.Services, T0, [Seed.Deadline(T0, due, Seed.Breach(due))])).Number);

        clock.Advance(TimeSpan.FromMinutes(1));
        var sweeps = await Task.WhenAll(
            Task.Run(() => a.Get<DeadlineSweep>().RunAsync(default)), Task.Run(() => b.Get<DeadlineSweep>().RunAsync(default)),
            Task.Run(() => a.Get<DeadlineSweep>().RunAsync(default)), Task.Run(() => b.Get<DeadlineSweep>().RunAsync(default)));
        Assert.Equal(30, sweeps.Sum(s => s.Fired));

        var got = await smtp.WaitForAsync(30, Wait);
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(1500)); // nothing more arrives
        got = smtp.Received();
        Assert.Equal(30, got.Count);
        Assert.Equal(numbers.Select(n => $"{n}/processing/breach").Order(), got.Select(g => Header(g.Message, EscalationComposer.StepHeader)).Order());
        Assert.Equal(30, got.Select(g => g.Message.MessageId).Distinct().Count());

        // The digest of one day, asked of both hosts at once, is enqueued once.
        clock.Advance(TimeSpan.FromMinutes(1));
        var digests = await Task.WhenAll(a.Get<DigestJob>().RunAsync(default), b.Get<DigestJob>().RunAsync(default));
        Assert.Single(digests, d => d is not null);
        var digest = await smtp.WaitForAsync(31, Wait);
        var d = Assert.Single(digest, g => g.Message.MessageId == "digest-2026-11-20@test.incidents").Message;
        Assert.Equal(new[] { "lanhdao.tp@ubnd.test", "lanhdao@ubnd.test", "lanhdao.khac@ubnd.test" }.Order(), d.To.Mailboxes.Select(m => m.Address).Order());
        Assert.Contains("30 hồ sơ quá hạn", d.Subject);
        Assert.Contains(numbers[0], d.TextBody);
        Assert.Null(await a.Get<DigestJob>().RunAsync(default));
    }

    [Fact]
    public async Task The_real_hangfire_server_fires_a_scheduled_step_at_its_instant_end_to_end()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        await using var host = await EscalationHost.StartAsync(db, TimeProvider.System, smtp);
        await Seed.UsersAsync(host.Services);
        var now = DateTimeOffset.UtcNow;
        var due = DateTimeOffset.FromUnixTimeMilliseconds((now + TimeSpan.FromSeconds(3)).ToUnixTimeMilliseconds());
        var deadline = Seed.Deadline(now, due, Seed.Breach(due));
        var (caseId, number, _) = await Seed.CaseAsync(host.Services, now, [deadline]);

        // What the case-action code does after writing new steps; the sweep would arm it too, and not twice.
        Assert.Equal(1, host.Get<DeadlineScheduler>().Arm(caseId, [deadline]));
        Assert.Equal(0, (await host.Get<DeadlineSweep>().RunAsync(default)).Armed);

        var got = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(30));
        var arrived = DateTimeOffset.UtcNow;
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(500)); // nothing more arrives
        var mail = Assert.Single(smtp.Received()).Message;
        Assert.Equal($"{number}/processing/breach", Header(mail, EscalationComposer.StepHeader));
        var headerDue = DateTimeOffset.Parse(Header(mail, EscalationComposer.DueHeader), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(due, headerDue);
        Assert.True(arrived >= due, $"sent before its instant: {arrived:O} < {due:O}");
        var escalation = Assert.Single(await host.Get<CaseQueries>().GetEventsAsync(caseId), e => e.Kind == "escalation");
        Assert.True(escalation.At >= due);
    }

    [Fact]
    public async Task A_new_case_whose_writer_did_not_arm_its_step_is_still_fired_by_hangfire_through_the_arm_poll()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        await using var host = await EscalationHost.StartAsync(db, TimeProvider.System, smtp,
            config: new Dictionary<string, string?> { ["Incidents:Escalation:ArmPollInterval"] = "00:00:00.500" });
        await Seed.UsersAsync(host.Services);
        var now = DateTimeOffset.UtcNow;
        var due = DateTimeOffset.FromUnixTimeMilliseconds((now + TimeSpan.FromSeconds(4)).ToUnixTimeMilliseconds());
        var (caseId, number, _) = await Seed.CaseAsync(host.Services, now, [Seed.Deadline(now, due, Seed.Breach(due))]);

        Assert.True(await Seed.EventuallyAsync(() => Task.FromResult(host.Get<DeadlineScheduler>().ArmedCount == 1), TimeSpan.FromSeconds(10)));
        var got = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(30));
        var arrived = DateTimeOffset.UtcNow;
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(500)); // nothing more arrives
        var mail = Assert.Single(smtp.Received()).Message;
        Assert.Equal($"{number}/processing/breach", Header(mail, EscalationComposer.StepHeader));
        Assert.True(arrived >= due, $"sent before its instant: {arrived:O} < {due:O}");
        Assert.Single(await host.Get<CaseQueries>().GetEventsAsync(caseId), e => e.Kind == "escalation");
    }

    [Fact]
    public async Task A_step_due_just_before_a_whole_second_fires_within_two_seconds_not_at_the_next_sweep()
    {
        // Hangfire files delayed jobs by whole seconds: a job for hh:mm:ss.999 could wake at hh:mm:ss, find its step not
        // yet due and leave it to the minutely sweep (switched off here, so the step would never fire).
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        await using var host = await EscalationHost.StartAsync(db, TimeProvider.System, smtp);
        await Seed.UsersAsync(host.Services);
        var now = DateTimeOffset.UtcNow;
        var wholeSecond = now.ToUnixTimeMilliseconds() / 1000 * 1000;
        var due = DateTimeOffset.FromUnixTimeMilliseconds(wholeSecond + 2999);
        var deadline = Seed.Deadline(now, due, Seed.Breach(due));
        var (caseId, number, _) = await Seed.CaseAsync(host.Services, now, [deadline]);
        Assert.Equal(1, host.Get<DeadlineScheduler>().Arm(caseId, [deadline]));

        await smtp.WaitForAsync(1, TimeSpan.FromSeconds(15));
        var mail = Assert.Single(smtp.Received()).Message;
        Assert.Equal($"{number}/processing/breach", Header(mail, EscalationComposer.StepHeader));
        var fired = Assert.Single(await host.Get<CaseQueries>().GetEventsAsync(caseId), e => e.Kind == "escalation").At;
        Assert.True(fired >= due, $"fired before its instant: {fired:O} < {due:O}");
        Assert.True(fired - due <= TimeSpan.FromSeconds(2), $"fired {(fired - due).TotalMilliseconds} ms after its instant {due:O}");
    }

    [Fact]
    public async Task A_woken_step_job_fires_the_other_due_steps_in_its_transaction_and_their_own_jobs_then_do_nothing()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var due = T0 + TimeSpan.FromSeconds(1);
        var later = T0 + TimeSpan.FromMinutes(5);
        var cases = new List<(long Id, string Number, int RowVersion)>();
        for (var i = 0; i < 3; i++)
            cases.Add(await Seed.CaseAsync(host.Services, T0, [Seed.Deadline(T0, due, Seed.Breach(due + TimeSpan.FromMilliseconds(i * 300)))]));
        var notYet = await Seed.CaseAsync(host.Services, T0, [Seed.Deadline(T0, later, Seed.Breach(later))]);
        clock.Advance(TimeSpan.FromSeconds(2));

        var job = host.Get<StepJob>();
        await job.FireAsync(cases[0].Id, "processing", "breach", due.ToUnixTimeMilliseconds(), default);
        // The first job fired all three due steps; the step due later stays pending.
        foreach (var c in cases)
            Assert.Single(await host.Get<CaseQueries>().GetEventsAsync(c.Id), e => e.Kind == "escalation");
        Assert.DoesNotContain(await host.Get<CaseQueries>().GetEventsAsync(notYet.Id), e => e.Kind == "escalation");
        // Their own jobs wake later and find nothing to do.
        foreach (var (c, i) in cases.Select((c, i) => (c, i)))
            await job.FireAsync(c.Id, "processing", "breach", (due + TimeSpan.FromMilliseconds(i * 300)).ToUnixTimeMilliseconds(), default);

        await smtp.WaitForAsync(3, Wait);
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(500)); // nothing more arrives
        var steps = smtp.Received().Select(g => Header(g.Message, EscalationComposer.StepHeader)).Order().ToList();
        Assert.Equal(cases.Select(c => $"{c.Number}/processing/breach").Order().ToList(), steps);
        Assert.True(await Seed.EventuallyAsync(async () => (await Seed.OutboxAsync(host.Services)).All(r => r.State == OutboxState.Sent),
            TimeSpan.FromSeconds(10)));
        Assert.All(await Seed.OutboxAsync(host.Services), r => Assert.Equal(1, r.Attempts));
    }
}
