using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Access;
using Incidents.Storage.Roster;
using Incidents.Storage.Screen;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Incidents.Browser.Tests;

/// <summary>The press room's wall screen in Chromium at 1920×1080: a new incident changes its counts without a reload.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PressScreenTests(BrowserHost host)
{
    private static string Ago(TimeSpan span) => DateTimeOffset.UtcNow.Add(-span).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz");

    private static readonly string[] Wards = ["00004", "00008", "00025", "00070", "00082", "00103"];

    /// <summary>A morning of an election day: petitions and incidents over a few wards, and two situation reports.</summary>
    private async Task SeedAsync(UserAccount clerk)
    {
        var requests = new List<IntakeRequest>();
        for (var i = 0; i < 9; i++)
            requests.Add(new IntakeRequest
            {
                Type = i % 3 == 0 ? "complaint" : "petition", Title = $"Đơn thử số {i}", Description = "Nội dung đơn.", LocalityCode = Wards[i % Wards.Length],
                Channel = "counter", ReceivedAt = Ago(TimeSpan.FromHours(i % 4 + 1)), Reporter = new ReporterInput("Nguyễn Văn Bình", "1 Hàng Bài", null, null),
                Inputs = i % 3 == 0 ? new() { ["complex"] = JsonElementOf("\"true\"") } : null,
            });
        foreach (var (severity, i) in new[] { "high", "medium", "low", "medium" }.Select((s, i) => (s, i)))
            requests.Add(new IntakeRequest
            {
                Type = "security-incident", Title = $"Sự cố thử {i}", LocalityCode = Wards[(i + 2) % Wards.Length], Channel = "phone",
                ReceivedAt = Ago(TimeSpan.FromMinutes(30 + 20 * i)), Severity = severity,
            });
        await host.TakeInAsync(clerk, [.. requests]);

        var roster = host.Services.GetRequiredService<DutyRosterStore>();
        var reports = host.Services.GetRequiredService<SituationReportStore>();
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).DateTime);
        await reports.SaveFigureAsync(new SitrepFigure("turnout", "Cử tri đã bỏ phiếu", "Voters who have voted", "người", 1, true));
        await reports.SaveFigureAsync(new SitrepFigure("stations-open", "Điểm bỏ phiếu đang mở", "Polling stations open", null, 2, true));
        // Wards no other browser test reports for: the host is shared, and the latest report of a ward is what shows.
        foreach (var (ward, turnout, open) in new[] { ("00008", 4210m, 12m), ("00070", 3875m, 9m) })
        {
            var posting = (await roster.AddAsync([new NewPosting(clerk.Id, ward, today, today, "0912 000 111")], "test"))[0];
            await reports.AddAsync(new NewSituationReport(posting, clerk.Id, ward, DateTimeOffset.UtcNow.AddMinutes(-15),
                new Dictionary<string, decimal> { ["turnout"] = turnout, ["stations-open"] = open }, null));
        }
    }

    private static System.Text.Json.JsonElement JsonElementOf(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task The_press_screen_counts_a_new_incident_within_five_seconds_without_a_reload()
    {
        var admin = await host.UserAsync("Quản Trị Viên", Roles.Admin);
        var officer = await host.UserAsync("Trần Văn An", Roles.Security, Roles.Complaints);
        await SeedAsync(officer);
        var token = ScreenLinkStore.Generate();
        await host.Services.GetRequiredService<ScreenLinkStore>().CreateAsync("Phòng báo chí", ScreenLinkStore.Hash(token), admin.Id);

        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseUrl, ViewportSize = new ViewportSize { Width = 1920, Height = 1080 }, DeviceScaleFactor = 1,
            Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh",
            // The test's own probes are evaluated strings; the screen's CSP itself is checked by the web tests.
            BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"/screen/{token}");
        await page.WaitForFunctionAsync("document.body.getAttribute('data-version') !== null", null, new() { Timeout = 30_000 }); // the stream is live
        var open = int.Parse(await page.Locator("[data-total='open']").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(13, open);
        await page.EvaluateAsync("window.__sameDocument = true");
        Assert.Empty(await context.CookiesAsync());

        var apiToken = ApiTokenStore.Generate();
        await host.Services.GetRequiredService<ApiTokenStore>().CreateAsync(officer.Id, ApiTokenStore.Hash(apiToken), "browser");
        using var api = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiToken);
        var body = new JsonObject
        {
            ["type"] = "security-incident", ["title"] = "Mất điện tại điểm bỏ phiếu số 5", ["localityCode"] = "00025", ["channel"] = "phone",
            ["receivedAt"] = Ago(TimeSpan.FromMinutes(2)), ["severity"] = "critical",
        };
        var logged = await api.PostAsync("/api/v1/cases", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, logged.StatusCode);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await page.WaitForFunctionAsync($"document.querySelector(\"[data-total='open']\").textContent === '{open + 1}'", null, new() { Timeout = 5_000 });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page was reloaded");
        var critical = page.Locator("tbody[data-rows='severities'] tr", new() { HasText = "Nghiêm trọng" });
        Assert.Equal("1", await critical.Locator("td").Last.InnerTextAsync());
        Assert.Contains("4.210", await page.Locator("tbody[data-reports]").InnerTextAsync());
        Assert.DoesNotContain("Mất điện", await page.ContentAsync());
        await page.WaitForTimeoutAsync(2600); // let the highlight fade before the picture
        await BrowserHost.ShotAsync(page, "25-press-screen");
        await context.CloseAsync();
    }
}
