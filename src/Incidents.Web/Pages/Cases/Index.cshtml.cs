using Incidents.Core.Access;
using Incidents.Core.Workflows;
using Incidents.Storage.Localities;
using Incidents.Web.Triage;
using Incidents.Web.Ui.Localization;
using Incidents.Web.Ui.Triage;

namespace Incidents.Web.Pages.Cases;

public sealed class IndexModel(CaseQueue queue, CaseAssignment assignment, WorkflowCatalog catalog, AdminUnitStore units, TimeProvider time,
    UiText t, QueueTools tools) : QueuePage(queue, assignment, catalog, units, time, t, tools)
{
    public override string Team => Roles.Complaints;
}
