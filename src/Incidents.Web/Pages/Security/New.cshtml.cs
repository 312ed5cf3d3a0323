using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using Incidents.Storage.Intake;
using Incidents.Storage.Localities;
using Incidents.Web.Access;
using Incidents.Web.Ui.Display;
using Incidents.Web.Intake;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Security;

/// <summary>
/// The fast incident log, phone first (issue #13): severity, locality (typed and matched, or remembered on the phone),
/// an optional camera photo, submit. The channel says how the officer learnt of it; the reporter is the officer unless
/// changed. A hidden key drawn with the form makes a retried submit (a timeout in the field) answer with the first case.
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = AttachmentRules.MaxBytes * AttachmentRules.MaxFiles + 1024 * 1024)]
[RequestSizeLimit(AttachmentRules.MaxBytes * AttachmentRules.MaxFiles + 1024 * 1024)]
public sealed class NewModel(CaseIntake intake, WorkflowCatalog catalog, AdminUnitStore units, TimeProvider time, UiText t) : PageModel
{
    /// <summary>How an officer learns of an incident; on site first.</summary>
    public static readonly string[] Channels = [Core.Cases.Channel.OnSite.Name(), Core.Cases.Channel.Phone.Name(), Core.Cases.Channel.Patrol.Name()];

    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Severity { get; set; }
    [BindProperty] public string? Locality { get; set; }
    [BindProperty] public string? Channel { get; set; }
    [BindProperty] public string? At { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public string? ReporterName { get; set; }
    [BindProperty] public string? ReporterPhone { get; set; }
    [BindProperty] public IFormFile? Photo { get; set; }
    /// <summary>Drawn with the form; a repeat of the same submit is answered with the case the first one made.</summary>
    [BindProperty] public string? Key { get; set; }

    public IReadOnlyList<WorkflowDefinition> Types { get; private set; } = [];
    public IReadOnlyList<AdminUnit> Units { get; private set; } = [];
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();
    public string[]? ErrorsFor(string f) => Errors.TryGetValue(f, out var e) ? e : null;

    private async Task LoadAsync(CancellationToken ct)
    {
        Types = [.. catalog.Latest.Where(d => d.Team == Roles.Security).OrderBy(d => d.Id)];
        Units = await units.ListValidOnAsync(Core.Calendar.BusinessCalendar.LocalDate(time.GetUtcNow()), ct);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Type = Types.FirstOrDefault()?.Id;
        At = Show.InputTime(time.GetUtcNow());
        Channel = Channels[0];
        ReporterName = User.Identity?.Name;
        Key = Guid.NewGuid().ToString("N");
    }

    /// <summary>
    /// The unit typed: its code, its name, or a part of its name that only it has, with or without diacritics ("ba dinh"
    /// finds Phường Ba Đình). Ambiguous or unknown: sent as typed, and the intake names the field.
    /// </summary>
    public static string? Resolve(string? typed, IReadOnlyList<AdminUnit> units)
    {
        var text = CaseText.Clean(typed);
        if (text is null) return null;
        if (units.FirstOrDefault(u => u.Code == text) is { } byCode) return byCode.Code;
        var folded = CaseText.Fold(text);
        if (units.Where(u => CaseText.Fold(u.Name) == folded).ToList() is [var exact]) return exact.Code;
        return units.Where(u => CaseText.Fold(u.Name).Contains(folded, StringComparison.Ordinal)).ToList() is [var only] ? only.Code : text;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        // Few fields: a blank title is the start of the description.
        var title = string.IsNullOrWhiteSpace(Title) && !string.IsNullOrWhiteSpace(Description)
            ? (Description.Trim().Length > 80 ? Description.Trim()[..80] + "…" : Description.Trim())
            : Title;
        var request = new IntakeRequest
        {
            Type = Type, Title = title, Description = Description, LocalityCode = Resolve(Locality, Units), Channel = Channel,
            ReceivedAt = Show.FromInputTime(At) ?? Show.FromInputTime(Show.InputTime(time.GetUtcNow())), Severity = Severity, Place = Place,
            Reporter = new ReporterInput(ReporterName, null, ReporterPhone, null),
        };
        var files = new List<UploadedFile>();
        if (Photo is { Length: > 0 })
        {
            using var ms = new MemoryStream();
            await Photo.CopyToAsync(ms, ct);
            files.Add(new UploadedFile(Photo.FileName, ms.ToArray()));
        }
        var key = CaseText.Clean(Key) is { Length: <= 200 } k ? new IntakeKey("page:" + k, Hash(request, files), c => Answer(c.Case.Number)) : null;
        var result = await intake.TakeInAsync([request], files, User.ToActor(), key, ct);
        switch (result.Status)
        {
            case IntakeStatus.Created:
                TempData["Flash"] = t.F("Created {0}.", result.Numbers[0]);
                TempData["ForgetDraft"] = "incident";
                return Redirect("/cases/" + result.Numbers[0]);
            case IntakeStatus.Replayed when result.Answer?.Location is { } location:
                TempData["ForgetDraft"] = "incident";
                return Redirect(location);
            case IntakeStatus.KeyReused:
                Errors = new Dictionary<string, string[]> { [""] = [t["This form was already sent with other content. Reload the page to log another incident."]] };
                return Page();
        }
        Errors = IntakeProblems.In(result.Problems, UiText.Culture);
        return Page();
    }

    private static StoredResponse Answer(string number) => new(303, "/cases/" + number, number);

    // What was sent, so that the same key with other content is refused rather than answered with another incident.
    private static string Hash(IntakeRequest r, IReadOnlyList<UploadedFile> files)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(r)));
        foreach (var f in files) h.AppendData(SHA256.HashData(f.Content));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }
}
