using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Workflows;
using Incidents.Storage.Oversight;
using Incidents.Storage.Triage;
using Incidents.Web.Reports;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Dashboard;

/// <summary>A figure of the dashboard, as the queue filters it.</summary>
public enum Figure { Received, Open, Overdue, DueToday, Resolved }

/// <summary>
/// Leadership's view: headline figures for a chosen period (LeadershipReports, as GET /api/v1/reports/summary) split by
/// team, type, locality and handler, every number opening its team's queue filtered to the same cases; critical incidents;
/// overdue and due-soon bars; escalations and 30-day trends; the periodic report to download.
/// </summary>
public sealed class IndexModel(OversightQueries oversight, CaseQueries queries, LeadershipReports reports, WorkflowCatalog catalog, TimeProvider time,
    UiText t) : PageModel
{
    public static readonly TimeSpan DueSoon = TimeSpan.FromHours(48);
    public const int TrendDays = 30;
    public static readonly string[] Presets = ["today", "7d", "month", "quarter", "custom"];

    [BindProperty(SupportsGet = true)] public string? Preset { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }

    public ReportSummary? Summary { get; private set; }
    public IReadOnlyList<(string Label, long Value)> OverdueByType { get; private set; } = [];
    public IReadOnlyList<string?> OverdueByTypeLinks { get; private set; } = [];
    public IReadOnlyList<(string Label, long Value)> DueSoonByType { get; private set; } = [];
    public IReadOnlyList<string?> DueSoonByTypeLinks { get; private set; } = [];
    public IReadOnlyList<(string Label, long Value)> OverdueByLocality { get; private set; } = [];
    public IReadOnlyList<string?> OverdueByLocalityLinks { get; private set; } = [];
    public IReadOnlyList<(string Label, long Value)> DueSoonByLocality { get; private set; } = [];
    public IReadOnlyList<string?> DueSoonByLocalityLinks { get; private set; } = [];
    public IReadOnlyList<(string Label, long Value)> Escalations { get; private set; } = [];
    public IReadOnlyList<(DateOnly Day, long Value)> Received { get; private set; } = [];
    public IReadOnlyList<(DateOnly Day, long Value)> Breached { get; private set; } = [];
    public CasePage Overdue { get; private set; } = new([], 0, 1, 20);
    public DateTimeOffset Now { get; private set; }
    public WorkflowCatalog Catalog => catalog;
    public IReadOnlyList<string> Teams => [Roles.Complaints, Roles.Security];
    /// <summary>The month and the quarter the period starts in, for the periodic report's buttons (2026-11, 2026-Q4).</summary>
    public string ReportMonth => Summary is { } s ? s.Period.From.ToString("yyyy-MM", CultureInfo.InvariantCulture) : "";
    public string ReportQuarter => Summary is { } s ? $"{s.Period.From.Year}-Q{(s.Period.From.Month - 1) / 3 + 1}" : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        var today = ReportPeriod.Today(Now);
        ReportPeriod? period;
        if (Preset is null or "custom" && (From is not null || To is not null))
        {
            Preset = "custom";
            var (p, errors) = Reports.ReportEndpoints.ParsePeriod(From, To, today);
            foreach (var (field, _) in errors) ModelState.AddModelError(field, t[field == "from" ? "Enter the first day of the period." : "Enter a last day on or after the first, at most a year later."]);
            period = p;
        }
        else
        {
            Preset = Presets.Contains(Preset) && Preset != "custom" ? Preset : "month";
            period = ReportPeriod.Preset(Preset, today);
        }
        if (period is null) Response.StatusCode = StatusCodes.Status400BadRequest;
        else
        {
            Summary = await reports.SummaryAsync(period, ct);
            From = period.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            To = period.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var soon = Show.InputTime(Now + DueSoon);
        string? TypeLink(KeyCount k, bool overdue) => catalog.Newest(k.Key) is { } d
            ? QueueLink(d.Team, overdue ? Figure.Overdue : Figure.Open, type: k.Key, dueBefore: overdue ? null : soon) : null;
        string? PlaceLink(KeyCount k, bool overdue) => k.Team is { } team
            ? QueueLink(team, overdue ? Figure.Overdue : Figure.Open, locality: k.Key, dueBefore: overdue ? null : soon) : null;
        (string, long) Type(KeyCount k) => (Show.TypeName(catalog, k.Key), k.Count);
        (string, long) Place(KeyCount k) => ((k.Label ?? k.Key) + (k.Team is { } tm && tm != Roles.Complaints ? " · " + t[tm] : ""), k.Count);
        var overdueByType = await oversight.OverdueByTypeAsync(Now, ct);
        var dueSoonByType = await oversight.DueSoonByTypeAsync(Now, DueSoon, ct);
        var overdueByLocality = (await oversight.OverdueByLocalityAsync(Now, ct)).Take(12).ToList();
        var dueSoonByLocality = (await oversight.DueSoonByLocalityAsync(Now, DueSoon, ct)).Take(12).ToList();
        OverdueByType = [.. overdueByType.Select(Type)];
        OverdueByTypeLinks = [.. overdueByType.Select(k => TypeLink(k, true))];
        DueSoonByType = [.. dueSoonByType.Select(Type)];
        DueSoonByTypeLinks = [.. dueSoonByType.Select(k => TypeLink(k, false))];
        OverdueByLocality = [.. overdueByLocality.Select(Place)];
        OverdueByLocalityLinks = [.. overdueByLocality.Select(k => PlaceLink(k, true))];
        DueSoonByLocality = [.. dueSoonByLocality.Select(Place)];
        DueSoonByLocalityLinks = [.. dueSoonByLocality.Select(k => PlaceLink(k, false))];
        var from = Now.AddDays(-TrendDays);
        Escalations = [.. (await oversight.EscalationsByKindAsync(from, Now, ct)).Select(k => (k.Key, k.Count))];
        Received = Fill(await oversight.ReceivedPerDayAsync(from, Now, ct));
        Breached = Fill(await oversight.BreachedPerDayAsync(from, Now, ct));
        Overdue = await queries.ListAsync(new CaseFilter { Overdue = true, PageSize = 20 }, ct);
        return Page();
    }

    /// <summary>The periodic report of a month or a quarter (as GET /api/v1/reports/periodic), for the download buttons.</summary>
    public async Task<IActionResult> OnGetPeriodicAsync(string? period, string? format, CancellationToken ct)
    {
        var p = ReportPeriod.ParsePeriodic(period);
        if (p is null) return BadRequest();
        var report = await reports.PeriodicAsync(p, ct);
        return format == "csv"
            ? File(await PeriodicExport.CsvAsync(report, t, ct), PeriodicExport.CsvType, PeriodicExport.FileName(report, "csv"))
            : File(PeriodicExport.Xlsx(report, t), PeriodicExport.XlsxType, PeriodicExport.FileName(report, "xlsx"));
    }

    /// <summary>
    /// The team's queue filtered to the cases a figure counts: received or resolved in the period, open, overdue (open,
    /// next deadline passed), due today (open, next deadline from now to the end of today) or due before a local time.
    /// </summary>
    public string QueueLink(string team, Figure figure, string? type = null, string? locality = null, string? assignee = null, string? dueBefore = null)
    {
        var q = new List<string>();
        void Add(string k, string? v) { if (!string.IsNullOrEmpty(v)) q.Add($"{k}={Uri.EscapeDataString(v)}"); }
        Add("Type", type);
        Add("Locality", locality);
        Add("Assignee", assignee);
        switch (figure)
        {
            case Figure.Received: Add("ReceivedFrom", From); Add("ReceivedTo", To); break;
            case Figure.Resolved: Add("ResolvedFrom", From); Add("ResolvedTo", To); break;
            case Figure.Open: Add("Open", "true"); break;
            case Figure.Overdue: Add("Open", "true"); Add("Overdue", "true"); break;
            case Figure.DueToday: Add("Open", "true"); Add("DueToday", "true"); break;
        }
        Add("DueBefore", dueBefore);
        return (team == Roles.Security ? "/incidents" : "/cases") + (q.Count == 0 ? "" : "?" + string.Join("&", q));
    }

    /// <summary>A split row's link for a figure: its key goes to the filter the split is by.</summary>
    public string RowLink(string split, SplitRow r, Figure figure) => split switch
    {
        "type" => QueueLink(r.Team, figure, type: r.Key),
        "locality" => QueueLink(r.Team, figure, locality: r.Key),
        "handler" => QueueLink(r.Team, figure, assignee: r.Key ?? "none"),
        _ => QueueLink(r.Team, figure),
    };

    /// <summary>Every day of the window, zero where nothing happened.</summary>
    private List<(DateOnly, long)> Fill(IReadOnlyList<DayCount> counts)
    {
        var byDay = counts.ToDictionary(c => c.Day, c => c.Count);
        var last = OversightQueries.DayOf(Now);
        return [.. Enumerable.Range(0, TrendDays).Select(i => last - TrendDays + 1 + i)
            .Select(d => (OversightQueries.DateOf(d), byDay.GetValueOrDefault(d)))];
    }
}
