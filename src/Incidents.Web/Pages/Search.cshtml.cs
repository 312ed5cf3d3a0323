using Incidents.Core.Access;
using Incidents.Core.Workflows;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages;

/// <summary>
/// Search by case number, name and text, diacritics-insensitive (the store's folded search_text: "Nguyen Ngoc Tuan" finds
/// "Nguyễn Ngọc Tuấn"). Confidential reporters are not in the folded text, so they can be neither found nor shown.
/// </summary>
public sealed class SearchModel(CaseQueries queries, WorkflowCatalog catalog, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    public CasePage? Result { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public WorkflowCatalog Catalog => catalog;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        var team = Visibility.TeamFilter(User.ToActor());
        if (team == "") return Forbid();
        if (!string.IsNullOrWhiteSpace(Q) && Q.Length <= 200)
        {
            var q = Q.Trim();
            // A full case number opens the case.
            if (System.Text.RegularExpressions.Regex.IsMatch(q, @"^[A-Za-z]{2,5}-\d{4}-\d{6}$")
                && await queries.GetDetailAsync(q.ToUpperInvariant(), ct) is { } d && Visibility.SeesTeam(User.ToActor(), d.Team))
                return Redirect("/cases/" + d.Case.Number);
            Result = await queries.ListAsync(new CaseFilter { Team = team, Text = q, PageSize = 100 }, ct);
        }
        return Page();
    }
}
