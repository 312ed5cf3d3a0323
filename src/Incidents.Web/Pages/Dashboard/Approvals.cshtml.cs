using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Triage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Dashboard;

/// <summary>
/// Cases waiting on leadership for an extension: those in a state where every action is leadership's and one of them
/// extends a deadline (denunciation "extension-requested"). The decision itself is the workflow's action on the case page.
/// </summary>
public sealed class ApprovalsModel(CaseQueries queries, WorkflowCatalog catalog) : PageModel
{
    public IReadOnlyList<CaseRecord> Cases { get; private set; } = [];
    public WorkflowCatalog Catalog => catalog;

    public static IEnumerable<(string Type, string State)> WaitingStates(WorkflowCatalog catalog) =>
        catalog.Latest.SelectMany(d => d.States
            .Where(s => s.Actions.Count > 0 && s.Actions.All(a => a.Roles.SequenceEqual([Roles.Leadership]))
                        && s.Actions.Any(a => a.Effects.Any(e => e.Kind == EffectKinds.Extend)))
            .Select(s => (d.Id, s.Id)));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = new List<CaseRecord>();
        foreach (var (type, state) in WaitingStates(catalog))
            list.AddRange((await queries.ListAsync(new CaseFilter { Type = type, State = state, PageSize = CaseFilter.MaxPageSize }, ct)).Items);
        Cases = [.. list.OrderBy(c => c.NextDueAt ?? DateTimeOffset.MaxValue)];
    }
}
