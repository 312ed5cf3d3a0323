using Incidents.Core.Workflows;
using Incidents.Web.Access;
using Incidents.Web.Desk;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Desk;

/// <summary>"Việc của tôi / My desk" (issue #12): the same reading as GET /api/v1/desk (CaseDesk).</summary>
public sealed class IndexModel(CaseDesk desk, WorkflowCatalog catalog, TimeProvider time) : PageModel
{
    public DeskModel Desk { get; private set; } = null!;
    public DateTimeOffset Now { get; private set; }
    public WorkflowCatalog Catalog => catalog;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Desk = await desk.ReadAsync(User.ToActor(), ct);
    }
}
