using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Core.Notifications;
using Incidents.Core.Thread;
using Incidents.Mail.Outbox;
using Incidents.Storage;
using Incidents.Storage.Access;
using Incidents.Storage.Notifications;
using Incidents.Storage.Outbox;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Handling;
using Incidents.Web.Notifications;
using Incidents.Web.Thread;
using Incidents.Web.Triage;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Notifications;

/// <summary>
/// Notifications (issue #12): each of the five kinds recorded once in its cause's transaction, with one outbox row in
/// immediate mode; a repeated cause records nothing more; nobody is told of their own action; the digest at its local time.
/// The host runs no recurring jobs: the test wakes the digest itself, on the fake clock.
/// </summary>
public sealed class NotificationTests : IAsyncLifetime
{
    // 10:00 in Hanoi; the digest is set for 17:00 local.
    private readonly IncidentsApp _app = new()
    {
        Settings = { ["Incidents:Escalation:RecurringJobs"] = "false", ["Incidents:Notifications:DigestAt"] = "17:00" },
    };

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private async Task<UserAccount> UserAsync(string login, string name, params string[] roles)
    {
        _ = _app.Server;
        await Get<UserStore>().CreateAsync(new NewUser(login, name, $"{login}@ubnd.test", Passwords.Hash("irrelevant-password"), roles));
        return (await Get<UserStore>().FindByLoginAsync(login))!;
    }

    private async Task<string> CaseAsync(string type = "complaint", JsonObject? inputs = null) =>
        (await CreateAsync(await ClientAsync(_app, Roles.Complaints), NewCase(type, inputs: inputs)))["number"]!.GetValue<string>();

    private async Task<IReadOnlyList<Notification>> OfAsync(UserAccount u) => await Get<NotificationStore>().ListAsync(u.Id);

    private async Task<IReadOnlyList<OutboxEntry>> MailsToAsync(UserAccount u, OutboxKind kind = OutboxKind.Notification) =>
        [.. (await Get<OutboxStore>().ListAsync(limit: 500)).Items.Where(o => o.Kind == kind && o.Recipients.Contains(u.Email!))];

    private async Task<int> RowVersionAsync(string number) => (await Get<CaseQueries>().GetAsync(number))!.RowVersion;

    [Fact]
    public async Task An_assignment_tells_the_assignee_once_by_one_email_in_words_with_a_link()
    {
        var lead = await UserAsync("lanhdao", "Phạm Văn Lãnh", Roles.Leadership);
        var lan = await UserAsync("lan", "Trần Thị Lan", Roles.Complaints);
        var number = await CaseAsync();

        var r = await Get<CaseAssignment>().AssignAsync(number, lead.ToActor(), "lan", await RowVersionAsync(number));
        Assert.Equal(AssignmentStatus.Done, r.Status);

        var n = Assert.Single(await OfAsync(lan));
        Assert.Equal((NotificationKinds.Assigned, number, NotificationModes.Immediate), (n.Kind, n.CaseNumber, n.Mode));
        Assert.NotNull(n.MailedAt);
        var mail = Assert.Single(await MailsToAsync(lan));
        Assert.Equal($"[{number}] Bạn được giao hồ sơ / assigned to you", mail.Subject);
        Assert.Equal(Get<Notifier>().MessageIdFor(n.Id), mail.MessageId);
        Assert.Contains($"Phạm Văn Lãnh đã giao cho bạn hồ sơ {number}.", mail.BodyText);
        Assert.Contains("Khiếu nại", mail.BodyText); // the type in words, Vietnamese first
        Assert.Contains($"/cases/{number}", mail.BodyText);
        Assert.True(mail.BodyText.IndexOf("Xem tại", StringComparison.Ordinal) < mail.BodyText.IndexOf("Open:", StringComparison.Ordinal));
        Assert.DoesNotContain("Nguyễn Văn An", mail.BodyText); // never the reporter
        Assert.DoesNotContain("Đơn thử nghiệm", mail.BodyText); // nor the title
        Assert.Empty(await OfAsync(lead));
    }

