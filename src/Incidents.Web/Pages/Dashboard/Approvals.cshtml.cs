using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Triage;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Dashboard;

/// <summary>
/// Cases waiting on leadership for an extension: those in a state where one of leadership's actions extends a deadline
/// and every other action is leadership's or goes back where theirs go (the handler withdrawing the request), i.e.
/// denunciation "extension-requested". The decision itself is the workflow's action on the case page.
/// </summary>
public sealed class ApprovalsModel(CaseQueries queries, WorkflowCatalog catalog) : PageModel
{
    public IReadOnlyList<CaseRecord> Cases { get; private set; } = [];
    public WorkflowCatalog Catalog => catalog;

    public static IEnumerable<(string Type, string State)> WaitingStates(WorkflowCatalog catalog) =>
        catalog.Latest.SelectMany(d => d.States
            .Where(s => s.Actions.Any(a => IsLeadership(a) && a.Effects.Any(e => e.Kind == EffectKinds.Extend))
                        && s.Actions.All(a => IsLeadership(a) || s.Actions.Any(l => IsLeadership(l) && l.Target == a.Target)))
            .Select(s => (d.Id, s.Id)));

    private static bool IsLeadership(ActionDefinition a) => a.Roles.SequenceEqual([Roles.Leadership]);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var list = new List<CaseRecord>();
        foreach (var (type, state) in WaitingStates(catalog))
            list.AddRange((await queries.ListAsync(new CaseFilter { Type = type, State = state, PageSize = CaseFilter.MaxPageSize }, ct)).Items);
        Cases = [.. list.OrderBy(c => c.NextDueAt ?? DateTimeOffset.MaxValue)];
    }
}
