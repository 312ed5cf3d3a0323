using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;

namespace Incidents.Core.Tests;

/// <summary>Refusals are codes with arguments; each guard is known by its own key, never by its words.</summary>
public class FieldProblemTests
{
    // Two conditions on two inputs with the same message: keyed by their words, the second hid the first.
    private const string Json = """
    {
      "id": "twin", "version": 1, "name": { "vi": "Đôi", "en": "Twin" }, "prefix": "TW", "team": "complaints",
      "initialState": "open",
      "states": [
        { "id": "open", "name": { "vi": "Mở", "en": "Open" }, "actions": [
          { "id": "close", "label": { "vi": "Đóng", "en": "Close" }, "target": "closed", "roles": ["complaints"],
            "inputs": [ { "id": "a", "label": { "vi": "A", "en": "A" }, "type": "text" },
                        { "id": "b", "label": { "vi": "B", "en": "B" }, "type": "text" } ],
            "conditions": [
              { "field": "a", "source": "input", "equals": "yes", "message": { "vi": "Phải xác nhận", "en": "Must be confirmed" } },
              { "field": "b", "source": "input", "equals": "yes", "message": { "vi": "Phải xác nhận", "en": "Must be confirmed" } } ] } ] },
        { "id": "closed", "name": { "vi": "Đã đóng", "en": "Closed" }, "final": true }
      ]
    }
    """;

    private static readonly DateTimeOffset At = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private static (WorkflowDefinition Def, CaseSnapshot Snapshot) Twin()
    {
        var r = WorkflowLoader.Load([new WorkflowSource("twin.json", Json)]);
        Assert.True(r.IsValid, string.Join("\n", r.Errors));
        var def = r.Catalog.Current("twin")!;
        var c = new CaseRecord
        {
            Number = "TW-2026-000001", Type = def.Id, WorkflowVersion = def.Version, State = "open", Title = "t",
            LocalityCode = "00001", Channel = Channel.Counter, ReceivedAt = At, CreatedAt = At,
        };
        return (def, new CaseSnapshot(c, []));
    }

    private static ActionFailure Refuse(string a, string b)
    {
        var (def, snapshot) = Twin();
        var outcome = new WorkflowRuntime().Perform(def, snapshot, new Actor(1, "lan", new HashSet<string> { Roles.Complaints }), "close",
            new Dictionary<string, string> { ["a"] = a, ["b"] = b }, At);
        return outcome.Failure!;
    }

    [Fact]
    public void Two_conditions_with_the_same_words_are_two_failures_each_on_its_own_field()
    {
        var f = Refuse("no", "no");
        Assert.Equal((ActionFailureKind.ConditionFailed, FieldProblem.ConditionFailed), (f.Kind, f.Code));
        Assert.Equal(["a", "b"], f.Problems.Keys.Order());
        Assert.All(f.Problems.Values, p => Assert.Equal(new LocalizedText("Phải xác nhận", "Must be confirmed"), p.Text));
    }

    [Theory]
    [InlineData("no", "yes", "a")]
    [InlineData("yes", "no", "b")]
    public void A_failed_condition_is_reported_on_its_own_field_even_when_another_shares_its_words(string a, string b, string field)
    {
        Assert.Equal([field], Refuse(a, b).Problems.Keys);
    }

    [Fact]
    public void A_problem_says_itself_in_both_languages_for_the_api_and_in_one_for_a_page()
    {
        var p = FieldProblem.Of(FieldProblem.NotAChoice, ("choices", "first, second"));
        Assert.Equal("phải là một trong: first, second / must be one of first, second", p.ToString());
        Assert.Equal("must be one of first, second", p.In("en"));
        Assert.Equal("phải là một trong: first, second", p.In("vi"));
        Assert.Equal("bắt buộc nhập / is required", FieldProblem.Of(FieldProblem.Required).ToString());
    }

    [Fact]
    public void The_diagram_labels_guards_by_their_words_not_their_keys()
    {
        var (def, _) = Twin();
        var mermaid = WorkflowDiagram.Mermaid(def);
        Assert.Contains("close [complaints] [Phải xác nhận] [Phải xác nhận]", mermaid);
        Assert.DoesNotContain("condition", mermaid);
    }
}
