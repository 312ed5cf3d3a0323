using System.Text.Json.Nodes;
using Incidents.Core.Workflows;

namespace Incidents.Core.Tests;

/// <summary>The loader checks filingLimits, enteredAt and ifUnset with exact paths, as it does the other members.</summary>
public class FilingLimitLoaderTests
{
    private static JsonObject Complaint() =>
        JsonNode.Parse(Shipped.Sources().Single(s => s.Path == "candidate-complaint.json").Json)!.AsObject();

    private static IReadOnlyList<string> Errors(JsonObject d) =>
        [.. WorkflowLoader.Load([new WorkflowSource("x.json", d.ToJsonString())]).Errors.Select(e => $"{e.JsonPath}: {e.Message}")];

    private static JsonObject Limit(string from, string duration) => new()
    {
        ["id"] = "late", ["from"] = from, ["duration"] = duration,
        ["legalBasis"] = new JsonObject { ["vi"] = "Điều 9", ["en"] = "Art. 9" },
    };

    [Fact]
    public void A_filing_limit_counts_whole_days_from_a_date_field()
    {
        var d = Complaint();
        d["filingLimits"] = new JsonArray(Limit("election-day", "P5D"));
        Assert.Empty(Errors(d));

        d["filingLimits"] = new JsonArray(Limit("nowhere", "PT4H"));
        Assert.Equal(["$.filingLimits[0].from: 'nowhere' is not a date case field",
            "$.filingLimits[0].duration: 'PT4H' is not a whole-day ISO 8601 duration of at least one day (P90D)"], Errors(d));
    }

    [Fact]
    public void A_filing_limit_selects_on_existing_fields_and_values()
    {
        var d = Complaint();
        var limit = Limit("election-day", "P5D");
        limit["when"] = new JsonObject { ["remote"] = "true" };
        d["filingLimits"] = new JsonArray(limit);
        Assert.Equal(["$.filingLimits[0].when.remote: case field 'remote' does not exist"], Errors(d));
    }

    [Fact]
    public void A_state_entered_by_itself_names_a_date_field_whole_days_and_open_states()
    {
        var d = Complaint();
        var auto = d["states"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "awaiting-handover")!["enteredAt"]!.AsObject();
        auto["field"] = "title";
        auto["offset"] = "-PT1H";
        auto["from"] = new JsonArray("resolved", "nowhere");
        Assert.Equal([
            "$.states[3].enteredAt.field: 'title' is not a date case field",
            "$.states[3].enteredAt.offset: '-PT1H' is not a whole-day ISO 8601 duration (e.g. -P10D)",
            "$.states[3].enteredAt.from[0]: state 'resolved' is final: its cases are closed",
            "$.states[3].enteredAt.from[1]: state 'nowhere' does not exist",
        ], Errors(d));
    }

    [Fact]
    public void IfUnset_goes_only_with_a_before_test()
    {
        var d = Complaint();
        var cond = d["states"]![0]!["actions"]![0]!["conditions"]![0]!.AsObject();
        cond.Remove("before");
        cond["isSet"] = true;
        Assert.Equal(["$.states[0].actions[0].conditions[0].ifUnset: ifUnset gives the reason a before test fails on an empty date field"], Errors(d));
    }
}
