using Incidents.Core.Documents;
using Incidents.Mail.Outbox;

namespace Incidents.Web.Documents;

/// <summary>The email that carries a notice or decision to the citizen.</summary>
public static class DocumentMail
{
    /// <summary>
    /// One Message-Id per case, decision and kind, so the notice is enqueued once however often it is asked for; the
    /// case number in brackets in the subject and the case's thread key make a reply thread back to the case.
    /// </summary>
    public static string MessageId(string caseNumber, long eventId, string kind, string domain) =>
        $"<notice-{Safe(caseNumber)}-{eventId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{Safe(kind)}@{domain}>";

    public static OutboxMessage Compose(string caseNumber, OfferedDocument offer, string body, string domain, long caseId,
        string address)
    {
        var subject = $"[{caseNumber}] {offer.Kind.Name.Vi} / {offer.Kind.Name.En}";
        var text = $"""
            Kính gửi Ông/Bà,

            {body} gửi kèm theo thư này văn bản "{offer.Kind.Name.Vi}" về hồ sơ số {caseNumber}.
            Khi trả lời, xin giữ nguyên tiêu đề thư (có số hồ sơ) để thư được ghi vào đúng hồ sơ.

            ---
            {body} sends you, attached, the document "{offer.Kind.Name.En}" about case {caseNumber}.
            When you reply, please keep the subject (with the case number) so that your reply reaches the case.
            """;
        return new OutboxMessage(OutboxKind.Notice, [address], subject, text, CaseId: caseId, ThreadKey: caseNumber,
            MessageId: MessageId(caseNumber, offer.EventId, offer.Kind.Id, domain));
    }

    private static string Safe(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
}
