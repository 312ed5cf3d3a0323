using Incidents.Mail.Inbox;
using MimeKit;

namespace Incidents.Mail.Tests;

/// <summary>Reading a message as a letter: which messages are machines talking, what a reply answers, HTML as text.</summary>
public sealed class LetterTests
{
    private const string Own = "incidents.example.vn";

    private static MimeMessage Message(string subject = "Đơn đề nghị", string from = "an@example.vn", params (string Name, string Value)[] headers)
    {
        var m = new MimeMessage { Subject = subject, MessageId = "m1@citizen.example", Body = new TextPart("plain") { Text = "Nội dung đơn." } };
        m.From.Add(new MailboxAddress("Nguyễn Văn An", from));
        foreach (var (name, value) in headers) m.Headers.Add(name, value);
        return m;
    }

    [Theory]
    [InlineData("auto-replied")]
    [InlineData("auto-generated")]
    public void Auto_Submitted_other_than_no_is_skipped(string value) =>
        Assert.Equal(SkipReasons.AutoSubmitted, Letters.Read(Message(headers: ("Auto-Submitted", value)), Own).Skip);

    [Fact]
    public void Auto_Submitted_no_is_a_letter() => Assert.Null(Letters.Read(Message(headers: ("Auto-Submitted", "no")), Own).Skip);

    [Theory]
    [InlineData("bulk")]
    [InlineData("junk")]
    [InlineData("list")]
    public void Bulk_junk_and_list_precedence_is_skipped(string value) =>
        Assert.Equal(SkipReasons.Bulk, Letters.Read(Message(headers: ("Precedence", value)), Own).Skip);

    [Fact]
    public void A_delivery_report_or_the_mailer_daemon_is_a_bounce()
    {
        var report = Message();
        report.Body = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "Undeliverable" } };
        Assert.Equal(SkipReasons.Bounce, Letters.Read(report, Own).Skip);
        Assert.Equal(SkipReasons.Bounce, Letters.Read(Message(from: "MAILER-DAEMON@mx.example.vn"), Own).Skip);
    }

    [Fact]
    public void Our_own_message_id_coming_back_is_a_loop()
    {
        var m = Message();
        m.MessageId = $"outbox-1@{Own}";
        Assert.Equal(SkipReasons.OwnMessage, Letters.Read(m, Own).Skip);
    }

    [Fact]
    public void A_reply_names_the_case_numbers_in_its_subject_and_the_message_ids_it_answers()
    {
        var m = Message("Re: Re: [KN-2026-000123] Trả lời về đơn");
        m.InReplyTo = $"outbox-7@{Own}";
        m.References.Add($"outbox-3@{Own}");
        var letter = Letters.Read(m, Own);
        Assert.Null(letter.Skip);
        Assert.Equal(["KN-2026-000123"], letter.CaseNumbers);
        Assert.Equal([$"<outbox-7@{Own}>", $"<outbox-3@{Own}>"], letter.Answers);
        Assert.Equal("<m1@citizen.example>", letter.MessageId);
        Assert.Equal("an@example.vn", letter.SenderAddress);
        Assert.Equal("Nguyễn Văn An", letter.SenderName);
    }

    [Fact]
    public void Html_becomes_the_text_a_reader_sees_without_scripts_or_styles()
    {
        var text = Letters.HtmlToText(
            "<html><head><title>x</title><style>p{color:red}</style></head><body><script>alert(1)</script>" +
            "<p>Kính gửi&nbsp;Ban tiếp công dân,</p><div>Tôi   khiếu nại <b>quyết định</b> &amp; đề nghị<br>xem xét.</div></body></html>");
        Assert.Equal("Kính gửi Ban tiếp công dân,\n\nTôi khiếu nại quyết định & đề nghị\nxem xét.", text);
    }

    [Fact]
    public void A_letter_keeps_its_files_decoded()
    {
        var body = new BodyBuilder { TextBody = "Xem tệp." };
        body.Attachments.Add("don.pdf", "%PDF-1.4 đơn"u8.ToArray(), new ContentType("application", "pdf"));
        var m = Message();
        m.Body = body.ToMessageBody();
        var file = Assert.Single(Letters.Read(m, Own).Files);
        Assert.Equal("don.pdf", file.FileName);
        Assert.Equal("%PDF-1.4 đơn"u8.ToArray(), file.Content);
    }
}
