using System.Text;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Mail.Escalation;
using Incidents.Mail.Outbox;
using Incidents.Mail.Transport;
using Incidents.Storage.Outbox;
using Incidents.Testing.Smtp;
using MimeKit;

namespace Incidents.Mail.Tests;

public sealed class ContentTests
{
    [Fact]
    [Trait("Category", "Smtp")]
    public async Task Vietnamese_text_survives_the_trip_through_smtp_in_utf8()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp);
        const string subject = "Cảnh báo: hồ sơ quá hạn — Phường Hoàn Kiếm, Quận Đống Đa, Xã Sóc Sơn";
        const string text = "Kính gửi Lãnh đạo: hồ sơ tố cáo đã quá hạn giải quyết. Ưu tiên xử lý ngay; ghi chú: ắ ằ ẳ ẵ ặ ệ ỗ ự ỹ Đ đ.";
        const string html = "<p>Hồ sơ <b>quá hạn</b>: ắ ằ ẳ ẵ ặ ệ ỗ ự ỹ Đ đ</p>";
        await db.Store().EnqueueAsync(new OutboxMessage(OutboxKind.Digest, ["lanhdao@ubnd.test"], subject, text, html), clock.GetUtcNow());

        Assert.Equal(1, (await new OutboxDispatcher(db.Store(), new SmtpTransport(options), options, clock).DispatchAsync()).Sent);

        var m = Assert.Single(smtp.Messages());
        Assert.Equal(subject, m.Subject);
        Assert.Equal(text, m.TextBody!.TrimEnd('\r', '\n'));
        Assert.Equal(html, m.HtmlBody!.TrimEnd('\r', '\n'));
        Assert.Equal("Hệ thống Incidents", m.From.Mailboxes.Single().Name);
        Assert.Equal("lanhdao@ubnd.test", m.To.Mailboxes.Single().Address);
    }

    [Fact]
    [Trait("Category", "Smtp")]
    public async Task A_confidential_denunciation_email_carries_no_reporter_identity()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new TestDatabase();
        var clock = Samples.Clock();
        var options = Samples.Smtp(smtp);

        // The test's case data: a denunciation whose reporter is confidential, with the identity also written into
        // the free text, as happens in real letters.
        var reporter = new Reporter("Trần Thị Bí Mật", "Số 12 ngõ 34 phố Hàng Bạc", "0912345678", "bimat.totcao@example.vn");
        var @case = new CaseRecord
        {
            Number = "TC-2026-000003",
            Type = "denunciation",
            WorkflowVersion = 1,
            State = "verifying",
            Title = "Tố cáo của Trần Thị Bí Mật về cán bộ phường",
            Description = "Người tố cáo: Trần Thị Bí Mật, ĐT 0912345678, bimat.totcao@example.vn, Số 12 ngõ 34 phố Hàng Bạc",
            LocalityCode = "00070",
            Channel = Channel.Post,
            ReceivedAt = Samples.T0.AddDays(-40),
            CreatedAt = Samples.T0.AddDays(-40),
        };
        var deadline = new DeadlineRecord
        {
            Key = "resolution",
            Name = "Thời hạn giải quyết tố cáo",
            LegalBasis = "Luật Tố cáo 2018, Điều 30",
            Duration = "P30D",
            Unit = DurationUnit.Calendar,
            StartedAt = Samples.T0.AddDays(-31),
            DueAt = Samples.T0.AddDays(-1),
        };
        var notice = EscalationNotice.For(@case, deadline, NoticeKind.Escalation, 1, "Tố cáo", "Phường Hoàn Kiếm", "Đang xác minh");
        var templates = new MailTemplates(options);
        await db.Store().EnqueueAsync(templates.EscalationMessage(notice, 3, ["lanhdao@ubnd.test"], clock.GetUtcNow()), clock.GetUtcNow());
        await new OutboxDispatcher(db.Store(), new SmtpTransport(options), options, clock).DispatchAsync();

        var got = Assert.Single(smtp.Received());
        var decoded = string.Join("\n", got.Message.Headers.Select(h => h.Value))
            + "\n" + got.Message.TextBody + "\n" + got.Message.HtmlBody;
        var raw = Encoding.UTF8.GetString(got.Raw);
        Assert.Contains("TC-2026-000003", got.Message.Subject); // it is the right message, and it says something
        Assert.Contains("Luật Tố cáo 2018, Điều 30", got.Message.TextBody);
        foreach (var secret in new[] { reporter.Name!, "Bí Mật", reporter.Address!, "Hàng Bạc", reporter.Phone!, reporter.Email!, "bimat" })
        {
            Assert.DoesNotContain(secret, decoded, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, raw, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_notice_record_has_no_place_for_a_reporter_or_free_text()
    {
        var names = typeof(EscalationNotice).GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["CaseNumber", "DeadlineName", "DueAt", "Kind", "LegalBasis", "Level", "LocalityName", "StateName", "TypeName"],
            names);
        Assert.DoesNotContain(typeof(EscalationNotice).GetProperties(), p => p.PropertyType == typeof(Reporter));
        Assert.DoesNotContain(typeof(DigestCase).GetProperties(), p => p.PropertyType == typeof(Reporter) || p.Name is "Title" or "Description");
    }

    [Fact]
    public void Vietnamese_breach_shows_lateness_local_due_time_legal_basis_and_link()
    {
        var t = new MailTemplates(new MailOptions { BaseUrl = "https://incidents.test" });
        var mail = t.Escalation(Samples.Breach(), Samples.T0);

        Assert.Equal("[KN-2026-000001] Quá hạn: Thời hạn giải quyết (quá hạn 2 giờ 15 phút)", mail.Subject);
        // Due 00:45 UTC is 07:45 in Hanoi.
        Assert.Contains("Hạn: 07:45 ngày 20/11/2026 (giờ Việt Nam)", mail.Text);
        Assert.Contains("Tình trạng: quá hạn 2 giờ 15 phút", mail.Text);
        Assert.Contains("Loại: Khiếu nại lần đầu", mail.Text);
        Assert.Contains("Địa bàn: Phường Hoàn Kiếm", mail.Text);
        Assert.Contains("Trạng thái: Đang giải quyết", mail.Text);
        Assert.Contains("Căn cứ pháp lý: Luật Khiếu nại 2011, Điều 28", mail.Text);
        Assert.Contains("Xem hồ sơ: https://incidents.test/cases/KN-2026-000001", mail.Text);
        Assert.Contains("<a href=\"https://incidents.test/cases/KN-2026-000001\">", mail.Html);
        Assert.Contains("Phường Hoàn Kiếm", mail.Html);
    }

    [Fact]
    public void English_by_configuration()
    {
        var t = new MailTemplates(new MailOptions { Culture = MailCulture.En, BaseUrl = "https://x.test/" });
        var breach = t.Escalation(Samples.Breach(), Samples.T0);
        Assert.Equal("[KN-2026-000001] Overdue: Thời hạn giải quyết (2 h 15 min overdue)", breach.Subject);
        Assert.Contains("Due: 20/11/2026 07:45 (Vietnam time)", breach.Text);
        Assert.Contains("Open the case: https://x.test/cases/KN-2026-000001", breach.Text);

        var warning = t.Escalation(Samples.Breach() with { Kind = NoticeKind.Warning, DueAt = Samples.T0 + new TimeSpan(3, 4, 59, 0) }, Samples.T0);
        Assert.Equal("[KN-2026-000001] Due soon: Thời hạn giải quyết (3 d 4 h left)", warning.Subject);
        var level2 = t.Escalation(Samples.Breach() with { Kind = NoticeKind.Escalation, Level = 2 }, Samples.T0);
        Assert.StartsWith("[KN-2026-000001] Escalation level 2:", level2.Subject);
        Assert.Contains("escalated to level 2", level2.Text);
    }

    [Fact]
    public void A_day_counted_limit_is_due_at_the_end_of_its_last_day_in_the_email_and_never_as_an_iso_duration()
    {
        // Due 00:00 on 21 November in Hanoi (17:00 UTC on the 20th): the close of Friday 20 November.
        var notice = Samples.Breach() with { DueAt = new DateTimeOffset(2026, 11, 20, 17, 0, 0, TimeSpan.Zero) };
        var now = notice.DueAt.AddDays(2);
        var vi = new MailTemplates(new MailOptions { BaseUrl = "https://incidents.test" }).Escalation(notice, now);
        var en = new MailTemplates(new MailOptions { Culture = MailCulture.En, BaseUrl = "https://incidents.test" }).Escalation(notice, now);

        Assert.Contains("Hạn: hết ngày 20/11/2026 (giờ Việt Nam)", vi.Text);
        Assert.Contains("hết ngày 20/11/2026", vi.Html);
        Assert.Contains("Due: end of 20/11/2026 (Vietnam time)", en.Text);
        foreach (var mail in new[] { vi, en })
        {
            Assert.DoesNotContain("24:00", mail.Text);
            Assert.DoesNotContain("00:00", mail.Text);
            Assert.DoesNotMatch(@"\bP(\d+[DW]|T\d+[HMS])", mail.Subject + mail.Text + mail.Html);
        }

        var digest = new MailTemplates(new MailOptions()).Digest(new DigestInput(now, null,
            [new DigestCase("KN-2026-000001", "Khiếu nại", "Phường Hoàn Kiếm", "Đang giải quyết", "Thời hạn thụ lý", notice.DueAt)], [], []));
        Assert.Contains("Thời hạn thụ lý | hết ngày 20/11/2026 (giờ Việt Nam) |", digest.Text);
    }

    [Theory]
    [InlineData(135, "quá hạn 2 giờ 15 phút")]
    [InlineData(-135, "còn 2 giờ 15 phút")]
    [InlineData(1440, "quá hạn 1 ngày")]
    [InlineData(1500, "quá hạn 1 ngày 1 giờ")]
    [InlineData(120, "quá hạn 2 giờ")]
    [InlineData(5, "quá hạn 5 phút")]
    [InlineData(0, "quá hạn dưới 1 phút")] // a breach mail sent at the due instant itself says overdue
    [InlineData(-0.5, "còn dưới 1 phút")]
    public void Lateness_in_vietnamese(double minutesLate, string expected)
    {
        var t = new MailTemplates(new MailOptions());
        Assert.Equal(expected, t.Lateness(Samples.T0, Samples.T0.AddMinutes(minutesLate)));
    }

    [Theory]
    [InlineData("\"Ban bầu cử\" <bbc@example.vn>", "Ban bầu cử", "bbc@example.vn")]
    [InlineData("bbc@example.vn", "Incidents", "bbc@example.vn")]
    public void The_sender_is_a_bare_address_named_by_from_name_or_a_full_mailbox(string from, string name, string address)
    {
        var sender = Incidents.Mail.Outbox.OutboxMime.Sender(new MailOptions { From = from });
        Assert.Equal((name, address), (sender.Name, sender.Address));
    }

    [Fact]
    public void Html_escapes_markup_but_keeps_vietnamese_letters()
    {
        var t = new MailTemplates(new MailOptions());
        var mail = t.Escalation(Samples.Breach() with { LocalityName = "Xã <Đông> & \"Tây\"" }, Samples.T0);
        Assert.Contains("Xã &lt;Đông&gt; &amp; &quot;Tây&quot;", mail.Html);
        Assert.DoesNotContain("<Đông>", mail.Html);
        Assert.Contains("Địa bàn: Xã <Đông> & \"Tây\"", mail.Text);
    }

    [Fact]
    public void Digest_lists_overdue_due_soon_and_escalations_since_the_last_digest()
    {
        var t = new MailTemplates(new MailOptions { BaseUrl = "https://incidents.test" });
        var at = new DateTimeOffset(2026, 11, 20, 0, 30, 0, TimeSpan.Zero); // 07:30 in Hanoi
        var digest = t.Digest(new DigestInput(
            at,
            at.AddDays(-1),
            [
                new DigestCase("KN-2026-000001", "Khiếu nại", "Phường Hoàn Kiếm", "Đang giải quyết", "Giải quyết", at.AddHours(-3)),
                new DigestCase("TC-2026-000002", "Tố cáo", "Phường Ba Đình", "Đang xác minh", "Giải quyết", at.AddDays(-2)),
            ],
            [new DigestCase("KN-2026-000009", "Khiếu nại", "Xã Sóc Sơn", "Chờ thụ lý", "Thụ lý", at.AddHours(5))],
            []));

        Assert.Equal("Báo cáo hằng ngày 20/11/2026: 2 hồ sơ quá hạn, 1 hồ sơ đến hạn trong 24 giờ", digest.Subject);
        Assert.Contains("Hồ sơ quá hạn (2)", digest.Text);
        Assert.Contains("KN-2026-000001 | Khiếu nại | Phường Hoàn Kiếm | Đang giải quyết | Giải quyết | 04:30 ngày 20/11/2026 (giờ Việt Nam) | quá hạn 3 giờ", digest.Text);
        Assert.Contains("quá hạn 2 ngày", digest.Text);
        Assert.Contains("Hồ sơ đến hạn trong 24 giờ (1)", digest.Text);
        Assert.Contains("còn 5 giờ", digest.Text);
        Assert.Contains("Chuyển cấp kể từ 07:30 ngày 19/11/2026 (giờ Việt Nam) (0)\nKhông có.", digest.Text.Replace("\r\n", "\n"));
        Assert.Contains("https://incidents.test/cases/KN-2026-000009", digest.Html);

        var en = new MailTemplates(new MailOptions { Culture = MailCulture.En }).Digest(new DigestInput(at, null, [], [],
            [new DigestEscalation("KN-2026-000001", "Resolution", NoticeKind.Escalation, 2, at.AddHours(-2))]));
        Assert.Equal("Daily digest 2026-11-20: 0 overdue, 0 due within 24 h", en.Subject);
        Assert.Contains("KN-2026-000001 | Resolution | escalation level 2 | 20/11/2026 05:30 (Vietnam time)", en.Text);
    }

    [Fact]
    public void Message_id_is_the_rows_and_thread_headers_follow_the_case()
    {
        var options = new MailOptions { MessageIdDomain = "ubnd.test", From = "a@ubnd.test" };
        var row = new OutboxEntry
        {
            Id = 1, MessageId = "<outbox-abc@ubnd.test>", Kind = OutboxKind.Escalation, Recipients = ["b@ubnd.test"], Subject = "S",
            BodyText = "T", State = OutboxState.Sending, Attempts = 0, NextAttemptAt = Samples.T0, CreatedAt = Samples.T0, ThreadKey = "KN-2026-000001",
        };
        var m = OutboxMime.Build(row, options);
        Assert.Equal("outbox-abc@ubnd.test", m.MessageId);
        Assert.Equal("case-KN-2026-000001@ubnd.test", m.InReplyTo);
        Assert.Equal(Samples.T0, m.Date);
        Assert.Equal("T", Assert.IsType<TextPart>(m.Body).Text);

        var unthreaded = OutboxMime.Build(row with { ThreadKey = null }, options);
        Assert.Null(unthreaded.InReplyTo);
        Assert.Empty(unthreaded.References);
    }

    [Fact]
    public void Backoff_doubles_from_the_base_and_stops_at_the_cap()
    {
        var o = new MailOptions { RetryBaseDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromMinutes(10) };
        Assert.Equal(
            [TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(240), TimeSpan.FromSeconds(480), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)],
            Enumerable.Range(1, 7).Select(o.BackoffAfter));
    }
}