    [Fact]
    public async Task A_repeated_cause_records_no_second_notification_and_no_second_email()
    {
        var lead = await UserAsync("lanhdao", "Phạm Văn Lãnh", Roles.Leadership);
        var lan = await UserAsync("lan", "Trần Thị Lan", Roles.Complaints);
        var number = await CaseAsync();
        await Get<CaseAssignment>().AssignAsync(number, lead.ToActor(), "lan", await RowVersionAsync(number));
        var @case = (await Get<CaseQueries>().GetAsync(number))!;

        // The same assignment (same case version) told again, as a retried job or a replayed request would.
        await Get<Database>().WriteAsync(async (c, tx) =>
        {
            await Get<Notifier>().AssignedAsync(c, tx, @case, lead.ToActor(), lead.DisplayName, lan, @case.RowVersion);
            return 0;
        });

        Assert.Single(await OfAsync(lan));
        Assert.Single(await MailsToAsync(lan));
    }

    [Fact]
    public async Task Nobody_is_told_of_their_own_assignment()
    {
        var lan = await UserAsync("lan", "Trần Thị Lan", Roles.Complaints);
        var number = await CaseAsync();

        var r = await Get<CaseAssignment>().AssignAsync(number, lan.ToActor(), "lan", await RowVersionAsync(number));

        Assert.Equal(AssignmentStatus.Done, r.Status);
        Assert.Empty(await OfAsync(lan));
        Assert.Empty(await MailsToAsync(lan));
    }

