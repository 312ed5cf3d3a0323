using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Dashboard;

/// <summary>Cases waiting on leadership for an extension (WorkflowCatalog.ExtensionWaitingStates); the decision itself is
/// the workflow's action on the case page.</summary>
public sealed class ApprovalsModel(Incidents.Web.Desk.CaseDesk desk, WorkflowCatalog catalog) : PageModel
{
    public IReadOnlyList<CaseRecord> Cases { get; private set; } = [];
    public WorkflowCatalog Catalog => catalog;

    public async Task OnGetAsync(CancellationToken ct) => Cases = await desk.ApprovalsAsync(ct);
}
