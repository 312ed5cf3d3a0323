using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Storage.Access;
using Incidents.Storage.Roster;
using Incidents.Storage.Triage;
using Microsoft.AspNetCore.Mvc;

namespace Incidents.Web.Roster;

/// <summary>An official on duty at the case's locality today; Assignable: the case page may offer a one-click assign to them.</summary>
public sealed record OnDutyOfficial(string Login, string Name, string Phone, bool Assignable);

public sealed record OnDutyPanel(string Number, IReadOnlyList<OnDutyOfficial> Officials, int RowVersion);

/// <summary>
/// "Cán bộ trực / Official on duty" on the case page (issue #13): name and phone of whoever is posted to the case's
/// locality today, and, while the case is unassigned and the reader may assign it, a button that assigns it to them
/// through the page's ordinary Assign handler (CaseAssignment's rules and history).
/// </summary>
public sealed class OnDutyViewComponent(DutyRosterStore roster, UserStore users, TimeProvider time) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(CaseDetail detail, bool mayAssign)
    {
        var ct = HttpContext.RequestAborted;
        var postings = await roster.OnDutyAsync(detail.Case.LocalityCode, BusinessCalendar.LocalDate(time.GetUtcNow()), ct);
        var officials = new List<OnDutyOfficial>();
        foreach (var p in postings)
        {
            var offer = mayAssign && detail.Case.AssigneeId is null && await users.FindByIdAsync(p.UserId, ct) is { } u
                && Visibility.MayBeAssigned(u.Roles, u.IsActive, detail.Team)
                && !(detail.ConfidentialReporter && u.Id == Access.Claimsets.ToActor(UserClaimsPrincipal).Id);
            officials.Add(new OnDutyOfficial(p.Login, p.DisplayName, p.Phone, offer));
        }
        return View(new OnDutyPanel(detail.Case.Number, officials, detail.Case.RowVersion));
    }
}
