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
using Incidents.Web.Handling;
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
    UiText t, QueueTools tools) : PageModel
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
    [BindProperty(SupportsGet = true)] public string? Label { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public string? PageNo { get; set; }
    // The dashboard's click-throughs (issue #12): see QueueRequest.
    [BindProperty(SupportsGet = true)] public string? ReceivedFrom { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReceivedTo { get; set; }
    [BindProperty(SupportsGet = true)] public string? ResolvedFrom { get; set; }
    [BindProperty(SupportsGet = true)] public string? ResolvedTo { get; set; }
    [BindProperty(SupportsGet = true)] public string? Open { get; set; }
    [BindProperty(SupportsGet = true)] public string? DueToday { get; set; }
    [BindProperty(SupportsGet = true)] public string? DueBefore { get; set; }

    public CasePage Result { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<WorkflowDefinition> Types { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> States { get; private set; } = [];
    public IReadOnlyDictionary<string, string> UnitNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<UserAccount> Assignable { get; private set; } = [];
    public DateTimeOffset Now { get; private set; }
    /// <summary>Each listed case's labels, by case id.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<string>> RowLabels { get; private set; } = new Dictionary<long, IReadOnlyList<string>>();
    /// <summary>Labels on at least one case: the label filter's choices.</summary>
    public IReadOnlyList<string> LabelsInUse { get; private set; } = [];
    /// <summary>This queue's saved views the reader sees (own and shared).</summary>
    public IReadOnlyList<Desk.SavedViewItem> Views { get; private set; } = [];
    /// <summary>After "choose an action": the actions every selected case allows (null: not asked), and the selection kept checked.</summary>
    public IReadOnlyList<ActionView>? Offered { get; private set; }
    public IReadOnlySet<string> Checked { get; private set; } = new HashSet<string>();
    /// <summary>Why the view was not saved (shown on its form).</summary>
    public IReadOnlyList<string> ViewNameErrors { get; private set; } = [];
    public QueueTools Tools => tools;
    public WorkflowCatalog Catalog => catalog;
    public bool MayAssign => Visibility.MayHandle(User.ToActor(), Team);
    /// <summary>The incident list: most severe first, then nearest deadline; filters folded behind one button (issue #13).</summary>
    public virtual bool IncidentList => false;

    /// <summary>The filters read by CaseQueue, as the API reads them; a wrong one is a message on the form (ModelState), not dropped.</summary>
    private CaseFilter? Filter()
    {
        var parsed = CaseQueue.Parse(new QueueRequest(Type, State, Locality, Assignee, Overdue, Q, PageNo, PageSize.ToString(CultureInfo.InvariantCulture), Label, Sort)
        {
            ReceivedFrom = ReceivedFrom, ReceivedTo = ReceivedTo, ResolvedFrom = ResolvedFrom, ResolvedTo = ResolvedTo, Open = Open, DueToday = DueToday, DueBefore = DueBefore,
        }, Team, time.GetUtcNow());
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
        LabelsInUse = await queue.LabelsInUseAsync(ct);
        Views = [.. (await tools.Views.ListAsync(User.ToActor(), ct)).Where(v => v.Team == Team)];
        if (filter is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Result = await queue.ListAsync(filter with { BySeverity = IncidentList && filter.Sort is null }, ct);
        RowLabels = await queue.LabelsAsync(Result.Items, ct);
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

    /// <summary>The dashboard's filters in words (they have no field on the form; hidden inputs keep them).</summary>
    public IReadOnlyList<string> DashboardFilters
    {
        get
        {
            var words = new List<string>();
            static string D(string? s) => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? Show.Date(d) : "…";
            if (ReceivedFrom is not null || ReceivedTo is not null) words.Add(t.F("received {0} – {1}", D(ReceivedFrom), D(ReceivedTo)));
            if (ResolvedFrom is not null || ResolvedTo is not null) words.Add(t.F("resolved {0} – {1}", D(ResolvedFrom), D(ResolvedTo)));
            if (Open == "true") words.Add(t["Open now"]);
            if (Open == "false") words.Add(t["closed"]);
            if (DueToday == "true") words.Add(t["Due today"]);
            if (DueBefore is not null) words.Add(t.F("due before {0}", DueBefore.Replace('T', ' ')));
            return words;
        }
    }

    /// <summary>The dashboard's filters that are set, for hidden inputs on the form.</summary>
    public IEnumerable<(string Name, string Value)> DashboardFields() =>
        new (string, string?)[] { ("ReceivedFrom", ReceivedFrom), ("ReceivedTo", ReceivedTo), ("ResolvedFrom", ResolvedFrom), ("ResolvedTo", ResolvedTo),
            ("Open", Open), ("DueToday", DueToday), ("DueBefore", DueBefore) }
        .Where(f => !string.IsNullOrWhiteSpace(f.Item2)).Select(f => (f.Item1, f.Item2!));

    /// <summary>The current filters as a query string (for paging, export and returning after a POST); sort: another order.</summary>
    public string QueryString(int? page = null, string? handler = null, string? sort = null)
    {
        var q = new List<string>();
        void Add(string k, string? v) { if (!string.IsNullOrWhiteSpace(v)) q.Add($"{k}={Uri.EscapeDataString(v)}"); }
        Add("handler", handler);
        Add("Type", Type); Add("State", State); Add("Locality", Locality); Add("Assignee", Assignee); Add("Overdue", Overdue); Add("Q", Q);
        Add("Label", Label); Add("Sort", sort ?? Sort);
        Add("ReceivedFrom", ReceivedFrom); Add("ReceivedTo", ReceivedTo); Add("ResolvedFrom", ResolvedFrom); Add("ResolvedTo", ResolvedTo);
        Add("Open", Open); Add("DueToday", DueToday); Add("DueBefore", DueBefore);
        if (page is > 1) Add("p", page.Value.ToString(CultureInfo.InvariantCulture));
        return q.Count == 0 ? "" : "?" + string.Join("&", q);
    }

    /// <summary>The link a column header sorts by: ascending first, then descending when already ascending.</summary>
    public string SortLink(string key) => Request.Path + QueryString(sort: Sort == key ? "-" + key : key);

    /// <summary>aria-sort of a column header.</summary>
    public string AriaSort(string key) => Sort == key ? "ascending" : Sort == "-" + key ? "descending" : "none";

    /// <summary>The selection as posted: "number:rowVersion" each; unreadable items are dropped.</summary>
    private static List<BulkCase> Selection(string[]? selected) =>
        [.. (selected ?? []).Select(s => s.Split(':')).Where(p => p.Length == 2 && int.TryParse(p[1], CultureInfo.InvariantCulture, out _))
            .Select(p => new BulkCase(p[0], int.Parse(p[1], CultureInfo.InvariantCulture)))];

    /// <summary>Step one of a bulk state action: the page again, the selection kept, offering only the actions all of it allows.</summary>
    public async Task<IActionResult> OnPostOfferAsync(string[]? selected, CancellationToken ct)
    {
        var cases = Selection(selected);
        if (cases.Count == 0)
        {
            TempData["Problem"] = t["Choose at least one case."];
            return Redirect(Request.Path + QueryString());
        }
        Offered = await tools.Bulk.OfferedAsync([.. cases.Select(c => c.Number)], User.ToActor(), ct);
        Checked = new HashSet<string>(selected!, StringComparer.Ordinal);
        return await ShowAsync(Filter(), ct);
    }

    public Task<IActionResult> OnPostActAsync(string[]? selected, string? bulkAction, CancellationToken ct) =>
        BulkAsync(selected, new BulkRequest(null, "action", Action: bulkAction), ct);

    // labelName, not label: the form also carries the queue's Label filter, and binding ignores letter case.
    public Task<IActionResult> OnPostLabelAsync(string[]? selected, string? labelName, CancellationToken ct) =>
        BulkAsync(selected, new BulkRequest(null, "label", Label: labelName), ct);

    public Task<IActionResult> OnPostUnlabelAsync(string[]? selected, string? labelName, CancellationToken ct) =>
        BulkAsync(selected, new BulkRequest(null, "unlabel", Label: labelName), ct);

    public Task<IActionResult> OnPostLinkAsync(string[]? selected, CancellationToken ct) =>
        BulkAsync(selected, new BulkRequest(null, "link"), ct);

    /// <summary>A bulk operation through CaseBulk (the API's path), its outcome said in the reader's language.</summary>
    private async Task<IActionResult> BulkAsync(string[]? selected, BulkRequest request, CancellationToken ct)
    {
        var cases = Selection(selected);
        if (cases.Count == 0) TempData["Problem"] = t["Choose at least one case."];
        else
        {
            var r = await tools.Bulk.RunAsync(request with { Cases = cases }, User.ToActor(), ct);
            if (!r.Ok)
                TempData["Problem"] = r.Errors.ContainsKey("label") ? t["Write a label of at most 40 characters, with no control characters."]
                    : r.Errors.ContainsKey("action") && r.Status == 409 ? t["Not every selected case allows that action now: nothing was done."]
                    : r.Errors.ContainsKey("action") ? t["Choose an action."]
                    : r.Status == 409 ? t["Some selected cases were changed by someone else: reload the queue and try again. Nothing was done."]
                    : request.Op == "link" ? t["Choose at least two cases to link."]
                    : t["Some selected cases cannot be changed by you. Nothing was done."];
            else
            {
                var done = r.Results.Where(x => x.Status == "done").Select(x => x.Number).ToList();
                var notDone = r.Results.Where(x => x.Status != "done").Select(x => x.Number).ToList();
                TempData["Flash"] = t.F("Done for {0} cases.", done.Count);
                if (notDone.Count > 0)
                    TempData["Problem"] = t.F("Not done for {0} cases (changed by someone else meanwhile, or no longer allowed): {1}.", notDone.Count, string.Join(", ", notDone));
            }
        }
        return Redirect(Request.Path + QueryString());
    }

    /// <summary>Saves the current filters as a named view (the reader's own, or shared with the team); a wrong name is a message on the form.</summary>
    public async Task<IActionResult> OnPostSaveViewAsync(string? viewName, bool viewShared, CancellationToken ct)
    {
        var query = QueryString().TrimStart('?');
        var r = await tools.Views.CreateAsync(new Desk.NewSavedView(viewName, query, viewShared, Team), User.ToActor(), ct);
        if (r.Created is { } v)
        {
            TempData["Flash"] = t.F("The view \"{0}\" is saved.", v.Name);
            return Redirect(v.Url);
        }
        // Said on the save form; the rows stay as they were.
        ViewNameErrors = [.. r.Errors.Values.Select(e => t.F(e.Ui, e.Args))];
        ViewData["ViewName"] = viewName;
        var shown = await ShowAsync(Filter(), ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return shown;
    }

    public async Task<IActionResult> OnPostDeleteViewAsync(long id, CancellationToken ct)
    {
        var r = await tools.Views.DeleteAsync(id, User.ToActor(), ct);
        if (r == Desk.SavedViews.DeleteStatus.Deleted) TempData["Flash"] = t["The view is deleted."];
        else TempData["Problem"] = t["Only its owner deletes a view."];
        return Redirect(Request.Path + QueryString());
    }

    /// <summary>The export's columns (catalogue keys): case facts only. No reporter field is ever written, confidential or not.</summary>
    public static readonly string[] ExportColumns =
        ["Number", "Type", "State", "Title", "Locality code", "Locality", "Channel", "Received", "Severity", "Assignee", "Next deadline", "Overdue"];
}

/// <summary>What the queue pages use beyond the queue itself: bulk operations and saved views (one DI parameter for both queues).</summary>
public sealed class QueueTools(CaseBulk bulk, Desk.SavedViews views)
{
    public CaseBulk Bulk => bulk;
    public Desk.SavedViews Views => views;
}
