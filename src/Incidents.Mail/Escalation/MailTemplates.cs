using System.Globalization;
using System.Text;
using Incidents.Core.Calendar;
using Incidents.Mail.Outbox;

namespace Incidents.Mail.Escalation;

/// <summary>
/// Composes escalation emails, the leadership digest and the dead-letter notice as plain text plus simple HTML,
/// in Vietnamese by default and English by configuration. Instants are shown in Asia/Ho_Chi_Minh time.
/// </summary>
public sealed class MailTemplates(MailOptions options)
{
    private readonly MailTexts _t = MailTexts.For(options.Culture);
    private readonly CultureInfo _culture = CultureInfo.GetCultureInfo(options.Culture == MailCulture.En ? "en-GB" : "vi-VN");

    /// <summary>The product's one zone, BusinessCalendar.Zone (kept under this name for the mail and digest code).</summary>
    public static readonly TimeZoneInfo VietnamZone = Core.Calendar.BusinessCalendar.Zone;

    public string CaseLink(string caseNumber) => $"{options.BaseUrl.TrimEnd('/')}/cases/{Uri.EscapeDataString(caseNumber)}";

    public string OutboxLink(long id) => $"{options.BaseUrl.TrimEnd('/')}/admin/outbox/{id}";

    /// <summary>"14:30 ngày 20/11/2026 (giờ Việt Nam)" / "2026-11-20 14:30 (Vietnam time)".</summary>
    public string LocalTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, VietnamZone).ToString(_t.LocalTimeFormat, _culture) + $" ({_t.ZoneLabel})";

    /// <summary>A limit's due instant: "hết ngày 11/12/2026 (giờ Việt Nam)" / "end of 11/12/2026 (Vietnam time)" at a
    /// day's close (the pages' words, Core DeadlineWords), else as <see cref="LocalTime"/>.</summary>
    public string DueTime(DateTimeOffset due) =>
        TimeZoneInfo.ConvertTime(due, VietnamZone).TimeOfDay == TimeSpan.Zero
            ? DeadlineWords.Due(due, options.Culture == MailCulture.En ? "en" : "vi") + $" ({_t.ZoneLabel})"
            : LocalTime(due);

    /// <summary>"quá hạn 2 giờ 15 phút" / "2 h 15 min overdue" (from the due instant itself on), or "còn ..." / "... left";
    /// two largest units, whole minutes.</summary>
    public string Lateness(DateTimeOffset dueAt, DateTimeOffset now)
    {
        var diff = now - dueAt;
        var span = Span(diff.Duration());
        return string.Format(_culture, diff >= TimeSpan.Zero ? _t.OverdueFormat : _t.LeftFormat, span);
    }

    private string Span(TimeSpan d)
    {
        var minutes = (long)Math.Floor(d.TotalMinutes);
        if (minutes < 1) return _t.UnderAMinute;
        long days = minutes / 1440, hours = minutes % 1440 / 60, mins = minutes % 60;
        if (days > 0) return hours > 0 ? $"{days} {_t.Day} {hours} {_t.Hour}" : $"{days} {_t.Day}";
        if (hours > 0) return mins > 0 ? $"{hours} {_t.Hour} {mins} {_t.Minute}" : $"{hours} {_t.Hour}";
        return $"{mins} {_t.Minute}";
    }

    public ComposedMail Escalation(EscalationNotice n, DateTimeOffset now)
    {
        var lateness = Lateness(n.DueAt, now);
        var subjectFormat = n.Kind switch
        {
            NoticeKind.Warning => _t.WarningSubject,
            NoticeKind.Breach => _t.BreachSubject,
            _ => _t.EscalationSubject,
        };
        var subject = string.Format(_culture, subjectFormat, n.CaseNumber, n.DeadlineName, lateness, n.Level);
        var intro = n.Kind switch
        {
            NoticeKind.Warning => _t.WarningIntro,
            NoticeKind.Breach => _t.BreachIntro,
            _ => string.Format(_culture, _t.EscalationIntro, n.Level),
        };
        var link = CaseLink(n.CaseNumber);
        (string Label, string Value)[] fields =
        [
            (_t.Case, n.CaseNumber), (_t.Type, n.TypeName), (_t.Locality, n.LocalityName), (_t.State, n.StateName),
            (_t.Deadline, n.DeadlineName), (_t.Due, DueTime(n.DueAt)), (_t.Status, lateness), (_t.LegalBasis, n.LegalBasis),
        ];

        var text = new StringBuilder().AppendLine(intro).AppendLine();
        foreach (var (label, value) in fields) text.AppendLine($"{label}: {value}");
        text.AppendLine().AppendLine($"{_t.OpenCase}: {link}").AppendLine().AppendLine("-- ").AppendLine(_t.Footer);

        var html = new StringBuilder(HtmlHead()).Append($"<p>{H(intro)}</p>\n<table>\n");
        foreach (var (label, value) in fields) html.Append($"<tr><th align=\"left\">{H(label)}</th><td>{H(value)}</td></tr>\n");
        html.Append($"</table>\n<p><a href=\"{H(link)}\">{H(_t.OpenCase)}</a></p>\n").Append(HtmlFoot());
        return new ComposedMail(subject, text.ToString(), html.ToString());
    }

    /// <summary>The outbox row for an escalation email, threaded under its case number.</summary>
    public OutboxMessage EscalationMessage(EscalationNotice n, long? caseId, IReadOnlyList<string> recipients, DateTimeOffset now)
    {
        var mail = Escalation(n, now);
        return new OutboxMessage(OutboxKind.Escalation, recipients, mail.Subject, mail.Text, mail.Html, caseId, n.CaseNumber);
    }

    /// <summary>The outbox row for the leadership digest.</summary>
    public OutboxMessage DigestMessage(DigestInput d, IReadOnlyList<string> recipients)
    {
        var mail = Digest(d);
        return new OutboxMessage(OutboxKind.Digest, recipients, mail.Subject, mail.Text, mail.Html);
    }

    public ComposedMail Digest(DigestInput d)
    {
        var day = TimeZoneInfo.ConvertTime(d.At, VietnamZone).ToString(options.Culture == MailCulture.En ? "yyyy-MM-dd" : "dd/MM/yyyy", _culture);
        var subject = string.Format(_culture, _t.DigestSubject, day, d.Overdue.Count, d.DueSoon.Count);
        var intro = string.Format(_culture, _t.DigestIntro, LocalTime(d.At));
        var escalationsTitle = d.Since is { } since ? string.Format(_culture, _t.DigestSince, LocalTime(since)) : _t.DigestEscalations;

        var caseLines = (IReadOnlyList<DigestCase> cases) => cases.Select(c => (
            Text: $"{c.CaseNumber} | {c.TypeName} | {c.LocalityName} | {c.StateName} | {c.DeadlineName} | {DueTime(c.DueAt)} | {Lateness(c.DueAt, d.At)}",
            Html: $"<li><a href=\"{H(CaseLink(c.CaseNumber))}\">{H(c.CaseNumber)}</a> · {H(c.TypeName)} · {H(c.LocalityName)} · {H(c.StateName)} · {H(c.DeadlineName)} · {H(DueTime(c.DueAt))} · <b>{H(Lateness(c.DueAt, d.At))}</b></li>",
            Link: CaseLink(c.CaseNumber))).ToList();
        var escalationLines = d.Escalations.Select(e =>
        {
            var what = e.Kind switch
            {
                NoticeKind.Warning => _t.WarningWord,
                NoticeKind.Breach => _t.BreachWord,
                _ => string.Format(_culture, _t.EscalationWord, e.Level),
            };
            return (Text: $"{e.CaseNumber} | {e.DeadlineName} | {what} | {LocalTime(e.At)}",
                Html: $"<li><a href=\"{H(CaseLink(e.CaseNumber))}\">{H(e.CaseNumber)}</a> · {H(e.DeadlineName)} · {H(what)} · {H(LocalTime(e.At))}</li>",
                Link: CaseLink(e.CaseNumber));
        }).ToList();

        var sections = new (string Title, List<(string Text, string Html, string Link)> Lines)[]
        {
            (_t.DigestOverdue, caseLines(d.Overdue)), (_t.DigestDueSoon, caseLines(d.DueSoon)), (escalationsTitle, escalationLines),
        };
        var text = new StringBuilder().AppendLine(intro);
        var html = new StringBuilder(HtmlHead()).Append($"<p>{H(intro)}</p>\n");
        foreach (var (title, lines) in sections)
        {
            text.AppendLine().AppendLine($"{title} ({lines.Count})");
            html.Append($"<h3>{H(title)} ({lines.Count})</h3>\n");
            if (lines.Count == 0)
            {
                text.AppendLine(_t.DigestNone);
                html.Append($"<p>{H(_t.DigestNone)}</p>\n");
                continue;
            }
            html.Append("<ul>\n");
            foreach (var l in lines)
            {
                text.AppendLine($"- {l.Text}").AppendLine($"  {l.Link}");
                html.Append(l.Html).Append('\n');
            }
            html.Append("</ul>\n");
        }
        text.AppendLine().AppendLine("-- ").AppendLine(_t.Footer);
        html.Append(HtmlFoot());
        return new ComposedMail(subject, text.ToString(), html.ToString());
    }

    /// <summary>Tells administrators that a message is dead. It repeats the subject and recipients, never the body.</summary>
    public ComposedMail DeadLetter(OutboxEntry dead, int attempts, string lastError)
    {
        var subject = string.Format(_culture, _t.DeadSubject, attempts, dead.Subject);
        var link = OutboxLink(dead.Id);
        (string Label, string Value)[] fields =
        [
            (_t.Subject, dead.Subject), (_t.Recipients, string.Join(", ", dead.Recipients)),
            (_t.Attempts, attempts.ToString(CultureInfo.InvariantCulture)), (_t.LastError, lastError), (_t.MessageId, dead.MessageId),
        ];
        var text = new StringBuilder().AppendLine(_t.DeadIntro).AppendLine();
        foreach (var (label, value) in fields) text.AppendLine($"{label}: {value}");
        text.AppendLine().AppendLine($"{_t.OpenOutbox}: {link}").AppendLine().AppendLine("-- ").AppendLine(_t.Footer);
        var html = new StringBuilder(HtmlHead()).Append($"<p>{H(_t.DeadIntro)}</p>\n<table>\n");
        foreach (var (label, value) in fields) html.Append($"<tr><th align=\"left\">{H(label)}</th><td>{H(value)}</td></tr>\n");
        html.Append($"</table>\n<p><a href=\"{H(link)}\">{H(_t.OpenOutbox)}</a></p>\n").Append(HtmlFoot());
        return new ComposedMail(subject, text.ToString(), html.ToString());
    }

    /// <summary>Tells administrators that a step fell due with nobody to tell: an error they see, never a silent no-op.
    /// Like the escalation itself it names the case, not the reporter.</summary>
    public ComposedMail Unrouted(EscalationNotice n, string stepKey, IReadOnlyList<string> symbols, DateTimeOffset now)
    {
        var subject = string.Format(_culture, _t.UnroutedSubject, n.CaseNumber, n.DeadlineName);
        var link = CaseLink(n.CaseNumber);
        (string Label, string Value)[] fields =
        [
            (_t.Case, n.CaseNumber), (_t.Type, n.TypeName), (_t.Locality, n.LocalityName), (_t.Deadline, n.DeadlineName),
            (_t.Step, StepWords(stepKey)), (_t.Due, DueTime(n.DueAt)), (_t.Status, Lateness(n.DueAt, now)),
            (_t.Recipients, symbols.Count == 0 ? _t.NobodyNamed : string.Join(", ", symbols.Select(RecipientWords))),
        ];
        var text = new StringBuilder().AppendLine(_t.UnroutedIntro).AppendLine();
        foreach (var (label, value) in fields) text.AppendLine($"{label}: {value}");
        text.AppendLine().AppendLine($"{_t.OpenCase}: {link}").AppendLine().AppendLine("-- ").AppendLine(_t.Footer);
        var html = new StringBuilder(HtmlHead()).Append($"<p>{H(_t.UnroutedIntro)}</p>\n<table>\n");
        foreach (var (label, value) in fields) html.Append($"<tr><th align=\"left\">{H(label)}</th><td>{H(value)}</td></tr>\n");
        html.Append($"</table>\n<p><a href=\"{H(link)}\">{H(_t.OpenCase)}</a></p>\n").Append(HtmlFoot());
        return new ComposedMail(subject, text.ToString(), html.ToString());
    }

    /// <summary>"cảnh báo", "quá hạn", "chuyển cấp 2" / "warning", "breach", "escalation level 2": a step key in words.</summary>
    private string StepWords(string stepKey)
    {
        var parts = stepKey.Split('.');
        return parts[0] switch
        {
            "warning" => _t.WarningWord,
            "breach" => _t.BreachWord,
            "escalation" when parts.Length >= 2 => string.Format(_culture, _t.EscalationWord, parts[1]),
            _ => stepKey,
        };
    }

    /// <summary>A recipient symbol of a policy step in words (an email address stays as written).</summary>
    private string RecipientWords(string symbol) => symbol switch
    {
        "assignee" => _t.AssigneeWord, "team-lead" => _t.TeamLeadWord, "leadership" => _t.LeadershipWord, "admin" => _t.AdminWord,
        _ => symbol,
    };

    private string HtmlHead() =>
        $"<!DOCTYPE html>\n<html lang=\"{(options.Culture == MailCulture.En ? "en" : "vi")}\"><head><meta charset=\"utf-8\"></head><body>\n";

    private string HtmlFoot() => $"<hr><p><small>{H(_t.Footer)}</small></p>\n</body></html>\n";

    // Only the markup characters: WebUtility.HtmlEncode would also turn Vietnamese letters in U+00A0..U+00FF into entities.
    private static string H(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");
}
