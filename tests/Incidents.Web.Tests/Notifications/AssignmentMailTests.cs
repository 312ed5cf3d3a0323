using Incidents.Core.Notifications;
using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Storage.Notifications;
using Incidents.Testing.Smtp;
using Incidents.Web.Escalation;
using Incidents.Web.Notifications;
using Incidents.Web.Tests.Escalation;
using Incidents.Web.Triage;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Notifications;

/// <summary>An assignment's notification through the real outbox and MailKit to Debian's aiosmtpd, read back with MimeKit.</summary>
[Trait("Category", "Smtp")]
public sealed class AssignmentMailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_assignment_reaches_the_assignee_as_exactly_one_mail_in_words_without_the_denouncer()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("notify-mail");
        await using var host = await EscalationHost.StartAsync(db, new FakeTimeProvider(T0), smtp);
        await Seed.UsersAsync(host.Services);
        var (_, number, rowVersion) = await Seed.CaseAsync(host.Services, T0, [], assign: false); // a confidential reporter
        var lead = (await host.Get<UserStore>().FindByLoginAsync("truongphong"))!.ToActor();
        var canbo = (await host.Get<UserStore>().FindByLoginAsync("canbo"))!;

        var r = await host.Get<CaseAssignment>().AssignAsync(number, lead, "canbo", rowVersion);
        Assert.Equal(AssignmentStatus.Done, r.Status);
        // The same assignment answered twice (a retried request with the old version) changes and sends nothing more.
        Assert.Equal(AssignmentStatus.Conflict, (await host.Get<CaseAssignment>().AssignAsync(number, lead, "canbo", rowVersion)).Status);

        var got = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(20));
        await host.Get<OutboxPump>().DispatchOnceAsync(default); // a second dispatch finds nothing left to send
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(500));
        var received = Assert.Single(smtp.Received());
        Assert.Single(Directory.GetFiles(Path.Combine(smtp.MaildirPath, "new")));
        var mail = received.Message;
        Assert.Equal(["canbo@ubnd.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal($"[{number}] Bạn được giao hồ sơ / assigned to you", mail.Subject);
        var n = Assert.Single(await host.Get<NotificationStore>().ListAsync(canbo.Id));
        Assert.Equal(NotificationKinds.Assigned, n.Kind);
        Assert.Equal(host.Get<Notifier>().MessageIdFor(n.Id), "<" + mail.MessageId + ">");
        var body = mail.TextBody ?? "";
        Assert.Contains($"Trưởng phòng đã giao cho bạn hồ sơ {number}.", body);
        Assert.Contains($"https://incidents.test/cases/{number}", body);
        Assert.Contains("Kiến nghị, phản ánh", body); // the type in words
        Assert.True(body.IndexOf("Xem tại", StringComparison.Ordinal) < body.IndexOf("Open:", StringComparison.Ordinal)); // Vietnamese first
        var raw = System.Text.Encoding.UTF8.GetString(got[0].Raw) + body;
        Assert.DoesNotContain("Bí Mật", raw);
        Assert.DoesNotContain("petition", body);
        Assert.DoesNotContain("received", body);
        var row = Assert.Single(await Seed.OutboxAsync(host.Services), o => o.Kind == OutboxKind.Notification);
        Assert.Equal(OutboxState.Sent, row.State);
    }
}
