using System.Text.Json.Nodes;
using Incidents.Core.Workflows;

namespace Incidents.Core.Tests;

public class LoaderTests
{
    private const string Valid = """
    {
      "$schema": "./workflow.schema.json",
      "id": "sample", "version": 1, "name": { "vi": "Mẫu", "en": "Sample" },
      "prefix": "MU", "team": "complaints", "initialState": "received",
      "states": [
        { "id": "received", "name": { "vi": "Đã nhận", "en": "Received" }, "actions": [
          { "id": "accept", "label": { "vi": "Thụ lý", "en": "Accept" }, "target": "accepted", "roles": ["complaints"] },
          { "id": "wait", "label": { "vi": "Chờ", "en": "Wait" }, "target": "waiting", "roles": ["assignee"] } ] },
        { "id": "waiting", "name": { "vi": "Chờ", "en": "Waiting" }, "pause": true, "actions": [
          { "id": "back", "label": { "vi": "Tiếp", "en": "Back" }, "target": "received", "roles": ["complaints"] } ] },
        { "id": "accepted", "name": { "vi": "Đã thụ lý", "en": "Accepted" }, "final": true }
      ],
      "deadlines": [
        { "id": "acceptance", "name": { "vi": "Thụ lý", "en": "Acceptance" }, "startsIn": ["received"], "metIn": ["accepted"],
          "duration": "P10D", "unit": "calendar", "legalBasis": { "vi": "Điều 27", "en": "Art. 27" },
          "escalation": { "breach": { "to": ["assignee", "team-lead"] } } }
      ]
    }
    """;

    private static WorkflowLoadResult Load(params (string File, string Json)[] files) =>
        WorkflowLoader.Load(files.Select(f => new WorkflowSource(f.File, f.Json)));

    private static string Edit(Action<JsonObject> change)
    {
        var node = JsonNode.Parse(Valid)!.AsObject();
        change(node);
        return node.ToJsonString();
    }

    private static JsonObject State(JsonObject root, int i) => root["states"]![i]!.AsObject();
    private static JsonObject Action(JsonObject root, int s, int a) => State(root, s)["actions"]![a]!.AsObject();
    private static JsonObject Deadline(JsonObject root, int i) => root["deadlines"]![i]!.AsObject();

    [Fact]
    public void A_valid_definition_loads_with_a_content_hash_that_ignores_whitespace()
    {
        var r = Load(("sample.json", Valid));
        Assert.True(r.IsValid, string.Join("\n", r.Errors));
        var d = r.Catalog.Current("sample")!;
        Assert.Equal(3, d.States.Count);
        Assert.Equal(64, d.ContentHash.Length);
        var compact = JsonNode.Parse(Valid)!.ToJsonString();
        Assert.Equal(d.ContentHash, WorkflowLoader.ContentHash(compact));
        Assert.NotEqual(d.ContentHash, WorkflowLoader.ContentHash(Edit(n => n["name"]!["en"] = "Other")));
    }

    [Fact]
    public void Syntax_errors_name_the_file_and_position()
    {
        var r = Load(("broken.json", "{ \"id\": \"x\", }"));
        var e = Assert.Single(r.Errors);
        Assert.Equal("broken.json", e.File);
        Assert.StartsWith("invalid JSON (line 1", e.Message);
    }

