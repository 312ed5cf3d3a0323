using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Calendar;
using Incidents.Web.Calendar;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Calendar;

public sealed class HolidayApiTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    /// <summary>Waits (real time, at most 30 s) for the background recount an edit answered with; returns it finished.</summary>
    public static async Task<JsonNode> RecountedAsync(HttpClient admin, JsonNode editAnswer)
    {
        var id = editAnswer["recount"]!["id"]!.GetValue<long>();
        JsonNode? r = null;
        if (await Poll.UntilAsync(async () => (r = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/holidays/recounts/{id}"))!)["finishedAt"] is not null,
                TimeSpan.FromSeconds(30)))
            return r!;
        throw new TimeoutException($"Recount {id} did not finish.");
    }

    [Fact]
    public async Task FirstRunSeedsTheDefaultsAndOnlyAdministratorsSeeThem()
    {
        var admin = await ClientAsync(app, "admin");
        var year = JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays?year=2026"))!.AsArray();
        var expected = HolidaySeed.For(2026);
        Assert.Equal(expected.Select(h => h.Date.ToString("yyyy-MM-dd")), year.Select(h => h!["date"]!.GetValue<string>()));
        Assert.Contains(year, h => h!["date"]!.GetValue<string>() == "2026-02-17" && h["kind"]!.GetValue<string>() == "holiday");
        // Only years with no rows are seeded: running it again finds nothing to do.
        Assert.Empty(await app.Services.GetRequiredService<BusinessCalendars>().SeedMissingYearsAsync());

        var complaints = await ClientAsync(app, "complaints");
        Assert.Equal(HttpStatusCode.Forbidden, (await complaints.GetAsync("/api/v1/holidays?year=2026")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await complaints.PutAsJsonAsync("/api/v1/holidays/2026-12-01",
            new { name = "x", kind = "holiday" })).StatusCode);
    }

    [Fact]
    public async Task ANewHolidayMovesAnOpenWorkingDayDeadlineByExactlyOneWorkingDayAndRemovingItMovesItBack()
    {
        var admin = await ClientAsync(app, "admin");
        var complaints = await ClientAsync(app, "complaints");
        // A petition received Friday 20 Nov has 10 working days: 23–27 Nov, 30 Nov, 1–4 Dec; due at the close of Friday 4 Dec.
        var petition = await CreateAsync(complaints, NewCase("petition"));
        var number = petition["number"]!.GetValue<string>();
        Assert.Equal(Utc("2026-12-04T17:00:00Z"), Due(petition, "processing"));
        // A complaint counts calendar days: a holiday inside its span changes nothing.
        var complaint = await CreateAsync(complaints, NewCase("complaint"));
        var complaintDue = Due(complaint, "acceptance");

        var bad = await ProblemAsync(await admin.PutAsJsonAsync("/api/v1/holidays/2026-12-01", new { name = " ", kind = "party" }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["name"]);
        Assert.NotNull(bad["errors"]!["kind"]);
        await ProblemAsync(await admin.PutAsJsonAsync("/api/v1/holidays/2026-13-01", new { name = "x" }), HttpStatusCode.BadRequest);
        Assert.Equal(Utc("2026-12-04T17:00:00Z"), Due(await GetCaseAsync(complaints, number), "processing"));

        var put = await admin.PutAsJsonAsync("/api/v1/holidays/2026-12-01", new { name = "Ngày nghỉ đột xuất", kind = "holiday" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var answer = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        Assert.True(answer["queued"]!.GetValue<int>() >= 2); // both open cases are day-counted
        await RecountedAsync(admin, answer);

        var moved = await GetCaseAsync(complaints, number);
        Assert.Equal(Utc("2026-12-07T17:00:00Z"), Due(moved, "processing")); // Monday 7 Dec: one working day later
        Assert.Equal(2, moved["rowVersion"]!.GetValue<int>());
        Assert.Contains(Deadline(moved, "processing")["steps"]!.AsArray(),
            s => s!["kind"]!.GetValue<string>() == "breach" && s["at"]!.GetValue<DateTimeOffset>() == Utc("2026-12-07T17:00:00Z"));
        Assert.Equal(["created", "deadline-moved"], await HistoryAsync(app.Services, number));
        Assert.Equal(complaintDue, Due(await GetCaseAsync(complaints, complaint["number"]!.GetValue<string>()), "acceptance"));
        // The next case is counted on the edited calendar without a restart.
        Assert.Equal(Utc("2026-12-07T17:00:00Z"), Due(await CreateAsync(complaints, NewCase("petition")), "processing"));
        var listed = JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays?year=2026"))!.AsArray();
        Assert.Contains(listed, h => h!["date"]!.GetValue<string>() == "2026-12-01" && h["name"]!.GetValue<string>() == "Ngày nghỉ đột xuất");

        var removed = await admin.DeleteAsync("/api/v1/holidays/2026-12-01");
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        await RecountedAsync(admin, JsonNode.Parse(await removed.Content.ReadAsStringAsync())!);
        Assert.Equal(Utc("2026-12-04T17:00:00Z"), Due(await GetCaseAsync(complaints, number), "processing"));
        await ProblemAsync(await admin.DeleteAsync("/api/v1/holidays/2026-12-01"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task SeedingAYearRestoresItsDefaultsAndRefusesYearsWithoutThem()
    {
        var admin = await ClientAsync(app, "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync("/api/v1/holidays/2027-09-02")).StatusCode);
        Assert.Contains(JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays/years"))!.AsArray(),
            y => y!["year"]!.GetValue<int>() == 2027 && y["status"]!.GetValue<string>() == "provisional");
        Assert.DoesNotContain(JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays?year=2027"))!.AsArray(),
            h => h!["date"]!.GetValue<string>() == "2027-09-02");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/v1/holidays/seed/2027", null)).StatusCode);
        Assert.Equal(HolidaySeed.For(2027).Count, JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays?year=2027"))!.AsArray().Count);
        var refused = await ProblemAsync(await admin.PostAsync("/api/v1/holidays/seed/2037", null), HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["year"]);
    }
}
