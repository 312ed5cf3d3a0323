using MimeKit;

namespace Incidents.Mail.Outbox;

/// <summary>Builds the MIME message for an outbox row.</summary>
public static class OutboxMime
{
    /// <summary>
    /// Message-Id comes from the row, so every attempt for a row carries the same id and a client that received an
    /// earlier copy treats a resend as the same message. Messages with a thread key (the case number) reply to one
    /// per-case root id, so a case's mail threads together.
    /// </summary>
    public static MimeMessage Build(OutboxEntry row, MailOptions options) => Build(row, options, null);

    /// <summary>The message with <paramref name="file"/> attached (a notice's DOCX), its name kept in UTF-8 (Vietnamese).</summary>
    public static MimeMessage Build(OutboxEntry row, MailOptions options, OutboxFile? file)
    {
        var m = new MimeMessage();
        m.From.Add(Sender(options));
        foreach (var r in row.Recipients) m.To.Add(MailboxAddress.Parse(r));
        m.Subject = row.Subject;
        m.MessageId = row.MessageId.Trim('<', '>');
        m.Date = row.CreatedAt;
        if (!string.IsNullOrWhiteSpace(row.ThreadKey))
        {
            var root = ThreadRootId(row.ThreadKey, options.MessageIdDomain);
            m.InReplyTo = root;
            m.References.Add(root);
        }
        foreach (var (name, value) in row.Headers) m.Headers.Add(name, value);
        var body = new BodyBuilder { TextBody = row.BodyText };
        if (row.BodyHtml is not null) body.HtmlBody = row.BodyHtml;
        if (file is not null) body.Attachments.Add(file.FileName, file.Content, ContentType.Parse(file.ContentType));
        m.Body = body.ToMessageBody();
        return m;
    }

    /// <summary>The From mailbox: Incidents:Smtp:From may be a bare address (named by FromName) or a full mailbox such as
    /// "Ban bầu cử" &lt;bbc@example.vn&gt;, whose own name wins.</summary>
    public static MailboxAddress Sender(MailOptions options) =>
        MailboxAddress.TryParse(options.From, out var parsed) && !string.IsNullOrWhiteSpace(parsed.Name)
            ? parsed
            : new MailboxAddress(options.FromName, parsed?.Address ?? options.From);

    /// <summary>The id every message about one case refers to, without angle brackets: case-{key}@{domain}.</summary>
    public static string ThreadRootId(string threadKey, string domain)
    {
        var safe = new string(threadKey.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());
        return $"case-{safe}@{domain}";
    }
}
