using Incidents.Core.Calendar;
using Incidents.Storage.Localities;
using Incidents.Storage.Roster;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Roster;

/// <summary>Who is on duty where today (Vietnam date), with each locality's open and overdue cases, counted by the database.</summary>
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Incidents.Web.Roster.RosterPolicies.Roster)]
public sealed class TodayModel(DutyRosterStore roster, AdminUnitStore units, TimeProvider time) : PageModel
{
    public DateOnly Day { get; private set; }
    public IReadOnlyList<IGrouping<string, DutyPosting>> Localities { get; private set; } = [];
    public IReadOnlyDictionary<string, LocalityCaseCounts> Counts { get; private set; } = new Dictionary<string, LocalityCaseCounts>();
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Day = BusinessCalendar.LocalDate(now);
        Localities = [.. (await roster.ActiveOnAsync(Day, ct)).GroupBy(p => p.LocalityCode)];
        Counts = await roster.CaseCountsAsync(Day, now, ct);
        Names = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
    }
}
