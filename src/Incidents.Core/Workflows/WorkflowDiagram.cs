using System.Globalization;
using System.Text;
using Incidents.Core.Cases;
using Stateless.Reflection;

namespace Incidents.Core.Workflows;

/// <summary>
/// Draws a definition as a Mermaid stateDiagram-v2 from Stateless's graph info (machine.GetInfo(): states, fixed
/// transitions and their guard descriptions; all transitions are PermitIf, never async, so all are there).
/// Stateless's own MermaidGraph.Format is not used: it writes guard descriptions ("roles: complaints") into labels, and
/// mermaid's lexer ends a label at a second ':' (and at ';'), so its text does not draw. The API, the CLI verb and the
/// admin page all show this one text.
/// </summary>
/// <remarks>
/// Lines written, one kind each (tests check every line against these shapes):
/// <c>stateDiagram-v2</c>; <c>state "name" as node</c>; <c>[*] --> node</c>; <c>node --> node : label</c>;
/// <c>node --> [*]</c> (final states); <c>classDef pause|final style</c>; <c>class node,node pause|final</c>.
/// Node ids are the state ids with '-' written '_' (mermaid ids stop at '-'); labels keep letters, digits, spaces and
/// plain punctuation only.
/// </remarks>
public static class WorkflowDiagram
{
    public const string PauseMark = "⏸";

    // Words mermaid's state-diagram lexer takes as keywords where an id is expected.
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
        { "state", "note", "class", "classDef", "default", "direction", "scale", "hide", "end", "as", "left", "right", "accTitle", "accDescr" };

    public static string Mermaid(WorkflowDefinition def) => Mermaid(def, null, null);

    /// <summary>
    /// The diagram a person reads (the admin page): states by their names and transitions by their actions' labels in
    /// <paramref name="culture"/>, guards in words, roles by <paramref name="role"/>; no id is drawn. The API and the CLI
    /// keep <see cref="Mermaid(WorkflowDefinition)"/>, whose edges start with the action ids their callers send.
    /// </summary>
    public static string Mermaid(WorkflowDefinition def, string? culture, Func<string, string>? role)
    {
        var probe = new CaseRecord
        {
            Number = "", Type = def.Id, WorkflowVersion = def.Version, State = def.InitialState, Title = "",
            LocalityCode = "", Channel = Channel.Counter, ReceivedAt = default, CreatedAt = default,
        };
        var machine = WorkflowRuntime.Build(def, new CaseSnapshot(probe, []), actor: null, inputs: null, probe.ReceivedAt, out var guards, out _);
        return Format(def, machine.GetInfo(), guards, culture, role);
    }

