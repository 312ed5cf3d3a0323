using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Intake;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Calendar;
using Incidents.Web.Deadlines;

namespace Incidents.Web.Handling;

public enum CaseActionStatus { Done, NotFound, UnknownAction, Forbidden, Conflict, NotPermitted, Invalid, CalendarNotCovered }

/// <summary>
/// What a case action came to. Done: Case is the case as stored after it, Opened the number of a case a reclassification
/// opened. Invalid: FieldErrors per input. Conflict: CurrentRowVersion is the case's version now (nothing was written).
/// </summary>
/// Problems: the workflow's refusal per field as codes with arguments (FieldErrors has them as "vi / en"), for a page to
/// say in its reader's language.
public sealed record CaseActionResult(CaseActionStatus Status, string? Message, IReadOnlyDictionary<string, string> FieldErrors,
    CaseDetail? Case = null, string? Opened = null, int? CurrentRowVersion = null, IReadOnlyDictionary<string, FieldProblem>? Problems = null)
{
    internal static CaseActionResult Fail(CaseActionStatus s, string message, IReadOnlyDictionary<string, string>? errors = null,
        int? current = null) => new(s, message, errors ?? new Dictionary<string, string>(), CurrentRowVersion: current);

    internal static CaseActionResult Refused(CaseActionStatus s, ActionFailure f) =>
        new(s, f.Message, f.FieldErrors, Problems: f.Problems);
}

/// <summary>
/// When an action really took effect, as the user gave it: an instant, or a local date (that day: from its start, or
/// from the case's last event when that came later the same day).
/// </summary>
public sealed record EffectiveDate(DateTimeOffset? Instant, DateOnly? Day)
{
    public DateTimeOffset Resolve(DateTimeOffset? lastEvent)
    {
        if (Instant is { } at) return at;
        var start = BusinessCalendar.StartOfDay(Day!.Value);
        return lastEvent is { } last && last > start && BusinessCalendar.LocalDate(last) == Day ? last : start;
    }

    /// <summary>yyyy-MM-dd or an ISO 8601 instant with an offset; null when blank; false when unreadable.</summary>
    public static bool TryParse(string? text, out EffectiveDate? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
            value = new(null, day);
        else if (text.Length > 10 && (text.EndsWith('Z') || text[^6] is '+' or '-')
                 && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var at))
            value = new(at, null);
        return value is not null;
    }
}

/// <summary>An action input; Min and Max bound a number input.</summary>
public sealed record ActionInputView(string Id, LocalizedText Label, string Type, bool Required, IReadOnlyList<ChoiceView> Choices,
    int? Min = null, int? Max = null);

/// <summary>A choice value with its vi/en words (the value itself in both when the definition gives none).</summary>
public sealed record ChoiceView(string Value, LocalizedText Label)
{
    public static ChoiceView From(ChoiceDefinition c) => new(c.Value, c.Label ?? new(c.Value, c.Value));
}

public sealed record ActionView(string Id, LocalizedText Label, string Target, LocalizedText? TargetName, IReadOnlyList<ActionInputView> Inputs);

/// <summary>The actions this user may take now on a case at this row version (send it back with the action).</summary>
public sealed record CaseActionsView(string Number, string Type, int WorkflowVersion, string State, int RowVersion, IReadOnlyList<ActionView> Actions);

