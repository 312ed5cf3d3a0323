using Incidents.Storage.Access;
using Incidents.Storage.Localities;
using Incidents.Storage.Roster;
using Incidents.Web.Access;
using Incidents.Web.Roster;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Roster;

/// <summary>
/// The duty roster (leadership, admin): the postings that end today or later, a form to post an official, the import
/// of a CSV or XLSX roster (all or nothing, each error naming its row and column) and the revocation of a posting.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = RosterPolicies.Roster)]
public sealed class IndexModel(DutyRoster roster, UserStore users, AdminUnitStore units, UiText t) : PageModel
{
    public IReadOnlyList<DutyPosting> Postings { get; private set; } = [];
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public IReadOnlyDictionary<string, AdminUnit> Units { get; private set; } = new Dictionary<string, AdminUnit>();
    public IReadOnlyList<RosterProblem> Problems { get; private set; } = [];
    /// <summary>Which form the problems belong to: "add" or "import".</summary>
    public string? FailedForm { get; private set; }
    [BindProperty] public PostingForm Form { get; set; } = new();

    public sealed class PostingForm
    {
        public string? Login { get; set; }
        public string? Locality { get; set; }
        public string? From { get; set; }
        public string? To { get; set; }
        public string? Phone { get; set; }
    }

    public string Message(RosterProblem p) => p.Text.In(UiText.Culture);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        var r = await roster.AddAsync(new PostingInput(Form.Login, null, Form.Locality, Form.From, Form.To, Form.Phone), User.ToActor(), ct);
        if (r.Ok)
        {
            TempData["Flash"] = t["The official is posted."];
            return Redirect("/roster");
        }
        (Problems, FailedForm) = (r.Problems, "add");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        RosterResult r;
        if (file is not { Length: > 0 }) r = new([], [new("file", "Hãy chọn tệp CSV hoặc XLSX", "Choose a CSV or XLSX file")]);
        else if (file.Length > RosterFile.MaxBytes) r = new([], [new("file", "Tệp quá lớn (tối đa 2 MB)", "The file is too large (at most 2 MB)")]);
        else
        {
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, ct);
            copy.Position = 0;
            r = await roster.ImportAsync(copy, file.FileName, User.ToActor(), ct);
        }
        if (r.Ok)
        {
            TempData["Flash"] = t.F("{0} postings imported.", r.Ids.Count);
            return Redirect("/roster");
        }
        (Problems, FailedForm) = (r.Problems, "import");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        if (await roster.RevokeAsync(id, User.ToActor(), ct)) TempData["Flash"] = t["The posting is revoked."];
        else TempData["Problem"] = t["That posting was revoked already."];
        return Redirect("/roster");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Postings = await roster.CurrentAsync(ct);
        Users = [.. (await users.ListAsync(ct)).Where(u => u.IsActive).OrderBy(u => u.DisplayName, StringComparer.CurrentCulture)];
        Units = (await units.ListAsync(ct)).ToDictionary(u => u.Code, StringComparer.Ordinal);
    }
}