    [Fact]
    public void Several_errors_in_one_file_are_all_listed_with_their_paths()
    {
        var json = Edit(n =>
        {
            Action(n, 0, 0)["target"] = "acepted";
            Action(n, 0, 1)["roles"] = new JsonArray("assignee", "clerk");
            Deadline(n, 0)["duration"] = "P1M";
            Deadline(n, 0).Remove("escalation");
            n.Add("deadlines2", 1);
        });
        // The structural error (unknown property) stops the semantic pass, so fix it in a second file to see the rest.
        var structural = Load(("bad.json", json));
        Assert.Equal([new WorkflowError("bad.json", "$.deadlines2", "unknown property 'deadlines2'")], structural.Errors);

        var r = Load(("bad.json", Edit(n =>
        {
            Action(n, 0, 0)["target"] = "acepted";
            Action(n, 0, 1)["roles"] = new JsonArray("assignee", "clerk");
            Deadline(n, 0)["duration"] = "P1M";
            Deadline(n, 0).Remove("escalation");
        })));
        Assert.Equal(
        [
            new("bad.json", "$.states[0].actions[0].target", "target state 'acepted' does not exist"),
            new("bad.json", "$.states[0].actions[1].roles[1]", "unknown role 'clerk' (allowed: complaints, security, leadership, admin, assignee)"),
            new("bad.json", "$.states[2]", "state 'accepted' is unreachable from the initial state 'received'"),
            new("bad.json", "$.deadlines[0].duration", "'P1M' is not a supported ISO 8601 duration (weeks, days, hours, minutes, seconds: P10D, PT15M)"),
            new WorkflowError("bad.json", "$.deadlines[0]", "deadline 'acceptance' has no escalation"),
        ], r.Errors);
    }

    [Fact]
    public void Missing_required_members_and_wrong_types_are_reported_by_path()
    {
        var r = Load(("shape.json", Edit(n =>
        {
            n.Remove("prefix");
            n["version"] = "1";
            State(n, 1)["pause"] = "yes";
            Action(n, 1, 0).Remove("label");
            Deadline(n, 0)["unit"] = "days";
        })));
        Assert.Equal(
        [
            new("shape.json", "$.version", "must be a whole number of at least 1"),
            new("shape.json", "$.states[1].pause", "must be true or false"),
            new("shape.json", "$.states[1].actions[0]", "missing required property 'label'"),
            new("shape.json", "$.deadlines[0].unit", "must be one of calendar, working"),
            new WorkflowError("shape.json", "$", "missing required property 'prefix'"),
        ], r.Errors);
    }

    [Fact]
    public void A_property_given_twice_is_an_error_not_a_silent_override()
    {
        var r = Load(("twice.json", Valid.Replace("\"version\": 1,", "\"version\": 1, \"version\": 2,")));
        Assert.Equal([new WorkflowError("twice.json", "$.version", "duplicate property 'version'")], r.Errors);
    }

    [Fact]
    public void Working_day_durations_with_a_time_part_and_unknown_recipients_are_rejected()
    {
        var r = Load(("units.json", Edit(n =>
        {
            Deadline(n, 0)["unit"] = "working";
            Deadline(n, 0)["duration"] = "P1DT4H";
            Deadline(n, 0)["escalation"]!["breach"]!["to"] = new JsonArray("assignee", "boss");
            Deadline(n, 0)["escalation"]!["levels"] = new JsonArray(new JsonObject { ["after"] = "two days", ["to"] = new JsonArray("leadership") });
            Deadline(n, 0)["startsIn"] = new JsonArray("recieved");
        })));
        Assert.Equal(
        [
            new("units.json", "$.deadlines[0].startsIn[0]", "state 'recieved' does not exist"),
            new("units.json", "$.deadlines[0].duration", "'P1DT4H' has a time part, which a working-day duration cannot have"),
            new("units.json", "$.deadlines[0].escalation.breach.to[1]", "unknown recipient 'boss' (allowed: assignee, team-lead, leadership, admin)"),
            new WorkflowError("units.json", "$.deadlines[0].escalation.levels[0].after", "'two days' is not a supported ISO 8601 duration"),
        ], r.Errors);
    }

    [Fact]
    public void Duplicate_id_and_version_across_files_is_rejected_but_other_versions_are_kept()
    {
        var v2 = Edit(n => n["version"] = 2);
        var ok = Load(("sample.v1.json", Valid), ("sample.json", v2));
        Assert.True(ok.IsValid);
        Assert.Equal([1, 2], ok.Catalog.All.Select(d => d.Version));
        Assert.Equal(2, ok.Catalog.Current("sample")!.Version);
        Assert.NotNull(ok.Catalog.Get("sample", 1));

        var dup = Load(("sample.json", Valid), ("copy.json", Valid));
        Assert.Equal([new WorkflowError("copy.json", "$.version", "duplicate definition 'sample' version 1 (also in sample.json)")], dup.Errors);
    }