    private static string Format(WorkflowDefinition def, StateMachineInfo info, IReadOnlyDictionary<string, WorkflowRuntime.GuardInfo> guards,
        string? culture, Func<string, string>? role)
    {
        var states = info.States.ToList();
        var nodes = NodeIds(states.Select(s => Id(s.UnderlyingState)));
        var sb = new StringBuilder("stateDiagram-v2\n");
        foreach (var s in states)
        {
            var id = Id(s.UnderlyingState);
            var d = def.State(id);
            var name = Text(d is null ? id : culture is null ? d.Name.Vi : d.Name.In(culture), quoted: true);
            if (def.Suspends(id)) name = $"{PauseMark} {name}";
            sb.Append(CultureInfo.InvariantCulture, $"    state \"{name}\" as {nodes[id]}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"    [*] --> {nodes[Id(info.InitialState.UnderlyingState)]}\n");
        foreach (var s in states)
            foreach (var t in s.FixedTransitions)
                sb.Append(CultureInfo.InvariantCulture,
                    $"    {nodes[Id(s.UnderlyingState)]} --> {nodes[Id(t.DestinationState.UnderlyingState)]} : {(culture is null ? Label(t, guards) : Label(def, s, t, guards, culture, role))}\n");
        var finals = states.Select(s => Id(s.UnderlyingState)).Where(id => def.State(id)?.Final == true).ToList();
        var pauses = states.Select(s => Id(s.UnderlyingState)).Where(def.Suspends).ToList();
        foreach (var id in finals) sb.Append(CultureInfo.InvariantCulture, $"    {nodes[id]} --> [*]\n");
        if (pauses.Count > 0)
        {
            sb.Append("    classDef pause fill:#fff4d6,stroke:#b7791f,stroke-width:2px\n");
            sb.Append(CultureInfo.InvariantCulture, $"    class {string.Join(",", pauses.Select(id => nodes[id]))} pause\n");
        }
        if (finals.Count > 0)
        {
            sb.Append("    classDef final fill:#e8f1e8,stroke:#2f6b2f\n");
            sb.Append(CultureInfo.InvariantCulture, $"    class {string.Join(",", finals.Select(id => nodes[id]))} final\n");
        }
        return sb.ToString();
    }

    private static string Id(object underlying) => (string)underlying;

    /// <summary>The action id, then each guard in brackets by its label (the guard's description is only its key): the roles, conditions as described.</summary>
    private static string Label(FixedTransitionInfo t, IReadOnlyDictionary<string, WorkflowRuntime.GuardInfo> guards)
    {
        var parts = new List<string> { Text(Id(t.Trigger.UnderlyingTrigger), quoted: false) };
        foreach (var g in t.GuardConditionsMethodDescriptions)
            parts.Add($"[{Text(guards.TryGetValue(g.Description, out var info) ? info.Label : g.Description, quoted: false)}]");
        return string.Join(' ', parts);
    }

    /// <summary>The action's label, then each guard in brackets in words: who may act, conditions as their messages say.</summary>
    private static string Label(WorkflowDefinition def, StateInfo from, FixedTransitionInfo t, IReadOnlyDictionary<string, WorkflowRuntime.GuardInfo> guards,
        string culture, Func<string, string>? role)
    {
        var action = def.State(Id(from.UnderlyingState))?.Actions.FirstOrDefault(a => a.Id == Id(t.Trigger.UnderlyingTrigger));
        var parts = new List<string> { Text(action?.Label.In(culture) ?? "-", quoted: false) };
        foreach (var g in t.GuardConditionsMethodDescriptions)
        {
            if (!guards.TryGetValue(g.Description, out var info)) continue;
            var words = info.Roles is { } roles ? string.Join(", ", roles.Select(r => role?.Invoke(r) ?? r)) : info.Words?.In(culture);
            if (words is not null) parts.Add($"[{Text(words, quoted: false)}]");
        }
        return string.Join(' ', parts);
    }

    /// <summary>Letters, digits, spaces and plain punctuation; ':' ';' '#' '%' quotes, braces and markup become harmless look-alikes or spaces.</summary>
    internal static string Text(string text, bool quoted)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var keep = char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or ',' or '(' or ')' or '/' or '+' or '=' or '≠' or '∈' or '·' or '\''
                || (!quoted && c is '[' or ']');
            sb.Append(keep ? c : c switch { ';' => ',', '{' or '[' => '(', '}' or ']' => ')', _ => ' ' });
        }
        var s = string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return s.Length == 0 ? "-" : s;
    }

    /// <summary>Mermaid ids: [A-Za-z][A-Za-z0-9_]*, no keyword, unique (a suffix when two states map to one id).</summary>
    private static Dictionary<string, string> NodeIds(IEnumerable<string> stateIds)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in stateIds)
        {
            var sb = new StringBuilder();
            foreach (var c in id) sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
            var node = sb.ToString();
            if (node.Length == 0 || !char.IsAsciiLetter(node[0]) || Reserved.Contains(node)) node = "s_" + node;
            var unique = node;
            for (var n = 2; !used.Add(unique); n++) unique = $"{node}_{n.ToString(CultureInfo.InvariantCulture)}";
            map[id] = unique;
        }
        return map;
    }
}
