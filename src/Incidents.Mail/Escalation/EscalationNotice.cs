using Incidents.Core.Cases;
using Incidents.Core.Deadlines;

namespace Incidents.Mail.Escalation;

public enum NoticeKind { Warning, Breach, Escalation }

/// <summary>
/// What an escalation email may say about a case. It has no field for the reporter, nor for free text a reporter wrote
/// (title, description), so a confidential denouncer's identity cannot reach an email through it.
/// </summary>
public sealed record EscalationNotice(
    string CaseNumber,
    string TypeName,
    string LocalityName,
    string StateName,
    string DeadlineName,
    string LegalBasis,
    DateTimeOffset DueAt,
    NoticeKind Kind,
    int Level = 0)
{
    /// <summary>From a stored case and one of its deadlines; the display names come from the caller's lookups
    /// (workflow, administrative units, state labels). The case's reporter, title and description are not read.</summary>
    public static EscalationNotice For(CaseRecord c, DeadlineRecord d, NoticeKind kind, int level,
        string typeName, string localityName, string stateName) =>
        new(c.Number, typeName, localityName, stateName, d.Name, d.LegalBasis, d.DueAt, kind, level);
}

/// <summary>One case line in the daily digest (same rule: no reporter, no free text).</summary>
public sealed record DigestCase(
    string CaseNumber,
    string TypeName,
    string LocalityName,
    string StateName,
    string DeadlineName,
    DateTimeOffset DueAt);

public sealed record DigestEscalation(string CaseNumber, string DeadlineName, NoticeKind Kind, int Level, DateTimeOffset At);

/// <summary>The leadership digest: overdue cases, cases due within 24 h, escalations since the previous digest.</summary>
public sealed record DigestInput(
    DateTimeOffset At,
    DateTimeOffset? Since,
    IReadOnlyList<DigestCase> Overdue,
    IReadOnlyList<DigestCase> DueSoon,
    IReadOnlyList<DigestEscalation> Escalations);

public sealed record ComposedMail(string Subject, string Text, string Html);
