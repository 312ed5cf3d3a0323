using System.Text.Json;
using System.Text.Json.Serialization;
using Incidents.Core.Deadlines;

namespace Incidents.Core.Workflows;

/// <summary>States, actions, case fields and deadlines of a definition (format: workflows/workflow.schema.json).</summary>
public sealed partial record WorkflowDefinition
{
    [JsonPropertyName("$schema")] public string? Schema { get; init; }
    public string InitialState { get; init; } = "received";
    public IReadOnlyList<StateDefinition> States { get; init; } = [];
    /// <summary>Inputs chosen at intake (complex, remote, instance, electionDay...) that select limits and feed conditions.</summary>
    public IReadOnlyList<InputDefinition> Fields { get; init; } = [];
    public IReadOnlyList<DeadlineDefinition> Deadlines { get; init; } = [];
    /// <summary>The citizen's own time limits for filing (Law on Complaints Art. 9, 33; Election Law Art. 33, 87): warnings, never refusals.</summary>
    public IReadOnlyList<FilingLimit> FilingLimits { get; init; } = [];
    /// <summary>SHA-256 (lower-case hex) of the file's JSON with insignificant whitespace removed; set by the loader.</summary>
    [JsonIgnore] public string ContentHash { get; init; } = "";
    /// <summary>The file the definition was loaded from; set by the loader.</summary>
    [JsonIgnore] public string SourcePath { get; init; } = "";

    public StateDefinition? State(string id) => States.FirstOrDefault(s => s.Id == id);
    public DeadlineDefinition? Deadline(string id) => Deadlines.FirstOrDefault(d => d.Id == id);

    /// <summary>Whether some limit is suspended (on its legal ground) while a case is in this state.</summary>
    public bool Suspends(string stateId) => Deadlines.Any(d => d.Suspension?.In.Contains(stateId) == true);
}

public sealed record StateDefinition
{
    public required string Id { get; init; }
    public required LocalizedText Name { get; init; }
    /// <summary>
    /// Waiting on someone outside the body (the citizen's documents, a reply): statutory clocks keep running here, and
    /// the case page says so.
    /// </summary>
    public bool Waiting { get; init; }
    public bool Final { get; init; }
    /// <summary>Open cases enter this state by themselves at a date taken from a case field (see <see cref="AutomaticEntry"/>).</summary>
    public AutomaticEntry? EnteredAt { get; init; }
    public IReadOnlyList<ActionDefinition> Actions { get; init; } = [];
}

/// <summary>
/// A state entered without anyone acting: open cases received before the start of the day (date case field + offset)
/// and still in one of <see cref="From"/> move here at that instant, with a history event and a notice to leadership
/// (Election Law Art. 61(2), 61(4): from 10 days before election day candidate complaints are no longer considered;
/// the open files are handed over after the election).
/// </summary>
public sealed record AutomaticEntry
{
    public required string Field { get; init; }
    /// <summary>Whole days, signed ("-P10D").</summary>
    public required string Offset { get; init; }
    public IReadOnlyList<string> From { get; init; } = [];
    public required LocalizedText Reason { get; init; }
}

public sealed record ActionDefinition
{
    public required string Id { get; init; }
    public required LocalizedText Label { get; init; }
    public required string Target { get; init; }
    /// <summary>complaints, security, leadership, admin, or the relative role "assignee". Admin may always act.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<InputDefinition> Inputs { get; init; } = [];
    public IReadOnlyList<ConditionDefinition> Conditions { get; init; } = [];
    public IReadOnlyList<EffectDefinition> Effects { get; init; } = [];
    /// <summary>A deadline that must have an extension left for the action to be offered (asking for one).</summary>
    public string? NeedsExtensionLeft { get; init; }
}

/// <summary>An input of an action or a case field. Type: text, bool, choice, date (yyyy-MM-dd) or number (a whole number, Min..Max).</summary>
public sealed record InputDefinition
{
    public required string Id { get; init; }
    public required LocalizedText Label { get; init; }
    public string Type { get; init; } = InputTypes.Text;
    public bool Required { get; init; }
    public IReadOnlyList<ChoiceDefinition> Choices { get; init; } = [];
    /// <summary>Case fields only: the value assumed when intake leaves the field out.</summary>
    public string? Default { get; init; }
    public int? Min { get; init; }
    public int? Max { get; init; }

    public ChoiceDefinition? Choice(string value) => Choices.FirstOrDefault(c => c.Value == value);
}

