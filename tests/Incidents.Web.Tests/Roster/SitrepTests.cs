using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Storage.Outbox;
using Incidents.Storage.Roster;
using Incidents.Web.Roster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;

namespace Incidents.Web.Tests.Roster;

/// <summary>
/// Situation reports (issue #13) on a fake clock: filed by the official on duty for their posting's locality; a locality
/// with no report once a slot's grace has passed is late, and its official gets exactly one reminder for that slot; the
/// synthesis table reads back from its XLSX export.
/// </summary>
public sealed class SitrepTests : IAsyncDisposable
{
    // 22 May 2021, 07:00 in Hà Nội; the default schedule asks for a report at 08:00, 12:00, 16:00, 20:00 with 30 minutes' grace.
    private static readonly DateTimeOffset Morning = new(2021, 5, 22, 0, 0, 0, TimeSpan.Zero);
    private readonly IncidentsApp _app = new() { Time = new FakeTimeProvider(Morning) };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<(HttpClient Official, UserAccount User, string Locality)> PostedAsync()
    {
        var (lead, _) = await _app.UserAsync(Roles.Leadership);
        var official = (await RosterFiles.OfficialsAsync(_app.Services, 1))[0];
        var posted = await lead.PostAsync("/api/v1/roster", Json(new JsonObject
        {
            ["login"] = official.Login, ["locality"] = "002", ["from"] = "2021-05-22", ["to"] = "2021-05-24", ["phone"] = "0912 345 678",
        }));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var reports = _app.Services.GetRequiredService<SituationReportStore>();
        await reports.SaveFigureAsync(new SitrepFigure("turnout", "Số cử tri đã bỏ phiếu", "Voters so far", "người", 1, true));
        await reports.SaveFigureAsync(new SitrepFigure("stations-open", "Số tổ bầu cử đã mở", "Polling stations open", null, 2, true));
        var token = ApiTokenStore.Generate();
        await _app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(official.Id, ApiTokenStore.Hash(token), "phone");
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return (client, official, "002");
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task<IReadOnlyList<OutboxEntry>> RemindersAsync() =>
        [.. (await _app.Services.GetRequiredService<OutboxStore>().ListAsync(limit: 100)).Items.Where(e => e.Kind == OutboxKind.Notification)];

    [Fact]
    public async Task A_missing_report_is_marked_late_once_its_grace_has_passed_and_the_official_gets_exactly_one_reminder()
    {
        var (_, official, locality) = await PostedAsync();
        var job = _app.Services.GetRequiredService<SitrepReminderJob>();
        var sitreps = _app.Services.GetRequiredService<SitReports>();
        var day = new DateOnly(2021, 5, 22);

        _app.Time.Advance(TimeSpan.FromMinutes(89)); // 08:29: the 08:00 report is due, its grace not yet over
        Assert.Equal(0, await job.RunAsync(default));
        Assert.False(Assert.Single((await sitreps.TableAsync(day)).Rows).Late);

        _app.Time.Advance(TimeSpan.FromMinutes(1)); // 08:30
        Assert.True(Assert.Single((await sitreps.TableAsync(day)).Rows, r => r.LocalityCode == locality).Late);
        Assert.Equal(1, await job.RunAsync(default));
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await job.RunAsync(default)); // the next wakes find the reminder already there
        Assert.Equal(0, await job.RunAsync(default));
        var reminder = Assert.Single(await RemindersAsync());
        Assert.Equal([official.Email!], reminder.Recipients);
        Assert.Contains("Quận Hoàn Kiếm", reminder.Subject);
        Assert.Contains("08:00 22/05/2021", reminder.BodyText);
        Assert.Contains("/sitreps/new", reminder.BodyText);
        Assert.DoesNotContain("2021-05-22T01:00", reminder.BodyText); // Vietnam time, not UTC
    }

    [Fact]
    public async Task A_report_filed_late_clears_the_mark_and_counts_for_the_next_slot()
    {
        var (client, _, locality) = await PostedAsync();
        var job = _app.Services.GetRequiredService<SitrepReminderJob>();
        var sitreps = _app.Services.GetRequiredService<SitReports>();
        _app.Time.Advance(TimeSpan.FromMinutes(100)); // 08:40, late for 08:00
        Assert.Equal(1, await job.RunAsync(default));

        var filed = await client.PostAsync("/api/v1/sitreps", Json(new JsonObject
        {
            ["values"] = new JsonObject { ["turnout"] = 12500, ["stations-open"] = "38" }, ["text"] = "Các tổ bầu cử mở cửa đúng giờ.",
        }));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.False(Assert.Single((await sitreps.TableAsync(new DateOnly(2021, 5, 22))).Rows).Late);

        _app.Time.Advance(TimeSpan.FromHours(4)); // 12:40: the 08:40 report came after 08:00, so it counts for 12:00
        Assert.Equal(0, await job.RunAsync(default));
        _app.Time.Advance(TimeSpan.FromHours(4)); // 16:40: nothing since 12:00
        Assert.Equal(1, await job.RunAsync(default));
        Assert.Equal(2, (await RemindersAsync()).Count);

        var latest = Assert.Single(await _app.Services.GetRequiredService<SituationReportStore>().LatestByLocalityAsync(new DateOnly(2021, 5, 22)));
        Assert.Equal((locality, 12500m, 38m), (latest.LocalityCode, latest.Values["turnout"], latest.Values["stations-open"]));
    }

    [Fact]
    public async Task A_report_with_bad_figures_names_each_field_and_someone_not_on_duty_is_refused()
    {
        var (client, _, _) = await PostedAsync();
        var bad = await client.PostAsync("/api/v1/sitreps", Json(new JsonObject
        {
            ["values"] = new JsonObject { ["turnout"] = "nhiều", ["no-such"] = 1 }, ["reportedAt"] = "2021-05-22T23:00",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["reportedAt", "values.no-such", "values.turnout"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Empty(await _app.Services.GetRequiredService<SituationReportStore>().LatestByLocalityAsync(new DateOnly(2021, 5, 22)));

        var (stranger, _) = await _app.UserAsync(Roles.Complaints);
        var refused = await stranger.PostAsync("/api/v1/sitreps", Json(new JsonObject { ["values"] = new JsonObject { ["turnout"] = 1 } }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_synthesis_table_exports_to_xlsx_that_reads_back_with_its_figures()
    {
        var (client, official, _) = await PostedAsync();
        _app.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/sitreps", Json(new JsonObject
        {
            ["values"] = new JsonObject { ["turnout"] = 4200.5m }, ["text"] = "Ổn định",
        }))).StatusCode);

        var table = await _app.Services.GetRequiredService<SitReports>().TableAsync(new DateOnly(2021, 5, 22));
        using var xlsx = new MemoryStream(SitReports.Xlsx(table));
        var rows = xlsx.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal("Quận Hoàn Kiếm", row["Địa bàn / Locality"]);
        Assert.Equal(official.DisplayName, row["Cán bộ trực / Official on duty"]);
        Assert.Equal("22/05/2021 09:00", row["Thời điểm báo cáo / Reported at"]);
        Assert.Equal(4200.5, Convert.ToDouble(row["Số cử tri đã bỏ phiếu / Voters so far (người)"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Ổn định", row["Ghi chú / Notes"]);

        var (lead, _) = await _app.UserAsync(Roles.Leadership);
        var latest = JsonNode.Parse(await lead.GetStringAsync("/api/v1/sitreps/latest?day=2021-05-22"))!.AsArray();
        Assert.Equal(4200.5m, Assert.Single(latest)!["values"]!["turnout"]!.GetValue<decimal>());
    }
}
