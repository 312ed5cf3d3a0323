using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using Incidents.Storage.Localities;
using Incidents.Web.Access;
using Incidents.Web.Ui.Display;
using Incidents.Web.Intake;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Security;

/// <summary>The fast incident log: type, severity, locality, time (now by default) and what happened. Phone first.</summary>
public sealed class NewModel(CaseIntake intake, WorkflowCatalog catalog, AdminUnitStore units, TimeProvider time, UiText t) : PageModel
{
    [BindProperty] public string? Type { get; set; }
    [BindProperty] public string? Severity { get; set; }
    [BindProperty] public string? LocalityCode { get; set; }
    [BindProperty] public string? At { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Description { get; set; }

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
            Type = Type, Title = title, Description = Description, LocalityCode = LocalityCode, Channel = "web",
            ReceivedAt = Show.FromInputTime(At) ?? Show.FromInputTime(Show.InputTime(time.GetUtcNow())), Severity = Severity,
        };
        var result = await intake.TakeInAsync([request], [], User.ToActor(), ct: ct);
        if (result.Ok)
        {
            TempData["Flash"] = t.F("Created {0}.", result.Numbers[0]);
            return Redirect("/cases/" + result.Numbers[0]);
        }
        Errors = IntakeProblems.In(result.Problems, UiText.Culture);
        return Page();
    }
}
