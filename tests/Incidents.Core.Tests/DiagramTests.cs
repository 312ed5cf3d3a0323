using System.Text.RegularExpressions;
using Incidents.Core.Workflows;

namespace Incidents.Core.Tests;

/// <summary>
/// The Mermaid text is checked line by line against the stateDiagram-v2 shapes WorkflowDiagram writes, with the limits of
/// mermaid 10's lexer: ids without '-' or ':', labels without ':' ';' '#' '%' (a second ':' ends the label and fails the parse).
/// </summary>
public class DiagramTests
{
    private const string Node = "[A-Za-z][A-Za-z0-9_]*";
    private const string LabelChars = @"[\p{L}\p{N} _.,()\[\]/+=≠∈·'-]+";
    private static readonly Regex Header = new("^stateDiagram-v2$");
    private static readonly Regex Declaration = new($"^    state \"(?<name>[^\"\\n:;#%]+)\" as (?<node>{Node})$");
    private static readonly Regex Start = new($@"^    \[\*\] --> (?<node>{Node})$");
    private static readonly Regex Transition = new($"^    (?<from>{Node}) --> (?<to>{Node}) : (?<label>{LabelChars})$");
    private static readonly Regex End = new($@"^    (?<node>{Node}) --> \[\*\]$");
    private static readonly Regex ClassDef = new("^    classDef (?<cls>pause|final) [a-z-]+:[#0-9a-z]+(,[a-z-]+:[#0-9a-z]+)*$");
    private static readonly Regex Class = new($"^    class (?<nodes>{Node}(,{Node})*) (?<cls>pause|final)$");
    private static readonly string[] Keywords = ["state", "note", "class", "classdef", "default", "direction", "scale", "hide", "end", "as"];

    private sealed record Parsed(Dictionary<string, string> Names, string? Initial, List<(string From, string To, string Label)> Edges,
        HashSet<string> Finals, Dictionary<string, HashSet<string>> Classes);

    /// <summary>Every line must be one of the kinds above; anything else fails with the offending line.</summary>
    private static Parsed Parse(string mermaid)
    {
        var lines = mermaid.TrimEnd('\n').Split('\n');
        Assert.Matches(Header, lines[0]);
        var p = new Parsed(new(), null, [], [], new());
        string? initial = null;
        foreach (var line in lines.Skip(1))
        {
            Match m;
            if ((m = Declaration.Match(line)).Success) Assert.True(p.Names.TryAdd(m.Groups["node"].Value, m.Groups["name"].Value), line);
            else if ((m = Start.Match(line)).Success) { Assert.Null(initial); initial = m.Groups["node"].Value; }
            else if ((m = Transition.Match(line)).Success) p.Edges.Add((m.Groups["from"].Value, m.Groups["to"].Value, m.Groups["label"].Value));
            else if ((m = End.Match(line)).Success) p.Finals.Add(m.Groups["node"].Value);
            else if ((m = ClassDef.Match(line)).Success) Assert.True(p.Classes.TryAdd(m.Groups["cls"].Value, []), line);
            else if ((m = Class.Match(line)).Success)
            {
                Assert.True(p.Classes.ContainsKey(m.Groups["cls"].Value), $"class before its classDef: {line}");
                p.Classes[m.Groups["cls"].Value].UnionWith(m.Groups["nodes"].Value.Split(','));
            }
            else Assert.Fail($"not a stateDiagram-v2 line of a known kind: '{line}'");
        }
        return p with { Initial = initial };
    }

