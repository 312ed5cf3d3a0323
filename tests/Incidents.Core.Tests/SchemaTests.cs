using System.Text.Json;
using Json.Schema;

namespace Incidents.Core.Tests;

/// <summary>The JSON Schema editors use agrees with the loader: every shipped file passes it, and it refuses what the loader refuses structurally.</summary>
public class SchemaTests
{
    private static readonly JsonSchema Schema =
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Shipped.Directory, "workflow.schema.json")));

    private static EvaluationResults Evaluate(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return Schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    [Fact]
    public void Every_shipped_definition_satisfies_the_schema()
    {
        foreach (var s in Shipped.Sources())
        {
            var r = Evaluate(s.Json);
            Assert.True(r.IsValid, $"{s.Path}: " + string.Join("; ",
                (r.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Value}"))));
        }
    }

    [Theory]
    [InlineData("unit", "\"days\"")]
    [InlineData("duration", "\"P1M\"")]
    [InlineData("extra", "1")]
    public void The_schema_refuses_a_broken_deadline(string member, string value)
    {
        var json = Shipped.Sources().Single(s => s.Path == "complaint.json").Json;
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["deadlines"]![0]![member] = System.Text.Json.Nodes.JsonNode.Parse(value);
        Assert.False(Evaluate(node.ToJsonString()).IsValid);
    }

    [Theory]
    [InlineData("\"first\"", true)]
    [InlineData("{\"value\":\"first\",\"label\":{\"vi\":\"Lần đầu\",\"en\":\"First\"}}", true)]
    [InlineData("{\"value\":\"first\"}", false)]
    [InlineData("{\"value\":\"first\",\"label\":{\"vi\":\"Lần đầu\"}}", false)]
    [InlineData("3", false)]
    public void The_schema_takes_a_choice_as_a_string_or_a_labelled_value(string choice, bool valid)
    {
        var json = Shipped.Sources().Single(s => s.Path == "complaint.json").Json;
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["fields"]![0]!["choices"]![0] = System.Text.Json.Nodes.JsonNode.Parse(choice);
        Assert.Equal(valid, Evaluate(node.ToJsonString()).IsValid);
    }
}
