using System.Net;
using System.Text.Json.Nodes;
using Incidents.Tests.Legal;
using Microsoft.Extensions.Time.Testing;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Handling;

/// <summary>The law's own examples (LegalCases) through the HTTP API on a real host, as a clerk would enter them.</summary>
public sealed class LegalCasesApiTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Theory]
    [MemberData(nameof(LegalCases.Whys), MemberType = typeof(LegalCases))]
    public async Task The_limit_ends_where_the_law_says(string why)
    {
        var c = LegalCases.Get(why);
        if (app.Time.GetUtcNow() < c.ReceivedAt) app.Time.SetUtcNow(c.ReceivedAt.AddHours(1));
        var body = NewCase(c.Type, c.ReceivedAt.ToString("yyyy-MM-ddTHH:mm:sszzz"));
        // Hanoi's wards and communes replaced its districts on 1 July 2025.
        body["localityCode"] = c.ReceivedAt < LegalCases.At(2025, 7, 1) ? "001" : "00004";
        var created = await CreateAsync(await ClientAsync(app, "complaints"), body);
        Assert.True(c.Due == Due(created, c.Deadline), $"{why}: got {Due(created, c.Deadline):O}");
    }

    [Fact]
    public async Task An_acceptance_entered_today_with_yesterdays_date_counts_the_resolution_from_yesterday()
    {
        await using var host = new IncidentsApp();
        var clerk = await ClientAsync(host, "complaints");
        var number = (await CreateAsync(clerk, NewCase("complaint")))["number"]!.GetValue<string>(); // received Fri 20 Nov
        var today = Show(host.Time.GetUtcNow());
        Assert.Equal("2026-11-25", today);

        var future = await ProblemAsync(await AcceptAsync(clerk, number, "2026-11-26"), HttpStatusCode.BadRequest);
        Assert.Equal(["effectiveAt"], future["errors"]!.AsObject().Select(e => e.Key));
        var beforeReceipt = await ProblemAsync(await AcceptAsync(clerk, number, "2026-11-19"), HttpStatusCode.BadRequest);
        Assert.Equal(["effectiveAt"], beforeReceipt["errors"]!.AsObject().Select(e => e.Key));
        await ProblemAsync(await AcceptAsync(clerk, number, "24/11/2026"), HttpStatusCode.BadRequest);

        var res = await AcceptAsync(clerk, number, "2026-11-24");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var accepted = JsonNode.Parse(await res.Content.ReadAsStringAsync())!["case"]!;
        // 30 days from Tuesday 24 November: Thursday 24 December closes at 24:00 local.
        Assert.Equal(Utc("2026-12-24T17:00:00Z"), Due(accepted, "resolution"));
        Assert.Equal(Utc("2026-11-23T17:00:00Z"), Deadline(accepted, "acceptance")["metAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_suspension_by_decision_of_a_few_hours_excludes_no_day_and_ten_days_move_the_limit_ten_days()
    {
        // A host whose clock starts on Saturday 17 January 2026, 10:00 local.
        await using var host = new IncidentsApp { Time = new FakeTimeProvider(LegalCases.At(2026, 1, 17, 10)) };
        var clerk = await ClientAsync(host, "complaints");
        var chief = await ClientAsync(host, "leadership");
        var body = NewCase("complaint", "2026-01-14T09:00:00+07:00");
        var number = (await CreateAsync(clerk, body))["number"]!.GetValue<string>();
        // Accepted on the 17th: day 30 is Monday 16 February, in the Tết days off (16-20 Feb), so Monday 23 February.
        var accepted = await OkAsync(clerk, number, "accept", 1);
        Assert.Equal(Utc("2026-02-23T17:00:00Z"), Due(accepted, "resolution"));

        host.Time.SetUtcNow(LegalCases.At(2026, 1, 20, 10));
        var suspended = await OkAsync(chief, number, "suspend", 2, Decision("01/QĐ-TĐC", "2026-01-20", new() { ["awaiting"] = "Tòa án" }));
        Assert.Equal("paused", Status(suspended, "resolution"));
        host.Time.SetUtcNow(LegalCases.At(2026, 1, 20, 14));
        var lifted = await OkAsync(chief, number, "lift-suspension", 3, Decision("02/QĐ-TĐC", "2026-01-20"));
        Assert.Equal(("running", Utc("2026-02-23T17:00:00Z")), (Status(lifted, "resolution"), Due(lifted, "resolution")));

        host.Time.SetUtcNow(LegalCases.At(2026, 1, 21, 9));
        await OkAsync(chief, number, "suspend", 4, Decision("03/QĐ-TĐC", "2026-01-21", new() { ["awaiting"] = "Tòa án" }));
        host.Time.SetUtcNow(LegalCases.At(2026, 1, 31, 9));
        var again = await OkAsync(chief, number, "lift-suspension", 5, Decision("04/QĐ-TĐC", "2026-01-31"));
        // 10 days suspended: 17 January + 40 days = Thursday 26 February.
        Assert.Equal(Utc("2026-02-26T17:00:00Z"), Due(again, "resolution"));
    }

    private static JsonObject Decision(string number, string date, JsonObject? more = null)
    {
        var o = new JsonObject { ["decision"] = number, ["decision-date"] = date };
        foreach (var (k, v) in more ?? []) o[k] = v?.DeepClone();
        return o;
    }

    private static Task<HttpResponseMessage> AcceptAsync(HttpClient client, string number, string effectiveAt) =>
        client.PostAsync($"/api/v1/cases/{number}/actions/accept",
            Json(new JsonObject { ["rowVersion"] = 1, ["inputs"] = new JsonObject(), ["effectiveAt"] = effectiveAt }));

    private static string Show(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd");
}
