using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage;
using Incidents.Storage.Access;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Handling;
using Incidents.Web.Intake;
using Incidents.Web.Reports;
using Incidents.Web.Tests.Pages;
using Incidents.Web.Triage;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Reports;

/// <summary>
/// Leadership's figures on a seeded host with a fake clock: the headline equals direct counts in the database, each link
/// opens a queue of the same count, and the periodic report's totals equal the queue's.
/// </summary>
public sealed class LeadershipReportsTests : OwnHostTest
{
    /// <summary>The clock when the figures are read: 29/11/2026 10:00 in Vietnam.</summary>
    private static readonly DateTimeOffset ReadAt = new(2026, 11, 29, 3, 0, 0, TimeSpan.Zero);

    private UserAccount _clerk = null!, _guard = null!;
    private readonly Dictionary<string, string> _n = [];

    private async Task<string> TakeInAsync(string key, string type, string receivedAt, string locality = "00004", string? severity = null)
    {
        var actor = (type == "security-incident" ? _guard : _clerk).ToActor();
        var r = await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = type, Title = "Hồ sơ " + key, LocalityCode = locality, Channel = "counter", ReceivedAt = receivedAt, Severity = severity,
            Reporter = new ReporterInput("Nguyễn Văn An", "12 Hàng Bài", null, null), Description = "Mô tả " + key,
        }], [], actor);
        Assert.True(r.Numbers.Count == 1, string.Join("; ", r.Errors.SelectMany(e => e.Value)));
        return _n[key] = r.Numbers[0];
    }

    private async Task ActAsync(string key, UserAccount who, string action, Dictionary<string, string>? inputs = null)
    {
        var c = (await _app.Services.GetRequiredService<CaseQueries>().GetAsync(_n[key]))!;
        var r = await _app.Services.GetRequiredService<CaseActions>().PerformAsync(_n[key], who.ToActor(), action, inputs ?? [], c.RowVersion);
        Assert.Equal(CaseActionStatus.Done, r.Status);
    }

    /// <summary>
    /// Eight cases. From 25/11 10:00: S1 (critical, resolved 4 days later: late), S2 (high, resolved after an hour: on time),
    /// S3 (critical, left open: its acknowledgement passes), P1 (open), P2 (taken up in time, answered on 27/11),
    /// C1 (received 1/11, open) and C2 (received in October, open), both past their 10-day acceptance limit counted from
    /// receipt; on 29/11 10:00, S4 (its acknowledgement falls due later today).
    /// </summary>
    private async Task SeedAsync()
    {
        _clerk = await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        _guard = await CreateUserAsync(_app, "hoa", "Phạm Văn Hòa", Roles.Security);
        await CreateUserAsync(_app, "chief", "Bùi Thị Lãnh", Roles.Leadership);
        const string t0 = "2026-11-25T10:00:00+07:00";
        await TakeInAsync("S1", "security-incident", t0, severity: "critical");
        await TakeInAsync("S2", "security-incident", t0, "00166", severity: "high");
        await TakeInAsync("S3", "security-incident", t0, "00166", severity: "critical");
        await TakeInAsync("P1", "petition", t0, "00166");
        await TakeInAsync("P2", "petition", t0);
        await TakeInAsync("C1", "complaint", "2026-11-01T09:00:00+07:00");
        await TakeInAsync("C2", "complaint", "2026-10-15T09:00:00+07:00");
        var assign = _app.Services.GetRequiredService<CaseAssignment>();
        var s1 = (await _app.Services.GetRequiredService<CaseQueries>().GetAsync(_n["S1"]))!;
        Assert.Equal(AssignmentStatus.Done, (await assign.AssignAsync(_n["S1"], _guard.ToActor(), "hoa", s1.RowVersion)).Status);

        _app.Time.Advance(TimeSpan.FromHours(1));
        await ActAsync("S2", _guard, "acknowledge");
        await ActAsync("S2", _guard, "resolve", new() { ["summary"] = "Đã xử lý" });
        await ActAsync("P2", _clerk, "take-up");
        _app.Time.SetUtcNow(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        await ActAsync("P2", _clerk, "answer", new() { ["answer"] = "Đã trả lời" });
        _app.Time.SetUtcNow(ReadAt);
        await ActAsync("S1", _guard, "acknowledge");
        await ActAsync("S1", _guard, "resolve", new() { ["summary"] = "Đã xử lý muộn" });
        await TakeInAsync("S4", "security-incident", "2026-11-29T10:00:00+07:00", severity: "low");
    }

    private static readonly ReportPeriod November = new(new(2026, 11, 1), new(2026, 11, 30));

    [Fact]
    public async Task Headline_figures_equal_direct_counts_in_the_database()
    {
        await SeedAsync();
        var s = await _app.Services.GetRequiredService<LeadershipReports>().SummaryAsync(November);


        // And straight from the tables, in Vietnam time: 1/11 00:00 to 1/12 00:00 is 31/10 17:00Z to 30/11 17:00Z.
        long Ms(int y, int mo, int d, int h) => new DateTimeOffset(y, mo, d, h, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var (from, to, now, dayEnd) = (Ms(2026, 10, 31, 17), Ms(2026, 11, 30, 17), ReadAt.ToUnixTimeMilliseconds(), Ms(2026, 11, 29, 17));
        await using var c = await _app.Services.GetRequiredService<Database>().OpenAsync();
        async Task<long> Count(string where) => await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE " + where, new { from, to, now, dayEnd });
        Assert.Equal(await Count("received_at >= @from AND received_at < @to"), s.Headline.Received);
        Assert.Equal(await Count("closed_at IS NULL"), s.Headline.Open);
        Assert.Equal(await Count("closed_at IS NULL AND next_due_at < @now"), s.Headline.Overdue);
        Assert.Equal(await Count("closed_at IS NULL AND next_due_at >= @now AND next_due_at < @dayEnd"), s.Headline.DueToday);
        Assert.Equal(await Count("closed_at >= @from AND closed_at < @to"), s.Headline.Resolved);
        // On time: the deadline met last was met by its due instant. S1's resolve limit (72 h from 25/11 10:00) was met on 29/11.
        // S2 was acknowledged late (its high-severity limit is shorter than the hour it waited) but resolved in time.
        var late = await c.QueryAsync<string>("""
            SELECT DISTINCT c.number FROM cases c JOIN deadlines d ON d.case_id = c.id
            WHERE d.status = 'met' AND d.met_at > d.due_at AND d.met_at = (SELECT MAX(met_at) FROM deadlines m WHERE m.case_id = c.id)
              AND d.due_at = (SELECT MAX(due_at) FROM deadlines m WHERE m.case_id = c.id AND m.met_at = d.met_at)
            """);
        Assert.Equal([_n["S1"]], late.Select(x => x.Trim()));
        // By hand, from the story above.
        Assert.Equal(new Figures(Received: 7, Open: 5, Overdue: 3, DueToday: 1, Resolved: 3, ResolvedOnTime: 2, OnTimePercent: 66.7, MedianDays: 2.0), s.Headline);

        // Median of 1 hour, 2 days and 4 days of calendar time.
        var days = (await c.QueryAsync<long>("SELECT closed_at - received_at FROM cases WHERE closed_at >= @from AND closed_at < @to", new { from, to }))
            .Select(ms => ms / 86_400_000.0).Order().ToList();
        Assert.Equal(Math.Round(days[1], 1), s.Headline.MedianDays);

        // The splits add up to the headline, and name people and places, not logins and codes.
        Assert.Equal(s.Headline.Received, s.ByType.Sum(r => r.Figures.Received));
        Assert.Equal(s.Headline.Overdue, s.ByLocality.Sum(r => r.Figures.Overdue));
        Assert.Equal(s.Headline.Open, s.ByHandler.Sum(r => r.Figures.Open));
        Assert.Contains(s.ByHandler, r => r.Key == "hoa" && r.Label == "Phạm Văn Hòa" && r.Figures.Resolved == 2 && r.Figures.ResolvedOnTime == 1);
        Assert.Contains(s.ByHandler, r => r.Key is null && r.Label == "Chưa phân công" && r.Team == Roles.Complaints);
        Assert.Contains(s.ByLocality, r => r.Key == "00166" && r.Label == "Phường Cầu Giấy" && r.Team == Roles.Security && r.Figures.Received == 2);
        Assert.Equal([_n["S3"]], s.Critical.Select(x => x.Number)); // S1 and S2 are resolved, S4 is low
    }

    [Fact]
    public async Task Every_headline_link_opens_its_teams_queue_with_the_same_count()
    {
        await SeedAsync();
        var chief = await SignedInAsync(_app, "chief");
        var html = await chief.GetStringAsync("/dashboard?Preset=month");
        var s = await _app.Services.GetRequiredService<LeadershipReports>().SummaryAsync(November);
        var checkedLinks = 0;
        foreach (var figure in new[] { "received", "open", "overdue", "due-today", "resolved" })
        {
            var card = Regex.Match(html, $"data-figure=\"{figure}\">(.*?)</div>", RegexOptions.Singleline).Groups[1].Value;
            Assert.Contains($"<span class=\"value\">{Total(figure, s.Headline)}</span>", card);
            foreach (Match m in Regex.Matches(card, "<a href=\"([^\"]+)\" data-team=\"([a-z]+)\">[^<]*: (\\d+)</a>"))
            {
                var queue = await chief.GetStringAsync(WebUtility.HtmlDecode(m.Groups[1].Value));
                Assert.Contains($"<strong>{m.Groups[3].Value} hồ sơ</strong>", queue);
                checkedLinks++;
            }
        }
        Assert.Equal(10, checkedLinks); // five figures, two teams
        Assert.Contains("/incidents?Open=true&amp;Overdue=true", html);
    }

    private static long Total(string figure, Figures f) => figure switch
    {
        "received" => f.Received, "open" => f.Open, "overdue" => f.Overdue, "due-today" => f.DueToday, _ => f.Resolved,
    };

    [Fact]
    public async Task The_XLSX_report_read_back_with_MiniExcel_has_the_queues_totals()
    {
        await SeedAsync();
        var (api, _) = await _app.UserAsync(Roles.Leadership);
        var res = await api.GetAsync("/api/v1/reports/periodic?period=2026-11&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal(PeriodicExport.XlsxType, res.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bao-cao-2026-11.xlsx", res.Content.Headers.ContentDisposition?.FileNameStar ?? res.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var xlsx = new MemoryStream(await res.Content.ReadAsByteArrayAsync());
        var rows = xlsx.Query(useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal("Báo cáo tiếp nhận và giải quyết đơn thư kỳ 11/2026", rows[0]["A"]);
        Assert.Matches(@"^Lập lúc 29/11/2026 10:00 · Từ 01/11/2026 đến 30/11/2026$", (string)rows[1]["A"]!);
        Assert.Equal(PeriodicExport.Headers, rows[2].Values.Take(PeriodicExport.Headers.Length).Select(v => v?.ToString()));
        var total = rows.Single(r => (string?)r["A"] == PeriodicExport.TotalLabel);

        async Task<long> QueueTotal(string query) =>
            JsonNode.Parse(await api.GetStringAsync("/api/v1/cases?" + query))!["total"]!.GetValue<long>();
        Assert.Equal(await QueueTotal("receivedFrom=2026-11-01&receivedTo=2026-11-30"), Convert.ToInt64(total["D"]));
        Assert.Equal(await QueueTotal("resolvedFrom=2026-11-01&resolvedTo=2026-11-30"), Convert.ToInt64(total["E"]));
        Assert.Equal(7L, Convert.ToInt64(total["D"]));
        Assert.Equal(2L, Convert.ToInt64(total["F"]));
        // A line per type and locality: the petitions of Phường Cầu Giấy.
        Assert.Contains(rows, r => (string?)r["A"] == "Kiến nghị, phản ánh" && (string?)r["C"] == "Phường Cầu Giấy" && Convert.ToInt64(r["D"]) == 1);
    }

    [Fact]
    public async Task The_CSV_report_has_the_same_Vietnamese_headers_and_a_byte_order_mark()
    {
        await SeedAsync();
        var (api, _) = await _app.UserAsync(Roles.Leadership);
        var bytes = await api.GetByteArrayAsync("/api/v1/reports/periodic?period=2026-Q4&format=csv");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Báo cáo tiếp nhận và giải quyết đơn thư kỳ Quý IV/2026", lines[0]);
        Assert.Equal(string.Join(",", PeriodicExport.Headers), lines[2]);
        Assert.StartsWith(PeriodicExport.TotalLabel + ",,,8,3,2,", lines[^1]); // the quarter holds C2 of October too
    }

    [Fact]
    public async Task A_bad_period_is_a_400_naming_each_field()
    {
        var (api, _) = await _app.UserAsync(Roles.Leadership);
        var r = await api.GetAsync("/api/v1/reports/summary?from=2026-13-01&to=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var errors = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["from", "to"], errors.Select(e => e.Key).Order());
        var p = await api.GetAsync("/api/v1/reports/periodic?period=2026-13&format=pdf");
        var perrors = JsonNode.Parse(await p.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["format", "period"], perrors.Select(e => e.Key).Order());
        var back = await api.GetAsync("/api/v1/reports/summary?from=2026-11-30&to=2026-11-01");
        Assert.Contains("to", JsonNode.Parse(await back.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task A_period_ending_before_it_begins_is_a_message_on_the_dashboard_and_no_figures()
    {
        await CreateUserAsync(_app, "chief", "Bùi Thị Lãnh", Roles.Leadership);
        var chief = await SignedInAsync(_app, "chief");
        var r = await chief.GetAsync("/dashboard?Preset=custom&From=2026-11-30&To=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Hãy nhập ngày cuối kỳ, không trước ngày đầu kỳ", html);
        Assert.DoesNotContain("data-figure=", html);
    }

    [Fact]
    public async Task The_summary_API_gives_the_dashboards_figures()
    {
        await SeedAsync();
        var (api, _) = await _app.UserAsync(Roles.Leadership);
        var body = JsonNode.Parse(await api.GetStringAsync("/api/v1/reports/summary?from=2026-11-01&to=2026-11-30"))!;
        Assert.Equal(3, body["headline"]!["overdue"]!.GetValue<long>());
        Assert.Equal(66.7, body["headline"]!["onTimePercent"]!.GetValue<double>());
        Assert.Equal(2.0, body["headline"]!["medianDays"]!.GetValue<double>());
        Assert.Contains(body["byHandler"]!.AsArray(), r => r!["label"]!.GetValue<string>() == "Phạm Văn Hòa");
    }

    [Fact]
    public async Task An_old_district_in_the_queue_filter_selects_its_successor_wards_and_itself()
    {
        _clerk = await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        _guard = await CreateUserAsync(_app, "hoa", "Phạm Văn Hòa", Roles.Security);
        await TakeInAsync("new-ward", "petition", "2026-11-20T09:00:00+07:00", "00166");   // Phường Cầu Giấy, since 1/7/2025
        await TakeInAsync("old-district", "petition", "2025-05-10T09:00:00+07:00", "005"); // Quận Cầu Giấy, before
        await TakeInAsync("elsewhere", "petition", "2026-11-20T09:00:00+07:00", "10354");   // Xã Vân Đình, from Huyện Ứng Hòa
        var (api, _) = await _app.UserAsync(Roles.Leadership);
        var items = JsonNode.Parse(await api.GetStringAsync("/api/v1/cases?locality=005"))!["items"]!.AsArray();
        Assert.Equal(new[] { _n["new-ward"], _n["old-district"] }.Order(), items.Select(i => i!["number"]!.GetValue<string>()).Order());
        var ward = JsonNode.Parse(await api.GetStringAsync("/api/v1/cases?locality=00166"))!["items"]!.AsArray();
        Assert.Equal([_n["new-ward"]], ward.Select(i => i!["number"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_picker_finds_wards_without_diacritics_and_offers_an_old_districts_successors()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var found = JsonSerializer.Deserialize<List<Localities.LocalityOption>>(await api.GetStringAsync("/api/v1/localities?q=cau%20giay&at=2026-11-25"),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(new Localities.LocalityOption("00166", "Phường Cầu Giấy", "phường", null), found[0]);
        Assert.DoesNotContain(found, u => u.Code == "005"); // the district ended on 30/6/2025
        Assert.Contains(found, u => u.Code == "00160" && u.Via == "Quận Cầu Giấy"); // Phường Nghĩa Đô took part of it
        var before = JsonSerializer.Deserialize<List<Localities.LocalityOption>>(await api.GetStringAsync("/api/v1/localities?q=CẦU%20GIẤY&at=2025-05-01"),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(["005"], before.Select(u => u.Code));
        var bad = await api.GetAsync("/api/v1/localities?q=x&at=25/11/2026");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
