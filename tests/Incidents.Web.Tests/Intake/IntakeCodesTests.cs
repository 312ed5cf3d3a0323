using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Incidents.Web.Tests.Intake;

/// <summary>The API's 400 for a bad intake carries each field's problem codes beside its "vi / en" messages.</summary>
public sealed class IntakeCodesTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task A_bad_intake_answers_a_code_for_each_message_of_each_field()
    {
        var (client, _) = await app.UserAsync("complaints");
        var body = new JsonObject
        {
            ["type"] = "complaint", ["title"] = "", ["localityCode"] = "00004", ["channel"] = "fax",
            ["receivedAt"] = "2026-11-20 09:00", ["reporter"] = new JsonObject { ["name"] = "A", ["address"] = "B", ["email"] = "x@" },
            ["inputs"] = new JsonObject { ["instance"] = "2nd", ["colour"] = "red" },
        };
        var res = await client.PostAsync("/api/v1/cases", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
        var codes = problem["codes"]!.AsObject().ToDictionary(c => c.Key, c => c.Value!.AsArray().Select(v => v!.GetValue<string>()).ToArray());
        Assert.Equal(new Dictionary<string, string[]>
        {
            ["title"] = ["required"], ["channel"] = ["not-a-channel"], ["receivedAt"] = ["not-iso-instant"], ["reporter.email"] = ["not-an-email"],
            ["inputs.instance"] = ["not-a-choice"], ["inputs.colour"] = ["not-a-field"],
        }, codes);
        // The messages are as before: the codes said both ways.
        Assert.Equal("Bắt buộc nhập tiêu đề. / The title is required.", problem["errors"]!["title"]![0]!.GetValue<string>());
        Assert.Equal(codes.Keys.Order(), problem["errors"]!.AsObject().Select(e => e.Key).Order());
    }
}
