using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Testing.Smtp;
using Incidents.Web.Escalation;
using Incidents.Web.Tests.Escalation;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Thread;

/// <summary>A mention's email through the real outbox and MailKit to Debian's aiosmtpd, read back with MimeKit.</summary>
[Trait("Category", "Smtp")]
public sealed class MentionMailTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_mention_mails_the_colleague_once_with_a_link_and_never_the_note()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("mention");
        await using var host = await EscalationHost.StartAsync(db, new FakeTimeProvider(T0), smtp);
        await Seed.UsersAsync(host.Services);
        var (caseId, number, _) = await Seed.CaseAsync(host.Services, T0, []);
        var lead = (await host.Get<UserStore>().FindByLoginAsync("truongphong"))!.ToActor();
        var canbo = (await host.Get<UserStore>().FindByLoginAsync("canbo"))!;

        var r = await host.Get<Incidents.Web.Thread.CaseThread>().AddNoteAsync(number, lead,
            "@canbo gọi lại cho người gửi trước thứ Sáu. @truongphong", null);
        Assert.Equal(Incidents.Web.Thread.ThreadStatus.Done, r.Status);

        var got = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(20));
        await host.Get<OutboxPump>().DispatchOnceAsync(default); // a second dispatch finds nothing left to send
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(500));
        var mail = Assert.Single(smtp.Received()).Message;
        Assert.Equal(["canbo@ubnd.test"], mail.To.Mailboxes.Select(m => m.Address)); // not the author, who named themselves
        Assert.Equal($"[{number}] Trưởng phòng nhắc đến bạn / mentioned you", mail.Subject); // the name, not the login
        Assert.Contains($"https://incidents.test/cases/{number}#entry-{r.Entries![0].Id}", mail.TextBody);
        Assert.Equal(host.Get<Incidents.Web.Thread.CaseThread>().MentionMessageId(r.Entries[0].Id, canbo.Id), "<" + mail.MessageId + ">");
        var raw = System.Text.Encoding.UTF8.GetString(got[0].Raw) + mail.TextBody;
        Assert.DoesNotContain("thứ Sáu", raw); // the note stays in the system
        Assert.DoesNotContain("Bí Mật", raw);
        var row = Assert.Single(await Seed.OutboxAsync(host.Services), o => o.Kind == OutboxKind.Mention);
        Assert.Equal((OutboxState.Sent, (long?)caseId), (row.State, row.CaseId));
    }
}