/// <summary>
/// Case actions, one code path for the API and the case page. The case runs on the definition version pinned on it;
/// WorkflowRuntime.Perform decides on a detached copy, and only a success is written: the new state, the history event
/// and the deadline changes in one transaction under the row version the user read (a lost race is a Conflict and
/// nothing changes). A reclassification opens the new case, links it and moves the petition in that same transaction.
/// Near-term steps of the changed deadlines are armed at once (DeadlineScheduler); later ones by the minute sweep.
/// </summary>
public sealed class CaseActions(WorkflowCatalog catalog, BusinessCalendars calendars, CaseQueries queries, CaseUpdateStore updates,
    DeadlineScheduler scheduler, ElectionDay election, Notifications.Notifier notifier, Storage.Access.UserStore users, TimeProvider time,
    ILogger<CaseActions> log)
{
    public const string ReclassifiedLink = "reclassified";

    /// <summary>The incident action by which an officer takes an incident on (and, if nobody holds it, its assignment).</summary>
    public const string Acknowledge = "acknowledge";

    /// <summary>The definition the case runs on: the version it started with.</summary>
    public WorkflowDefinition? Definition(CaseRecord c) => catalog.Get(c.Type, c.WorkflowVersion);

    /// <summary>Null when the case is unknown or not visible to this user; an empty list when they may do nothing.</summary>
    public async Task<CaseActionsView?> AvailableAsync(string number, Actor actor, CancellationToken ct = default)
    {
        var d = await queries.GetDetailAsync(number, ct);
        if (d is null || !Visibility.SeesTeam(actor, d.Team)) return null;
        var def = Definition(d.Case);
        // A merged duplicate is closed by the merge, whatever its workflow state: it is handled on its primary.
        var actions = def is null || !Visibility.MayHandle(actor, d.Team) || d.Case.MergedInto is not null
            ? []
            : calendars.Runtime.Available(def, new CaseSnapshot(d.Case, d.Deadlines), actor, time.GetUtcNow());
        return new(d.Case.Number, d.Case.Type, d.Case.WorkflowVersion, d.Case.State, d.Case.RowVersion,
            [.. actions.Select(a => new ActionView(a.Id, a.Label, a.Target, def!.State(a.Target)?.Name,
                [.. a.Inputs.Select(i => new ActionInputView(i.Id, i.Label, i.Type, i.Required, [.. i.Choices.Select(ChoiceView.From)], i.Min, i.Max))]))]);
    }

    /// <summary>
    /// <paramref name="effective"/>: when the action really took effect, if earlier than now (an acceptance decided
    /// yesterday). A date means that day: from its start, or from the case's last event if that came later the same day.
    /// </summary>
    public async Task<CaseActionResult> PerformAsync(string number, Actor actor, string action, IReadOnlyDictionary<string, string> inputs,
        int rowVersion, EffectiveDate? effective = null, CancellationToken ct = default)
    {
        // A deadline counted past the holiday table is refused, not guessed; nothing is written.
        try { return await PerformCountedAsync(number, actor, action, inputs, rowVersion, effective, ct); }
        catch (Core.Calendar.CalendarNotCoveredException e)
        {
            var message = CalendarProblems.Message(e);
            return CaseActionResult.Fail(CaseActionStatus.CalendarNotCovered, message, new Dictionary<string, string> { ["calendar"] = message });
        }
    }

    private async Task<CaseActionResult> PerformCountedAsync(string number, Actor actor, string action, IReadOnlyDictionary<string, string> inputs,
        int rowVersion, EffectiveDate? effective, CancellationToken ct)
    {
        var d = await queries.GetDetailAsync(number, ct);
        if (d is null || !Visibility.SeesTeam(actor, d.Team))
            return CaseActionResult.Fail(CaseActionStatus.NotFound, $"There is no case {number}.");
        if (!Visibility.MayHandle(actor, d.Team))
            return CaseActionResult.Fail(CaseActionStatus.Forbidden, "You may not act on this case.");
        if (d.Case.MergedInto is { } primary)
            return CaseActionResult.Fail(CaseActionStatus.NotPermitted, $"The case is merged into {primary}; act on that case.");
        if (Definition(d.Case) is not { } def)
            return CaseActionResult.Fail(CaseActionStatus.NotPermitted,
                $"Workflow '{d.Case.Type}' version {d.Case.WorkflowVersion}, which this case runs on, is not loaded.");
        if (d.Case.RowVersion != rowVersion)
            return Stale(rowVersion, d.Case.RowVersion);

        var clean = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in inputs)
            if (CaseText.Clean(k) is { } key && CaseText.Clean(v) is { } value) clean[key] = value;

        var now = time.GetUtcNow();
        var runtime = calendars.Runtime;
        // An action takes effect no earlier than the receipt and the case's last action.
        DateTimeOffset? lastEvent = effective is null ? null
            : await queries.LastEventAtAsync(d.Case.Id, ct) is { } last && last > d.Case.ReceivedAt ? last : d.Case.ReceivedAt;
        var outcome = runtime.Perform(def, new CaseSnapshot(d.Case, d.Deadlines, lastEvent), actor, action, clean, now,
            effective?.Resolve(lastEvent));
        if (outcome.Failure is { } f) return Refused(def, d.Case.State, action, f);

        var r = outcome.Result!;
        var data = new Dictionary<string, string>(r.EventData) { ["workflowVersion"] = def.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var update = new CaseUpdate(d.Case.Id, rowVersion, r.State, r.Deadlines,
            new NewCaseEvent(now, actor.Login, "action", r.Action, r.FromState, r.State, data), r.Final ? r.EffectiveAt : null, r.Fields)
        {
            TakenBy = r.Action == Acknowledge && d.Case.AssigneeId is null && Visibility.TakesOwnIncident(actor, d.Team, d.ConfidentialReporter)
                ? (actor.Id, actor.Login) : null,
        };

        UpdateOutcome written;
        CaseRecord? opened = null;
        IReadOnlyList<Core.Deadlines.DeadlineRecord> openedDeadlines = [];
        if (r.ReclassifyTo is { } type)
        {
            if (catalog.Current(type) is not { } target)
                return CaseActionResult.Fail(CaseActionStatus.NotPermitted, $"The workflow '{type}' to reclassify into is not loaded.");
            var follow = await FollowOnAsync(d, target, runtime, actor, now, ct);
            openedDeadlines = follow.Deadlines;
            (written, opened) = await updates.UpdateAndOpenAsync(update, d.Case.Number, follow, ReclassifiedLink, ct);
        }
        else
        {
            var after = d.Case with { State = r.State };
            var tell = await ExtensionNewsAsync(def, r.Action, r.FromState, r.State, actor, after, rowVersion + 1, ct);
            written = await updates.UpdateAsync(update, tell, ct);
        }

        switch (written.Status)
        {
            case UpdateStatus.NotFound: return CaseActionResult.Fail(CaseActionStatus.NotFound, $"There is no case {number}.");
            case UpdateStatus.Conflict: return Stale(rowVersion, written.RowVersion);
        }
        scheduler.Arm(d.Case.Id, r.Deadlines);
        if (opened is not null) scheduler.Arm(opened.Id, openedDeadlines);
        log.LogInformation("{Actor} performed {Action} on {Case}: {From} -> {To}", actor.Login, r.Action, number, r.FromState, r.State);
        return new(CaseActionStatus.Done, null, new Dictionary<string, string>(), await queries.GetDetailAsync(number, ct), opened?.Number);
    }

    /// <summary>
    /// What an extension request or decision tells, in the action's transaction: a case moving into a state where it
    /// waits on leadership's extension decision (WorkflowCatalog.ExtensionWaitingStates) tells every leadership user with the count
    /// waiting; leadership's action out of such a state tells the handler. Any other action tells nobody.
    /// </summary>
    private async Task<Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, CancellationToken, Task>> ExtensionNewsAsync(
        WorkflowDefinition def, string action, string from, string to, Actor actor, CaseRecord after, int rowVersion, CancellationToken ct)
    {
        var waiting = catalog.ExtensionWaitingStates().ToList();
        bool Waits(string state) => waiting.Contains((def.Id, state));
        var taken = def.State(from)?.Actions.FirstOrDefault(a => a.Id == action);
        var requested = !Waits(from) && Waits(to);
        var decided = Waits(from) && taken is not null && taken.Roles.SequenceEqual([Roles.Leadership]);
        if (!requested && !decided) return (_, _, _) => Task.CompletedTask;
        var actorName = (await users.FindByIdAsync(actor.Id, ct))?.DisplayName ?? actor.Login;
        return requested
            ? (c, tx, token) => notifier.ExtensionRequestedAsync(c, tx, after, actor, actorName, rowVersion, waiting, token)
            : (c, tx, token) => notifier.ExtensionDecidedAsync(c, tx, after, actor, actorName, taken!.Label, rowVersion, token);
    }

    private static CaseActionResult Stale(int sent, int current) => CaseActionResult.Fail(CaseActionStatus.Conflict,
        $"You sent rowVersion {sent}; the case is now at {current}. Reload it and try again.", current: current);

    private static CaseActionResult Refused(WorkflowDefinition def, string state, string action, ActionFailure f)
    {
        var inputIds = def.State(state)?.Actions.FirstOrDefault(a => a.Id == action)?.Inputs.Select(i => i.Id).ToHashSet() ?? [];
        return f.Kind switch
        {
            ActionFailureKind.UnknownAction => CaseActionResult.Fail(CaseActionStatus.UnknownAction, f.Message),
            ActionFailureKind.Forbidden => CaseActionResult.Fail(CaseActionStatus.Forbidden, f.Message),
            ActionFailureKind.InvalidInput => CaseActionResult.Refused(CaseActionStatus.Invalid, f),
            // A condition on what the user typed is their input problem; one on the case means "not now".
            ActionFailureKind.ConditionFailed when f.Problems.Count > 0 && f.Problems.Keys.All(inputIds.Contains) =>
                CaseActionResult.Refused(CaseActionStatus.Invalid, f),
            _ => CaseActionResult.Refused(CaseActionStatus.NotPermitted, f),
        };
    }

    /// <summary>The case a reclassification opens: the petition's facts, counted from the petition's receipt, on the target's latest version.</summary>
    private async Task<NewCase> FollowOnAsync(CaseDetail from, WorkflowDefinition target, WorkflowRuntime runtime, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var c = from.Case;
        var reporter = await queries.GetReporterAsync(c.Id, ct) ?? new Reporter(null, null, null, null);
        var inputs = election.Apply(target, c.Inputs.Where(kv => target.Fields.Any(f => f.Id == kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value));
        var start = runtime.Start(target, new CaseFacts(c.ReceivedAt, null, inputs), now);
        return new NewCase
        {
            Type = target.Id, Prefix = target.Prefix, Team = target.Team, WorkflowVersion = target.Version, State = start.State,
            Title = c.Title, Description = c.Description, LocalityCode = c.LocalityCode, Channel = c.Channel, ReceivedAt = c.ReceivedAt,
            CreatedAt = now, Place = c.Place, Reporter = reporter, ConfidentialReporter = target.ConfidentialReporter || from.ConfidentialReporter,
            Inputs = inputs, Deadlines = start.Deadlines, Actor = actor.Login,
        };
    }
}
