using Incidents.Core.Documents;
using Incidents.Web.Access;
using Incidents.Web.Documents;
using Incidents.Web.Intake;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Cases;

/// <summary>
/// One notice or decision of a case (CaseDocuments): its preview, the DOCX to download and edit, the signed scan to
/// upload back, and the email to the citizen. The notice naming a confidential denouncer opens only for a custodian who
/// gives a reason, like the reveal on the case page.
/// </summary>
public sealed class DocumentModel(CaseDocuments documents, UiText t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Kind { get; set; } = "";
    [BindProperty(SupportsGet = true)] public long? Event { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lang { get; set; }

    public DocumentKind? DocumentKind { get; private set; }
    public OfferedDocument? Offer { get; private set; }
    public IssuedDocument? Document { get; private set; }
    /// <summary>The denouncer's notice: shown only after a custodian says why.</summary>
    public bool NeedsReason { get; private set; }
    public string? ReasonError { get; private set; }
    /// <summary>The reason given to open it, sent again with the download.</summary>
    public string? Reason { get; private set; }
    public string Culture => Lang == "en" ? "en" : "vi";
    public string Self => $"/cases/{Uri.EscapeDataString(Number)}/documents/{Uri.EscapeDataString(Kind)}?event={Event}&lang={Culture}";

    private async Task<IActionResult?> LoadAsync(string? reason, CancellationToken ct)
    {
        DocumentKind = DocumentKinds.Find(Kind);
        if (DocumentKind is null) return NotFound();
        var offered = await documents.OfferedAsync(Number, User.ToActor(), ct);
        if (offered is null) return NotFound();
        Offer = offered.FirstOrDefault(o => o.Kind.Id == Kind && (Event is null || o.EventId == Event));
        var r = await documents.IssueAsync(Number, Kind, Culture, User.ToActor(), reason, Offer?.EventId, "page", ct);
        switch (r.Status)
        {
            case DocumentStatus.Forbidden: return Forbid();
            case DocumentStatus.ReasonRequired: NeedsReason = true; break;
            case DocumentStatus.Done: Document = r.Document; Reason = reason; break;
        }
        Event = Offer?.EventId;
        return null;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(null, ct) ?? Page();

    /// <summary>The deliberate, audited opening of the denouncer's notice, with its reason.</summary>
    public async Task<IActionResult> OnPostOpenAsync(string? reason, CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is null || reason.Length > Reporters.MaxReasonLength)
        {
            if (await LoadAsync(null, ct) is { } refused) return refused;
            ReasonError = reason is null ? t["Say why you need to see the identity."] : t["The reason is at most 500 characters."];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return await LoadAsync(reason, ct) ?? Page();
    }

    public Task<IActionResult> OnGetDocxAsync(CancellationToken ct) => DocxAsync(null, ct);

    /// <summary>The denouncer's notice as DOCX: the reason goes with it, and the download is written to the history again.</summary>
    public Task<IActionResult> OnPostDocxAsync(string? reason, CancellationToken ct) => DocxAsync(reason, ct);

    private async Task<IActionResult> DocxAsync(string? reason, CancellationToken ct)
    {
        if (reason is { Length: > Reporters.MaxReasonLength }) reason = null;
        var r = await documents.IssueAsync(Number, Kind, Culture, User.ToActor(), reason, Event, "page", ct);
        return r.Status switch
        {
            DocumentStatus.Done => File(r.Docx!, CaseDocuments.DocxType, r.FileName),
            DocumentStatus.Forbidden => Forbid(),
            DocumentStatus.NotFound or DocumentStatus.UnknownKind => NotFound(),
            _ => Redirect(Self),
        };
    }

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken ct)
    {
        var r = await documents.EmailAsync(Number, Kind, Culture, User.ToActor(), Event, ct);
        switch (r.Status)
        {
            case DocumentStatus.NotFound or DocumentStatus.UnknownKind: return NotFound();
            case DocumentStatus.Forbidden: return Forbid();
            case DocumentStatus.Done: TempData["Flash"] = t["The document is queued to be emailed to the citizen, with the DOCX attached."]; break;
            case DocumentStatus.AlreadyEmailed: TempData["Problem"] = t["This document was already emailed for this decision; it is not sent twice."]; break;
            case DocumentStatus.NoEmail: TempData["Problem"] = t["The citizen gave no email address: send the document by post or by hand."]; break;
            default: TempData["Problem"] = t["No decision on this case has issued this document yet."]; break;
        }
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostSignedAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            TempData["Problem"] = t["Choose the signed scan (PDF, JPEG or PNG) to upload."];
            return Redirect(Self);
        }
        if (file.Length > AttachmentRules.MaxBytes)
        {
            TempData["Problem"] = t.F("The file is larger than {0} MB.", AttachmentRules.MaxMegabytes);
            return Redirect(Self);
        }
        using var ms = new MemoryStream();
        await file.CopyToAsync(ms, ct);
        var r = await documents.AttachSignedAsync(Number, Kind, Event, new UploadedFile(file.FileName, ms.ToArray()), User.ToActor(), ct);
        switch (r.Status)
        {
            case DocumentStatus.NotFound or DocumentStatus.UnknownKind: return NotFound();
            case DocumentStatus.Forbidden: return Forbid();
            case DocumentStatus.Done: TempData["Flash"] = t["The signed scan is stored with the case."]; break;
            case DocumentStatus.InvalidFile: TempData["Problem"] = t["The signed scan must be a PDF, JPEG or PNG file."]; break;
            default: TempData["Problem"] = t["No decision on this case has issued this document yet."]; break;
        }
        return Redirect(Self);
    }
}
