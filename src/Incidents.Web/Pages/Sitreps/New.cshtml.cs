using Incidents.Storage.Localities;
using Incidents.Storage.Roster;
using Incidents.Web.Access;
using Incidents.Web.Roster;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Sitreps;

/// <summary>
/// The phone form of a situation report (issue #13): the locality comes from the official's posting today, the figures
/// from sitrep_figures, the time defaults to now. Someone with no posting today is told so, and nothing else.
/// </summary>
public sealed class NewModel(SitReports sitreps, AdminUnitStore units, TimeProvider time, UiText t) : PageModel
{
    public IReadOnlyList<DutyPosting> Postings { get; private set; } = [];
    public IReadOnlyList<SitrepFigure> Figures { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<RosterProblem> Problems { get; private set; } = [];

    [BindProperty] public long? PostingId { get; set; }
    [BindProperty] public string? ReportedAt { get; set; }
    [BindProperty] public Dictionary<string, string?> Values { get; set; } = [];
    [BindProperty] public string? Text { get; set; }

    public string[]? ErrorsFor(string field) =>
        Problems.Where(p => p.Field == field).Select(p => p.Text.In(UiText.Culture)).ToArray() is { Length: > 0 } e ? e : null;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ReportedAt = Show.InputTime(time.GetUtcNow());
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var r = await sitreps.FileAsync(User.ToActor(), new SitrepInput(PostingId, ReportedAt, Values, Text), ct);
        if (r.Status == SitrepStatus.Filed)
        {
            TempData["Flash"] = t["Report sent. Thank you."];
            return Redirect("/sitreps/new");
        }
        Problems = r.Problems ?? [];
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Postings = await sitreps.PostingsAsync(User.ToActor(), ct);
        Figures = await sitreps.FiguresAsync(ct);
        Names = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
    }
}
