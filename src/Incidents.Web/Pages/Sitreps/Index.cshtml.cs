using System.Globalization;
using Incidents.Web.Roster;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Sitreps;

/// <summary>
/// The synthesis table (leadership, admin): the latest report of each locality on a day, a locality late for its slot
/// marked, and the same table as XLSX.
/// </summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = RosterPolicies.Synthesis)]
public sealed class IndexModel(SitReports sitreps) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Day { get; set; }
    public SitrepTable Table { get; private set; } = null!;

    private DateOnly TheDay => DutyRoster.Date(Day) ?? sitreps.Today;

    public async Task OnGetAsync(CancellationToken ct) => Table = await sitreps.TableAsync(TheDay, ct);

    public async Task<IActionResult> OnGetXlsxAsync(CancellationToken ct)
    {
        var table = await sitreps.TableAsync(TheDay, ct);
        return File(SitReports.Xlsx(table), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"bao-cao-tinh-hinh-{table.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.xlsx");
    }
}
