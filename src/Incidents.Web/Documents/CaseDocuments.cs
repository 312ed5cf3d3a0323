using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Documents;
using Incidents.Core.Workflows;
using Incidents.Mail;
using Incidents.Mail.Outbox;
using Incidents.Storage.Attachments;
using Incidents.Storage.Cases;
using Incidents.Storage.Documents;
using Incidents.Storage.Localities;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Intake;

namespace Incidents.Web.Documents;

public enum DocumentStatus { Done, NotFound, UnknownKind, NotOffered, Forbidden, ReasonRequired, NoEmail, AlreadyEmailed, InvalidFile }

/// <summary>
/// A document a decision on the case issued: its kind, the decision's history line (EventId), and what was done with it
/// (signed scan, email). CarriesIdentity: it names a confidential denouncer, so only custodians open it, with a reason.
/// </summary>
public sealed record OfferedDocument(DocumentKind Kind, long EventId, string Action, DateTimeOffset DecidedAt, bool CarriesIdentity,
    bool ToReporter, IReadOnlyList<DocumentAct> Acts)
{
    public DocumentAct? Emailed => Acts.FirstOrDefault(a => a.What == DocumentActs.Emailed);
    public IEnumerable<DocumentAct> Signed => Acts.Where(a => a.What == DocumentActs.Signed);
}

/// <summary>What a request for a document came to; Document and Docx when Done.</summary>
public sealed record DocumentResult(DocumentStatus Status, string Message, IssuedDocument? Document = null, byte[]? Docx = null,
    string? FileName = null, OfferedDocument? Offer = null)
{
    public static DocumentResult Fail(DocumentStatus s, string message) => new(s, message);
}

