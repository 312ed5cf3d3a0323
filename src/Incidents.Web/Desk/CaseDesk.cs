using System.ComponentModel;
using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Desk;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;
using Incidents.Web.Thread;
using Incidents.Web.Triage;

namespace Incidents.Web.Desk;

/// <summary>A note naming the reader that they have not opened yet.</summary>
public sealed record DeskMention(string Number, string Title, string? Author, DateTimeOffset At, string? Excerpt);

/// <summary>"Chờ tôi": what waits on the reader. Approvals: only for leadership (extension requests to decide).</summary>
public sealed record DeskWaiting(IReadOnlyList<CaseRecord> Approvals, IReadOnlyList<CaseRecord> NewCorrespondence, IReadOnlyList<DeskMention> Mentions);

/// <summary>The desk as the page shows it. Today: the reader's business day in Vietnam (BusinessCalendar.Zone).</summary>
public sealed record DeskModel(DeskCounts Counts, DateOnly Today, IReadOnlyList<CaseRecord> Mine, DeskWaiting Waiting,
    IReadOnlyList<SavedViewItem> Views, IReadOnlyDictionary<long, IReadOnlyList<string>> Labels);

/// <summary>GET /api/v1/desk.</summary>
public sealed record DeskView(
    [property: Description("Open cases assigned to me; overdue: the next deadline has passed; dueToday: it falls from now to the end of today in Vietnam.")]
    DeskCountsView Counts,
    [property: Description("Today's date in Vietnam, the day dueToday counts.")] DateOnly Today,
    [property: Description("My open cases, soonest deadline first (none last).")] IReadOnlyList<CaseListItem> Cases,
    DeskWaitingView Waiting,
    [property: Description("My saved views and those shared with my teams.")] IReadOnlyList<SavedViewItem> Views);

public sealed record DeskCountsView(long Open, long Overdue, long DueToday);

public sealed record DeskWaitingView(
    [property: Description("Extension requests waiting on leadership (empty for other roles).")] IReadOnlyList<CaseListItem> Approvals,
    [property: Description("My open cases with correspondence I have not opened.")] IReadOnlyList<CaseListItem> NewCorrespondence,
    [property: Description("Notes naming me that I have not opened.")] IReadOnlyList<DeskMention> Mentions);

/// <summary>
/// "Việc của tôi" (issue #12), one reading for the /desk page and GET /api/v1/desk: the reader's open cases soonest
/// deadline first with the overdue and due-today counts (counted by the database against the bounds of Vietnam's day),
/// and what waits on them: approvals (leadership), new correspondence on their cases, unread mentions.
/// </summary>
public sealed class CaseDesk(DeskQueries desk, CaseQueries queries, CaseThread thread, SavedViews views, LabelStore labels,
    WorkflowCatalog catalog, TimeProvider time)
{
    public async Task<DeskModel> ReadAsync(Actor actor, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var today = BusinessCalendar.LocalDate(now);
        var counts = await desk.CountsAsync(actor.Id, now, BusinessCalendar.EndOfDay(today), ct);
        var mine = await desk.MineAsync(actor.Id, ct);
        var approvals = actor.Has(Roles.Leadership) ? await ApprovalsAsync(ct) : [];
        var mail = await desk.NewCorrespondenceAsync(actor.Id, ct);
        var mentions = (await thread.MentionsAsync(actor, ct))
            .Where(m => m.SeenAt is null && Visibility.SeesTeam(actor, m.Team))
            .Select(m => new DeskMention(m.CaseNumber, m.CaseTitle, m.Author, m.CreatedAt, Pages.Mentions.IndexModel.Excerpt(m.Body))).ToList();
        var shown = mine.Concat(approvals).Concat(mail).Select(c => c.Id).Distinct().ToList();
        return new(counts, today, mine, new(approvals, mail, mentions),
            await views.ListAsync(actor, ct), await labels.OfCasesAsync(shown, ct));
    }

    /// <summary>Cases waiting on leadership for an extension, soonest deadline first (the approvals page and the desk).</summary>
    public async Task<IReadOnlyList<CaseRecord>> ApprovalsAsync(CancellationToken ct = default)
    {
        var list = new List<CaseRecord>();
        foreach (var (type, state) in catalog.ExtensionWaitingStates())
            list.AddRange((await queries.ListAsync(new CaseFilter { Type = type, State = state, PageSize = CaseFilter.MaxPageSize }, ct)).Items);
        return [.. list.OrderBy(c => c.NextDueAt ?? DateTimeOffset.MaxValue)];
    }

    public async Task<DeskView> ViewAsync(Actor actor, CancellationToken ct = default)
    {
        var d = await ReadAsync(actor, ct);
        var now = time.GetUtcNow();
        IReadOnlyList<CaseListItem> Items(IEnumerable<CaseRecord> cases) => [.. cases.Select(c => CaseListItem.From(c, now, d.Labels))];
        return new(new(d.Counts.Open, d.Counts.Overdue, d.Counts.DueToday), d.Today, Items(d.Mine),
            new(Items(d.Waiting.Approvals), Items(d.Waiting.NewCorrespondence), d.Waiting.Mentions), d.Views);
    }
}
