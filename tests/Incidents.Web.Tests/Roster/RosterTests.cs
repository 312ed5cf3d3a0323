using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Incidents.Core.Access;
using Incidents.Storage;
using Incidents.Storage.Roster;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;

namespace Incidents.Web.Tests.Roster;

/// <summary>
/// Issue #13's duty roster through the API and the pages: a 30-district roster imported from a file routes a new case to
/// the official on duty in its district; a bad file is refused whole, each error naming its row and column; a posting
/// follows the administrative units' validity dates.
/// </summary>
public sealed class RosterTests : IAsyncDisposable
{
    private static readonly DateTimeOffset ElectionEve = new(2021, 5, 23, 2, 0, 0, TimeSpan.Zero); // 09:00, 23 May 2021 in Hà Nội

    private IncidentsApp? _app;

    private IncidentsApp App(bool assignOnDuty) => _app ??= new IncidentsApp
    {
        Time = new FakeTimeProvider(ElectionEve),
        Settings = { ["Incidents:Roster:AssignOnDuty"] = assignOnDuty ? "true" : "false" },
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    private static MultipartFormDataContent File(byte[] content, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".xlsx", StringComparison.Ordinal)
            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
        form.Add(file, "file", name);
        return form;
    }

    private static JsonObject Complaint(string locality) => new()
    {
        ["type"] = "complaint", ["title"] = "Khiếu nại về danh sách cử tri", ["description"] = "Tên tôi không có trong danh sách cử tri",
        ["localityCode"] = locality, ["channel"] = "counter", ["receivedAt"] = "2021-05-23T08:30:00+07:00",
        ["reporter"] = new JsonObject { ["name"] = "Nguyễn Văn An", ["address"] = "Hà Nội", ["phone"] = "0912345678" },
        ["inputs"] = new JsonObject { ["complex"] = "true" },
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task<long> CountPostingsAsync()
    {
        await using var c = await _app!.Services.GetRequiredService<Database>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM duty_postings");
    }

    [Fact]
    public async Task A_30_district_roster_imported_from_a_file_assigns_a_new_case_to_the_official_on_duty_in_its_district()
    {
        var app = App(assignOnDuty: true);
        var (lead, _) = await app.UserAsync(Roles.Leadership);
        var districts = RosterFiles.Districts2021();
        Assert.Equal(30, districts.Count);
        var officials = await RosterFiles.OfficialsAsync(app.Services, 30);

        var import = await lead.PostAsync("/api/v1/roster/import", File(Encoding.UTF8.GetBytes(RosterFiles.Csv(districts, officials)), "truc-bau-cu.csv"));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        Assert.Equal(30, JsonNode.Parse(await import.Content.ReadAsStringAsync())!["count"]!.GetValue<int>());
        var onDuty = JsonNode.Parse(await lead.GetStringAsync("/api/v1/roster?day=2021-05-23"))!.AsArray();
        Assert.Equal(30, onDuty.Count);

        // A complaint from the 17th district goes to the 17th official, in the intake's own transaction.
        var (clerk, _) = await app.UserAsync(Roles.Complaints);
        var created = await clerk.PostAsync("/api/v1/cases", Json(Complaint(districts[16].Code)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
        var read = JsonNode.Parse(await clerk.GetStringAsync($"/api/v1/cases/{number}"))!;
        Assert.Equal(officials[16].Login, read["assignee"]!.GetValue<string>());
        Assert.Equal(districts[16].Code, read["localityCode"]!.GetValue<string>());

        // The day after the posting ends nobody is on duty there: the next case waits in the queue.
        app.Time.Advance(TimeSpan.FromDays(2));
        var later = Complaint(districts[16].Code);
        later["receivedAt"] = "2021-05-25T08:30:00+07:00";
        var unrouted = JsonNode.Parse(await (await clerk.PostAsync("/api/v1/cases", Json(later))).Content.ReadAsStringAsync())!;
        var after = JsonNode.Parse(await clerk.GetStringAsync($"/api/v1/cases/{unrouted["number"]!.GetValue<string>()}"))!;
        Assert.Null(after["assignee"]);
    }

    [Fact]
    public async Task Offered_not_assigned_by_default_the_case_page_names_the_official_on_duty_with_a_one_click_assign()
    {
        var app = App(assignOnDuty: false);
        var (lead, _) = await app.UserAsync(Roles.Leadership);
        var districts = RosterFiles.Districts2021();
        var officials = await RosterFiles.OfficialsAsync(app.Services, 30);
        var import = await lead.PostAsync("/api/v1/roster/import", File(Encoding.UTF8.GetBytes(RosterFiles.Csv(districts, officials, byName: true)), "truc.csv"));
        Assert.Equal(HttpStatusCode.Created, import.StatusCode);

        var (clerk, _) = await app.UserAsync(Roles.Complaints);
        var number = JsonNode.Parse(await (await clerk.PostAsync("/api/v1/cases", Json(Complaint(districts[3].Code)))).Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
        Assert.Null(JsonNode.Parse(await clerk.GetStringAsync($"/api/v1/cases/{number}"))!["assignee"]);

        await PageSession.CreateUserAsync(app, "truong-ban", "Trưởng ban", Roles.Leadership);
        var page = await PageSession.SignedInAsync(app, "truong-ban");
        var html = await page.GetStringAsync($"/cases/{number}");
        Assert.Contains("Cán bộ trực", html);
        Assert.Contains("Cán bộ trực số 4", html);
        Assert.Contains(RosterFiles.Phone(4).Replace(" ", ""), html); // stored as digits only
        Assert.Contains("id=\"assign-on-duty\"", html);

        var assign = await page.PostAsync($"/cases/{number}?handler=Assign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = PageSession.Token(html), ["rowVersion"] = "1", ["assignee"] = officials[3].Login,
        }));
        Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        Assert.Equal(officials[3].Login, JsonNode.Parse(await clerk.GetStringAsync($"/api/v1/cases/{number}"))!["assignee"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_import_with_bad_rows_names_each_row_and_column_and_stores_nothing()
    {
        var app = App(assignOnDuty: false);
        var (lead, _) = await app.UserAsync(Roles.Leadership);
        var districts = RosterFiles.Districts2021();
        var officials = await RosterFiles.OfficialsAsync(app.Services, 30);
        var lines = RosterFiles.Csv(districts, officials).Split('\n').ToList();
        lines[2] = lines[2].Replace(RosterFiles.Phone(2), "12345");       // file row 3: not a phone
        lines[4] = lines[4].Replace(officials[3].Login, "khong-co-ai");   // file row 5: no such user
        lines[6] = lines[6].Replace("24/05/2021", "hôm qua");             // file row 7: not a date

        var r = await lead.PostAsync("/api/v1/roster/import", File(Encoding.UTF8.GetBytes(string.Join('\n', lines)), "sai.csv"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        var errors = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["rows[3].phone", "rows[5].login", "rows[7].to"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.StartsWith("Dòng 3, cột G (Điện thoại): ", errors["rows[3].phone"]![0]!.GetValue<string>());
        Assert.Contains("Row 3, column G (Điện thoại): ", errors["rows[3].phone"]![0]!.GetValue<string>());
        Assert.Contains("khong-co-ai", errors["rows[5].login"]![0]!.GetValue<string>());
        Assert.StartsWith("Dòng 7, cột F (Đến ngày)", errors["rows[7].to"]![0]!.GetValue<string>());
        Assert.Equal(0, await CountPostingsAsync()); // the 27 good rows were not stored either
    }

    [Fact]
    public async Task An_xlsx_roster_with_english_headers_is_imported_whole()
    {
        var app = App(assignOnDuty: false);
        var (lead, _) = await app.UserAsync(Roles.Admin);
        var districts = RosterFiles.Districts2021();
        var officials = await RosterFiles.OfficialsAsync(app.Services, 3);
        var rows = Enumerable.Range(0, 3).Select(i => new Dictionary<string, object>
        {
            ["Email"] = officials[i].Email!, ["Name"] = officials[i].DisplayName, ["Locality"] = districts[i].Code,
            ["From"] = new DateTime(2021, 5, 22), ["To"] = new DateTime(2021, 5, 24), ["Phone"] = $"+84 91200000{i}",
        }).ToList();
        using var xlsx = new MemoryStream();
        xlsx.SaveAs(rows, excelType: ExcelType.XLSX);

        var r = await lead.PostAsync("/api/v1/roster/import", File(xlsx.ToArray(), "roster.xlsx"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var store = app.Services.GetRequiredService<DutyRosterStore>();
        var second = Assert.Single(await store.OnDutyAsync(districts[1].Code, new DateOnly(2021, 5, 24)));
        Assert.Equal((officials[1].Id, "0912000001"), (second.UserId, second.Phone));
        Assert.Empty(await store.OnDutyAsync(districts[1].Code, new DateOnly(2021, 5, 25)));
    }

    [Fact]
    public async Task A_2021_posting_refuses_a_ward_created_in_2025_and_takes_the_district_of_the_time()
    {
        var app = App(assignOnDuty: false);
        var (lead, _) = await app.UserAsync(Roles.Leadership);
        var official = (await RosterFiles.OfficialsAsync(app.Services, 1))[0];
        JsonObject Posting(string locality) => new()
        {
            ["login"] = official.Login, ["locality"] = locality, ["from"] = "2021-05-22", ["to"] = "2021-05-24", ["phone"] = "0912 345 678",
        };

        var ward = await lead.PostAsync("/api/v1/roster", Json(Posting("00004"))); // Phường Ba Đình, from 1 July 2025
        Assert.Equal(HttpStatusCode.BadRequest, ward.StatusCode);
        var message = JsonNode.Parse(await ward.Content.ReadAsStringAsync())!["errors"]!["locality"]![0]!.GetValue<string>();
        Assert.Contains("không có hiệu lực trong thời gian 22/05/2021–24/05/2021", message);
        Assert.Contains("in force from 01/07/2025", message);
        Assert.Equal(0, await CountPostingsAsync());

        var withBadPhone = Posting("001");
        withBadPhone["phone"] = "123";
        var badPhone = JsonNode.Parse(await (await lead.PostAsync("/api/v1/roster", Json(withBadPhone))).Content.ReadAsStringAsync())!;
        Assert.Contains("Vietnamese phone number", badPhone["errors"]!["phone"]![0]!.GetValue<string>());

        var district = await lead.PostAsync("/api/v1/roster", Json(Posting("Quận Ba Đình")));
        Assert.Equal(HttpStatusCode.Created, district.StatusCode);
        var created = JsonNode.Parse(await district.Content.ReadAsStringAsync())!;
        Assert.Equal(("001", "0912345678"), (created["localityCode"]!.GetValue<string>(), created["phone"]!.GetValue<string>()));
    }
}
