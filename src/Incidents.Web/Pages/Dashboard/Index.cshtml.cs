using Incidents.Core.Workflows;
using Incidents.Storage.Oversight;
using Incidents.Storage.Triage;
using Incidents.Web.Ui.Display;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Dashboard;

/// <summary>Leadership's view: overdue and due-soon cases by type and locality, escalations sent, 30-day trends.</summary>
public sealed class IndexModel(OversightQueries oversight, CaseQueries queries, WorkflowCatalog catalog, TimeProvider time) : PageModel
{
    public static readonly TimeSpan DueSoon = TimeSpan.FromHours(48);
    public const int TrendDays = 30;

    public IReadOnlyList<(string Label, long Value)> OverdueByType { get; private set; } = [];
    public IReadOnlyList<(string Label, long Value)> DueSoonByType { get; private set; } = [];
    public IReadOnlyList<(string Label, long Value)> OverdueByLocality { get; private set; } = [];
    public IReadOnlyList<(string Label, long Value)> DueSoonByLocality { get; private set; } = [];
    public IReadOnlyList<(string Label, long Value)> Escalations { get; private set; } = [];
    public IReadOnlyList<(DateOnly Day, long Value)> Received { get; private set; } = [];
    public IReadOnlyList<(DateOnly Day, long Value)> Breached { get; private set; } = [];
    public CasePage Overdue { get; private set; } = new([], 0, 1, 20);
    public DateTimeOffset Now { get; private set; }
    public WorkflowCatalog Catalog => catalog;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        (string, long) Type(KeyCount k) => (Show.TypeName(catalog, k.Key), k.Count);
        (string, long) Place(KeyCount k) => (k.Label ?? k.Key, k.Count);
        OverdueByType = [.. (await oversight.OverdueByTypeAsync(Now, ct)).Select(Type)];
        DueSoonByType = [.. (await oversight.DueSoonByTypeAsync(Now, DueSoon, ct)).Select(Type)];
        OverdueByLocality = [.. (await oversight.OverdueByLocalityAsync(Now, ct)).Take(12).Select(Place)];
        DueSoonByLocality = [.. (await oversight.DueSoonByLocalityAsync(Now, DueSoon, ct)).Take(12).Select(Place)];
        var from = Now.AddDays(-TrendDays);
        Escalations = [.. (await oversight.EscalationsByKindAsync(from, Now, ct)).Select(k => (k.Key, k.Count))];
        Received = Fill(await oversight.ReceivedPerDayAsync(from, Now, ct));
        Breached = Fill(await oversight.BreachedPerDayAsync(from, Now, ct));
        Overdue = await queries.ListAsync(new CaseFilter { Overdue = true, PageSize = 20 }, ct);
    }

    /// <summary>Every day of the window, zero where nothing happened.</summary>
    private List<(DateOnly, long)> Fill(IReadOnlyList<DayCount> counts)
    {
        var byDay = counts.ToDictionary(c => c.Day, c => c.Count);
        var last = OversightQueries.DayOf(Now);
        return [.. Enumerable.Range(0, TrendDays).Select(i => last - TrendDays + 1 + i)
            .Select(d => (OversightQueries.DateOf(d), byDay.GetValueOrDefault(d)))];
    }
}