    [Fact]
    public void Errors_from_several_files_are_listed_together()
    {
        var r = Load(
            ("a.json", Edit(n => n["initialState"] = "start")),
            ("b.json", Edit(n => { n["id"] = "other"; n["prefix"] = "OT"; Action(n, 1, 0)["target"] = "nowhere"; })),
            ("c.json", "[1, 2"));
        Assert.Contains(new WorkflowError("a.json", "$.initialState", "initial state 'start' does not exist"), r.Errors);
        Assert.Contains(new WorkflowError("b.json", "$.states[1].actions[0].target", "target state 'nowhere' does not exist"), r.Errors);
        Assert.Contains(r.Errors, e => e.File == "c.json" && e.Message.StartsWith("invalid JSON", StringComparison.Ordinal));
        Assert.Empty(r.Catalog.All);
    }

    [Fact]
    public void Conditions_effects_and_inputs_are_checked_against_the_definition()
    {
        var r = Load(("refs.json", Edit(n =>
        {
            var a = Action(n, 0, 0);
            a["inputs"] = new JsonArray(new JsonObject { ["id"] = "kind", ["label"] = new JsonObject { ["vi"] = "Loại", ["en"] = "Kind" }, ["type"] = "choice" });
            a["conditions"] = new JsonArray(
                new JsonObject { ["field"] = "complex", ["equals"] = "true" },
                new JsonObject { ["field"] = "kind", ["source"] = "input", ["equals"] = "a", ["in"] = new JsonArray("a") });
            a["effects"] = new JsonArray(
                new JsonObject { ["kind"] = "extend", ["deadline"] = "acceptance" },
                new JsonObject { ["kind"] = "reclassify", ["type"] = "nope" });
        })));
        Assert.Equal(
        [
            new("refs.json", "$.states[0].actions[0].inputs[0].choices", "a choice input lists its choices"),
            new("refs.json", "$.states[0].actions[0].conditions[0].field", "case field 'complex' does not exist"),
            new("refs.json", "$.states[0].actions[0].conditions[1]", "a condition has exactly one test: equals, notEquals, in, isSet, receivedBefore or before"),
            new("refs.json", "$.states[0].actions[0].effects[0].deadline", "deadline 'acceptance' allows no extensions"),
            new WorkflowError("refs.json", "$.states[0].actions[0].effects[1].type", "workflow type 'nope' does not exist"),
        ], r.Errors);
    }

    private static JsonObject ChoiceField(params JsonNode[] choices) => new()
    {
        ["id"] = "instance", ["label"] = new JsonObject { ["vi"] = "Lần", ["en"] = "Instance" }, ["type"] = "choice",
        ["choices"] = new JsonArray(choices),
    };

    private static JsonObject Labelled(string value, string vi, string en) =>
        new() { ["value"] = value, ["label"] = new JsonObject { ["vi"] = vi, ["en"] = en } };

    [Fact]
    public void A_choice_is_a_plain_value_or_a_value_with_its_words()
    {
        var r = Load(("choices.json", Edit(n => n["fields"] = new JsonArray(ChoiceField("first", Labelled("second", "Lần hai", "Second"))))));
        Assert.True(r.IsValid, string.Join("\n", r.Errors));
        var f = Assert.Single(r.Catalog.Current("sample")!.Fields);
        Assert.Equal([new ChoiceDefinition("first"), new ChoiceDefinition("second", new LocalizedText("Lần hai", "Second"))], f.Choices);
        Assert.Equal("first", f.Choice("first")!.Text("en"));
        Assert.Equal("Second", f.Choice("second")!.Text("en"));
        Assert.Equal("Lần hai", f.Choice("second")!.Text("vi"));
        Assert.Null(InputRules.Check(f, "second"));
        Assert.Equal("must be one of first, second", InputRules.Check(f, "third"));
    }

