using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Stateless;

namespace Incidents.Core.Workflows;

/// <summary>
/// A case as stored with its deadlines: what the runtime decides on. LastEventAt is the instant of its latest history
/// event: an action may take effect no earlier than that.
/// </summary>
public sealed record CaseSnapshot(CaseRecord Case, IReadOnlyList<DeadlineRecord> Deadlines, DateTimeOffset? LastEventAt = null);

/// <summary>An action the actor may take now, with the inputs to ask for.</summary>
public sealed record AvailableAction(string Id, LocalizedText Label, string Target, IReadOnlyList<InputDefinition> Inputs);

public enum ActionFailureKind { UnknownAction, NotPermittedInState, Forbidden, InvalidInput, ConditionFailed }

/// <summary>
/// Why an action was refused: Code (unknown-action, not-permitted-in-state, forbidden, invalid-input, condition-failed),
/// Message for logs and the API's detail, and Problems naming each bad input or failed condition as a code with its
/// arguments, which the edges render in their reader's language.
/// </summary>
public sealed record ActionFailure(ActionFailureKind Kind, string Code, string Message, IReadOnlyDictionary<string, FieldProblem> Problems)
{
    /// <summary>Each problem in both languages ("vi / en"), as the API answers.</summary>
    public IReadOnlyDictionary<string, string> FieldErrors => Problems.ToDictionary(p => p.Key, p => p.Value.ToString());
}

/// <summary>
/// A performed action: the new state, the full new list of deadlines, the data for the history event, and effects the
/// host carries out (ReclassifyTo: open the case again under that workflow type; Fields: the case's fields when the
/// action changed them). EffectiveAt is when the action took effect (the clocks' instant), at or before the time entered.
/// </summary>
public sealed record ActionResult(
    string Action,
    string FromState,
    string State,
    bool Final,
    IReadOnlyList<DeadlineRecord> Deadlines,
    IReadOnlyDictionary<string, string> EventData,
    string? ReclassifyTo,
    DateTimeOffset EffectiveAt,
    IReadOnlyDictionary<string, string>? Fields = null);

public sealed record ActionOutcome(ActionResult? Result, ActionFailure? Failure)
{
    public bool Succeeded => Result is not null;
    public static ActionOutcome Ok(ActionResult r) => new(r, null);
    public static ActionOutcome Fail(ActionFailureKind kind, string message, IReadOnlyDictionary<string, FieldProblem>? fields = null) =>
        new(null, new ActionFailure(kind, CodeOf(kind), message, fields ?? new Dictionary<string, FieldProblem>()));

    private static string CodeOf(ActionFailureKind kind) => kind switch
    {
        ActionFailureKind.UnknownAction => "unknown-action",
        ActionFailureKind.NotPermittedInState => "not-permitted-in-state",
        ActionFailureKind.Forbidden => "forbidden",
        ActionFailureKind.InvalidInput => "invalid-input",
        _ => FieldProblem.ConditionFailed,
    };
}

/// <summary>
/// Runs cases on their definitions. Each call builds a Stateless machine over a local copy of the case's state (an
/// external state accessor), so checking or firing never touches the caller's objects: a refused action, or any
/// exception, leaves the case exactly as it was, and the caller persists the result only after success.
/// Guards are synchronous (PermitIf) so Stateless checks them and draws them.
/// </summary>
public sealed class WorkflowRuntime
{
    private const string Assignee = "assignee";
    private readonly DeadlineClock _clock;

    public WorkflowRuntime(BusinessCalendar calendar) => _clock = new DeadlineClock(calendar);

    /// <summary>With the computed default holidays 2021–2030; hosts pass their edited table instead.</summary>
    public WorkflowRuntime() : this(BusinessCalendar.Seeded()) { }

    public BusinessCalendar Calendar => _clock.Calendar;

