using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;

namespace Incidents.Mail.Inbox;

/// <summary>A file the letter carried, decoded.</summary>
public sealed record LetterFile(string FileName, byte[] Content);

/// <summary>
/// A message read as a letter: who sent it, its subject and text (HTML turned into text), its files, the case numbers its
/// subject names and the Message-Ids it answers (In-Reply-To, References). Skip: why it is not a letter at all
/// (a <see cref="SkipReasons"/> code), else null.
/// </summary>
public sealed record Letter(string? MessageId, string? SenderAddress, string? SenderName, string Subject, string Text,
    IReadOnlyList<LetterFile> Files, IReadOnlyList<string> CaseNumbers, IReadOnlyList<string> Answers, string? Skip);

/// <summary>Why a message is recorded and moved but never becomes a case: machines writing to machines.</summary>
public static class SkipReasons
{
    public const string AutoSubmitted = "auto-submitted", Bulk = "bulk", Bounce = "bounce", OwnMessage = "own-message";
}

/// <summary>Reads a MimeMessage as a letter. Pure: no IO, the caller parsed the bytes.</summary>
public static partial class Letters
{
    /// <param name="ownDomain">The right-hand side of the Message-Ids we send (Incidents:Smtp:MessageIdDomain): a message
    /// with one is our own mail come back (a loop).</param>
    public static Letter Read(MimeMessage m, string ownDomain)
    {
        var from = m.From.Mailboxes.FirstOrDefault() ?? m.Sender;
        var subject = (m.Subject ?? "").Trim();
        var answers = new List<string>();
        if (m.InReplyTo is { Length: > 0 } irt) answers.Add(Bracket(irt));
        answers.AddRange(m.References.Select(Bracket));
        var files = m.Attachments.OfType<MimePart>().Where(p => p.Content is not null).Select(p =>
        {
            using var s = new MemoryStream();
            p.Content!.DecodeTo(s);
            return new LetterFile(string.IsNullOrWhiteSpace(p.FileName) ? "attachment" : Path.GetFileName(p.FileName), s.ToArray());
        }).ToList();
        return new Letter(m.MessageId is { Length: > 0 } id ? Bracket(id) : null, from?.Address, CleanName(from?.Name), subject,
            Text(m), files, [.. CaseNumber().Matches(subject).Select(x => x.Value).Distinct(StringComparer.Ordinal)],
            [.. answers.Distinct(StringComparer.Ordinal)], SkipReason(m, from, ownDomain));
    }

    /// <summary>RFC 3834 and the bulk/bounce conventions; our own Message-Id means a loop.</summary>
    private static string? SkipReason(MimeMessage m, MailboxAddress? from, string ownDomain)
    {
        var auto = m.Headers[HeaderId.AutoSubmitted]?.Trim();
        if (auto is { Length: > 0 } && !auto.StartsWith("no", StringComparison.OrdinalIgnoreCase)) return SkipReasons.AutoSubmitted;
        var precedence = m.Headers[HeaderId.Precedence]?.Trim().ToLowerInvariant();
        if (precedence is "bulk" or "junk" or "list") return SkipReasons.Bulk;
        if (m.Body is MultipartReport
            || from?.Address?.StartsWith("mailer-daemon@", StringComparison.OrdinalIgnoreCase) == true
            || from?.Address?.StartsWith("postmaster@", StringComparison.OrdinalIgnoreCase) == true)
            return SkipReasons.Bounce;
        if (m.MessageId?.EndsWith("@" + ownDomain, StringComparison.OrdinalIgnoreCase) == true) return SkipReasons.OwnMessage;
        return null;
    }

    /// <summary>The plain text part, else the HTML part turned into text, else empty.</summary>
    private static string Text(MimeMessage m)
    {
        if (m.TextBody is { } text) return text.Trim();
        return m.HtmlBody is { } html ? HtmlToText(html) : "";
    }

    private static readonly HashSet<HtmlTagId> Blocks =
    [
        HtmlTagId.P, HtmlTagId.Br, HtmlTagId.Div, HtmlTagId.LI, HtmlTagId.TR, HtmlTagId.H1, HtmlTagId.H2, HtmlTagId.H3,
        HtmlTagId.H4, HtmlTagId.H5, HtmlTagId.H6, HtmlTagId.BlockQuote, HtmlTagId.Table, HtmlTagId.UL, HtmlTagId.OL, HtmlTagId.HR,
    ];

    /// <summary>
    /// HTML as the text a reader sees: the words, a line break at each block, nothing of scripts and styles. MimeKit's
    /// tokenizer does the parsing (entities decoded), so no other package is needed.
    /// </summary>
    public static string HtmlToText(string html)
    {
        var sb = new StringBuilder(html.Length);
        var tokenizer = new HtmlTokenizer(new StringReader(html)) { DecodeCharacterReferences = true };
        var hidden = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head:
                    if (!tag.IsEmptyElement) hidden = Math.Max(0, hidden + (tag.IsEndTag ? -1 : 1));
                    break;
                case HtmlTagToken tag when Blocks.Contains(tag.Id):
                    sb.Append('\n');
                    break;
                case HtmlTagToken tag when tag.Id is HtmlTagId.TD or HtmlTagId.TH && !tag.IsEndTag:
                    sb.Append(' ');
                    break;
                case HtmlDataToken data when hidden == 0:
                    sb.Append(Whitespace().Replace(data.Data, " "));
                    break;
            }
        }
        var lines = sb.ToString().Split('\n').Select(l => l.Trim());
        return BlankLines().Replace(string.Join('\n', lines), "\n\n").Trim();
    }

    private static string Bracket(string id) => id.StartsWith('<') ? id : $"<{id}>";

    private static string? CleanName(string? name) => string.IsNullOrWhiteSpace(name) ? null : name.Trim();

    /// <summary>A case number as CaseStore formats it: PREFIX-YYYY-NNNNNN (KN-2026-000123).</summary>
    [GeneratedRegex(@"\b[A-Z]{2,5}-\d{4}-\d{6}\b", RegexOptions.CultureInvariant)]
    private static partial Regex CaseNumber();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\n{3,}", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();
}