/// <summary>
/// One value of a choice input with its words. In JSON either a plain string (the value, shown as it is) or
/// {"value": "...", "label": {"vi": "...", "en": "..."}}.
/// </summary>
[JsonConverter(typeof(ChoiceDefinitionConverter))]
public sealed record ChoiceDefinition(string Value, LocalizedText? Label = null)
{
    /// <summary>The label in the culture, or the value itself when the definition gives none.</summary>
    public string Text(string culture) => Label?.In(culture) ?? Value;

    public static implicit operator ChoiceDefinition(string value) => new(value);
}

internal sealed class ChoiceDefinitionConverter : JsonConverter<ChoiceDefinition>
{
    private sealed record Labelled(string Value, LocalizedText? Label);

    public override ChoiceDefinition? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new(reader.GetString()!);
        var x = JsonSerializer.Deserialize<Labelled>(ref reader, options) ?? throw new JsonException("a choice must be a string or an object");
        return new(x.Value, x.Label);
    }

    public override void Write(Utf8JsonWriter writer, ChoiceDefinition value, JsonSerializerOptions options)
    {
        if (value.Label is null) writer.WriteStringValue(value.Value);
        else JsonSerializer.Serialize(writer, new Labelled(value.Value, value.Label), options);
    }
}

public static class InputTypes
{
    public const string Text = "text", Bool = "bool", Choice = "choice", Date = "date", Number = "number";
    public static readonly IReadOnlyList<string> All = [Text, Bool, Choice, Date, Number];
}

/// <summary>
/// A condition on a case field (source "case", the default; "severity" is a case field too) or an action input
/// (source "input"). Exactly one test: equals, notEquals, in, isSet, or receivedBefore (the case was received before
/// the date in the field shifted by an ISO duration, e.g. "-P10D" for "before the 10 days ahead of election day").
/// Negate turns the test around.
/// </summary>
public sealed record ConditionDefinition
{
    public required string Field { get; init; }
    public string Source { get; init; } = ConditionSources.Case;
    [JsonPropertyName("equals")] public string? Is { get; init; }
    public string? NotEquals { get; init; }
    public IReadOnlyList<string>? In { get; init; }
    public bool? IsSet { get; init; }
    public string? ReceivedBefore { get; init; }
    /// <summary>
    /// The action takes effect before the date in the field shifted by an ISO duration ("-P10D": before the 10 days
    /// ahead of election day). Unlike receivedBefore it is judged on the action's own date; a field left empty fails.
    /// </summary>
    public string? Before { get; init; }
    public bool Negate { get; init; }
    public LocalizedText? Message { get; init; }
    /// <summary>
    /// With before: the reason given when the date field is empty (no election day configured), instead of
    /// <see cref="Message"/>; the case page and the intake answer show it as a warning.
    /// </summary>
    public LocalizedText? IfUnset { get; init; }
}

public static class ConditionSources
{
    public const string Case = "case", Input = "input";
}

/// <summary>
/// A side effect of an action: "extend" a deadline (counts against its extension limit; Length names the action's number
/// input that gives the days granted, else the policy's duration), "reclassify" the case to another workflow type, or
/// "setFields": the action's inputs of those ids become the case's fields (complexity known only while resolving), and
/// limits that depend on them are recounted from their start.
/// </summary>
public sealed record EffectDefinition
{
    public required string Kind { get; init; }
    public string? Deadline { get; init; }
    public string? Type { get; init; }
    public string? Length { get; init; }
    public IReadOnlyList<string> Fields { get; init; } = [];
}

public static class EffectKinds
{
    public const string Extend = "extend", Reclassify = "reclassify", SetFields = "setFields";
    public static readonly IReadOnlyList<string> All = [Extend, Reclassify, SetFields];
}