    /// <summary>Problems with a new case's severity and case fields, by field name; empty when it may start.</summary>
    public static IReadOnlyDictionary<string, FieldProblem> ValidateFacts(WorkflowDefinition def, CaseFacts facts)
    {
        var problems = new Dictionary<string, FieldProblem>(InputRules.Validate(def.Fields, facts.Inputs));
        if (def.Severities.Count > 0 && (facts.Severity is null || !def.Severities.Contains(facts.Severity)))
            problems["severity"] = FieldProblem.Of(FieldProblem.NotAChoice, ("choices", string.Join(", ", def.Severities)));
        if (def.Severities.Count == 0 && facts.Severity is not null)
            problems["severity"] = FieldProblem.Of(FieldProblem.NoSeverity);
        return problems;
    }

    /// <summary>The first state and the deadlines that start there, counted from receipt.</summary>
    public CaseStart Start(WorkflowDefinition def, CaseFacts facts, DateTimeOffset now)
    {
        var fields = Fields(def, facts.Inputs, facts.Severity);
        var deadlines = def.Deadlines
            .Where(d => d.StartsIn.Contains(def.InitialState))
            .Select(d => _clock.Start(DeadlineClock.Resolve(d, fields), facts.ReceivedAt))
            .ToList();
        return new(def.InitialState, deadlines);
    }

    public IReadOnlyList<AvailableAction> Available(WorkflowDefinition def, CaseSnapshot snapshot, Actor actor, DateTimeOffset now)
    {
        var machine = Build(def, snapshot, actor, inputs: null, now, out _, out _);
        if (def.State(snapshot.Case.State) is not { } state) return [];
        return [.. state.Actions.Where(a => machine.CanFire(a.Id)).Select(a => new AvailableAction(a.Id, a.Label, a.Target, a.Inputs))];
    }

