using Incidents.Mail.Escalation;
using Incidents.Mail.Outbox;
using Incidents.Mail.Transport;
using Incidents.Storage.Outbox;
using Incidents.Testing.Smtp;
using MimeKit;

namespace Incidents.Mail.Tests;

public sealed class DispatchTests
{
    [Fact]
    [Trait("Category", "Smtp")]
    public async Task Escalation_is_delivered_once_with_recipients_subject_body_message_id_and_thread_headers()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp);
        var store = db.Store(options.MessageIdDomain);
        var templates = new MailTemplates(options);
        string[] to = ["truongphong@ubnd.test", "canbo.xuly@ubnd.test"];

        var first = await store.EnqueueAsync(templates.EscalationMessage(Samples.Breach(), 42, to, clock.GetUtcNow()), clock.GetUtcNow());
        var second = await store.EnqueueAsync(
            templates.EscalationMessage(Samples.Breach() with { Kind = NoticeKind.Escalation, Level = 2 }, 42, ["lanhdao@ubnd.test"], clock.GetUtcNow()),
            clock.GetUtcNow());

        var dispatcher = new OutboxDispatcher(store, new SmtpTransport(options), options, clock);
        var result = await dispatcher.DispatchAsync();
        Assert.True(2 == result.Sent, result + " " + string.Join(" / ", (await store.ListAsync()).Items.Select(i => i.State + ":" + i.LastError)) + smtp.Output);

        var got = smtp.Received();
        Assert.Equal(2, got.Count);
        var mail = Assert.Single(got, r => r.Message.MessageId == first.MessageId.Trim('<', '>'));
        Assert.Equal(to, mail.Message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(to, mail.EnvelopeRecipients);
        Assert.Equal("canhbao@ubnd.test", mail.Message.From.Mailboxes.Single().Address);
        Assert.Equal("[KN-2026-000001] Quá hạn: Thời hạn giải quyết (quá hạn 2 giờ 15 phút)", mail.Message.Subject);
        Assert.Contains("Căn cứ pháp lý: Luật Khiếu nại 2011, Điều 28", mail.Message.TextBody);
        Assert.Contains("https://incidents.test/cases/KN-2026-000001", mail.Message.TextBody);
        Assert.Contains("href=\"https://incidents.test/cases/KN-2026-000001\"", mail.Message.HtmlBody);
        Assert.Matches(@"^outbox-[0-9a-f]{32}@test\.incidents$", mail.Message.MessageId);

        // Both messages about case KN-2026-000001 reply to the same per-case root, under different Message-Ids.
        const string root = "case-KN-2026-000001@test.incidents";
        var other = Assert.Single(got, r => r.Message.MessageId == second.MessageId.Trim('<', '>'));
        Assert.Equal(["lanhdao@ubnd.test"], other.EnvelopeRecipients);
        Assert.StartsWith("[KN-2026-000001] Chuyển cấp 2:", other.Message.Subject);
        foreach (var m in got.Select(g => g.Message))
        {
            Assert.Equal(root, m.InReplyTo);
            Assert.Equal([root], m.References);
        }
        Assert.NotEqual(mail.Message.MessageId, other.Message.MessageId);

        // Sent rows are never sent again.
        var again = await dispatcher.DispatchAsync();
        Assert.Equal(0, again.Claimed);
        Assert.Equal(2, smtp.Received().Count);
        var row = await store.GetAsync(first.Id);
        Assert.NotNull(row);
        Assert.Equal(OutboxState.Sent, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(clock.GetUtcNow(), row.SentAt);
        Assert.Null(row.LeaseOwner);
        Assert.Equal(42, row.CaseId);
        Assert.Equal("KN-2026-000001", row.ThreadKey);
    }

    [Fact]
    [Trait("Category", "Smtp")]
    public async Task Smtp_down_then_up_delivers_once_after_recovery_with_attempts_and_last_error_recorded()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp);
        var store = db.Store();
        var dispatcher = new OutboxDispatcher(store, new SmtpTransport(options), options, clock);

        smtp.Stop();
        var row = await store.EnqueueAsync(new MailTemplates(options).EscalationMessage(Samples.Breach(), 7, ["a@ubnd.test"], clock.GetUtcNow()),
            clock.GetUtcNow());

        var r1 = await dispatcher.DispatchAsync();
        Assert.Equal((1, 0, 1), (r1.Claimed, r1.Sent, r1.Failed));
        var failed = (await store.GetAsync(row.Id))!;
        Assert.Equal(OutboxState.Pending, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.False(string.IsNullOrWhiteSpace(failed.LastError));
        Assert.Equal(Samples.T0 + TimeSpan.FromSeconds(30), failed.NextAttemptAt);
        Assert.Null(failed.LeaseOwner);

        // Not due yet: nothing is claimed.
        Assert.Equal(0, (await dispatcher.DispatchAsync()).Claimed);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await dispatcher.DispatchAsync()).Failed);
        var failedTwice = (await store.GetAsync(row.Id))!;
        Assert.Equal(2, failedTwice.Attempts);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(60), failedTwice.NextAttemptAt); // doubled

        smtp.Start();
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, (await dispatcher.DispatchAsync()).Claimed);
        Assert.Empty(smtp.Received());

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await dispatcher.DispatchAsync()).Sent);
        Assert.Equal(0, (await dispatcher.DispatchAsync()).Claimed);

        var got = Assert.Single(smtp.Received());
        Assert.Equal(row.MessageId.Trim('<', '>'), got.Message.MessageId);
        var sent = (await store.GetAsync(row.Id))!;
        Assert.Equal(OutboxState.Sent, sent.State);
        Assert.Equal(3, sent.Attempts);
        Assert.Equal(failedTwice.LastError, sent.LastError); // the outage stays visible after delivery
        Assert.Equal(clock.GetUtcNow(), sent.SentAt);
    }

    [Fact]
    [Trait("Category", "Smtp")]
    public async Task Two_dispatchers_on_one_database_file_send_each_row_once()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp);
        options.BatchSize = 3;
        var store = db.Store();
        var ids = new List<string>();
        for (var i = 1; i <= 40; i++)
        {
            var n = Samples.Breach($"KN-2026-{i:000000}");
            ids.Add((await store.EnqueueAsync(new MailTemplates(options).EscalationMessage(n, i, [$"u{i}@ubnd.test"], clock.GetUtcNow()),
                clock.GetUtcNow())).MessageId.Trim('<', '>'));
        }

        // Two hosts: separate Database objects (own connections) over the same file, separate SMTP connections.
        var a = new OutboxDispatcher(new Storage.Outbox.OutboxStore(db.Open(), "test.incidents"), new SmtpTransport(options), options, clock, "host-a");
        var b = new OutboxDispatcher(new Storage.Outbox.OutboxStore(db.Open(), "test.incidents"), new SmtpTransport(options), options, clock, "host-b");
        var results = await Task.WhenAll(Task.Run(() => a.DispatchAsync()), Task.Run(() => b.DispatchAsync()));

        Assert.Equal(40, results.Sum(r => r.Sent));
        Assert.Equal(40, results.Sum(r => r.Claimed));
        Assert.All(results, r => Assert.Equal(0, r.LeaseLost));
        var got = smtp.Received();
        Assert.Equal(40, got.Count);
        Assert.Equal(ids.Order(), got.Select(g => g.Message.MessageId).Order());
        var page = await store.ListAsync(OutboxState.Sent, limit: 100);
        Assert.Equal(40, page.Total);
        Assert.All(page.Items, e => Assert.Equal(1, e.Attempts));
    }

    [Fact]
    [Trait("Category", "Smtp")]
    public async Task A_row_goes_dead_after_max_attempts_an_admin_notice_is_sent_and_an_admin_can_retry()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp, "quantri@ubnd.test");
        options.MaxAttempts = 3;
        var store = db.Store();
        var dispatcher = new OutboxDispatcher(store, new SmtpTransport(options), options, clock);

        smtp.Stop();
        var row = await store.EnqueueAsync(new MailTemplates(options).EscalationMessage(Samples.Breach(), 9, ["x@ubnd.test"], clock.GetUtcNow()),
            clock.GetUtcNow());
        var outcomes = new List<DispatchResult>();
        for (var i = 0; i < 3; i++)
        {
            outcomes.Add(await dispatcher.DispatchAsync());
            clock.Advance(TimeSpan.FromHours(1));
        }
        Assert.Equal([0, 0, 1], outcomes.Select(o => o.Dead));
        var dead = (await store.GetAsync(row.Id))!;
        Assert.Equal(OutboxState.Dead, dead.State);
        Assert.Equal(3, dead.Attempts);
        Assert.NotNull(dead.LastError);

        // The notice was enqueued with the dead row (it could not be sent either while SMTP was down).
        var notice = Assert.Single((await store.ListAsync(limit: 10)).Items, e => e.Kind == OutboxKind.AdminNotice);
        Assert.Equal(["quantri@ubnd.test"], notice.Recipients);
        Assert.Contains(dead.Subject, notice.Subject);
        Assert.Contains(dead.LastError!, notice.BodyText);
        Assert.Contains("https://incidents.test/admin/outbox/" + row.Id, notice.BodyText);

        smtp.Start();
        clock.Advance(TimeSpan.FromHours(1));
        await dispatcher.DispatchAsync();
        var delivered = Assert.Single(smtp.Received());
        Assert.Equal(["quantri@ubnd.test"], delivered.EnvelopeRecipients);
        Assert.Equal(notice.MessageId.Trim('<', '>'), delivered.Message.MessageId);
        Assert.Equal(OutboxState.Dead, (await store.GetAsync(row.Id))!.State); // dead rows are not retried by themselves

        // An administrator's retry sends it, under its original Message-Id.
        Assert.True(await store.RetryAsync(row.Id, clock.GetUtcNow()));
        await dispatcher.DispatchAsync();
        Assert.Equal(2, smtp.Received().Count);
        Assert.Contains(smtp.Received(), r => r.Message.MessageId == row.MessageId.Trim('<', '>'));
        var sent = (await store.GetAsync(row.Id))!;
        Assert.Equal(OutboxState.Sent, sent.State);
        Assert.Equal(4, sent.Attempts);
        Assert.False(await store.RetryAsync(row.Id, clock.GetUtcNow())); // a sent row is not sent again
    }

    [Fact]
    [Trait("Category", "Smtp")]
    public async Task A_dead_row_also_tells_the_administrators_the_host_names()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp, "quantri@ubnd.test");
        options.MaxAttempts = 1;
        var store = db.Store();
        await store.EnqueueAsync(new OutboxMessage(OutboxKind.Digest, ["lanhdao@ubnd.test"], "Báo cáo", "Nội dung"), clock.GetUtcNow());

        var r = await new OutboxDispatcher(store, new SmtpTransport(options), options, clock,
            administrators: _ => Task.FromResult<IReadOnlyList<string>>(["QUANTRI@ubnd.test", "trucban@ubnd.test"])).DispatchAsync();

        Assert.Equal(1, r.Dead);
        var notice = Assert.Single((await store.ListAsync(limit: 10)).Items, e => e.Kind == OutboxKind.AdminNotice);
        Assert.Equal(["quantri@ubnd.test", "trucban@ubnd.test"], notice.Recipients);
    }

    [Fact]
    [Trait("Category", "Smtp")]
    public async Task Without_admin_addresses_a_dead_row_is_still_listed_as_dead()
    {
        using var smtp = new AiosmtpdServer(start: false);
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp);
        options.MaxAttempts = 1;
        var store = db.Store();
        var row = await store.EnqueueAsync(new OutboxMessage(OutboxKind.Digest, ["lanhdao@ubnd.test"], "Báo cáo", "Nội dung"), clock.GetUtcNow());

        var r = await new OutboxDispatcher(store, new SmtpTransport(options), options, clock).DispatchAsync();

        Assert.Equal(1, r.Dead);
        var dead = await store.ListAsync(OutboxState.Dead);
        Assert.Equal(1, dead.Total);
        Assert.Equal(row.Id, dead.Items.Single().Id);
        Assert.NotNull(dead.Items.Single().LastError);
        Assert.Equal(1, (await store.ListAsync()).Total); // no notice row, and nothing vanished
    }

    [Fact]
    public async Task Pickup_directory_transport_writes_one_parseable_eml_per_message_even_when_resent()
    {
        using var db = new TestDatabase();
        var dir = Path.Combine(Path.GetTempPath(), "pickup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var clock = Samples.Clock();
            var options = new MailOptions { PickupDirectory = dir, MessageIdDomain = "test.incidents", BaseUrl = "https://incidents.test" };
            var transport = MailTransports.FromOptions(options);
            Assert.IsType<PickupDirectoryTransport>(transport);
            var store = db.Store();
            var row = await store.EnqueueAsync(new MailTemplates(options).EscalationMessage(Samples.Breach(), 1, ["a@ubnd.test"], clock.GetUtcNow()),
                clock.GetUtcNow());

            var r = await new OutboxDispatcher(store, transport, options, clock).DispatchAsync();
            Assert.Equal(1, r.Sent);
            var file = Assert.Single(Directory.GetFiles(dir));
            Assert.EndsWith(".eml", file);
            var m = await MimeMessage.LoadAsync(file);
            Assert.Equal(row.MessageId.Trim('<', '>'), m.MessageId);
            Assert.Equal("case-KN-2026-000001@test.incidents", m.InReplyTo);
            Assert.Contains("Phường Hoàn Kiếm", m.TextBody);
            Assert.Equal(OutboxState.Sent, (await store.GetAsync(row.Id))!.State);

            // A resend of the same row (the crash window) replaces its file rather than adding a second one.
            await using (var session = await transport.OpenAsync())
                await session.SendAsync(OutboxMime.Build((await store.GetAsync(row.Id))!, options));
            Assert.Equal([file], Directory.GetFiles(dir));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    [Trait("Category", "Smtp")]
    public async Task A_crash_between_smtp_acceptance_and_mark_sent_resends_under_the_same_message_id()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp);
        var store = db.Store();
        var row = await store.EnqueueAsync(new MailTemplates(options).EscalationMessage(Samples.Breach(), 5, ["a@ubnd.test"], clock.GetUtcNow()),
            clock.GetUtcNow());

        // The first host claims and sends, then dies before MarkSent: the documented window.
        var claimed = Assert.Single(await store.ClaimDueAsync("crashed-host", clock.GetUtcNow(), options.Lease, 10));
        await using (var session = await new SmtpTransport(options).OpenAsync())
            await session.SendAsync(OutboxMime.Build(claimed, options));

        var survivor = new OutboxDispatcher(store, new SmtpTransport(options), options, clock, "survivor");
        Assert.Equal(0, (await survivor.DispatchAsync()).Claimed); // the lease still protects the row
        clock.Advance(options.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await survivor.DispatchAsync()).Sent);

        var got = smtp.Received();
        Assert.Equal(2, got.Count);
        Assert.All(got, g => Assert.Equal(row.MessageId.Trim('<', '>'), g.Message.MessageId));
        Assert.Equal(OutboxState.Sent, (await store.GetAsync(row.Id))!.State);
        Assert.Equal(0, (await survivor.DispatchAsync()).Claimed);
    }
}