public sealed record DeadlineDefinition
{
    public required string Id { get; init; }
    public required LocalizedText Name { get; init; }
    /// <summary>States whose entry starts the clock (the initial state starts it at receipt).</summary>
    public IReadOnlyList<string> StartsIn { get; init; } = [];
    /// <summary>States whose entry meets the deadline.</summary>
    public IReadOnlyList<string> MetIn { get; init; } = [];
    /// <summary>States whose entry cancels it. Entering any final state cancels a deadline not met there.</summary>
    public IReadOnlyList<string> CancelledIn { get; init; } = [];
    public required string Duration { get; init; }
    public DurationUnit Unit { get; init; } = DurationUnit.Calendar;
    /// <summary>"entry" (the default): counted from entering a StartsIn state; "receipt": from the case's receipt.</summary>
    public string From { get; init; } = DeadlineStarts.Entry;
    /// <summary>States in which the limit is suspended, with the legal ground that allows it; null: it never stops.</summary>
    public SuspensionDefinition? Suspension { get; init; }
    /// <summary>First match wins; a variant may override the duration, the unit and the escalation.</summary>
    public IReadOnlyList<DeadlineVariant> Variants { get; init; } = [];
    public required LocalizedText LegalBasis { get; init; }
    public EscalationDefinition? Escalation { get; init; }
    public ExtensionPolicy? Extensions { get; init; }
    /// <summary>
    /// A date case field (election-day) the limit must end before: a due instant on or after that day becomes the close
    /// of the day before it (Election Law, Art. 33: the voter-list answer comes before election day).
    /// </summary>
    public string? EndsBefore { get; init; }
}

public static class DeadlineStarts
{
    public const string Entry = "entry", Receipt = "receipt";
}

/// <summary>
/// A statutory clock runs unless a law gives a ground to suspend it: Ground names it (law and article). While the case
/// is in one of the In states the limit is suspended; the whole days suspended are added to its count.
/// </summary>
public sealed record SuspensionDefinition
{
    public IReadOnlyList<string> In { get; init; } = [];
    public required LocalizedText Ground { get; init; }
}

/// <summary>
/// A time limit the citizen has to file (not the body's): the letter is late when received after <see cref="Duration"/>
/// calendar days counted from the date in the case field <see cref="From"/> (Civil Code Arts. 147-148: that day not
/// counted, a last day off moves to the next working day). Applies only when every <see cref="When"/> value matches.
/// </summary>
public sealed record FilingLimit
{
    public required string Id { get; init; }
    public required string From { get; init; }
    public required string Duration { get; init; }
    public IReadOnlyDictionary<string, string> When { get; init; } = new Dictionary<string, string>();
    /// <summary>First match wins; a variant overrides the duration (45 days for a second complaint in a remote area).</summary>
    public IReadOnlyList<FilingLimitVariant> Variants { get; init; } = [];
    public required LocalizedText LegalBasis { get; init; }
}

public sealed record FilingLimitVariant
{
    public IReadOnlyDictionary<string, string> When { get; init; } = new Dictionary<string, string>();
    public required string Duration { get; init; }
}

public sealed record DeadlineVariant
{
    /// <summary>Case field values that must all match ("severity" included).</summary>
    public IReadOnlyDictionary<string, string> When { get; init; } = new Dictionary<string, string>();
    public string? Duration { get; init; }
    public DurationUnit? Unit { get; init; }
    public EscalationDefinition? Escalation { get; init; }
}

public sealed record EscalationDefinition
{
    public WarningLevel? Warning { get; init; }
    public BreachLevel? Breach { get; init; }
    /// <summary>Later levels, each an elapsed time after the breach.</summary>
    public IReadOnlyList<LaterLevel> Levels { get; init; } = [];
}

/// <summary>A warning when <see cref="At"/> (0 &lt; At &lt; 1) of the time allowed has passed.</summary>
public sealed record WarningLevel(double At, IReadOnlyList<string> To);

public sealed record BreachLevel(IReadOnlyList<string> To);

public sealed record LaterLevel(string After, IReadOnlyList<string> To);

/// <summary>
/// Max extensions, each of at most Duration. ByField makes the number follow a case field (a denunciation's complexity:
/// ordinary 0, complex 1, especially complex 2), never above Max.
/// </summary>
public sealed record ExtensionPolicy
{
    public int Max { get; init; }
    public required string Duration { get; init; }
    public IReadOnlyList<string> Approvers { get; init; } = [];
    public ExtensionsByField? ByField { get; init; }

    /// <summary>How many extensions a case with these fields may have.</summary>
    public int Allowed(IReadOnlyDictionary<string, string> fields) =>
        ByField is { } by ? (fields.TryGetValue(by.Field, out var v) && by.Counts.TryGetValue(v, out var n) ? Math.Min(n, Max) : 0) : Max;
}

public sealed record ExtensionsByField(string Field, IReadOnlyDictionary<string, int> Counts);

public static class Recipients
{
    public const string Assignee = "assignee", TeamLead = "team-lead", Leadership = "leadership", Admin = "admin";
    public static readonly IReadOnlyList<string> All = [Assignee, TeamLead, Leadership, Admin];
}