/// <summary>
/// The case's notices and decisions, one code path for the API and the pages. A decision (a workflow action listed in
/// offers.txt) makes its documents available, filled from the case and the action's inputs; the document naming a
/// confidential denouncer is opened only by an identity custodian giving a reason, written to the history like a reveal
/// (Reporters.ShownAsync); every other document of such a case says "the denouncer" and reads no identity at all.
/// A document addressed to the reporter is emailed to the address they gave, once per decision, through the outbox.
/// </summary>
public sealed class CaseDocuments(DocumentLibrary library, DocumentOptions options, CaseQueries queries, CaseEventStore events,
    CaseDocumentStore store, AdminUnitStore units, WorkflowCatalog catalog, AccessOptions access, MailOptions mail, Escalation.OutboxPump pump,
    TimeProvider time, ILogger<CaseDocuments> log)
{
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>The documents the case's history makes available, latest decision first; null when the case is not this reader's.</summary>
    public async Task<IReadOnlyList<OfferedDocument>?> OfferedAsync(string number, Actor actor, CancellationToken ct = default)
    {
        var d = await queries.GetDetailAsync(number, ct);
        if (d is null || !Visibility.SeesTeam(actor, d.Team)) return null;
        return await OffersAsync(d, ct);
    }

    private async Task<IReadOnlyList<OfferedDocument>> OffersAsync(CaseDetail d, CancellationToken ct)
    {
        var offers = library.Current.Offers;
        var history = await queries.GetEventsAsync(d.Case.Id, ct);
        var acts = await store.ListAsync(d.Case.Id, ct);
        return [.. history.Where(e => e.Kind == "action" && e.Action is not null).Reverse()
            .SelectMany(e => offers.For(d.Case.Type, e.Action!).Select(k => DocumentKinds.Find(k)!).Select(k => new OfferedDocument(k, e.Id, e.Action!, e.At,
                DocumentKinds.CarriesIdentity(k, d.ConfidentialReporter) && d.ConfidentialReporter, DocumentKinds.ToReporter(k),
                [.. acts.Where(a => a.EventId == e.Id && a.Kind == k.Id)])))];
    }

    /// <summary>
    /// The document of this kind for the case's latest decision that issues it (or the decision <paramref name="eventId"/>),
    /// filled in <paramref name="culture"/> and written as DOCX. <paramref name="reason"/>: why a custodian opens the
    /// one document that names a confidential denouncer (required there, written to the history).
    /// </summary>
    public async Task<DocumentResult> IssueAsync(string number, string kind, string culture, Actor actor, string? reason, long? eventId,
        string via, CancellationToken ct = default)
    {
        var (d, offer, problem) = await FindAsync(number, kind, eventId, actor, ct);
        if (problem is not null) return problem;
        var k = offer!.Kind;
        Reporter? reporter = null;
        if (DocumentKinds.CarriesIdentity(k, d!.ConfidentialReporter))
        {
            var shown = await Reporters.ShownAsync(d, actor, reason, "document:" + k.Id, access.Custodians, queries, events, time.GetUtcNow(), ct);
            if (shown.Withheld)
                return shown.MayReveal
                    ? DocumentResult.Fail(DocumentStatus.ReasonRequired,
                        "Văn bản này có danh tính người tố cáo: hãy nêu lý do mở (được ghi vào lịch sử hồ sơ). / This document names the denouncer: give a reason to open it (written to the case history).")
                    : DocumentResult.Fail(DocumentStatus.Forbidden, NotCustodian);
            reporter = shown.Reporter;
        }
        var template = library.Current.Get(k.Id, culture == "en" ? "en" : "vi")!;
        var def = catalog.Get(d.Case.Type, d.Case.WorkflowVersion);
        var decision = (await queries.GetEventsAsync(d.Case.Id, ct)).First(e => e.Id == offer.EventId);
        var action = def?.States.SelectMany(s => s.Actions).FirstOrDefault(a => a.Id == decision.Action);
        var locality = (await units.ListAsync(ct)).FirstOrDefault(u => u.Code == d.Case.LocalityCode)?.Name;
        var facts = new DocumentFacts(d.Case, d.ConfidentialReporter, def?.Name.In(template.Culture) ?? d.Case.Type, locality, reporter, decision,
            action, d.Deadlines, time.GetUtcNow());
        var document = IssuedDocument.Fill(template, facts, options.Issuer);
        return new DocumentResult(DocumentStatus.Done, "", document, DocxWriter.Write(document),
            $"{d.Case.Number}-{k.Id}.{template.Culture}.docx", offer);
    }

    /// <summary>
    /// Emails the document to the reporter's address, once per decision: the DOCX attached, the case number in the
    /// subject (replies thread back to the case), a 'notice-out' entry on the thread. For a confidential denouncer only
    /// a custodian may send it (the address is identity), and the send is written to the history like a reveal.
    /// </summary>
    public async Task<DocumentResult> EmailAsync(string number, string kind, string culture, Actor actor, long? eventId, CancellationToken ct = default)
    {
        var (d, offer, problem) = await FindAsync(number, kind, eventId, actor, ct);
        if (problem is not null) return problem;
        if (!Visibility.MayHandle(actor, d!.Team))
            return DocumentResult.Fail(DocumentStatus.Forbidden, "Bạn không xử lý hồ sơ này. / You do not handle this case.");
        if (!offer!.ToReporter)
            return DocumentResult.Fail(DocumentStatus.NoEmail, "Văn bản này không gửi cho người gửi đơn. / This document is not addressed to the reporter.");
        if (offer.Emailed is not null)
            return DocumentResult.Fail(DocumentStatus.AlreadyEmailed, "Văn bản này đã được gửi email. / This document was already emailed.");
        var reason = d.ConfidentialReporter ? "gửi văn bản qua email / emailing a document" : null;
        if (d.ConfidentialReporter && !Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId, d.Team, access.Custodians))
            return DocumentResult.Fail(DocumentStatus.Forbidden,
                "Chỉ người được giao giữ danh tính người tố cáo mới gửi được văn bản cho người tố cáo. / Only a custodian of the denouncer's identity may send the denouncer a document.");
        var reporter = (await Reporters.ShownAsync(d, actor, reason, "document-email:" + offer.Kind.Id, access.Custodians, queries, events,
            time.GetUtcNow(), ct)).Reporter;
        if (reporter?.Email is not { } address || !MimeKit.MailboxAddress.TryParse(address, out _))
            return DocumentResult.Fail(DocumentStatus.NoEmail,
                "Người gửi đơn không để lại địa chỉ email: hãy gửi văn bản qua bưu điện hoặc trao tận tay. / The reporter gave no email address: send the document by post or by hand.");
        var issued = await IssueAsync(number, kind, culture, actor, reason, offer.EventId, "email", ct);
        if (issued.Status != DocumentStatus.Done) return issued;
        var doc = issued.Document!;
        var message = DocumentMail.Compose(d.Case.Number, offer, options.Body, mail.MessageIdDomain, d.Case.Id, address);
        var act = await store.EmailAsync(d.Case.Id, offer.EventId, offer.Kind.Id, doc.Culture,
            new NewAttachment(issued.FileName!, DocxType, issued.Docx!), message, actor.Login,
            $"{offer.Kind.Name.In(doc.Culture)} — email", ct);
        if (act is null)
            return DocumentResult.Fail(DocumentStatus.AlreadyEmailed, "Văn bản này đã được gửi email. / This document was already emailed.");
        pump.Nudge();
        log.LogInformation("{Actor} emailed {Kind} of {Case} (decision {Event})", actor.Login, offer.Kind.Id, d.Case.Number, offer.EventId);
        return issued;
    }

    /// <summary>The signed scan of a document (PDF, JPEG or PNG, typed by its bytes), stored on the case's thread.</summary>
    public async Task<DocumentResult> AttachSignedAsync(string number, string kind, long? eventId, UploadedFile file, Actor actor,
        CancellationToken ct = default)
    {
        var (d, offer, problem) = await FindAsync(number, kind, eventId, actor, ct);
        if (problem is not null) return problem;
        if (!Visibility.MayHandle(actor, d!.Team))
            return DocumentResult.Fail(DocumentStatus.Forbidden, "Bạn không xử lý hồ sơ này. / You do not handle this case.");
        var (files, errors) = AttachmentRules.Check([file]);
        if (errors.Length > 0 || file.Content.Length == 0)
            return DocumentResult.Fail(DocumentStatus.InvalidFile, errors.Length > 0 ? string.Join("; ", errors.Select(e => e.ToString()))
                : "Tệp trống. / The file is empty.");
        await store.AddSignedAsync(d.Case.Id, offer!.EventId, offer.Kind.Id, "vi", files[0], actor.Login,
            $"{offer.Kind.Name.Vi} — bản ký / signed scan", ct);
        return new DocumentResult(DocumentStatus.Done, "", Offer: offer);
    }

    private const string NotCustodian =
        "Chỉ người được giao giữ danh tính người tố cáo mới mở được văn bản này. / Only a custodian of the denouncer's identity may open this document.";

    private async Task<(CaseDetail? Case, OfferedDocument? Offer, DocumentResult? Problem)> FindAsync(string number, string kind, long? eventId,
        Actor actor, CancellationToken ct)
    {
        var d = await queries.GetDetailAsync(number, ct);
        if (d is null || !Visibility.SeesTeam(actor, d.Team))
            return (null, null, DocumentResult.Fail(DocumentStatus.NotFound, $"Không có hồ sơ {number}. / There is no case {number}."));
        if (DocumentKinds.Find(kind) is null)
            return (d, null, DocumentResult.Fail(DocumentStatus.UnknownKind,
                $"'{kind}' không phải loại văn bản; có: {string.Join(", ", DocumentKinds.All.Select(k => k.Id))}. / '{kind}' is not a document kind; known: {string.Join(", ", DocumentKinds.All.Select(k => k.Id))}."));
        // Whether the reader may open the denouncer's notice at all comes first, issued or not.
        if (d.ConfidentialReporter && DocumentKinds.CarriesIdentity(DocumentKinds.Find(kind)!, true)
            && !Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId, d.Team, access.Custodians))
            return (d, null, DocumentResult.Fail(DocumentStatus.Forbidden, NotCustodian));
        var offer = (await OffersAsync(d, ct)).FirstOrDefault(o => o.Kind.Id == kind && (eventId is null || o.EventId == eventId));
        return offer is null
            ? (d, null, DocumentResult.Fail(DocumentStatus.NotOffered,
                "Hồ sơ chưa có quyết định nào ban hành văn bản này. / No decision on this case issues this document yet."))
            : (d, offer, null);
    }
}