    [Fact]
    public async Task A_mention_records_one_notification_and_keeps_exactly_one_email()
    {
        var hoa = await UserAsync("hoa", "Lê Thị Hoa", Roles.Complaints);
        var lan = await UserAsync("lan", "Trần Thị Lan", Roles.Complaints);
        var number = await CaseAsync();

        var r = await Get<CaseThread>().AddNoteAsync(number, hoa.ToActor(), "@lan xem giúp hồ sơ này. @hoa", null);
        Assert.Equal(ThreadStatus.Done, r.Status);

        var n = Assert.Single(await OfAsync(lan));
        Assert.Equal((NotificationKinds.Mentioned, r.Entries![0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (n.Kind, n.Data[NotificationData.Entry]));
        var mail = Assert.Single(await MailsToAsync(lan, OutboxKind.Mention));
        Assert.Equal(Get<CaseThread>().MentionMessageId(r.Entries[0].Id, lan.Id), mail.MessageId);
        Assert.Empty(await MailsToAsync(lan)); // not a second email of kind notification
        Assert.Empty(await OfAsync(hoa)); // named themselves
    }

    [Fact]
    public async Task An_extension_request_tells_each_leader_with_the_count_waiting_and_its_decision_tells_the_handler()
    {
        var lead = await UserAsync("lanhdao", "Phạm Văn Lãnh", Roles.Leadership);
        var deputy = await UserAsync("phochutich", "Đỗ Thị Phó", Roles.Leadership);
        var lan = await UserAsync("lan", "Trần Thị Lan", Roles.Complaints);
        var number = await CaseAsync("denunciation", new JsonObject { ["complexity"] = "complex" });
        await Get<CaseAssignment>().AssignAsync(number, lead.ToActor(), "lan", await RowVersionAsync(number));
        var actions = Get<CaseActions>();
        Assert.Equal(CaseActionStatus.Done, (await actions.PerformAsync(number, lan.ToActor(), "accept", new Dictionary<string, string>(),
            await RowVersionAsync(number))).Status);

        var asked = await actions.PerformAsync(number, lan.ToActor(), "request-extension", new Dictionary<string, string> { ["reason"] = "Nhiều nơi liên quan" },
            await RowVersionAsync(number));
        Assert.Equal(CaseActionStatus.Done, asked.Status);

        foreach (var leader in new[] { lead, deputy })
        {
            var n = Assert.Single(await OfAsync(leader));
            Assert.Equal((NotificationKinds.ExtensionRequested, "1"), (n.Kind, n.Data[NotificationData.Waiting]));
            var mail = Assert.Single(await MailsToAsync(leader));
            Assert.Contains("Hiện có 1 đề nghị gia hạn chờ lãnh đạo duyệt.", mail.BodyText);
            Assert.Contains("Chờ lãnh đạo duyệt gia hạn", mail.BodyText); // the state in words
            Assert.DoesNotContain("extension-requested", mail.BodyText);
        }
        Assert.DoesNotContain(await OfAsync(lan), n => n.Kind == NotificationKinds.ExtensionRequested);

        var decided = await actions.PerformAsync(number, lead.ToActor(), "approve-extension",
            new Dictionary<string, string> { ["decision"] = "QĐ 1", ["decision-date"] = "2026-11-25", ["days"] = "30" }, await RowVersionAsync(number));
        Assert.Equal(CaseActionStatus.Done, decided.Status);

        var told = Assert.Single(await OfAsync(lan), n => n.Kind == NotificationKinds.ExtensionDecided);
        Assert.Equal("Quyết định gia hạn", told.Data[NotificationData.ActionVi]);
        Assert.Single(await MailsToAsync(lan), m => m.Subject.Contains("Đã quyết định về gia hạn", StringComparison.Ordinal));
        Assert.DoesNotContain(await OfAsync(lead), n => n.Kind == NotificationKinds.ExtensionDecided);
    }

    [Fact]
    public async Task New_correspondence_tells_the_assignee_but_not_when_they_log_it_themselves()
    {
        var lead = await UserAsync("lanhdao", "Phạm Văn Lãnh", Roles.Leadership);
        var lan = await UserAsync("lan", "Trần Thị Lan", Roles.Complaints);
        var hoa = await UserAsync("hoa", "Lê Thị Hoa", Roles.Complaints);
        var number = await CaseAsync();
        await Get<CaseAssignment>().AssignAsync(number, lead.ToActor(), "lan", await RowVersionAsync(number));
        LoggedContact Call() => new(EntryKinds.Call, Directions.In, "2026-11-25T09:00:00+07:00", "0912 000 111", null, "Công dân gọi hỏi tiến độ");

        Assert.Equal(ThreadStatus.Done, (await Get<CaseThread>().LogAsync(number, hoa.ToActor(), Call())).Status);
        Assert.Equal(ThreadStatus.Done, (await Get<CaseThread>().LogAsync(number, lan.ToActor(), Call())).Status);

        var n = Assert.Single(await OfAsync(lan), n => n.Kind == NotificationKinds.Correspondence);
        Assert.Equal(EntryKinds.Call, n.Data[NotificationData.EntryKind]);
        var mail = Assert.Single(await MailsToAsync(lan), m => m.Subject.Contains("Thư từ mới", StringComparison.Ordinal));
        Assert.DoesNotContain("0912 000 111", mail.BodyText); // the other side is not named in mail
        Assert.DoesNotContain("tiến độ", mail.BodyText);
        Assert.Empty(await OfAsync(hoa));
    }

    [Fact]
    public async Task Mail_from_outside_on_a_case_tells_its_assignee_once_though_the_message_is_read_twice()
    {
        var lead = await UserAsync("lanhdao", "Phạm Văn Lãnh", Roles.Leadership);
        var lan = await UserAsync("lan", "Trần Thị Lan", Roles.Complaints);
        var number = await CaseAsync();
        await Get<CaseAssignment>().AssignAsync(number, lead.ToActor(), "lan", await RowVersionAsync(number));
        var m = new MimeKit.MimeMessage { Subject = $"Re: [{number}] Bổ sung", MessageId = "<bo-sung-1@citizen.example>",
            Body = new MimeKit.TextPart("plain") { Text = "Tôi gửi thêm giấy tờ." } };
        m.From.Add(new MimeKit.MailboxAddress("Nguyễn Văn An", "an@example.vn"));
        m.To.Add(new MimeKit.MailboxAddress("Ban tiếp công dân", "tiepdan@example.vn"));
        using var s = new MemoryStream();
        m.WriteTo(s);
        var raw = s.ToArray();
        var box = new Incidents.Web.Inbox.MailboxOptions { Name = "hop-thu", LocalityCode = "00004" };
        var receipt = new Incidents.Storage.Inbox.MailReceipt("hop-thu", 42, 7, m.MessageId, "an@example.vn", m.Subject, raw.Length,
            IncidentsApp.Start.AddHours(-1));
        var letters = Get<Incidents.Web.Inbox.LetterIntake>();

        Assert.Equal(Incidents.Web.Inbox.LetterOutcome.Reply, (await letters.TakeAsync(box, receipt, raw)).Outcome);
        Assert.Equal(Incidents.Web.Inbox.LetterOutcome.AlreadyTaken, (await letters.TakeAsync(box, receipt with { Uid = 8 }, raw)).Outcome);

        var n = Assert.Single(await OfAsync(lan), n => n.Kind == NotificationKinds.Correspondence);
        Assert.Equal((EntryKinds.MailIn, (string?)null), (n.Data[NotificationData.EntryKind], n.Actor));
        var mail = Assert.Single(await MailsToAsync(lan), m => m.Subject.Contains("Thư từ mới", StringComparison.Ordinal));
        Assert.DoesNotContain("an@example.vn", mail.BodyText);
        Assert.DoesNotContain("giấy tờ", mail.BodyText);
    }

    [Fact]
    public async Task Digest_mode_mails_nothing_at_once_and_one_digest_at_the_local_time_with_each_notification_once()
    {
        var lead = await UserAsync("lanhdao", "Phạm Văn Lãnh", Roles.Leadership);
        var lan = await UserAsync("lan", "Trần Thị Lan", Roles.Complaints);
        await Get<NotificationStore>().SetPreferencesAsync(lan.Id, new Dictionary<string, string> { [NotificationKinds.Assigned] = NotificationModes.Digest });
        var first = await CaseAsync();
        var second = await CaseAsync();
        await Get<CaseAssignment>().AssignAsync(first, lead.ToActor(), "lan", await RowVersionAsync(first));
        await Get<CaseAssignment>().AssignAsync(second, lead.ToActor(), "lan", await RowVersionAsync(second));

        Assert.Equal(2, (await OfAsync(lan)).Count(n => n.Mode == NotificationModes.Digest && n.MailedAt is null));
        Assert.Empty(await MailsToAsync(lan));

        var job = ActivatorUtilities.CreateInstance<NotificationDigestJob>(_app.Services);
        Assert.Equal(0, await job.RunAsync(default)); // 10:00 in Hanoi: not yet
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)); // 17:00 in Hanoi
        Assert.Equal(1, await job.RunAsync(default));
        Assert.Equal(0, await job.RunAsync(default)); // woken again: nothing more

        var digest = Assert.Single(await MailsToAsync(lan));
        Assert.Equal(job.MessageIdFor(lan.Id, new DateOnly(2026, 11, 25)), digest.MessageId);
        Assert.Contains(first, digest.BodyText);
        Assert.Contains(second, digest.BodyText);
        Assert.All(await OfAsync(lan), n => Assert.NotNull(n.MailedAt));

        // What arrives after today's digest waits for tomorrow's, and goes in it alone.
        var third = await CaseAsync();
        await Get<CaseAssignment>().AssignAsync(third, lead.ToActor(), "lan", await RowVersionAsync(third));
        _app.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await job.RunAsync(default));
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(1, await job.RunAsync(default));
        var digests = await MailsToAsync(lan);
        Assert.Equal(2, digests.Count);
        var tomorrow = Assert.Single(digests, d => d.MessageId == job.MessageIdFor(lan.Id, new DateOnly(2026, 11, 26)));
        Assert.Contains(third, tomorrow.BodyText);
        Assert.DoesNotContain(first, tomorrow.BodyText);
    }
}
