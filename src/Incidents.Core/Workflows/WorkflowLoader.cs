using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;

namespace Incidents.Core.Workflows;

/// <summary>A definition's file name and text; the host reads the files, the core only parses.</summary>
public sealed record WorkflowSource(string Path, string Json);

/// <summary>One problem in a definition set: the file, the JSON path and what is wrong.</summary>
public sealed record WorkflowError(string File, string JsonPath, string Message)
{
    public override string ToString() => $"{File}: {JsonPath}: {Message}";
}

public sealed record WorkflowLoadResult(WorkflowCatalog Catalog, IReadOnlyList<WorkflowError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Parses and validates a set of definitions and lists every error, each with its file and JSON path. Several versions
/// of one id may be loaded (an archived complaint.v1.json beside complaint.json, or versions the host kept in its
/// database); the catalog keeps them all. The structural checks mirror workflows/workflow.schema.json so that the
/// messages carry exact paths without a schema engine; the semantic checks (reachability, targets, roles, durations)
/// are what a schema cannot say.
/// </summary>
public static partial class WorkflowLoader
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    /// <summary>Roles an action may name: the fixed roles and the relative role "assignee".</summary>
    public static readonly IReadOnlyList<string> ActionRoles = [.. Roles.All, "assignee"];

    public static WorkflowLoadResult Load(IEnumerable<WorkflowSource> sources)
    {
        var errors = new List<WorkflowError>();
        var defs = new List<WorkflowDefinition>();
        foreach (var s in sources)
        {
            var def = LoadOne(s, errors);
            if (def is not null) defs.Add(def);
        }
        CrossCheck(defs, errors);
        return new(new WorkflowCatalog(errors.Count == 0 ? defs : defs.Where(d => !errors.Any(e => e.File == d.SourcePath))), errors);
    }

    /// <summary>SHA-256 of the JSON text with insignificant whitespace removed, lower-case hex.</summary>
    public static string ContentHash(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return ContentHash(doc.RootElement);
    }

    private static string ContentHash(JsonElement root) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(root))));

    private static WorkflowDefinition? LoadOne(WorkflowSource s, List<WorkflowError> errors)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(s.Json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            errors.Add(new(s.Path, e.Path ?? "$", $"invalid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {FirstSentence(e.Message)}"));
            return null;
        }
        using (doc)
        {
            var before = errors.Count;
            new Shape(s.Path, errors).Root(doc.RootElement);
            if (errors.Count > before) return null;
            WorkflowDefinition? def;
            try
            {
                def = doc.RootElement.Deserialize<WorkflowDefinition>(Options);
            }
            catch (JsonException e)
            {
                errors.Add(new(s.Path, e.Path ?? "$", FirstSentence(e.Message)));
                return null;
            }
            if (def is null) { errors.Add(new(s.Path, "$", "empty definition")); return null; }
            def = def with { ContentHash = ContentHash(doc.RootElement), SourcePath = s.Path };
            new Semantics(s.Path, def, errors).Check();
            return def;
        }
    }

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" Path:", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }

    private static void CrossCheck(List<WorkflowDefinition> defs, List<WorkflowError> errors)
    {
        foreach (var g in defs.GroupBy(d => (d.Id, d.Version)).Where(g => g.Count() > 1))
            foreach (var d in g.Skip(1))
                errors.Add(new(d.SourcePath, "$.version",
                    $"duplicate definition '{d.Id}' version {d.Version} (also in {g.First().SourcePath})"));

        // A prefix names one type; two ids sharing one would mix their case numbers.
        foreach (var g in defs.GroupBy(d => d.Prefix).Where(g => g.Select(d => d.Id).Distinct().Count() > 1))
            foreach (var d in g.Where(d => d.Id != g.First().Id))
                errors.Add(new(d.SourcePath, "$.prefix", $"prefix '{d.Prefix}' is already used by '{g.First().Id}'"));

        var ids = defs.Select(d => d.Id).ToHashSet();
        foreach (var d in defs)
            for (var i = 0; i < d.States.Count; i++)
                for (var j = 0; j < d.States[i].Actions.Count; j++)
                    for (var k = 0; k < d.States[i].Actions[j].Effects.Count; k++)
                    {
                        var e = d.States[i].Actions[j].Effects[k];
                        if (e.Kind == EffectKinds.Reclassify && e.Type is { } t && !ids.Contains(t))
                            errors.Add(new(d.SourcePath, $"$.states[{i}].actions[{j}].effects[{k}].type", $"workflow type '{t}' does not exist"));
                    }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*$")] private static partial Regex IdPattern();
    [GeneratedRegex("^[A-Z]{2,5}$")] private static partial Regex PrefixPattern();

    /// <summary>Structural checks, the same as the JSON Schema says: required members, types, allowed values, no unknown members.</summary>
    private sealed class Shape(string file, List<WorkflowError> errors)
    {
        private delegate void Check(JsonElement e, string path);

        private void Error(string path, string message) => errors.Add(new(file, path, message));

        public void Root(JsonElement e) => Obj(e, "$", new()
        {
            ["$schema"] = (false, Str),
            ["id"] = (true, Id),
            ["version"] = (true, PositiveInt),
            ["name"] = (true, Loc),
            ["prefix"] = (true, (x, p) => { if (IsStr(x, p) && !PrefixPattern().IsMatch(x.GetString()!)) Error(p, "prefix must be 2 to 5 capital letters"); }),
            ["team"] = (true, Str),
            ["confidentialReporter"] = (false, Bool),
            ["severities"] = (false, Arr(Str)),
            ["requiredReporterFields"] = (false, Arr(Enum("name", "address", "phone", "email"))),
            ["initialState"] = (true, Str),
            ["fields"] = (false, Arr(Input)),
            ["states"] = (true, Arr(State, minItems: 1)),
            ["deadlines"] = (false, Arr(Deadline)),
            ["filingLimits"] = (false, Arr(FilingLimit)),
        });

        private void FilingLimit(JsonElement e, string p) => Obj(e, p, new()
        {
            ["id"] = (true, Id),
            ["from"] = (true, Str),
            ["duration"] = (true, Str),
            ["when"] = (false, When),
            ["variants"] = (false, Arr((x, q) => Obj(x, q, new()
            {
                ["when"] = (true, When),
                ["duration"] = (true, Str),
            }))),
            ["legalBasis"] = (true, Loc),
        });

        private void When(JsonElement x, string q)
        {
            if (x.ValueKind != JsonValueKind.Object) { Error(q, "must be an object of field values"); return; }
            foreach (var m in x.EnumerateObject()) Str(m.Value, $"{q}.{m.Name}");
        }

        private void AutomaticEntry(JsonElement e, string p) => Obj(e, p, new()
        {
            ["field"] = (true, Str),
            ["offset"] = (true, Str),
            ["from"] = (true, Arr(Str, minItems: 1)),
            ["reason"] = (true, Loc),
        });

        private void State(JsonElement e, string p) => Obj(e, p, new()
        {
            ["id"] = (true, Id),
            ["name"] = (true, Loc),
            // A state does not stop clocks: a deadline names where it is suspended and on what legal ground.
            ["pause"] = (false, (_, q) => Error(q, "a state cannot pause clocks; name the states and the legal ground in the deadline's suspension")),
            ["waiting"] = (false, Bool),
            ["final"] = (false, Bool),
            ["enteredAt"] = (false, AutomaticEntry),
            ["actions"] = (false, Arr(Action)),
        });

        private void Action(JsonElement e, string p) => Obj(e, p, new()
        {
            ["id"] = (true, Id),
            ["label"] = (true, Loc),
            ["target"] = (true, Str),
            ["roles"] = (true, Arr(Str, minItems: 1)),
            ["inputs"] = (false, Arr(Input)),
            ["conditions"] = (false, Arr(Condition)),
            ["effects"] = (false, Arr(Effect)),
            ["needsExtensionLeft"] = (false, Str),
        });

        private void Input(JsonElement e, string p) => Obj(e, p, new()
        {
            ["id"] = (true, Id),
            ["label"] = (true, Loc),
            ["type"] = (true, Enum([.. InputTypes.All])),
            ["required"] = (false, Bool),
            ["choices"] = (false, Arr(Choice)),
            ["default"] = (false, Str),
            ["min"] = (false, Int),
            ["max"] = (false, Int),
        });

        /// <summary>A plain value, or a value with its vi/en words.</summary>
        private void Choice(JsonElement e, string p)
        {
            if (e.ValueKind == JsonValueKind.String) { Str(e, p); return; }
            if (e.ValueKind != JsonValueKind.Object) { Error(p, "must be a non-empty string or an object with value and label"); return; }
            Obj(e, p, new()
            {
                ["value"] = (true, Str),
                ["label"] = (true, Loc),
            });
        }

        private void Condition(JsonElement e, string p) => Obj(e, p, new()
        {
            ["field"] = (true, Str),
            ["source"] = (false, Enum(ConditionSources.Case, ConditionSources.Input)),
            ["equals"] = (false, Str),
            ["notEquals"] = (false, Str),
            ["in"] = (false, Arr(Str, minItems: 1)),
            ["isSet"] = (false, Bool),
            ["receivedBefore"] = (false, Str),
            ["before"] = (false, Str),
            ["negate"] = (false, Bool),
            ["message"] = (false, Loc),
            ["ifUnset"] = (false, Loc),
        });

        private void Effect(JsonElement e, string p) => Obj(e, p, new()
        {
            ["kind"] = (true, Enum([.. EffectKinds.All])),
            ["deadline"] = (false, Str),
            ["type"] = (false, Str),
            ["length"] = (false, Str),
            ["fields"] = (false, Arr(Str, minItems: 1)),
        });

        private void Deadline(JsonElement e, string p) => Obj(e, p, new()
        {
            ["id"] = (true, Id),
            ["name"] = (true, Loc),
            ["startsIn"] = (true, Arr(Str, minItems: 1)),
            ["metIn"] = (false, Arr(Str)),
            ["cancelledIn"] = (false, Arr(Str)),
            ["duration"] = (true, Str),
            ["unit"] = (true, Enum("calendar", "working")),
            ["variants"] = (false, Arr(Variant)),
            ["legalBasis"] = (true, Loc),
            ["escalation"] = (false, Escalation),
            ["extensions"] = (false, Extensions),
            ["endsBefore"] = (false, Str),
            ["from"] = (false, Enum(DeadlineStarts.Entry, DeadlineStarts.Receipt)),
            ["suspension"] = (false, (x, q) => Obj(x, q, new()
            {
                ["in"] = (true, Arr(Str, minItems: 1)),
                ["ground"] = (true, Loc),
            })),
        });

        private void Variant(JsonElement e, string p) => Obj(e, p, new()
        {
            ["when"] = (true, (x, q) =>
            {
                if (x.ValueKind != JsonValueKind.Object) { Error(q, "must be an object of field values"); return; }
                foreach (var m in x.EnumerateObject()) Str(m.Value, $"{q}.{m.Name}");
            }),
            ["duration"] = (false, Str),
            ["unit"] = (false, Enum("calendar", "working")),
            ["escalation"] = (false, Escalation),
        });

        private void Escalation(JsonElement e, string p) => Obj(e, p, new()
        {
            ["warning"] = (false, (x, q) => Obj(x, q, new()
            {
                ["at"] = (true, (y, r) =>
                {
                    if (y.ValueKind != JsonValueKind.Number) Error(r, "must be a number");
                    else if (y.GetDouble() is <= 0 or >= 1) Error(r, "must be a share of the time allowed, between 0 and 1");
                }),
                ["to"] = (true, Arr(Str, minItems: 1)),
            })),
            ["breach"] = (false, (x, q) => Obj(x, q, new() { ["to"] = (true, Arr(Str, minItems: 1)) })),
            ["levels"] = (false, Arr((x, q) => Obj(x, q, new()
            {
                ["after"] = (true, Str),
                ["to"] = (true, Arr(Str, minItems: 1)),
            }))),
        });

        private void Extensions(JsonElement e, string p) => Obj(e, p, new()
        {
            ["max"] = (true, PositiveInt),
            ["duration"] = (true, Str),
            ["approvers"] = (true, Arr(Str, minItems: 1)),
            ["byField"] = (false, (x, q) => Obj(x, q, new()
            {
                ["field"] = (true, Str),
                ["counts"] = (true, (y, r) =>
                {
                    if (y.ValueKind != JsonValueKind.Object) { Error(r, "must be an object of field value: number of extensions"); return; }
                    foreach (var m in y.EnumerateObject())
                        if (m.Value.ValueKind != JsonValueKind.Number || !m.Value.TryGetInt32(out var n) || n < 0)
                            Error($"{r}.{m.Name}", "must be a whole number of at least 0");
                }),
            })),
        });

        private void Obj(JsonElement e, string path, Dictionary<string, (bool Required, Check Check)> props)
        {
            if (e.ValueKind != JsonValueKind.Object) { Error(path, "must be an object"); return; }
            var seen = new HashSet<string>();
            foreach (var m in e.EnumerateObject())
            {
                if (!seen.Add(m.Name)) Error($"{path}.{m.Name}", $"duplicate property '{m.Name}'");
                else if (props.TryGetValue(m.Name, out var prop)) prop.Check(m.Value, $"{path}.{m.Name}");
                else Error($"{path}.{m.Name}", $"unknown property '{m.Name}'");
            }
            foreach (var (name, prop) in props)
                if (prop.Required && !e.TryGetProperty(name, out _))
                    Error(path, $"missing required property '{name}'");
        }

        private Check Arr(Check item, int minItems = 0) => (e, p) =>
        {
            if (e.ValueKind != JsonValueKind.Array) { Error(p, "must be an array"); return; }
            if (e.GetArrayLength() < minItems) Error(p, $"must have at least {minItems} item(s)");
            var i = 0;
            foreach (var x in e.EnumerateArray()) item(x, $"{p}[{i++}]");
        };

        private void Str(JsonElement e, string p) => IsStr(e, p);

        private bool IsStr(JsonElement e, string p)
        {
            if (e.ValueKind == JsonValueKind.String && e.GetString()!.Length > 0) return true;
            Error(p, "must be a non-empty string");
            return false;
        }

        private void Id(JsonElement e, string p)
        {
            if (IsStr(e, p) && !IdPattern().IsMatch(e.GetString()!)) Error(p, "must be lower-case letters, digits and dashes, starting with a letter");
        }

        private void Bool(JsonElement e, string p)
        {
            if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) Error(p, "must be true or false");
        }

        private void Int(JsonElement e, string p)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out _)) Error(p, "must be a whole number");
        }

        private void PositiveInt(JsonElement e, string p)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var v) || v < 1) Error(p, "must be a whole number of at least 1");
        }

        private Check Enum(params string[] allowed) => (e, p) =>
        {
            if (IsStr(e, p) && !allowed.Contains(e.GetString())) Error(p, $"must be one of {string.Join(", ", allowed)}");
        };

        private void Loc(JsonElement e, string p) => Obj(e, p, new() { ["vi"] = (true, Str), ["en"] = (true, Str) });
    }

    /// <summary>What a schema cannot say: references between members, reachability, roles, durations.</summary>
    private sealed class Semantics(string file, WorkflowDefinition d, List<WorkflowError> errors)
    {
        private void Error(string path, string message) => errors.Add(new(file, path, message));

        public void Check()
        {
            if (!Roles.IsKnown(d.Team)) Error("$.team", $"unknown team '{d.Team}' (a role: {string.Join(", ", Roles.All)})");
            var stateIds = d.States.Select(s => s.Id).ToHashSet();
            if (!stateIds.Contains(d.InitialState)) Error("$.initialState", $"initial state '{d.InitialState}' does not exist");
            Duplicates(d.States.Select(s => s.Id), i => $"$.states[{i}].id", "state");
            Duplicates(d.Fields.Select(f => f.Id), i => $"$.fields[{i}].id", "case field");
            Duplicates(d.Deadlines.Select(x => x.Id), i => $"$.deadlines[{i}].id", "deadline");
            for (var i = 0; i < d.Fields.Count; i++) InputDef(d.Fields[i], $"$.fields[{i}]", isField: true);

            for (var i = 0; i < d.States.Count; i++)
            {
                var s = d.States[i];
                var sp = $"$.states[{i}]";
                if (s.Final && s.Actions.Count > 0) Error($"{sp}.actions", $"final state '{s.Id}' cannot have actions");
                if (!s.Final && s.Actions.Count == 0) Error(sp, $"state '{s.Id}' is not final and has no actions");
                if (s.Final && s.Waiting) Error($"{sp}.waiting", $"final state '{s.Id}' waits on nobody");
                Duplicates(s.Actions.Select(a => a.Id), j => $"{sp}.actions[{j}].id", "action");
                for (var j = 0; j < s.Actions.Count; j++) Action(s, s.Actions[j], $"{sp}.actions[{j}]", stateIds);
            }
            Reachability();
            for (var i = 0; i < d.Deadlines.Count; i++) Deadline(d.Deadlines[i], $"$.deadlines[{i}]", stateIds);
            Duplicates(d.FilingLimits.Select(x => x.Id), i => $"$.filingLimits[{i}].id", "filing limit");
            for (var i = 0; i < d.FilingLimits.Count; i++) FilingLimit(d.FilingLimits[i], $"$.filingLimits[{i}]");
            for (var i = 0; i < d.States.Count; i++)
                if (d.States[i].EnteredAt is { } auto) AutomaticEntry(d.States[i], auto, $"$.states[{i}].enteredAt", stateIds);
        }

        private void FilingLimit(FilingLimit x, string p)
        {
            if (d.Fields.FirstOrDefault(f => f.Id == x.From) is not { Type: InputTypes.Date })
                Error($"{p}.from", $"'{x.From}' is not a date case field");
            WholeDays(x.Duration, $"{p}.duration");
            When(x.When, $"{p}.when");
            for (var k = 0; k < x.Variants.Count; k++)
            {
                When(x.Variants[k].When, $"{p}.variants[{k}].when");
                WholeDays(x.Variants[k].Duration, $"{p}.variants[{k}].duration");
            }
        }

        private void AutomaticEntry(StateDefinition s, AutomaticEntry a, string p, HashSet<string> stateIds)
        {
            if (s.Final) Error(p, $"final state '{s.Id}' cannot be entered by itself (a case must be handed on from it)");
            if (d.Fields.FirstOrDefault(f => f.Id == a.Field) is not { Type: InputTypes.Date })
                Error($"{p}.field", $"'{a.Field}' is not a date case field");
            if (!IsoDuration.TryParseDayOffset(a.Offset, out _))
                Error($"{p}.offset", $"'{a.Offset}' is not a whole-day ISO 8601 duration (e.g. -P10D)");
            for (var k = 0; k < a.From.Count; k++)
            {
                if (!stateIds.Contains(a.From[k])) Error($"{p}.from[{k}]", $"state '{a.From[k]}' does not exist");
                else if (d.State(a.From[k]) is { Final: true }) Error($"{p}.from[{k}]", $"state '{a.From[k]}' is final: its cases are closed");
                else if (a.From[k] == s.Id) Error($"{p}.from[{k}]", $"a state cannot be entered from itself");
            }
        }

        /// <summary>Field values that select a filing limit or variant: each a case field ("severity" included) and a value it may take.</summary>
        private void When(IReadOnlyDictionary<string, string> when, string p)
        {
            foreach (var (field, value) in when)
            {
                if (field == "severity")
                {
                    if (!d.Severities.Contains(value)) Error($"{p}.{field}", $"'{value}' is not one of the severities");
                }
                else if (d.Fields.FirstOrDefault(f => f.Id == field) is not { } f) Error($"{p}.{field}", $"case field '{field}' does not exist");
                else if (InputRules.Check(f, value) is { } problem) Error($"{p}.{field}", problem);
            }
        }

        private void WholeDays(string text, string p)
        {
            if (!IsoDuration.TryParse(text, out var dur) || dur.HasTime || dur.Days < 1)
                Error(p, $"'{text}' is not a whole-day ISO 8601 duration of at least one day (P90D)");
        }

        private void Duplicates(IEnumerable<string> ids, Func<int, string> path, string what)
        {
            var seen = new HashSet<string>();
            var i = 0;
            foreach (var id in ids)
            {
                if (!seen.Add(id)) Error(path(i), $"duplicate {what} id '{id}'");
                i++;
            }
        }

        private void Action(StateDefinition s, ActionDefinition a, string p, HashSet<string> stateIds)
        {
            if (!stateIds.Contains(a.Target)) Error($"{p}.target", $"target state '{a.Target}' does not exist");
            for (var k = 0; k < a.Roles.Count; k++)
                if (!ActionRoles.Contains(a.Roles[k]))
                    Error($"{p}.roles[{k}]", $"unknown role '{a.Roles[k]}' (allowed: {string.Join(", ", ActionRoles)})");
            Duplicates(a.Inputs.Select(x => x.Id), k => $"{p}.inputs[{k}].id", "input");
            for (var k = 0; k < a.Inputs.Count; k++) InputDef(a.Inputs[k], $"{p}.inputs[{k}]", isField: false);
            for (var k = 0; k < a.Conditions.Count; k++) Condition(a, a.Conditions[k], $"{p}.conditions[{k}]");
            for (var k = 0; k < a.Effects.Count; k++)
            {
                var e = a.Effects[k];
                var ep = $"{p}.effects[{k}]";
                if (e.Kind == EffectKinds.Extend)
                {
                    if (e.Deadline is null) Error(ep, "an extend effect names its deadline");
                    else if (d.Deadline(e.Deadline) is not { } dl) Error($"{ep}.deadline", $"deadline '{e.Deadline}' does not exist");
                    else if (dl.Extensions is null) Error($"{ep}.deadline", $"deadline '{e.Deadline}' allows no extensions");
                    else if (!a.Roles.Any(dl.Extensions.Approvers.Contains))
                        Error($"{p}.roles", $"none of the roles of '{a.Id}' may approve extensions of '{dl.Id}' ({string.Join(", ", dl.Extensions.Approvers)})");
                }
                else if (e.Kind == EffectKinds.Reclassify && e.Type is null) Error(ep, "a reclassify effect names the new type");
                else if (e.Kind == EffectKinds.SetFields)
                {
                    if (e.Fields.Count == 0) Error(ep, "a setFields effect names the case fields it sets");
                    for (var f = 0; f < e.Fields.Count; f++)
                    {
                        if (d.Fields.FirstOrDefault(x => x.Id == e.Fields[f]) is not { } field)
                            Error($"{ep}.fields[{f}]", $"case field '{e.Fields[f]}' does not exist");
                        else if (a.Inputs.FirstOrDefault(x => x.Id == field.Id) is not { } input)
                            Error($"{ep}.fields[{f}]", $"action '{a.Id}' has no input '{field.Id}' to set it from");
                        else if (input.Type != field.Type || !input.Choices.Select(c => c.Value).SequenceEqual(field.Choices.Select(c => c.Value)))
                            Error($"{ep}.fields[{f}]", $"input '{input.Id}' must have the type and choices of the case field");
                    }
                }
                if (e.Length is { } length && (e.Kind != EffectKinds.Extend
                        || a.Inputs.FirstOrDefault(x => x.Id == length) is not { Type: InputTypes.Number, Required: true, Min: >= 1, Max: not null }))
                    Error($"{ep}.length", "length names a required number input (min at least 1, with a max) of an extend effect");
                else if (e.Length is { } l && d.Deadline(e.Deadline ?? "")?.Extensions is { } policy
                         && IsoDuration.TryParse(policy.Duration, out var most) && a.Inputs.First(x => x.Id == l).Max > most.Days)
                    Error($"{ep}.length", $"input '{l}' allows more days than the policy's {policy.Duration}");
            }
            if (a.NeedsExtensionLeft is { } needs && d.Deadline(needs)?.Extensions is null)
                Error($"{p}.needsExtensionLeft", $"deadline '{needs}' does not exist or allows no extensions");
        }

        private void InputDef(InputDefinition x, string p, bool isField)
        {
            if (x.Type == InputTypes.Choice && x.Choices.Count == 0) Error($"{p}.choices", "a choice input lists its choices");
            if (x.Type != InputTypes.Choice && x.Choices.Count > 0) Error($"{p}.choices", $"only a choice input has choices (type is {x.Type})");
            for (var i = 0; i < x.Choices.Count; i++)
                if (x.Choices.Take(i).Any(c => c.Value == x.Choices[i].Value)) Error($"{p}.choices[{i}]", $"duplicate choice '{x.Choices[i].Value}'");
            if (!isField && x.Default is not null) Error($"{p}.default", "only case fields have a default");
            if (x.Type != InputTypes.Number && (x.Min is not null || x.Max is not null)) Error(p, "only a number input has min and max");
            if (x.Min > x.Max) Error($"{p}.max", "must be at least min");
            if (x.Default is { } v && InputRules.Check(x, v) is { } problem) Error($"{p}.default", problem);
        }

        private void Condition(ActionDefinition a, ConditionDefinition c, string p)
        {
            var tests = new object?[] { c.Is, c.NotEquals, c.In, c.IsSet, c.ReceivedBefore, c.Before }.Count(t => t is not null);
            if (tests != 1) Error(p, "a condition has exactly one test: equals, notEquals, in, isSet, receivedBefore or before");
            InputDefinition? target = c.Source == ConditionSources.Input
                ? a.Inputs.FirstOrDefault(i => i.Id == c.Field)
                : d.Fields.FirstOrDefault(f => f.Id == c.Field);
            var known = target is not null || (c.Source == ConditionSources.Case && c.Field == "severity" && d.Severities.Count > 0);
            if (!known)
                Error($"{p}.field", c.Source == ConditionSources.Input
                    ? $"action '{a.Id}' has no input '{c.Field}'"
                    : $"case field '{c.Field}' does not exist");
            if (c.ReceivedBefore is { } rb)
            {
                if (c.Source != ConditionSources.Case || (target is not null && target.Type != InputTypes.Date))
                    Error($"{p}.receivedBefore", "receivedBefore compares the receipt date with a date case field");
                if (!IsoDuration.TryParseDayOffset(rb, out _))
                    Error($"{p}.receivedBefore", $"'{rb}' is not a whole-day ISO 8601 duration (e.g. -P10D)");
            }
            if (c.Before is { } before)
            {
                if (c.Source != ConditionSources.Case || (target is not null && target.Type != InputTypes.Date))
                    Error($"{p}.before", "before compares the action's date with a date case field");
                if (!IsoDuration.TryParseDayOffset(before, out _))
                    Error($"{p}.before", $"'{before}' is not a whole-day ISO 8601 duration (e.g. -P10D)");
            }
            if (c.IfUnset is not null && c.Before is null) Error($"{p}.ifUnset", "ifUnset gives the reason a before test fails on an empty date field");
        }

        private void Reachability()
        {
            if (d.State(d.InitialState) is null) return;
            var seen = new HashSet<string> { d.InitialState };
            var queue = new Queue<string>([d.InitialState]);
            while (queue.TryDequeue(out var id))
            {
                foreach (var a in d.State(id)?.Actions ?? [])
                    if (seen.Add(a.Target)) queue.Enqueue(a.Target);
                // A state entered by itself (enteredAt) is reached from the states it lists.
                foreach (var s in d.States.Where(s => s.EnteredAt?.From.Contains(id) == true))
                    if (seen.Add(s.Id)) queue.Enqueue(s.Id);
            }
            for (var i = 0; i < d.States.Count; i++)
                if (!seen.Contains(d.States[i].Id))
                    Error($"$.states[{i}]", $"state '{d.States[i].Id}' is unreachable from the initial state '{d.InitialState}'");
        }

        private void Deadline(DeadlineDefinition x, string p, HashSet<string> stateIds)
        {
            void States(IReadOnlyList<string> ids, string member)
            {
                for (var k = 0; k < ids.Count; k++)
                    if (!stateIds.Contains(ids[k])) Error($"{p}.{member}[{k}]", $"state '{ids[k]}' does not exist");
            }
            States(x.StartsIn, "startsIn");
            States(x.MetIn, "metIn");
            States(x.CancelledIn, "cancelledIn");
            if (x.Suspension is { } susp)
            {
                States(susp.In, "suspension.in");
                for (var k = 0; k < susp.In.Count; k++)
                    if (d.State(susp.In[k]) is { Final: true }) Error($"{p}.suspension.in[{k}]", $"final state '{susp.In[k]}' cannot suspend a limit");
            }
            if (x.Extensions?.ByField is { } by)
            {
                if (d.Fields.FirstOrDefault(f => f.Id == by.Field) is not { } f) Error($"{p}.extensions.byField.field", $"case field '{by.Field}' does not exist");
                else
                    foreach (var (value, n) in by.Counts)
                    {
                        if (InputRules.Check(f, value) is { } problem) Error($"{p}.extensions.byField.counts.{value}", problem);
                        if (n > x.Extensions.Max) Error($"{p}.extensions.byField.counts.{value}", $"more than max ({x.Extensions.Max})");
                    }
            }
            if (x.EndsBefore is { } eb && d.Fields.FirstOrDefault(f => f.Id == eb) is not { Type: InputTypes.Date })
                Error($"{p}.endsBefore", $"'{eb}' is not a date case field");
            Duration(x.Duration, x.Unit, $"{p}.duration");
            if (x.Escalation is null) Error(p, $"deadline '{x.Id}' has no escalation");
            else Escalation(x.Escalation, $"{p}.escalation", x.Id);
            for (var k = 0; k < x.Variants.Count; k++)
            {
                var v = x.Variants[k];
                var vp = $"{p}.variants[{k}]";
                foreach (var (field, value) in v.When)
                {
                    if (field == "severity")
                    {
                        if (!d.Severities.Contains(value)) Error($"{vp}.when.{field}", $"'{value}' is not one of the severities");
                    }
                    else if (d.Fields.FirstOrDefault(f => f.Id == field) is not { } f) Error($"{vp}.when.{field}", $"case field '{field}' does not exist");
                    else if (InputRules.Check(f, value) is { } problem) Error($"{vp}.when.{field}", problem);
                }
                if (v.Duration is not null || v.Unit is not null)
                    Duration(v.Duration ?? x.Duration, v.Unit ?? x.Unit, v.Duration is null ? $"{vp}.unit" : $"{vp}.duration");
                if (v.Escalation is not null) Escalation(v.Escalation, $"{vp}.escalation", x.Id);
            }
            if (x.Extensions is { } ext)
            {
                Duration(ext.Duration, x.Unit, $"{p}.extensions.duration");
                for (var k = 0; k < ext.Approvers.Count; k++)
                    if (!Roles.IsKnown(ext.Approvers[k])) Error($"{p}.extensions.approvers[{k}]", $"unknown role '{ext.Approvers[k]}' (allowed: {string.Join(", ", Roles.All)})");
            }
        }

        private void Duration(string text, DurationUnit unit, string p)
        {
            if (!IsoDuration.TryParse(text, out var dur))
                Error(p, $"'{text}' is not a supported ISO 8601 duration (weeks, days, hours, minutes, seconds: P10D, PT15M)");
            else if (unit == DurationUnit.Working && dur.HasTime)
                Error(p, $"'{text}' has a time part, which a working-day duration cannot have");
        }

        private void Escalation(EscalationDefinition e, string p, string id)
        {
            if (e.Breach is null) Error(p, $"deadline '{id}' has no breach level");
            Recipients(e.Warning?.To, $"{p}.warning.to");
            Recipients(e.Breach?.To, $"{p}.breach.to");
            for (var k = 0; k < e.Levels.Count; k++)
            {
                if (!IsoDuration.TryParse(e.Levels[k].After, out _))
                    Error($"{p}.levels[{k}].after", $"'{e.Levels[k].After}' is not a supported ISO 8601 duration");
                Recipients(e.Levels[k].To, $"{p}.levels[{k}].to");
            }
        }

        private void Recipients(IReadOnlyList<string>? to, string p)
        {
            for (var k = 0; k < (to?.Count ?? 0); k++)
                if (!Workflows.Recipients.All.Contains(to![k]))
                    Error($"{p}[{k}]", $"unknown recipient '{to[k]}' (allowed: {string.Join(", ", Workflows.Recipients.All)})");
        }
    }
}