    /// <summary>
    /// Checks and performs an action entered at <paramref name="now"/>. <paramref name="effectiveAt"/> is when it really
    /// took effect (an acceptance decided yesterday and entered today): no later than now and no earlier than the case's
    /// last event; the clocks start, stop and are met at that instant.
    /// </summary>
    public ActionOutcome Perform(WorkflowDefinition def, CaseSnapshot snapshot, Actor actor, string actionId,
        IReadOnlyDictionary<string, string> inputs, DateTimeOffset now, DateTimeOffset? effectiveAt = null)
    {
        if (!def.States.Any(s => s.Actions.Any(a => a.Id == actionId)))
            return ActionOutcome.Fail(ActionFailureKind.UnknownAction, $"'{def.Id}' has no action '{actionId}'");
        var at = effectiveAt ?? now;
        if (at > now)
            return EffectiveProblem(FieldProblem.Of(FieldProblem.InTheFuture));
        if (snapshot.LastEventAt is { } last && at < last)
            return EffectiveProblem(FieldProblem.Of(FieldProblem.BeforeLastEvent, ("last", last.ToString("O", CultureInfo.InvariantCulture))));

        var from = snapshot.Case.State;
        var machine = Build(def, snapshot, actor, inputs, at, out var guardKinds, out var current);
        var action = def.State(from)?.Actions.FirstOrDefault(a => a.Id == actionId);
        if (action is null)
            return ActionOutcome.Fail(ActionFailureKind.NotPermittedInState, $"action '{actionId}' is not possible in state '{from}'");

        var permitted = machine.CanFire(actionId, out var unmet);
        if (unmet.Any(g => guardKinds[g].Kind == GuardKind.Role))
            return ActionOutcome.Fail(ActionFailureKind.Forbidden, $"you may not perform '{actionId}' on this case");
        var inputProblems = InputRules.Validate(action.Inputs, inputs);
        if (inputProblems.Count > 0)
            return ActionOutcome.Fail(ActionFailureKind.InvalidInput, "some inputs are missing or invalid", inputProblems);
        if (!permitted)
        {
            // Each guard has its own key, so two conditions with the same words stay two; a field reports its first.
            var failed = unmet.Select(g => guardKinds[g]).ToList();
            return ActionOutcome.Fail(ActionFailureKind.ConditionFailed, string.Join("; ", failed.Select(g => g.Problem.ToString())),
                failed.GroupBy(g => g.Field).ToDictionary(g => g.Key, g => g.First().Problem));
        }

        machine.Fire(actionId);
        var to = current();
        var target = def.State(to)!;
        var before = Fields(def, snapshot.Case.Inputs, snapshot.Case.Severity);
        var caseFields = SetFields(snapshot.Case.Inputs, action, inputs);
        var fields = caseFields is null ? before : Fields(def, caseFields, snapshot.Case.Severity);
        var deadlines = snapshot.Deadlines.ToList();
        var data = new Dictionary<string, string> { ["action"] = actionId, ["from"] = from, ["to"] = to };
        foreach (var (k, v) in inputs) data[$"input.{k}"] = v;
        if (effectiveAt is not null) data["effectiveAt"] = at.ToString("O");

        string? reclassify = null;
        for (var i = 0; i < deadlines.Count; i++)
            if (caseFields is not null && def.Deadline(deadlines[i].Key) is { } dd)
                deadlines[i] = _clock.Reassess(deadlines[i], DeadlineClock.Resolve(dd, before), DeadlineClock.Resolve(dd, fields));
        foreach (var e in action.Effects)
        {
            if (e.Kind == EffectKinds.Extend)
            {
                var dd = def.Deadline(e.Deadline!)!;
                var i = deadlines.FindIndex(d => d.Key == dd.Id);
                var length = e.Length is { } input ? new IsoDuration(int.Parse(inputs[input], CultureInfo.InvariantCulture), TimeSpan.Zero)
                    : IsoDuration.Parse(dd.Extensions!.Duration);
                deadlines[i] = _clock.Extend(deadlines[i], length, DeadlineClock.Resolve(dd, fields).Escalation, at);
                data[$"extended.{dd.Id}"] = deadlines[i].DueAt.ToString("O");
            }
            else if (e.Kind == EffectKinds.Reclassify)
            {
                reclassify = e.Type;
                data["reclassifyTo"] = e.Type!;
            }
        }

        for (var i = 0; i < deadlines.Count; i++)
        {
            var d = deadlines[i];
            var dd = def.Deadline(d.Key);
            if (dd is null) continue;
            var wasSuspended = dd.Suspension?.In.Contains(from) == true;
            var isSuspended = dd.Suspension?.In.Contains(to) == true;
            if (!wasSuspended && isSuspended) d = DeadlineClock.Pause(d, at);
            else if (wasSuspended && !isSuspended) d = _clock.Resume(d, DeadlineClock.Resolve(dd, fields).Escalation, at);
            if (dd.MetIn.Contains(to)) d = DeadlineClock.Close(d, DeadlineStatus.Met, at);
            else if (dd.CancelledIn.Contains(to) || target.Final) d = DeadlineClock.Close(d, DeadlineStatus.Cancelled, at);
            deadlines[i] = d;
        }
        foreach (var dd in def.Deadlines.Where(x => x.StartsIn.Contains(to) && deadlines.All(d => d.Key != x.Id)))
            deadlines.Add(_clock.Start(DeadlineClock.Resolve(dd, fields), dd.From == DeadlineStarts.Receipt ? snapshot.Case.ReceivedAt : at));

        return ActionOutcome.Ok(new(actionId, from, to, target.Final, deadlines, data, reclassify, at, caseFields));
    }

    private static ActionOutcome EffectiveProblem(FieldProblem problem) => ActionOutcome.Fail(ActionFailureKind.InvalidInput,
        "some inputs are missing or invalid", new Dictionary<string, FieldProblem> { ["effectiveAt"] = problem });

    /// <summary>The case's fields after a setFields effect (the action's inputs of those ids), or null when none applies.</summary>
    private static Dictionary<string, string>? SetFields(IReadOnlyDictionary<string, string> current, ActionDefinition action,
        IReadOnlyDictionary<string, string> inputs)
    {
        var set = action.Effects.Where(e => e.Kind == EffectKinds.SetFields).SelectMany(e => e.Fields).ToList();
        if (set.Count == 0) return null;
        var fields = new Dictionary<string, string>(current);
        foreach (var f in set)
            if (inputs.TryGetValue(f, out var v)) fields[f] = v;
        return fields;
    }

