using System.Globalization;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Access;
using Incidents.Storage.Localities;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Ui.Display;
using Incidents.Web.Triage;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Ui.Triage;

/// <summary>
/// A team's queue (complaints or security): unassigned first, then nearest deadline (CaseQueue: the same filters,
/// limits and messages as GET /api/v1/cases), filters, bulk assignment and CSV export of the filtered rows. Rows never carry the reporter.
/// </summary>
public abstract class QueuePage(CaseQueue queue, CaseAssignment assignment, WorkflowCatalog catalog, AdminUnitStore units, TimeProvider time,
    UiText t) : PageModel
{
    public const int PageSize = 50;
    public const int ExportMax = 20_000;

    /// <summary>complaints or security: whose cases this desk shows.</summary>
    public abstract string Team { get; }

    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Locality { get; set; }
    [BindProperty(SupportsGet = true)] public string? Assignee { get; set; }
    [BindProperty(SupportsGet = true)] public string? Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public string? PageNo { get; set; }

    public CasePage Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<WorkflowDefinition> Types { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> States { get; private set; } = [];
    public IReadOnlyDictionary<string, string> UnitNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<UserAccount> Assignable { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    public WorkflowCatalog Catalog => catalog;
    public bool MayAssign => Visibility.MayHandle(User.ToActor(), Team);
    /// <summary>The incident list: most severe first, then nearest deadline; filters folded behind one button (issue #13).</summary>
    public virtual bool IncidentList => false;

    /// <summary>The filters read by CaseQueue, as the API reads them; a wrong one is a message on the form (ModelState), not dropped.</summary>
    private CaseFilter? Filter()
    {
        var parsed = CaseQueue.Parse(new QueueRequest(Type, State, Locality, Assignee, Overdue, Q, PageNo, PageSize.ToString(CultureInfo.InvariantCulture)), Team);
        foreach (var (field, e) in parsed.Errors) ModelState.AddModelError(field == "page" ? "p" : field, t.F(e.Ui, e.Args));
        return parsed.Filter;
    }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(Filter(), ct);

    /// <summary>The queue for this filter; none (a field was wrong) is a 400 with the messages on the form and no rows.</summary>
    private async Task<IActionResult> ShowAsync(CaseFilter? filter, CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Types = [.. catalog.Latest.Where(d => d.Team == Team).OrderBy(d => d.Id)];
        States = [.. Types.SelectMany(d => d.States.Select(s => (s.Id, Show.Text(s.Name)))).DistinctBy(s => s.Id)];
        UnitNames = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name);
        Assignable = await assignment.AssignableAsync(Team, ct);
        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Result = await queue.ListAsync(filter with { BySeverity = IncidentList }, ct);
        return Page();
    }

    /// <summary>The filtered queue as CSV (CsvHelper): case facts only, never any reporter field. Headers and values are
    /// words in the reader's language (type and state names, Vietnam time, the assignee's name), as on the page; the case
    /// number and the locality code stay, being what people quote.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (Filter() is not { } filter) return await ShowAsync(null, ct);
        var now = time.GetUtcNow();
        var names = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name);
        var users = await HttpContext.RequestServices.GetRequiredService<People>().NamesAsync(ct);
        var stream = new MemoryStream();
        // Escape cells that a spreadsheet would run as formulas (titles are typed by the public).
        await using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true }, leaveOpen: true))
        {
            csv.WriteHeader([.. ExportColumns.Select(c => t[c])]);
            var written = 0;
            for (var page = 1; written < ExportMax; page++)
            {
                var batch = await queue.ListAsync(filter with { Page = page, PageSize = CaseFilter.MaxPageSize }, ct);
                foreach (var c in batch.Items)
                {
                    csv.WriteRecord([c.Number, Show.TypeName(catalog, c.Type), Show.StateName(catalog, c.Type, c.State), c.Title, c.LocalityCode,
                        names.GetValueOrDefault(c.LocalityCode) ?? "", t.Word(c.Channel.Name()), Show.Time(c.ReceivedAt),
                        c.Severity is null ? "" : t.Word(c.Severity), c.AssigneeLogin is null ? "" : users.GetValueOrDefault(c.AssigneeLogin) ?? c.AssigneeLogin,
                        c.NextDueAt is { } due ? Show.Due(due) : "", c.NextDueAt < now ? t["Yes"] : t["No"]]);
                    written++;
                }
                if (batch.Items.Count < CaseFilter.MaxPageSize) break;
            }
            await csv.FlushAsync(ct);
        }
        stream.Position = 0;
        return File(stream, "text/csv; charset=utf-8", $"{Team}-{TimeZoneInfo.ConvertTime(now, Core.Calendar.BusinessCalendar.Zone):yyyyMMdd-HHmm}.csv");
    }

    /// <summary>Bulk assignment: each selected row carries "number:rowVersion"; a row someone else changed is reported, not overwritten.</summary>
    public async Task<IActionResult> OnPostAssignAsync(string[]? selected, string? assignTo, CancellationToken ct)
    {
        var actor = User.ToActor();
        if (selected is null || selected.Length == 0) TempData["Problem"] = t["Choose at least one case."];
        else
        {
            var done = 0;
            var conflicts = new List<string>();
            var invalid = false;
            var refused = new List<string>();
            foreach (var item in selected)
            {
                var parts = item.Split(':');
                if (parts.Length != 2 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var rv)) continue;
                var r = await assignment.AssignAsync(parts[0], actor, assignTo, rv, ct);
                if (r.Status == AssignmentStatus.Done) done++;
                else if (r.Status == AssignmentStatus.Conflict) conflicts.Add(parts[0]);
                else if (r.Status == AssignmentStatus.Invalid) invalid = true;
                else if (r.Status is AssignmentStatus.LeadsOnly or AssignmentStatus.NotToOneself) refused.Add(parts[0]);
            }
            if (invalid) TempData["Problem"] = t["Choose an assignee in the case's team."];
            else if (refused.Count > 0)
                TempData["Problem"] = t.F("{0} cases have a confidential reporter and were not assigned: only a team lead or leadership assigns them, never to themselves: {1}.",
                    refused.Count, string.Join(", ", refused));
            else if (conflicts.Count > 0)
                TempData["Problem"] = t.F("{0} cases were changed by someone else and were not assigned: {1}.", conflicts.Count, string.Join(", ", conflicts));
            if (done > 0) TempData["Flash"] = t.F("Assigned {0} cases.", done);
        }
        return Redirect(Request.Path + QueryString());
    }

    /// <summary>The current filters as a query string (for paging, export and returning after a POST).</summary>
    public string QueryString(int? page = null, string? handler = null)
    {
        var q = new List<string>();
        void Add(string k, string? v) { if (!string.IsNullOrWhiteSpace(v)) q.Add($"{k}={Uri.EscapeDataString(v)}"); }
        Add("handler", handler);
        Add("Type", Type); Add("State", State); Add("Locality", Locality); Add("Assignee", Assignee); Add("Overdue", Overdue); Add("Q", Q);
        if (page is > 1) Add("p", page.Value.ToString(CultureInfo.InvariantCulture));
        return q.Count == 0 ? "" : "?" + string.Join("&", q);
    }

    /// <summary>The export's columns (catalogue keys): case facts only. No reporter field is ever written, confidential or not.</summary>
    public static readonly string[] ExportColumns =
        ["Number", "Type", "State", "Title", "Locality code", "Locality", "Channel", "Received", "Severity", "Assignee", "Next deadline", "Overdue"];
}
