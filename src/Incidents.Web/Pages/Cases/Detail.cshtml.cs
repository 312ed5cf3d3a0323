using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Storage.Access;
using Incidents.Storage.Cases;
using Incidents.Storage.Attachments;
using Incidents.Storage.Links;
using Incidents.Storage.Localities;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Calendar;
using Incidents.Web.Ui.Display;
using Incidents.Web.Handling;
using Incidents.Web.Triage;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Cases;

/// <summary>
/// One case: the actions this user may take now (WorkflowRuntime.Available), each posted with the row version; history;
/// deadlines with countdowns and legal basis; links; attachments; and the reporter, masked when confidential unless one of
/// its custodians asks to see it and says why (each such view is written to the history with its reason).
/// </summary>
public sealed class DetailModel(CaseActions actions, CaseAssignment assignment, CaseLinking linking, CaseQueries queries, CaseEventStore events,
    CaseLinkStore links, Incidents.Web.Thread.CaseThread thread, AdminUnitStore units, WorkflowCatalog catalog, BusinessCalendars calendars,
    Incidents.Web.Intake.IntakeWarnings warnings, AccessOptions access, People people, TimeProvider time, UiText t, CaseMerging merging) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Number { get; set; } = "";
    /// <summary>The history filter (?history=actions|correspondence|deadlines), applied on the server so it works without scripts.</summary>
    [BindProperty(SupportsGet = true, Name = "history")] public string? HistoryFilter { get; set; }

    public CaseDetail Detail { get; private set; } = null!;
    public WorkflowDefinition? Definition { get; private set; }
    public IReadOnlyList<Incidents.Web.Handling.ActionView> Actions { get; private set; } = [];
    public IReadOnlyList<CaseEvent> Events { get; private set; } = [];
    public IReadOnlyList<CaseLink> Links { get; private set; } = [];
    /// <summary>The files this reader may open: a confidential reporter's correspondence documents are left out (CaseThread).</summary>
    public IReadOnlyList<Incidents.Web.Thread.FileView> Files { get; private set; } = [];
    public IReadOnlyList<UserAccount> Assignable { get; private set; } = [];
    public Reporter? Reporter { get; private set; }
    public bool ReporterWithheld { get; private set; }
    public bool MayRevealReporter { get; private set; }
    /// <summary>The reveal form's message when it was sent without a reason (or with one too long).</summary>
    public string? ReasonError { get; private set; }
    public bool MayHandle { get; private set; }
    /// <summary>May change the assignee: for a confidential reporter only a lead of the team or leadership (CaseAssignment).</summary>
    public bool MayAssign { get; private set; }
    public string? LocalityName { get; private set; }
    public DateTimeOffset Now { get; private set; }
    public IReadOnlyDictionary<string, string> FieldErrors { get; private set; } = new Dictionary<string, string>();
    public string? FailedAction { get; private set; }
    /// <summary>Computed, not stored: a filing limit passed, an action a missing election day shuts.</summary>
    public IReadOnlyList<Incidents.Core.Intake.CaseWarning> Warnings { get; private set; } = [];
    public WorkflowCatalog Catalog => catalog;
    /// <summary>"Có thể trùng": candidates this reader may be shown (CaseMerging), for an open case they handle.</summary>
    public IReadOnlyList<DuplicateOffer> Offers { get; private set; } = [];
    /// <summary>The duplicates merged into this case: their thread, letters and history show here.</summary>
    public IReadOnlyList<Incidents.Storage.Duplicates.MergedDuplicate> MergedDuplicates { get; private set; } = [];
    /// <summary>The duplicate whose number led here (?from=).</summary>
    [BindProperty(SupportsGet = true, Name = "from")] public string? MergedFrom { get; set; }
    public bool MayUnmerge => User.ToActor().Has(Roles.Leadership);
    /// <summary>The merged duplicate a history line comes from; null for this case's own lines.</summary>
    public string? FromDuplicate(CaseEvent e) => e.CaseId == Detail.Case.Id ? null : MergedDuplicates.FirstOrDefault(m => m.CaseId == e.CaseId)?.Number;

    /// <summary>The case waits on someone outside the body while the statutory clocks keep running.</summary>
    public bool Waiting => Definition?.State(Detail.Case.State)?.Waiting == true;

    /// <summary>A refused field by its label in the reader's language (the failed action's input, a case field, the date
    /// it took effect), never by its id.</summary>
    public string FieldLabel(string key)
    {
        if (key == "effectiveAt") return t["Date it took effect"];
        var action = Definition?.States.SelectMany(s => s.Actions).FirstOrDefault(a => a.Id == FailedAction);
        var input = action?.Inputs.FirstOrDefault(i => i.Id == key) ?? Definition?.Fields.FirstOrDefault(f => f.Id == key);
        return input is not null ? Show.Text(input.Label) : key switch
        {
            "severity" => t["Severity"],
            "roles" => t["Roles"],
            "extensions" => t["Extensions used"],
            _ => key,
        };
    }

    /// <summary>For a paused limit, the due instant it would have if resumed now (on the current holiday table).</summary>
    public DateTimeOffset DueIfResumed(DeadlineRecord d) => new DeadlineClock(calendars.Calendar).DueIfResumedAt(d, Now);

    /// <param name="reason">Why a custodian reveals a confidential reporter; null: the identity stays masked.</param>
    private async Task<bool> LoadAsync(string? reason, CancellationToken ct)
    {
        var actor = User.ToActor();
        var d = await assignment.ReadAsync(Number, actor, ct);
        if (d is null) return false;
        Detail = d;
        Now = time.GetUtcNow();
        Definition = actions.Definition(d.Case);
        Warnings = warnings.For(d.Case);
        MayHandle = Visibility.MayHandle(actor, d.Team);
        Actions = (await actions.AvailableAsync(Number, actor, ct))?.Actions ?? [];
        (Reporter, ReporterWithheld, MayRevealReporter) = await Reporters.ShownAsync(d, actor, reason, "page", access.Custodians, queries, events, Now, ct);
        // Newest first: the reader comes for what happened last.
        if (!History.Filters.Contains(HistoryFilter ?? "")) HistoryFilter = "all";
        Events = [.. (await queries.GetEventsAsync(d.Case.Id, ct)).Where(e => History.Under(e, HistoryFilter)).OrderByDescending(e => e.At).ThenByDescending(e => e.Id)];
        Links = await links.ListAsync(d.Case.Id, ct);
        Files = (await thread.FilesAsync(Number, actor, ct: ct))?.Files ?? [];
        MayAssign = CaseAssignment.MayAssign(d, actor);
        // Nobody is offered themselves for a confidential reporter's case: that assignment would be refused.
        Assignable = MayAssign ? [.. (await assignment.AssignableAsync(d.Team, ct)).Where(u => !d.ConfidentialReporter || u.Id != actor.Id)] : [];
        LocalityName = (await units.ListAsync(ct)).FirstOrDefault(u => u.Code == d.Case.LocalityCode)?.Name;
        Offers = MayHandle && d.Case.ClosedAt is null ? await merging.ForCaseAsync(d, actor, ct) : [];
        MergedDuplicates = await merging.MergedIntoAsync(d.Case.Id, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(null, ct)) return NotFound();
        // A merged duplicate's number leads to its primary (302: leadership may undo the merge there).
        if (Detail.Case.MergedInto is { } primary) return Redirect("/cases/" + Uri.EscapeDataString(primary) + "?from=" + Uri.EscapeDataString(Detail.Case.Number));
        return Page();
    }

    public async Task<IActionResult> OnPostMergeAsync(string? primary, string? reason, CancellationToken ct)
    {
        var outcome = await merging.MergeAsync(Number, primary, reason, User.ToActor(), ct);
        if (outcome == MergeOutcome.NotFound) return NotFound();
        if (outcome != MergeOutcome.Done)
        {
            TempData["Problem"] = CaseMerging.Words(outcome).In(UiText.Culture);
            return Redirect(Self);
        }
        TempData["Flash"] = t.F("Merged into {0}.", primary!.Trim().ToUpperInvariant());
        return Redirect("/cases/" + Uri.EscapeDataString(primary.Trim().ToUpperInvariant()));
    }

    public async Task<IActionResult> OnPostUnmergeAsync(string? duplicate, string? reason, CancellationToken ct)
    {
        var outcome = await merging.UnmergeAsync(duplicate ?? "", reason, User.ToActor(), ct);
        if (outcome == MergeOutcome.LeadershipOnly) return Forbid();
        TempData[outcome == MergeOutcome.Done ? "Flash" : "Problem"] = outcome == MergeOutcome.Done
            ? t.F("{0} is a case of its own again.", duplicate) : CaseMerging.Words(outcome).In(UiText.Culture);
        return Redirect(Self);
    }

    /// <summary>The deliberate, audited act of viewing a confidential identity, with its reason: rendered once, not redirected.</summary>
    public async Task<IActionResult> OnPostIdentityAsync(string? reason, CancellationToken ct)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var fault = Core.Cases.PlainText.Check(reason);
        if (reason is null || reason.Length > Reporters.MaxReasonLength || fault is not null)
        {
            if (!await LoadAsync(null, ct)) return NotFound();
            if (!MayRevealReporter) return Page(); // nothing to ask of a reader who may not see it
            ReasonError = reason is null ? t["Say why you need to see the identity."]
                : fault is not null ? Core.Cases.PlainText.Describe(fault, Reporters.ReasonWords).In(Ui.Localization.UiText.Culture)
                : t["The reason is at most 500 characters."];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return await LoadAsync(reason, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostActAsync(string actionId, int rowVersion, string? effectiveAt, CancellationToken ct)
    {
        // Only fields named inputs[x] are the action's inputs (a bound dictionary would fall back to every form field).
        var inputs = Request.Form.Where(f => f.Key.StartsWith("inputs[", StringComparison.Ordinal) && f.Key.EndsWith(']'))
            .ToDictionary(f => f.Key[7..^1], f => f.Value.ToString(), StringComparer.Ordinal);
        var r = EffectiveDate.TryParse(effectiveAt, out var effective)
            ? await actions.PerformAsync(Number, User.ToActor(), actionId, inputs, rowVersion, effective, ct)
            : new CaseActionResult(CaseActionStatus.Invalid, t["The date it took effect is not a date."],
                new Dictionary<string, string> { ["effectiveAt"] = t["The date it took effect is not a date."] });
        switch (r.Status)
        {
            case CaseActionStatus.NotFound: return NotFound();
            case CaseActionStatus.Forbidden: return Forbid();
            case CaseActionStatus.Conflict:
                TempData["Problem"] = t["Someone else changed this case while you were looking at it. Nothing was saved; the page now shows the current version."];
                return Redirect(Self);
            case not CaseActionStatus.Done:
                await LoadAsync(null, ct);
                // The workflow's refusals are codes: said here in the reader's language, not the API's "vi / en".
                FieldErrors = r.Problems is { } problems ? problems.ToDictionary(p => p.Key, p => p.Value.In(UiText.Culture)) : r.FieldErrors;
                FailedAction = actionId;
                ModelState.AddModelError("", r.Problems is null ? r.Message ?? ""
                    : r.Status == CaseActionStatus.Invalid ? t["Some inputs are missing or invalid."]
                    : r.Problems.Count > 0 ? string.Join("; ", r.Problems.Values.Select(p => p.In(UiText.Culture)))
                    : t["This action is not possible in the case's present state."]);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
        }
        var d = await assignment.ReadAsync(Number, User.ToActor(), ct);
        var label = (d is null ? null : actions.Definition(d.Case))?.States.SelectMany(s => s.Actions).FirstOrDefault(a => a.Id == actionId) is { } a ? Show.Text(a.Label) : actionId;
        TempData["Flash"] = r.Opened is { } created
            ? t.F("Reclassified as {0}: {1}.", created, label)
            : t.F("Done: {0}.", label);
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostAssignAsync(int rowVersion, string? assignee, CancellationToken ct)
    {
        var r = await assignment.AssignAsync(Number, User.ToActor(), assignee, rowVersion, ct);
        switch (r.Status)
        {
            case AssignmentStatus.NotFound: return NotFound();
            case AssignmentStatus.Forbidden: return Forbid();
            case AssignmentStatus.Conflict:
                TempData["Problem"] = t["Someone else changed this case while you were looking at it. Nothing was saved; the page now shows the current version."];
                break;
            case AssignmentStatus.Invalid: TempData["Problem"] = t["Choose an assignee in the case's team."]; break;
            case AssignmentStatus.LeadsOnly: TempData["Problem"] = t["Only a team lead or leadership may assign a case whose reporter is confidential."]; break;
            case AssignmentStatus.NotToOneself: TempData["Problem"] = t["You may not assign a case whose reporter is confidential to yourself."]; break;
            default: TempData["Flash"] = r.Case!.Case.AssigneeLogin is { } login ? t.F("Assigned to {0}.", await people.NameAsync(login, ct)) : t["Unassigned."]; break;
        }
        return Redirect(Self);
    }

    public async Task<IActionResult> OnPostLinkAsync(string? other, string? kind, CancellationToken ct)
    {
        switch (await linking.LinkAsync(Number, other ?? "", kind ?? "related", User.ToActor(), ct))
        {
            case LinkStatus.NotFound: return NotFound();
            case LinkStatus.Forbidden: return Forbid();
            case LinkStatus.Self: TempData["Problem"] = t["A case cannot be linked to itself."]; break;
            case LinkStatus.UnknownOther: TempData["Problem"] = t.F("There is no case {0}.", other); break;
            default: TempData["Flash"] = t["Linked."]; break;
        }
        return Redirect(Self);
    }

    public async Task<IActionResult> OnGetAttachmentAsync(long id, CancellationToken ct)
    {
        // One rule for every file of the case, the thread's (a withheld one is not found).
        if (await thread.FileAsync(Number, User.ToActor(), id, ct: ct) is not { } f) return NotFound();
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        return File(f.Content, f.File.ContentType, f.File.FileName);
    }

    private string Self => "/cases/" + Uri.EscapeDataString(Number);
}
