using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Storage.Triage;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Calendar.HolidayApiTests;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Calendar;

public sealed class CalendarRecountTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task A_holiday_on_the_last_day_moves_a_calendar_day_limit_in_the_background_and_the_case_history_says_so()
    {
        app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        var admin = await ClientAsync(app, "admin");
        var complaints = await ClientAsync(app, "complaints");
        // Received Monday 30 November 2026: day 10 is Thursday 10 December, a working day.
        var complaint = await CreateAsync(complaints, NewCase("complaint", receivedAt: "2026-11-30T09:00:00+07:00"));
        var number = complaint["number"]!.GetValue<string>();
        Assert.Equal(Utc("2026-12-10T17:00:00Z"), Due(complaint, "acceptance"));
        Assert.False(Deadline(complaint, "acceptance")["provisional"]!.GetValue<bool>());

        var put = await admin.PutAsJsonAsync("/api/v1/holidays/2026-12-10", new { name = "Ngày nghỉ đột xuất", kind = "holiday" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var answer = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        Assert.True(answer["queued"]!.GetValue<int>() >= 1);
        var recount = await RecountedAsync(admin, answer);
        Assert.Equal(recount["queued"]!.GetValue<int>(), recount["done"]!.GetValue<int>());
        Assert.True(recount["moved"]!.GetValue<int>() >= 1);
        Assert.Equal("2026-12-10", recount["cause"]!.GetValue<string>());

        var moved = await GetCaseAsync(complaints, number);
        Assert.Equal(Utc("2026-12-11T17:00:00Z"), Due(moved, "acceptance")); // the close of Friday 11 December
        var queries = app.Services.GetRequiredService<CaseQueries>();
        var events = await queries.GetEventsAsync((await queries.GetAsync(number))!.Id);
        var e = Assert.Single(events, x => x.Kind == "deadline-moved" && x.Data["deadline"] == "acceptance");
        Assert.Equal(Utc("2026-12-10T17:00:00Z"), DateTimeOffset.ParseExact(e.Data["from"], "O", CultureInfo.InvariantCulture));
        Assert.Equal(Utc("2026-12-11T17:00:00Z"), DateTimeOffset.ParseExact(e.Data["to"], "O", CultureInfo.InvariantCulture));
        Assert.Equal("2026-12-10", e.Data["cause"]);

        // The holidays page shows the recount's progress.
        var recounts = JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays/recounts"))!.AsArray();
        Assert.Contains(recounts, r => r!["id"]!.GetValue<long>() == recount["id"]!.GetValue<long>() && r["finishedAt"] is not null);
    }

    [Fact]
    public async Task An_import_with_a_bad_line_names_the_line_and_stores_nothing_and_a_good_one_replaces_and_confirms_the_year()
    {
        var admin = await ClientAsync(app, "admin");
        var before = await admin.GetStringAsync("/api/v1/holidays?year=2028");
        var bad = await admin.PostAsync("/api/v1/holidays/import/2028", new StringContent(
            "2028-01-01; holiday; Tết Dương lịch\n\n2028-01-26; holday; Tết Nguyên đán\n", Encoding.UTF8, "text/plain"));
        var problem = await ProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.StartsWith("line 3: kind 'holday'", problem["errors"]!["text"]![0]!.GetValue<string>());
        Assert.Equal(before, await admin.GetStringAsync("/api/v1/holidays?year=2028"));
        Assert.Contains(JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays/years"))!.AsArray(),
            y => y!["year"]!.GetValue<int>() == 2028 && y["status"]!.GetValue<string>() == "provisional");

        var good = await admin.PostAsJsonAsync("/api/v1/holidays/import/2028", new
        {
            text = "# Thông báo năm 2028\n2028-01-01; holiday; Tết Dương lịch\n2028-01-24; nghỉ lễ; Tết Nguyên đán\n2028-01-22; làm bù; Làm bù",
        });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        await RecountedAsync(admin, JsonNode.Parse(await good.Content.ReadAsStringAsync())!);
        var days = JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays?year=2028"))!.AsArray();
        Assert.Equal(["2028-01-01", "2028-01-22", "2028-01-24"], days.Select(d => d!["date"]!.GetValue<string>()));
        Assert.Equal("working", days[1]!["kind"]!.GetValue<string>());
        Assert.All(days, d => Assert.False(d!["provisional"]!.GetValue<bool>()));
        Assert.Contains(JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays/years"))!.AsArray(),
            y => y!["year"]!.GetValue<int>() == 2028 && y["status"]!.GetValue<string>() == "confirmed");
    }

    [Fact]
    public async Task Confirming_a_year_clears_its_provisional_marks()
    {
        var admin = await ClientAsync(app, "admin");
        Assert.Contains(JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays?year=2029"))!.AsArray(), d => d!["provisional"]!.GetValue<bool>());
        var unnamed = await ProblemAsync(await admin.PostAsJsonAsync("/api/v1/holidays/confirm/2029", new { }), HttpStatusCode.BadRequest);
        Assert.NotNull(unnamed["errors"]!["notice"]);
        Assert.Contains(JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays?year=2029"))!.AsArray(), d => d!["provisional"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/v1/holidays/confirm/2029", new { notice = "1234/TB-BNV" })).StatusCode);
        Assert.All(JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays?year=2029"))!.AsArray(), d => Assert.False(d!["provisional"]!.GetValue<bool>()));
        Assert.Contains(JsonNode.Parse(await admin.GetStringAsync("/api/v1/holidays/years"))!.AsArray(),
            y => y!["year"]!.GetValue<int>() == 2029 && y["status"]!.GetValue<string>() == "confirmed" && y["notice"]!.GetValue<string>() == "1234/TB-BNV");
        var refused = await ProblemAsync(await admin.PostAsJsonAsync("/api/v1/holidays/confirm/2040", new { notice = "x" }), HttpStatusCode.BadRequest);
        Assert.NotNull(refused["errors"]!["year"]);
    }
}

public sealed class CalendarCoverageTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task Counting_past_the_last_year_in_the_table_is_a_422_naming_the_field_not_a_500()
    {
        app.Time.SetUtcNow(new DateTimeOffset(2036, 12, 28, 3, 0, 0, TimeSpan.Zero));
        var complaints = await ClientAsync(app, "complaints");
        // Received Wednesday 24 December 2036: day 10 is in 2037, which the table does not cover.
        var res = await complaints.PostAsync("/api/v1/cases", Json(NewCase("complaint", receivedAt: "2036-12-24T09:00:00+07:00")));
        var problem = await ProblemAsync(res, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no table for 2037", problem["errors"]!["receivedAt"]![0]!.GetValue<string>());
        Assert.Equal(2037, problem["year"]!.GetValue<int>());
        // Inside the table the same complaint is taken in.
        var ok = await CreateAsync(complaints, NewCase("complaint", receivedAt: "2036-12-01T09:00:00+07:00"));
        Assert.Equal(Utc("2036-12-11T17:00:00Z"), Due(ok, "acceptance"));
        // No provisional day lies between 1 and 11 December 2036, so no mark; one counted across Tết 2036 has it.
        Assert.False(Deadline(ok, "acceptance")["provisional"]!.GetValue<bool>());
        var tet = await CreateAsync(complaints, NewCase("complaint", receivedAt: "2036-01-22T09:00:00+07:00"));
        Assert.True(Deadline(tet, "acceptance")["provisional"]!.GetValue<bool>());

        // Accepting it on 28 December 2036 starts a 30-day resolution limit that ends in 2037: refused, nothing written.
        var number = ok["number"]!.GetValue<string>();
        var refused = await ProblemAsync(await ActAsync(complaints, number, "accept", 1), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("no table for 2037", refused["errors"]!["calendar"]![0]!.GetValue<string>());
        var after = await GetCaseAsync(complaints, number);
        Assert.Equal(1, after["rowVersion"]!.GetValue<int>());
        Assert.Equal("received", after["state"]!.GetValue<string>());
    }
}
