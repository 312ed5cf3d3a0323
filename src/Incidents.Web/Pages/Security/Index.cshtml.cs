using Incidents.Core.Access;
using Incidents.Core.Workflows;
using Incidents.Storage.Localities;
using Incidents.Storage.Triage;
using Incidents.Web.Ui.Handling;
using Incidents.Web.Ui.Localization;
using Incidents.Web.Ui.Triage;

namespace Incidents.Web.Pages.Security;

public sealed class IndexModel(CaseQueries queries, CaseDesk desk, WorkflowCatalog catalog, AdminUnitStore units, TimeProvider time, UiText t)
    : QueuePage(queries, desk, catalog, units, time, t)
{
    public override string Team => Roles.Security;
}