    public static TheoryData<string, int> Shipped_versions()
    {
        var data = new TheoryData<string, int>();
        foreach (var d in Shipped.Catalog.All) data.Add(d.Id, d.Version);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shipped_versions))]
    public void Every_shipped_workflow_is_valid_mermaid_with_every_action(string id, int version)
    {
        var def = Shipped.Catalog.Get(id, version)!;
        var p = Parse(WorkflowDiagram.Mermaid(def));

        // Each state declared once under a mermaid-safe id that is no keyword; names carry the pause mark.
        Assert.Equal(def.States.Count, p.Names.Count);
        Assert.All(p.Names.Keys, n => Assert.DoesNotContain(n.ToLowerInvariant(), Keywords));
        var node = def.States.ToDictionary(s => s.Id, s => p.Names.Single(kv => kv.Key == s.Id.Replace('-', '_')).Key);
        foreach (var s in def.States)
        {
            Assert.StartsWith(def.Suspends(s.Id) ? WorkflowDiagram.PauseMark + " " : "", p.Names[node[s.Id]]);
            Assert.Contains(s.Name.Vi, p.Names[node[s.Id]]);
        }

        Assert.Equal(node[def.InitialState], p.Initial);
        // Every action is one edge from its state to its target, labelled with its id first; no label holds ':'.
        var actions = def.States.SelectMany(s => s.Actions.Select(a => (State: s.Id, Action: a))).ToList();
        Assert.Equal(actions.Count, p.Edges.Count);
        foreach (var (state, a) in actions)
        {
            var edge = Assert.Single(p.Edges, e => e.From == node[state] && e.Label.Split(' ')[0] == a.Id);
            Assert.Equal(node[a.Target], edge.To);
            Assert.Contains($"[{string.Join(", ", a.Roles)}]", edge.Label);
        }
        Assert.All(p.Edges, e => Assert.DoesNotContain(':', e.Label));

        Assert.Equal(def.States.Where(s => s.Final).Select(s => node[s.Id]).ToHashSet(), p.Finals);
        Assert.Equal(def.States.Where(s => s.Final).Select(s => node[s.Id]).ToHashSet(), p.Classes.GetValueOrDefault("final") ?? []);
        Assert.Equal(def.States.Where(s => def.Suspends(s.Id)).Select(s => node[s.Id]).ToHashSet(), p.Classes.GetValueOrDefault("pause") ?? []);
        Assert.Contains(def.States, s => s.Final);
    }

    [Fact]
    public void Guards_are_in_the_label_without_characters_mermaid_rejects()
    {
        // The candidate complaint's conditions carry Vietnamese messages; they show in the label as guards.
        var def = Shipped.Get("candidate-complaint");
        var p = Parse(WorkflowDiagram.Mermaid(def));
        var consider = def.States.SelectMany(s => s.Actions).Single(a => a.Id == "consider");
        var edge = Assert.Single(p.Edges, e => e.Label.StartsWith("consider ", StringComparison.Ordinal));
        Assert.Contains($"[{consider.Conditions[0].Message!.Vi}]", edge.Label);

        const string json = """
        {
          "id": "odd", "version": 1, "name": { "vi": "Lạ: \"tên\"; #1", "en": "Odd" }, "prefix": "OD", "team": "complaints",
          "initialState": "default",
          "states": [
            { "id": "default", "name": { "vi": "Mở: <b>x</b>; 50%", "en": "Open" }, "actions": [
              { "id": "go", "label": { "vi": "Đi", "en": "Go" }, "target": "a-b", "roles": ["complaints"],
                "inputs": [ { "id": "x", "label": { "vi": "X", "en": "X" }, "type": "text" } ],
                "conditions": [ { "field": "x", "source": "input", "isSet": true,
                  "message": { "vi": "Ghi chú: phải có; #x {y} 100%", "en": "Note" } } ] },
              { "id": "go2", "label": { "vi": "Đi", "en": "Go" }, "target": "end", "roles": ["complaints"],
                "inputs": [ { "id": "kind", "label": { "vi": "K", "en": "K" }, "type": "text" } ],
                "conditions": [ { "field": "kind", "source": "input", "in": ["p", "q"] } ] } ] },
            { "id": "a-b", "name": { "vi": "Xong", "en": "Done" }, "final": true },
            { "id": "end", "name": { "vi": "Xong 2", "en": "Done 2" }, "final": true }
          ]
        }
        """;
        var r = WorkflowLoader.Load([new WorkflowSource("odd.json", json)]);
        Assert.True(r.IsValid, string.Join("\n", r.Errors));
        var odd = Parse(WorkflowDiagram.Mermaid(r.Catalog.Current("odd")!));
        // Keyword ids are prefixed; '-' becomes '_'.
        Assert.Equal(["s_default", "a_b", "s_end"], odd.Names.Keys);
        Assert.Equal("Mở b x /b , 50", odd.Names["s_default"]);
        Assert.Equal(("s_default", "a_b", "go [complaints] [Ghi chú phải có, x (y) 100]"), odd.Edges[0]);
        Assert.Equal(("s_default", "s_end", "go2 [complaints] [input.kind ∈ (p, q)]"), odd.Edges[1]);
    }

    /// <summary>The admin page's diagram (issue #12): state names and action labels in the reader's language, roles in
    /// the caller's words, and no id anywhere; still a diagram of the same shape.</summary>
    [Theory]
    [MemberData(nameof(Shipped_versions))]
    public void The_readers_diagram_draws_names_and_labels_and_no_id(string id, int version)
    {
        var def = Shipped.Catalog.Get(id, version)!;
        foreach (var culture in new[] { "vi", "en" })
        {
            var p = Parse(WorkflowDiagram.Mermaid(def, culture, r => "vai trò " + r.Length));
            Assert.Equal(Parse(WorkflowDiagram.Mermaid(def)).Edges.Count, p.Edges.Count);
            var labels = string.Join(" ", p.Edges.Select(e => e.Label)) + " " + string.Join(" ", p.Names.Values);
            // English labels may write a word an id also uses ("hand-over"); Vietnamese has none.
            foreach (var a in def.States.SelectMany(s => s.Actions).Where(a => a.Id.Contains('-') && culture == "vi"))
                Assert.DoesNotMatch($@"(?<![\w-]){Regex.Escape(a.Id)}(?![\w-])", labels);
            foreach (var s in def.States) Assert.Contains(s.Name.In(culture).Split(' ')[0], labels);
            Assert.Contains("vai trò ", labels); // roles come through the caller's words
        }
    }
}
