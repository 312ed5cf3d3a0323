using System.Net;
using System.Text.Json.Nodes;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Handling;

/// <summary>Extensions as the denunciation models them: the handler requests, leadership approves (or denies); at most two.</summary>
public sealed class DenunciationWalkTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task ExtensionRequestedByTheHandlerAndApprovedByLeadershipTwiceThenNoMore()
    {
        var complaints = await ClientAsync(app, "complaints");
        var leadership = await ClientAsync(app, "leadership");
        var created = await CreateAsync(complaints, NewCase("denunciation"));
        var number = created["number"]!.GetValue<string>();
        // 7 working days from Friday 20 Nov: 23–27 Nov, 30 Nov, 1 Dec.
        Assert.Equal(Utc("2026-12-01T17:00:00Z"), Due(created, "acceptance"));

        // Accepted at 10:00 local on 25 Nov: 30 days to Friday 25 Dec.
        var investigating = await OkAsync(complaints, number, "accept", 1);
        Assert.Equal(Utc("2026-12-25T17:00:00Z"), Due(investigating, "resolution"));

        var requested = await OkAsync(complaints, number, "request-extension", 2, new JsonObject { ["reason"] = "Nhiều nơi liên quan" });
        Assert.Equal("extension-requested", requested["state"]!.GetValue<string>());
        Assert.Equal(Utc("2026-12-25T17:00:00Z"), Due(requested, "resolution")); // a request alone changes nothing

        await ProblemAsync(await ActAsync(complaints, number, "approve-extension", 3, new JsonObject { ["decision"] = "QĐ 1" }), HttpStatusCode.Forbidden);
        var noDecision = await ProblemAsync(await ActAsync(leadership, number, "approve-extension", 3), HttpStatusCode.BadRequest);
        Assert.Equal("is required", noDecision["errors"]!["inputs.decision"]![0]!.GetValue<string>());

        // +30 days: 24 January 2027 is a Sunday, so the close of Monday 25 January.
        var first = await OkAsync(leadership, number, "approve-extension", 3, new JsonObject { ["decision"] = "QĐ 1" });
        Assert.Equal("investigating", first["state"]!.GetValue<string>());
        Assert.Equal(1, Deadline(first, "resolution")["extensionsUsed"]!.GetValue<int>());
        Assert.Equal(Utc("2027-01-25T17:00:00Z"), Due(first, "resolution"));

        await OkAsync(complaints, number, "request-extension", 4, new JsonObject { ["reason"] = "Cần giám định" });
        var second = await OkAsync(leadership, number, "approve-extension", 5, new JsonObject { ["decision"] = "QĐ 2" });
        Assert.Equal(Utc("2027-02-23T17:00:00Z"), Due(second, "resolution")); // 90 days: Tuesday 23 February 2027

        // A third request may be made, but there is no extension left to approve: only a denial is offered.
        await OkAsync(complaints, number, "request-extension", 6, new JsonObject { ["reason"] = "Thêm nữa" });
        var offered = JsonNode.Parse(await leadership.GetStringAsync($"/api/v1/cases/{number}/actions"))!["actions"]!.AsArray()
            .Select(a => a!["id"]!.GetValue<string>()).ToList();
        Assert.Equal(["deny-extension"], offered);
        await ProblemAsync(await ActAsync(leadership, number, "approve-extension", 7, new JsonObject { ["decision"] = "QĐ 3" }), HttpStatusCode.Conflict);
        var denied = await OkAsync(leadership, number, "deny-extension", 7, new JsonObject { ["reason"] = "Hết lượt gia hạn" });
        Assert.Equal(Utc("2027-02-23T17:00:00Z"), Due(denied, "resolution"));
        Assert.Equal(2, Deadline(denied, "resolution")["extensionsUsed"]!.GetValue<int>());
    }
}
