using Incidents.Core.Workflows;

namespace Incidents.Core.Documents;

/// <summary>To whom a document is addressed, which decides whether it may name the reporter.</summary>
public enum Addressee
{
    /// <summary>The complainant or petitioner: named, unless the case's reporter is confidential.</summary>
    Citizen,
    /// <summary>The denouncer: the one document that names a confidential reporter (Law on Denunciations 2018, Art. 29).</summary>
    Denouncer,
    /// <summary>The person denounced: never the denouncer's identity (Art. 56).</summary>
    Accused,
    /// <summary>Another body (forwarding) or the file: never the denouncer's identity.</summary>
    Body,
}

/// <summary>One document the law asks for. Form is the document type's abbreviation in its number (TB, QĐ; Decree 30/2020/NĐ-CP, Appendix III).</summary>
public sealed record DocumentKind(string Id, Addressee Addressee, LocalizedText Name, string LegalBasis);

/// <summary>The administrative documents a case action can issue.</summary>
public static class DocumentKinds
{
    public const string Acceptance = "acceptance";
    public const string Refusal = "refusal";
    public const string Request = "request";
    public const string DenunciationAcceptance = "denunciation-acceptance";
    public const string AccusedNotice = "accused-notice";
    public const string Forwarding = "forwarding";
    public const string Extension = "extension";
    public const string Resolution = "resolution";

    public static readonly IReadOnlyList<DocumentKind> All =
    [
        new(Acceptance, Addressee.Citizen, new("Thông báo thụ lý", "Acceptance notice"), "Luật Khiếu nại 2011, Điều 27"),
        new(Refusal, Addressee.Citizen, new("Thông báo không thụ lý (nêu rõ lý do)", "Refusal with reasons"), "Luật Khiếu nại 2011, Điều 27; Luật Tố cáo 2018, Điều 29"),
        new(Request, Addressee.Citizen, new("Đề nghị bổ sung thông tin, tài liệu", "Request for documents"), "Luật Khiếu nại 2011, Điều 8"),
        new(DenunciationAcceptance, Addressee.Denouncer, new("Thông báo thụ lý tố cáo (gửi người tố cáo)", "Denunciation accepted (to the denouncer)"), "Luật Tố cáo 2018, Điều 29"),
        new(AccusedNotice, Addressee.Accused, new("Thông báo thụ lý tố cáo (gửi người bị tố cáo)", "Denunciation accepted (to the accused)"), "Luật Tố cáo 2018, Điều 29, 56"),
        new(Forwarding, Addressee.Body, new("Phiếu chuyển đơn tố cáo", "Forwarding notice"), "Luật Tố cáo 2018, Điều 24"),
        new(Extension, Addressee.Body, new("Quyết định gia hạn giải quyết tố cáo", "Extension decision"), "Luật Tố cáo 2018, Điều 30"),
        new(Resolution, Addressee.Citizen, new("Quyết định / kết luận giải quyết", "Resolution decision"), "Luật Khiếu nại 2011, Điều 31, 40; Luật Tố cáo 2018, Điều 35"),
    ];

    public static DocumentKind? Find(string id) => All.FirstOrDefault(k => k.Id == id);

    /// <summary>
    /// Whether a document of this kind, in a case whose reporter is (or is not) confidential, carries the reporter's name
    /// and address. A confidential reporter appears only in the notice addressed to the denouncer; every other document
    /// of that case says "the denouncer" instead.
    /// </summary>
    public static bool CarriesIdentity(DocumentKind kind, bool confidentialReporter) =>
        kind.Addressee == Addressee.Denouncer || (kind.Addressee == Addressee.Citizen && !confidentialReporter);

    /// <summary>Whether the document goes to the reporter, so that it may be emailed to the address they gave.</summary>
    public static bool ToReporter(DocumentKind kind) => kind.Addressee is Addressee.Citizen or Addressee.Denouncer;

    /// <summary>The template languages: every kind has one file per language.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["vi", "en"];
}