    /// <summary>After the holiday table changed: the case's day-counted deadlines counted again.</summary>
    public IReadOnlyList<DeadlineRecord> Recompute(WorkflowDefinition def, CaseSnapshot snapshot)
    {
        var fields = Fields(def, snapshot.Case.Inputs, snapshot.Case.Severity);
        return [.. snapshot.Deadlines.Select(d => def.Deadline(d.Key) is { } dd
            ? _clock.Recompute(d, DeadlineClock.Resolve(dd, fields).Escalation)
            : d)];
    }

    /// <summary>Case fields with their defaults, plus "severity".</summary>
    internal static IReadOnlyDictionary<string, string> Fields(WorkflowDefinition def, IReadOnlyDictionary<string, string> inputs, string? severity)
    {
        var fields = new Dictionary<string, string>(inputs);
        foreach (var f in def.Fields)
            if (!fields.ContainsKey(f.Id) && f.Default is not null) fields[f.Id] = f.Default;
        if (severity is not null) fields["severity"] = severity;
        return fields;
    }

    internal enum GuardKind { Role, Condition, Extension }

    /// <summary>
    /// What a guard stands for: its kind, the field (or "roles", "extensions") a failure is reported on, the problem it
    /// reports and the diagram's label. Stateless knows a guard by its description, so the description is a key unique in
    /// the definition ("condition:action:index"), never its words, which two guards may share.
    /// </summary>
    /// <param name="Words">The guard in each language for a reader's diagram (roles are worded by the caller).</param>
    internal sealed record GuardInfo(GuardKind Kind, string Field, FieldProblem Problem, string Label, LocalizedText? Words = null, IReadOnlyList<string>? Roles = null);

    /// <summary>
    /// The definition as a Stateless machine over a detached state. Guards read the snapshot, the actor and the inputs
    /// (null: listing, where conditions on inputs are not yet known and count as met) and the instant the action takes
    /// effect.
    /// </summary>
    internal static StateMachine<string, string> Build(WorkflowDefinition def, CaseSnapshot snapshot, Actor? actor,
        IReadOnlyDictionary<string, string>? inputs, DateTimeOffset at, out Dictionary<string, GuardInfo> guardKinds, out Func<string> current)
    {
        var state = snapshot.Case.State;
        current = () => state;
        var machine = new StateMachine<string, string>(() => state, s => state = s);
        var kinds = new Dictionary<string, GuardInfo>();
        var fields = Fields(def, snapshot.Case.Inputs, snapshot.Case.Severity);
        foreach (var s in def.States)
        {
            var config = machine.Configure(s.Id);
            foreach (var a in s.Actions)
            {
                var guards = new List<Tuple<Func<bool>, string>>();
                var rolesKey = $"roles:{s.Id}:{a.Id}";
                kinds[rolesKey] = new(GuardKind.Role, "roles", FieldProblem.Of("forbidden", ("roles", string.Join(", ", a.Roles))),
                    string.Join(", ", a.Roles), Roles: a.Roles);
                guards.Add(Tuple.Create<Func<bool>, string>(() => actor is not null && MayAct(def, a, snapshot.Case, actor), rolesKey));
                for (var i = 0; i < a.Conditions.Count; i++)
                {
                    var c = a.Conditions[i];
                    // A before test on an empty date field fails for another reason than the date (no election day
                    // configured): the refusal names that one. The diagram (no actor, no case) shows the rule itself.
                    var unset = actor is not null && c.IfUnset is not null && !(fields.TryGetValue(c.Field, out var fv) && !string.IsNullOrWhiteSpace(fv));
                    var text = (unset ? c.IfUnset : c.Message) ?? new LocalizedText(Describe(c), Describe(c));
                    var key = $"condition:{s.Id}:{a.Id}:{i}";
                    kinds[key] = new(GuardKind.Condition, c.Field, FieldProblem.Condition(text), text.Vi, text);
                    guards.Add(Tuple.Create<Func<bool>, string>(() => Holds(c, fields, inputs, snapshot.Case, at), key));
                }
                foreach (var deadline in a.Effects.Where(e => e.Kind == EffectKinds.Extend).Select(e => e.Deadline!)
                             .Concat(a.NeedsExtensionLeft is { } n ? [n] : []).Distinct())
                {
                    var key = $"extension:{s.Id}:{a.Id}:{deadline}";
                    kinds[key] = new(GuardKind.Extension, "extensions", FieldProblem.Of(FieldProblem.NoExtensionLeft, ("deadline", deadline)),
                        $"còn lượt gia hạn {deadline} / an extension of {deadline} is left",
                        def.Deadline(deadline)?.Name is { } dn ? new($"còn lượt gia hạn {dn.Vi}", $"an extension of the {dn.En} limit is left") : null);
                    guards.Add(Tuple.Create<Func<bool>, string>(() => ExtensionLeft(def, deadline, snapshot, fields), key));
                }
                if (a.Target == s.Id) config.PermitReentryIf(a.Id, [.. guards]);
                else config.PermitIf(a.Id, a.Target, [.. guards]);
            }
        }
        guardKinds = kinds;
        return machine;
    }

