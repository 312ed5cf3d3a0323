using Incidents.Core.Thread;
using Incidents.Core.Workflows;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Incidents.Web.Thread;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Cases;

/// <summary>
/// The case's thread on its own page, and where the case page's thread forms post (CaseThread, as the API). A write that
/// succeeds goes back to the case page at its entry; one that is refused is shown here with the message on its form and
/// what was typed, and nothing stored.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentRules.MaxBytes * AttachmentRules.MaxFiles + 1024 * 1024)]
[RequestSizeLimit(AttachmentRules.MaxBytes * AttachmentRules.MaxFiles + 1024 * 1024)]
public sealed class ThreadModel(CaseThread thread, UiText t) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";

    public string Title { get; private set; } = "";
    public ThreadForm? Form { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>A file of the case, if this reader may open it; never sniffed into something else by the browser.</summary>
    public async Task<IActionResult> OnGetFileAsync(long id, CancellationToken ct)
    {
        if (await thread.FileAsync(Number, User.ToActor(), id, ct: ct) is not { } f) return NotFound();
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(f.Content, f.File.ContentType, f.File.FileName);
    }

    public async Task<IActionResult> OnPostNoteAsync(string? body, string? refersTo, CancellationToken ct)
    {
        long? target = long.TryParse(refersTo, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        var r = string.IsNullOrWhiteSpace(refersTo) || target is not null
            ? await thread.AddNoteAsync(Number, User.ToActor(), body, target, ct)
            : ThreadResult.Invalid(new Dictionary<string, LocalizedText> { ["refersTo"] = new("Ghi chú cần đính chính không hợp lệ.", "Not a note to correct.") });
        return await AnswerAsync(r, "note", new() { ["body"] = body, ["refersTo"] = refersTo },
            target is null ? t["Note added."] : t["Correction added; the note keeps its first wording."], ct);
    }

    public async Task<IActionResult> OnPostLogAsync(string? kind, string? direction, string? occurredAt, string? counterpart, string? subject,
        string? summary, CancellationToken ct)
    {
        var r = await thread.LogAsync(Number, User.ToActor(), new LoggedContact(kind, direction, occurredAt, counterpart, subject, summary), ct);
        return await AnswerAsync(r, "log", new()
        {
            ["kind"] = kind, ["direction"] = direction, ["occurredAt"] = occurredAt, ["counterpart"] = counterpart, ["subject"] = subject, ["summary"] = summary,
        }, kind == EntryKinds.Letter ? t["Letter logged."] : t["Call logged."], ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(List<IFormFile>? attachments, string? note, CancellationToken ct)
    {
        var files = new List<UploadedFile>();
        foreach (var f in attachments ?? [])
        {
            using var ms = new MemoryStream();
            await f.CopyToAsync(ms, ct);
            files.Add(new UploadedFile(f.FileName, ms.ToArray()));
        }
        var r = await thread.AttachAsync(Number, User.ToActor(), files, note, ct);
        return await AnswerAsync(r, "upload", new() { ["note"] = note }, t.F("{0} file(s) added.", r.Entries?.Count ?? 0), ct);
    }

    private async Task<IActionResult> AnswerAsync(ThreadResult r, string which, Dictionary<string, string?> typed, string done, CancellationToken ct)
    {
        switch (r.Status)
        {
            case ThreadStatus.NotFound: return NotFound();
            case ThreadStatus.Forbidden: return Forbid();
            case ThreadStatus.Done:
                TempData["Flash"] = done;
                return Redirect($"/cases/{Uri.EscapeDataString(Number)}#entry-{r.Entries![0].Id}");
        }
        if (!await LoadAsync(ct)) return NotFound();
        Form = new ThreadForm(which, r.Problems!.ToDictionary(p => p.Key, p => p.Value.In(UiText.Culture)), typed);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await thread.ReadAsync(Number, User.ToActor(), ThreadFilter.Notes, ct: ct) is not { } read) return false;
        Title = read.Case.Case.Title;
        return true;
    }
}