/// <summary>Checks one input value against its definition; shared by the loader, intake fields and actions.</summary>
public static class InputRules
{
    /// <summary>Null when the value fits, else the problem in English (the loader's messages are for whoever edits the files).</summary>
    public static string? Check(InputDefinition input, string value) => Problem(input, value)?.Text.En;

    /// <summary>Null when the value fits, else the problem as a code with its arguments.</summary>
    public static FieldProblem? Problem(InputDefinition input, string value) => input.Type switch
    {
        InputTypes.Bool when value is not ("true" or "false") => FieldProblem.Of(FieldProblem.NotTrueOrFalse),
        InputTypes.Choice when input.Choice(value) is null =>
            FieldProblem.Of(FieldProblem.NotAChoice, ("choices", string.Join(", ", input.Choices.Select(c => c.Value)))),
        InputTypes.Date when !DateOnly.TryParseExact(value, "yyyy-MM-dd", out _) => FieldProblem.Of(FieldProblem.NotADate),
        InputTypes.Text when string.IsNullOrWhiteSpace(value) => FieldProblem.Of(FieldProblem.Empty),
        InputTypes.Number when !int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            || n < (input.Min ?? int.MinValue) || n > (input.Max ?? int.MaxValue) =>
            new FieldProblem(FieldProblem.NotANumber, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["min"] = input.Min is { } lo ? FieldProblem.Number(lo) : "",
                ["max"] = input.Max is { } hi ? FieldProblem.Number(hi) : "",
            }.Where(kv => kv.Value.Length > 0).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal)),
        _ => null,
    };

    /// <summary>Every problem with a set of values, by input id: required ones missing, values that don't fit, unknown ids.</summary>
    public static IReadOnlyDictionary<string, FieldProblem> Validate(IReadOnlyList<InputDefinition> inputs, IReadOnlyDictionary<string, string> values, bool allowUnknown = false)
    {
        var problems = new Dictionary<string, FieldProblem>();
        foreach (var i in inputs)
        {
            if (!values.TryGetValue(i.Id, out var v) || string.IsNullOrWhiteSpace(v))
            {
                if (i.Required) problems[i.Id] = FieldProblem.Of(FieldProblem.Required);
                continue;
            }
            // Text inputs (reasons, notes) keep line breaks; every other type is one token.
            if (FieldProblem.OfText(v, longText: i.Type == InputTypes.Text) is { } t) problems[i.Id] = t;
            else if (Problem(i, v) is { } p) problems[i.Id] = p;
        }
        if (!allowUnknown)
            foreach (var k in values.Keys.Where(k => inputs.All(i => i.Id != k)))
                problems[k] = FieldProblem.Of(FieldProblem.NotAnInput);
        return problems;
    }
}