    /// <summary>Admin may do everything; "assignee" is the actor assigned to the case; an extension also needs an approver role.</summary>
    private static bool MayAct(WorkflowDefinition def, ActionDefinition a, CaseRecord c, Actor actor)
    {
        if (actor.Has(Roles.Admin)) return true;
        var allowed = a.Roles.Any(r => r == Assignee ? c.AssigneeId == actor.Id : actor.Has(r));
        foreach (var e in a.Effects.Where(e => e.Kind == EffectKinds.Extend))
            allowed &= def.Deadline(e.Deadline!)?.Extensions?.Approvers.Any(actor.Has) == true;
        return allowed;
    }

    private static bool ExtensionLeft(WorkflowDefinition def, string deadline, CaseSnapshot s, IReadOnlyDictionary<string, string> fields) =>
        def.Deadline(deadline)?.Extensions is { } policy
        && s.Deadlines.FirstOrDefault(d => d.Key == deadline) is { } d
        && d.Status is DeadlineStatus.Running or DeadlineStatus.Paused
        && d.ExtensionsUsed < policy.Allowed(fields);

    private static bool Holds(ConditionDefinition c, IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? inputs,
        CaseRecord cr, DateTimeOffset at)
    {
        string? value;
        if (c.Source == ConditionSources.Input)
        {
            if (inputs is null) return true;
            value = inputs.TryGetValue(c.Field, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        }
        else value = fields.TryGetValue(c.Field, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

        bool result;
        if (c.Is is not null) result = value == c.Is;
        else if (c.NotEquals is not null) result = value != c.NotEquals;
        else if (c.In is not null) result = value is not null && c.In.Contains(value);
        else if (c.IsSet is { } set) result = (value is not null) == set;
        else if (c.ReceivedBefore is { } rb)
        {
            // No date configured: nothing closes, the case is considered.
            if (value is null || !DateOnly.TryParseExact(value, "yyyy-MM-dd", out var date)) result = true;
            else
            {
                var days = IsoDuration.DayOffset(rb);
                result = BusinessCalendar.LocalDate(cr.ReceivedAt) < date.AddDays(days);
            }
        }
        else if (c.Before is { } before)
            result = value is not null && DateOnly.TryParseExact(value, "yyyy-MM-dd", out var date)
                && BusinessCalendar.LocalDate(at) < date.AddDays(IsoDuration.DayOffset(before));
        else result = true;
        return c.Negate ? !result : result;
    }

    private static string Describe(ConditionDefinition c)
    {
        var test = c.Is is not null ? $"= {c.Is}"
            : c.NotEquals is not null ? $"≠ {c.NotEquals}"
            : c.In is not null ? $"∈ {{{string.Join(", ", c.In)}}}"
            : c.IsSet is { } s ? (s ? "is set" : "is not set")
            : c.ReceivedBefore is not null ? $"received before {c.ReceivedBefore}"
            : $"acted on before {c.Before}";
        return $"{(c.Negate ? "not " : "")}{c.Source}.{c.Field} {test}";
    }
}
