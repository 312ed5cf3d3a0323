using System.Net;
using System.Text.Json.Nodes;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Handling;

/// <summary>Extensions as the denunciation models them: the handler requests, leadership approves (or denies); at most two.</summary>
public sealed class DenunciationWalkTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    private static JsonObject Decision(string number, int days) =>
        new() { ["decision"] = number, ["decision-date"] = "2026-11-30", ["days"] = days };

    private static async Task<IReadOnlyList<string>> OfferedAsync(HttpClient client, string number) =>
        JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases/{number}/actions"))!["actions"]!.AsArray()
            .Select(a => a!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task ExtensionsFollowComplexityEachAWrittenDecisionAndAPendingRequestCanBeWithdrawn()
    {
        var complaints = await ClientAsync(app, "complaints");
        var leadership = await ClientAsync(app, "leadership");
        var created = await CreateAsync(complaints, NewCase("denunciation", inputs: new JsonObject { ["complexity"] = "complex" }));
        var number = created["number"]!.GetValue<string>();
        // 7 working days from Friday 20 Nov: 23–27 Nov, 30 Nov, 1 Dec.
        Assert.Equal(Utc("2026-12-01T17:00:00Z"), Due(created, "acceptance"));

        // Accepted at 10:00 local on 25 Nov: 30 days to Friday 25 Dec.
        var investigating = await OkAsync(complaints, number, "accept", 1);
        Assert.Equal(Utc("2026-12-25T17:00:00Z"), Due(investigating, "resolution"));

        var requested = await OkAsync(complaints, number, "request-extension", 2, new JsonObject { ["reason"] = "Nhiều nơi liên quan" });
        Assert.Equal(Utc("2026-12-25T17:00:00Z"), Due(requested, "resolution")); // a request alone changes nothing

        await ProblemAsync(await ActAsync(complaints, number, "approve-extension", 3, Decision("QĐ 1", 30)), HttpStatusCode.Forbidden);
        var missing = await ProblemAsync(await ActAsync(leadership, number, "approve-extension", 3), HttpStatusCode.BadRequest);
        Assert.Equal(["inputs.days", "inputs.decision", "inputs.decision-date"], missing["errors"]!.AsObject().Select(e => e.Key).Order());
        var tooLong = await ProblemAsync(await ActAsync(leadership, number, "approve-extension", 3, Decision("QĐ 1", 45)), HttpStatusCode.BadRequest);
        Assert.Equal(["inputs.days"], tooLong["errors"]!.AsObject().Select(e => e.Key));

        // +30 days: 24 January 2027 is a Sunday, so the close of Monday 25 January.
        var first = await OkAsync(leadership, number, "approve-extension", 3, Decision("QĐ 1", 30));
        Assert.Equal(1, Deadline(first, "resolution")["extensionsUsed"]!.GetValue<int>());
        Assert.Equal(Utc("2027-01-25T17:00:00Z"), Due(first, "resolution"));
        // Complex: one extension only. Asking again is not offered, and refused.
        Assert.DoesNotContain("request-extension", await OfferedAsync(complaints, number));
        await ProblemAsync(await ActAsync(complaints, number, "request-extension", 4, new JsonObject { ["reason"] = "r" }), HttpStatusCode.Conflict);

        // Found especially complex: a second one; a request may be withdrawn before the decision.
        await OkAsync(leadership, number, "set-complexity", 4, new JsonObject { ["complexity"] = "especially-complex", ["reason"] = "Nhiều cấp" });
        await OkAsync(complaints, number, "request-extension", 5, new JsonObject { ["reason"] = "Cần giám định" });
        var withdrawn = await OkAsync(complaints, number, "withdraw-extension-request", 6);
        Assert.Equal(("investigating", 1), (withdrawn["state"]!.GetValue<string>(), Deadline(withdrawn, "resolution")["extensionsUsed"]!.GetValue<int>()));
        await OkAsync(complaints, number, "request-extension", 7, new JsonObject { ["reason"] = "Cần giám định" });
        var second = await OkAsync(leadership, number, "approve-extension", 8, Decision("QĐ 2", 30));
        Assert.Equal(Utc("2027-02-23T17:00:00Z"), Due(second, "resolution")); // 90 days: Tuesday 23 February 2027
        Assert.Equal("especially-complex", second["inputs"]!["complexity"]!.GetValue<string>());
        Assert.DoesNotContain("request-extension", await OfferedAsync(complaints, number));
    }
}
