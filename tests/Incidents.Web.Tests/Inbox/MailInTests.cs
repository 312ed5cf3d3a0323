using System.Text;
using Dapper;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage;
using Incidents.Storage.Inbox;
using Incidents.Testing.Imap;
using Incidents.Web.Inbox;
using Incidents.Web.Intake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MimeKit;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Inbox;

/// <summary>Letters by email, from a real Dovecot, through the host's mailbox watch.</summary>
[Trait("Category", "Imap")]
public sealed class MailInTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Arrived = IncidentsApp.Start.AddHours(-2);

    private readonly DovecotServer _imap = new();
    private IncidentsApp? _app;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _imap.Dispose();
    }

    /// <summary>The host watching the test mailbox (started on first use).</summary>
    private IncidentsApp App(string? password = null, long maxBytes = 1024 * 1024, string processed = "Processed") => _app ??= new IncidentsApp
    {
        Settings =
        {
            ["Incidents:Mailboxes:0:Name"] = "hop-thu",
            ["Incidents:Mailboxes:0:Host"] = _imap.Host,
            ["Incidents:Mailboxes:0:Port"] = _imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Incidents:Mailboxes:0:Tls"] = "None",
            ["Incidents:Mailboxes:0:User"] = _imap.User,
            ["Incidents:Mailboxes:0:Password"] = password ?? _imap.Password,
            ["Incidents:Mailboxes:0:ProcessedFolder"] = processed,
            ["Incidents:Mailboxes:0:LocalityCode"] = "00004",
            ["Incidents:Mailboxes:0:MaxMessageBytes"] = maxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Incidents:Mailboxes:0:PollSeconds"] = "1",
        },
    };

    private static MimeMessage Plain(string id, string subject, string text, string from = "an@example.vn")
    {
        var m = new MimeMessage { Subject = subject, MessageId = id, Body = new TextPart("plain") { Text = text } };
        m.From.Add(new MailboxAddress("Nguyễn Văn An", from));
        m.To.Add(new MailboxAddress("Ban tiếp công dân", "tiepdan@example.vn"));
        return m;
    }

    private static MimeMessage HtmlWithPdf(string id)
    {
        var body = new BodyBuilder { HtmlBody = "<html><head><style>p{color:red}</style></head><body><p>Kính gửi Ban tiếp công dân,</p>" +
            "<p>Tôi khiếu nại <b>quyết định thu hồi đất</b> số 12/QĐ.</p></body></html>" };
        body.Attachments.Add("quyet-dinh.pdf", Encoding.ASCII.GetBytes("%PDF-1.4\n% a scanned decision\n%%EOF\n"), new ContentType("application", "pdf"));
        body.Attachments.Add("ghi-chu.docx", [0x50, 0x4B, 0x03, 0x04, 1, 2, 3], new ContentType("application", "octet-stream"));
        var m = new MimeMessage { Subject = "Khiếu nại quyết định thu hồi đất", MessageId = id, Body = body.ToMessageBody() };
        m.From.Add(new MailboxAddress("Trần Thị Bình", "binh@example.vn"));
        return m;
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var c = await App().Services.GetRequiredService<Database>().OpenAsync();
        return await c.ExecuteScalarAsync<T>(sql, args) ?? default!;
    }

    private Task<long> RowsAsync(string outcome) => ScalarAsync<long>("SELECT COUNT(*) FROM mail_in WHERE outcome = @outcome", new { outcome });

    /// <summary>A case registered at the counter earlier, that the reply answers.</summary>
    private async Task<string> ExistingCaseAsync()
    {
        var r = await App().Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "petition", Title = "Phản ánh về đèn đường", LocalityCode = "00004", Channel = "counter", ReceivedAt = "2026-11-20T09:00:00+07:00",
            Reporter = new ReporterInput("Lê Văn Cường", null, null, "cuong@example.vn"),
        }], [], LetterIntake.Postman);
        Assert.True(r.Ok);
        return r.Numbers[0];
    }

    private MailboxWatch Watch => App().Services.GetRequiredService<MailboxWatch>();

    [Fact]
    public async Task Three_messages_become_two_new_cases_and_one_thread_entry_and_leave_the_inbox()
    {
        var number = await ExistingCaseAsync();
        await _imap.AppendAsync(Plain("<plain-1@citizen.example>", "Đề nghị sửa đường ngõ 12", "Đường ngõ 12 Hàng Bài bị hỏng nặng."), Arrived);
        await _imap.AppendAsync(HtmlWithPdf("<html-1@citizen.example>"), Arrived);
        await _imap.AppendAsync(Plain("<reply-1@citizen.example>", $"Re: [{number}] Phản ánh về đèn đường", "Tôi gửi thêm ảnh.", "cuong@example.vn"),
            Arrived);

        Assert.True(await Poll.UntilAsync(async () => await _imap.CountAsync("Processed") == 3, Wait), _imap.Output);
        Assert.Equal(0, await _imap.CountAsync());
        Assert.Equal(2, await ScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE channel = 'email'"));

        // The plain letter: a petition received, to classify, with the sender, subject and text, received at INTERNALDATE.
        var plain = await ScalarAsync<string>(
            "SELECT c.type || '|' || c.state || '|' || c.title || '|' || c.description || '|' || r.email || '|' || c.received_at " +
            "FROM cases c JOIN case_reporters r ON r.case_id = c.id WHERE c.title = 'Đề nghị sửa đường ngõ 12'");
        Assert.Equal($"petition|received|Đề nghị sửa đường ngõ 12|Đường ngõ 12 Hàng Bài bị hỏng nặng.|an@example.vn|{Arrived.ToUnixTimeMilliseconds()}", plain);

        // The HTML letter: its text, the PDF with its SHA-256, the original .eml; the .docx named, kept inside the .eml.
        var htmlId = await ScalarAsync<long>("SELECT id FROM cases WHERE title = 'Khiếu nại quyết định thu hồi đất'");
        var description = await ScalarAsync<string>("SELECT description FROM cases WHERE id = @htmlId", new { htmlId });
        Assert.StartsWith("Kính gửi Ban tiếp công dân,\n\nTôi khiếu nại quyết định thu hồi đất số 12/QĐ.", description);
        Assert.DoesNotContain("color", description);
        Assert.Contains("ghi-chu.docx", description);
        await using (var c = await App().Services.GetRequiredService<Database>().OpenAsync())
        {
            var files = (await c.QueryAsync<(string Name, string Type, string Sha)>(
                "SELECT file_name, content_type, sha256 FROM attachments WHERE case_id = @htmlId ORDER BY id", new { htmlId })).ToList();
            Assert.Equal(["message/rfc822", "application/pdf"], files.Select(f => f.Type));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
                Encoding.ASCII.GetBytes("%PDF-1.4\n% a scanned decision\n%%EOF\n"))), files[1].Sha);
        }

        // The reply: one 'mail-in' entry on the existing case, counted as new correspondence; no case of its own.
        var caseId = await ScalarAsync<long>("SELECT id FROM cases WHERE number = @number", new { number });
        Assert.Equal("Tôi gửi thêm ảnh.", await ScalarAsync<string>(
            "SELECT body FROM case_entries WHERE case_id = @caseId AND kind = 'mail-in' AND direction = 'in'", new { caseId }));
        Assert.Equal(1, await ScalarAsync<long>("SELECT unread_correspondence FROM cases WHERE id = @caseId", new { caseId }));
        Assert.Equal(2, await RowsAsync(MailOutcomes.Case));
        Assert.Equal(1, await RowsAsync(MailOutcomes.Reply));
    }

    [Fact]
    public async Task A_restart_between_the_commit_and_the_move_takes_nothing_twice()
    {
        var number = await ExistingCaseAsync();
        var messages = new[]
        {
            Plain("<r-plain@citizen.example>", "Đề nghị sửa đường", "Nội dung."),
            HtmlWithPdf("<r-html@citizen.example>"),
            Plain("<r-reply@citizen.example>", $"Re: {number}", "Bổ sung.", "cuong@example.vn"),
        };
        foreach (var m in messages) await _imap.AppendAsync(m, Arrived);
        Assert.True(await Poll.UntilAsync(async () => await RowsAsync(MailOutcomes.Case) + await RowsAsync(MailOutcomes.Reply) >= 1, Wait));

        // Stopped mid-way; the server then still holds every message as if none had been moved (copies, new UIDs).
        await Watch.StopAsync(CancellationToken.None);
        foreach (var m in messages) await _imap.AppendAsync(m, Arrived);
        await ((IHostedService)Watch).StartAsync(CancellationToken.None);

        Assert.True(await Poll.UntilAsync(async () => await _imap.CountAsync() == 0, Wait), _imap.Output);
        Assert.True(await _imap.CountAsync("Processed") >= 3);
        Assert.Equal(2, await ScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE channel = 'email'"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM case_entries WHERE kind = 'mail-in'"));
        Assert.Equal(3, await ScalarAsync<long>("SELECT COUNT(*) FROM mail_in"));
    }

    [Fact]
    public async Task An_auto_reply_makes_no_case_and_is_recorded_as_skipped()
    {
        var auto = Plain("<auto-1@elsewhere.example>", "Trả lời tự động: Tôi đang nghỉ phép", "Tôi sẽ trả lời sau ngày 30/11.");
        auto.Headers.Add(HeaderId.AutoSubmitted, "auto-replied");
        await _imap.AppendAsync(auto, Arrived);
        await _imap.AppendAsync(Plain("<after-1@citizen.example>", "Đơn sau", "Nội dung."), Arrived);
        _ = App().Server; // the host starts, and with it the mailbox watch

        Assert.True(await Poll.UntilAsync(async () => await _imap.CountAsync("Processed") == 2, Wait), _imap.Output);
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM cases"));
        Assert.Equal("auto-submitted", await ScalarAsync<string>("SELECT reason FROM mail_in WHERE outcome = 'skipped'"));
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_quarantined_with_the_reason_and_no_case()
    {
        App(maxBytes: 4096);
        var big = Plain("<big-1@citizen.example>", "Đơn rất dài", new string('x', 20_000));
        await _imap.AppendAsync(big, Arrived);
        _ = App().Server;

        Assert.True(await Poll.UntilAsync(async () => await _imap.CountAsync("Processed") == 1, Wait), _imap.Output);
        var q = Assert.Single(await App().Services.GetRequiredService<MailInStore>().QuarantineAsync());
        Assert.StartsWith(QuarantineReasons.TooLarge, q.Reason);
        Assert.Equal("<big-1@citizen.example>", q.MessageId);
        Assert.False(q.HasContent); // never downloaded; the message itself stays on the server, in Processed
        Assert.Equal(0, await ScalarAsync<long>("SELECT COUNT(*) FROM cases"));

        // The administrator sees it with the reason in words, and dismisses it: gone from the list, kept in the record.
        await CreateUserAsync(App(), "quantri", "Quản trị", Roles.Admin);
        var admin = await SignedInAsync(App(), "quantri");
        var page = await admin.GetStringAsync("/admin/mailboxes");
        Assert.Contains("Vượt quá dung lượng cho phép", page);
        Assert.Contains("Đơn rất dài", page);
        var dismissed = await admin.PostAsync("/admin/mailboxes?handler=Dismiss", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(page), ["id"] = q.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["confirm"] = "yes",
        }));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, dismissed.StatusCode);
        Assert.Empty(await App().Services.GetRequiredService<MailInStore>().QuarantineAsync());
        Assert.Equal(1, await RowsAsync(MailOutcomes.Dismissed));
    }

    [Fact]
    public async Task A_refused_login_shows_on_the_mailbox_status_and_the_poller_keeps_trying()
    {
        var store = App(password: "wrong").Services.GetRequiredService<MailInStore>();
        MailboxState? state = null;
        Assert.True(await Poll.UntilAsync(async () =>
            (state = (await store.StatusesAsync()).GetValueOrDefault("hop-thu")) is { Failures: >= 2 }, Wait));
        Assert.Contains("Login refused", state!.LastError);
        Assert.Null(state.LastSuccessAt);
        await CreateUserAsync(App(), "quantri", "Quản trị", Roles.Admin);
        var page = await (await SignedInAsync(App(), "quantri")).GetStringAsync("/admin/mailboxes");
        Assert.Contains("Đăng nhập bị từ chối / Login refused", page);
        Assert.Contains("đang lỗi", page);
        var health = await App().CreateClient().GetAsync("/health");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
    }

    private static byte[] Bytes(MimeMessage m)
    {
        using var s = new MemoryStream();
        m.WriteTo(s);
        return s.ToArray();
    }

    private MailboxOptions Box => App().Services.GetRequiredService<MailInOptions>().Mailboxes[0];

    [Fact]
    public async Task Two_hosts_taking_the_same_message_at_once_make_one_case()
    {
        var letters = App().Services.GetRequiredService<LetterIntake>();
        var raw = Bytes(Plain("<twice@citizen.example>", "Đơn gửi hai lần", "Nội dung."));
        var receipt = new MailReceipt(Box.Name, 42, 7, "<twice@citizen.example>", "an@example.vn", "Đơn gửi hai lần", raw.Length, Arrived);

        var results = await Task.WhenAll(letters.TakeAsync(Box, receipt, raw), letters.TakeAsync(Box, receipt with { Uid = 8 }, raw));

        Assert.Equal([LetterOutcome.Case, LetterOutcome.AlreadyTaken], results.Select(r => r.Outcome).Order());
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM cases"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM mail_in"));
    }

    [Fact]
    public async Task A_quarantined_letter_taken_again_after_the_setting_is_fixed_becomes_a_case_under_the_same_key()
    {
        var letters = App().Services.GetRequiredService<LetterIntake>();
        var raw = Bytes(Plain("<again@citizen.example>", "Đơn bị giữ lại", "Nội dung."));
        var receipt = new MailReceipt(Box.Name, 42, 9, "<again@citizen.example>", "an@example.vn", "Đơn bị giữ lại", raw.Length, Arrived);
        var wrong = new MailboxOptions { Name = Box.Name, LocalityCode = "99999", MaxMessageBytes = Box.MaxMessageBytes };

        var first = await letters.TakeAsync(wrong, receipt, raw);
        Assert.Equal(LetterOutcome.Quarantined, first.Outcome);
        Assert.StartsWith(QuarantineReasons.Refused + ": localityCode", first.Reason);
        var q = Assert.Single(await App().Services.GetRequiredService<MailInStore>().QuarantineAsync());
        Assert.True(q.HasContent);

        var again = await letters.ReleaseAsync(q.Id); // the configured mailbox, whose unit exists
        Assert.Equal(LetterOutcome.Case, again!.Outcome);
        Assert.Empty(await App().Services.GetRequiredService<MailInStore>().QuarantineAsync());
        Assert.Equal("case", await ScalarAsync<string>("SELECT outcome FROM mail_in WHERE message_key = '<again@citizen.example>'"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM mail_in"));
        Assert.Null(await letters.ReleaseAsync(q.Id)); // taken: nothing to take again
    }

    [Fact]
    public async Task A_message_that_cannot_be_parsed_is_quarantined_with_its_bytes_and_no_case()
    {
        var letters = App().Services.GetRequiredService<LetterIntake>();
        var receipt = new MailReceipt(Box.Name, 42, 11, null, null, null, 0, Arrived);

        var result = await letters.TakeAsync(Box, receipt, []);

        Assert.Equal(LetterOutcome.Quarantined, result.Outcome);
        var q = Assert.Single(await App().Services.GetRequiredService<MailInStore>().QuarantineAsync());
        Assert.StartsWith(QuarantineReasons.Malformed + ": ", q.Reason);
        Assert.Equal("uid:11", await ScalarAsync<string>("SELECT message_key FROM mail_in"));
        Assert.Equal(0, await ScalarAsync<long>("SELECT COUNT(*) FROM cases"));
    }

    [Fact]
    public async Task Without_a_processed_folder_a_taken_message_stays_flagged_and_is_not_taken_again()
    {
        App(processed: "");
        await _imap.AppendAsync(Plain("<flag-1@citizen.example>", "Đơn để lại trong hộp thư", "Nội dung."), Arrived);
        _ = App().Server;

        Assert.True(await Poll.UntilAsync(async () => await ScalarAsync<long>("SELECT COUNT(*) FROM mail_in WHERE moved_at IS NOT NULL") == 1, Wait));
        using (var c = await _imap.ConnectAsync())
        {
            await c.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
            var s = Assert.Single(await c.Inbox.FetchAsync(0, -1, new MailKit.FetchRequest(MailKit.MessageSummaryItems.Flags)));
            Assert.True(s.Flags!.Value.HasFlag(MailKit.MessageFlags.Seen));
            Assert.Contains(MailboxPoller.TakenKeyword, s.Keywords);
        }

        // A fresh start looks again: the flagged message is left alone.
        await Watch.StopAsync(CancellationToken.None);
        await ((IHostedService)Watch).StartAsync(CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await _imap.CountAsync());
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM cases"));
        Assert.Equal(1, await ScalarAsync<long>("SELECT COUNT(*) FROM mail_in"));
    }
}