    [Fact]
    public void A_malformed_choice_is_named_by_its_exact_path()
    {
        var noLabel = new JsonObject { ["value"] = "second" };
        var halfLabel = Labelled("third", "Lần ba", "Third");
        halfLabel["label"]!["en"] = "";
        var r = Load(("choices.json", Edit(n =>
        {
            n["fields"] = new JsonArray(ChoiceField("first", noLabel, halfLabel, 3, Labelled("fourth", "Bốn", "Fourth")));
            n["fields"]![0]!["choices"]![4]!["extra"] = true;
        })));
        Assert.Equal(
        [
            new("choices.json", "$.fields[0].choices[1]", "missing required property 'label'"),
            new("choices.json", "$.fields[0].choices[2].label.en", "must be a non-empty string"),
            new("choices.json", "$.fields[0].choices[3]", "must be a non-empty string or an object with value and label"),
            new WorkflowError("choices.json", "$.fields[0].choices[4].extra", "unknown property 'extra'"),
        ], r.Errors);
    }

    [Fact]
    public void A_choice_value_given_twice_is_refused()
    {
        var r = Load(("choices.json", Edit(n => n["fields"] = new JsonArray(ChoiceField("first", Labelled("first", "Lần đầu", "First"))))));
        Assert.Equal([new WorkflowError("choices.json", "$.fields[0].choices[1]", "duplicate choice 'first'")], r.Errors);
    }

    [Fact]
    public void An_extension_action_needs_a_role_that_may_approve_it()
    {
        var r = Load(("ext.json", Edit(n =>
        {
            Deadline(n, 0)["extensions"] = new JsonObject { ["max"] = 1, ["duration"] = "P5D", ["approvers"] = new JsonArray("leadership", "chief") };
            Action(n, 0, 1)["effects"] = new JsonArray(new JsonObject { ["kind"] = "extend", ["deadline"] = "acceptance" });
        })));
        Assert.Equal(
        [
            new("ext.json", "$.states[0].actions[1].roles", "none of the roles of 'wait' may approve extensions of 'acceptance' (leadership, chief)"),
            new WorkflowError("ext.json", "$.deadlines[0].extensions.approvers[1]", "unknown role 'chief' (allowed: complaints, security, leadership, admin)"),
        ], r.Errors);
    }

    [Fact]
    public void The_schema_file_is_valid_JSON_and_lists_the_members_the_loader_requires()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Shipped.Directory, "workflow.schema.json")))!;
        Assert.Equal(["id", "version", "name", "prefix", "team", "initialState", "states"],
            schema["required"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.All(Shipped.Sources(), s => Assert.Equal("./workflow.schema.json", JsonNode.Parse(s.Json)!["$schema"]!.GetValue<string>()));
    }
}

public class CatalogTests
{
    private static WorkflowDefinition Version(WorkflowDefinition d, int v) => d with { Version = v };

    [Fact]
    public void Archived_versions_serve_pinned_cases_but_never_become_current()
    {
        var complaint = Version(Shipped.Get("complaint"), 1);
        var voter = Version(Shipped.Get("voter-list-complaint"), 1);
        // complaint: the folder went back to v1 while v2 and v3 live on in the database; voter-list: file removed.
        var catalog = new WorkflowCatalog([complaint], [Version(complaint, 3), Version(complaint, 2), voter, complaint]);

        Assert.Equal(1, catalog.Current("complaint")!.Version);
        Assert.Same(complaint, catalog.Get("complaint", 1));
        Assert.Equal(3, catalog.Get("complaint", 3)!.Version);
        Assert.False(catalog.IsArchived("complaint", 1)); // on disk and in the database: the file wins
        Assert.True(catalog.IsArchived("complaint", 2));
        Assert.Null(catalog.Current("voter-list-complaint"));
        Assert.NotNull(catalog.Get("voter-list-complaint", 1));
        Assert.Equal(["complaint"], catalog.Latest.Select(d => d.Id));
        Assert.Equal([("complaint", 2), ("complaint", 3), ("voter-list-complaint", 1)],
            catalog.Archived.Select(d => (d.Id, d.Version)).Order());
        Assert.Equal(4, catalog.All.Count());
    }
}
