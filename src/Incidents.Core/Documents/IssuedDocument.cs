using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;

namespace Incidents.Core.Documents;

/// <summary>
/// The issuing body as the settings give it (Incidents:Documents): Parent is the body above it (first header line, may be
/// empty), Symbol the abbreviation after the form in the number ("TB-UBBC"), Place the place name before the date.
/// </summary>
public sealed record Issuer(string Body, string? Parent, string Place, string Symbol);

/// <summary>What a document is filled from: the case, the decision (the action's history line) and, only when the
/// document may carry it, the reporter.</summary>
public sealed record DocumentFacts(CaseRecord Case, bool ConfidentialReporter, string TypeName, string? LocalityName, Reporter? Reporter,
    CaseEvent Decision, ActionDefinition? Action, IReadOnlyList<DeadlineRecord> Deadlines, DateTimeOffset Now);

/// <summary>
/// A document filled in, in the parts of the Decree 30/2020/NĐ-CP layout: the bodies and number (left of the header),
/// place and date (right, under the national motto), title and subject, "Kính gửi", the body's paragraphs, "Nơi nhận"
/// (bottom left) and the signer's title (bottom right). The DOCX writer and the page preview lay out the same parts.
/// </summary>
public sealed record IssuedDocument(string Kind, string Culture, string? Parent, string Body, string Number, string PlaceAndDate, string Title,
    string? Subject, string? To, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Recipients, IReadOnlyList<string> Signer)
{
    public const string Motto = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Slogan = "Độc lập - Tự do - Hạnh phúc";

    public bool English => Culture == "en";
    public string ToLabel => English ? "To:" : "Kính gửi:";
    public string RecipientsLabel => English ? "Recipients:" : "Nơi nhận:";
    /// <summary>Under the signer's title, where the signature, name and seal go.</summary>
    public string SignHint => English ? "(signature, full name and seal)" : "(Ký, ghi rõ họ tên và đóng dấu)";

    /// <summary>Every piece of text in the document, in reading order.</summary>
    public IEnumerable<string> Texts() =>
        new[] { Parent, Body, Number, Motto, Slogan, PlaceAndDate, Title, Subject, To is null ? null : ToLabel + " " + To }
            .Concat(Paragraphs).Append(RecipientsLabel).Concat(Recipients).Concat(Signer).Append(SignHint)
            .Where(s => !string.IsNullOrEmpty(s))!;

    /// <summary>Fills a template for one case and decision. The reporter is used only if this kind may carry it.</summary>
    public static IssuedDocument Fill(DocumentTemplate t, DocumentFacts f, Issuer issuer)
    {
        var v = Values(t, f, issuer);
        string Fill(string s) => DocumentTemplate.Fill(s, v).Trim();
        var number = t.Number is { } n ? Fill(n) : "";
        var suffix = $"{t.Form}-{issuer.Symbol}".TrimEnd('-');
        // A number the clerk gives at issue (Decree 30) stays blank; a decision's own number ("12/QĐ-UBBC") is shown whole.
        number = number.Contains('/') ? number : $"{(number.Length == 0 ? "      " : number)}/{suffix}";
        return new IssuedDocument(t.Kind, t.Culture, string.IsNullOrWhiteSpace(issuer.Parent) ? null : issuer.Parent.Trim().ToUpperInvariant(),
            issuer.Body.Trim().ToUpperInvariant(), (t.Culture == "en" ? "No.: " : "Số: ") + number,
            $"{issuer.Place}, {DateWords(BusinessCalendar.LocalDate(f.Now), t.Culture)}", Fill(t.Title).ToUpperInvariant(),
            t.Subject is null ? null : Fill(t.Subject), t.To is null ? null : Fill(t.To),
            [.. t.Body.Where(p => !AllEmpty(p, v)).Select(Fill)], [.. t.Recipients.Select(Fill)], [.. t.Signer.Select(Fill)]);
    }

    /// <summary>A paragraph whose placeholders all came out empty is left out ("Thời hạn: {case.due}" with no deadline running).</summary>
    private static bool AllEmpty(string paragraph, IReadOnlyDictionary<string, string> values)
    {
        var names = DocumentTemplate.Names(paragraph).ToList();
        return names.Count > 0 && names.All(n => string.IsNullOrWhiteSpace(values.GetValueOrDefault(n)));
    }

    /// <summary>The placeholders' values for this case and decision, in the template's language.</summary>
    public static IReadOnlyDictionary<string, string> Values(DocumentTemplate t, DocumentFacts f, Issuer issuer)
    {
        var en = t.Culture == "en";
        var kind = DocumentKinds.Find(t.Kind)!;
        var identity = DocumentKinds.CarriesIdentity(kind, f.ConfidentialReporter);
        // Never the reporter in a document that may not carry them, whatever the caller passed.
        var reporter = identity ? f.Reporter : null;
        string Input(string id) => f.Decision.Data.GetValueOrDefault("input." + id) ?? "";
        var decided = f.Decision.Data.TryGetValue("effectiveAt", out var eff) && DateTimeOffset.TryParse(eff, CultureInfo.InvariantCulture, DateTimeStyles.None, out var e)
            ? e : f.Decision.At;
        var outcome = Input("outcome");
        var outcomeChoice = f.Action?.Inputs.FirstOrDefault(i => i.Id == "outcome")?.Choices.FirstOrDefault(c => c.Value == outcome);
        var due = f.Deadlines.Where(d => d.Status == DeadlineStatus.Running).OrderBy(d => d.DueAt).FirstOrDefault();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["body"] = issuer.Body.Trim(),
            ["place"] = issuer.Place.Trim(),
            ["date"] = DateWords(BusinessCalendar.LocalDate(f.Now), t.Culture),
            ["case.number"] = f.Case.Number,
            ["case.title"] = f.Case.Title,
            ["case.type"] = f.TypeName,
            ["case.locality"] = f.LocalityName ?? f.Case.LocalityCode,
            ["case.received"] = DateWords(BusinessCalendar.LocalDate(f.Case.ReceivedAt), t.Culture),
            ["case.due"] = due is null ? "" : DeadlineWords.Due(due.DueAt, t.Culture),
            ["citizen.name"] = identity ? reporter?.Name ?? "" : en ? "the denouncer" : "người tố cáo",
            ["citizen.address"] = identity ? reporter?.Address ?? "" : en ? "(kept confidential)" : "(được giữ bí mật)",
            ["decision.date"] = DateWords(BusinessCalendar.LocalDate(decided), t.Culture),
            ["decision.number"] = Input("decision") is { Length: > 0 } number ? number : Input("conclusion"),
            ["decision.signed"] = DateOnly.TryParseExact(Input("decision-date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var signed)
                ? DateWords(signed, t.Culture) : Input("decision-date"),
            ["decision.reason"] = Input("reason"),
            ["decision.request"] = Input("request"),
            ["decision.days"] = Input("days"),
            ["decision.recipient"] = Input("recipient"),
            ["decision.outcome"] = outcomeChoice?.Label?.In(t.Culture) ?? outcome,
            ["decision.text"] = Input("answer") is { Length: > 0 } answer ? answer : Input("summary"),
        };
    }

    /// <summary>
    /// A date as an administrative document writes it: "ngày 05 tháng 02 năm 2026" (a day below 10 and the months 1 and
    /// 2 take a leading zero, Decree 30/2020/NĐ-CP, Appendix I), "5 February 2026" in English.
    /// </summary>
    public static string DateWords(DateOnly d, string culture) => culture == "en"
        ? d.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
        : $"ngày {d.Day:00} tháng {(d.Month <= 2 ? d.Month.ToString("00", CultureInfo.InvariantCulture) : d.Month.ToString(CultureInfo.InvariantCulture))} năm {d.Year}";
}
