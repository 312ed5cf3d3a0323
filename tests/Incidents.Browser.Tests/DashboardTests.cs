using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage;
using Incidents.Web.Access;
using Incidents.Web.Handling;
using Incidents.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MiniExcelLibs;

namespace Incidents.Browser.Tests;

/// <summary>Leadership's dashboard in Chromium: its figures are the database's, "quá hạn" opens the same cases, the report reads back.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardTests(BrowserHost host)
{
    private static IntakeRequest Case(string type, string title, DateTimeOffset receivedAt, string locality = "00166") => new()
    {
        Type = type, Title = title, Description = "Nội dung " + title, LocalityCode = locality, Channel = "counter",
        ReceivedAt = receivedAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        Reporter = new ReporterInput("Lê Thị Hồng", "5 Trần Duy Hưng, Cầu Giấy", "0912 000 111", null),
    };

    private async Task<long> CountAsync(string where, object args)
    {
        await using var c = await host.Services.GetRequiredService<Database>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE " + where, args);
    }

    [Fact]
    public async Task Leadership_sees_the_databases_figures_follows_overdue_to_the_queue_and_reads_back_the_XLSX()
    {
        var clerk = await host.UserAsync("Đỗ Minh Khoa", Roles.Complaints);
        var lead = await host.UserAsync("Vũ Thị Thanh", Roles.Leadership);
        var now = DateTimeOffset.UtcNow;
        // Past its 10-day acceptance limit, counted from receipt (Law on Complaints, Art. 27); and two received today.
        await host.TakeInAsync(clerk, Case("complaint", "Khiếu nại chưa thụ lý", now.AddDays(-20)),
            Case("petition", "Kiến nghị về chiếu sáng ngõ", now.AddMinutes(-30)), Case("complaint", "Khiếu nại về giải phóng mặt bằng", now.AddMinutes(-20), "00004"));

        // A critical incident still open (the panel), and a petition answered today (resolved, on time).
        var guard = await host.UserAsync("Phan Văn Bảo", Roles.Security);
        await host.TakeInAsync(guard, Case("security-incident", "Mất điện phòng máy chủ", now.AddMinutes(-10)) with { Severity = "critical" });
        var answered = (await host.TakeInAsync(clerk, Case("petition", "Kiến nghị sửa vỉa hè", now.AddMinutes(-40), "00004")))[0];
        var actions = host.Services.GetRequiredService<CaseActions>();
        Assert.Equal(CaseActionStatus.Done, (await actions.PerformAsync(answered, clerk.ToActor(), "take-up", new Dictionary<string, string>(), 1)).Status);
        Assert.Equal(CaseActionStatus.Done, (await actions.PerformAsync(answered, clerk.ToActor(), "answer",
            new Dictionary<string, string> { ["answer"] = "Đã chuyển Ban quản lý dự án" }, 2)).Status);

        var page = await host.SignInAsync(lead);
        Assert.EndsWith("/dashboard", page.Url);
        var figures = page.Locator("#headline");
        await figures.WaitForAsync();
        long Value(string text) => long.Parse(text.Trim(), CultureInfo.InvariantCulture);
        var overdue = Value(await page.Locator("[data-figure='overdue'] .value").InnerTextAsync());
        var received = Value(await page.Locator("[data-figure='received'] .value").InnerTextAsync());
        var open = Value(await page.Locator("[data-figure='open'] .value").InnerTextAsync());

        // The same counts straight from the tables: the period is the form's (this month, Vietnam time).
        var from = ReportPeriod.StartOf(DateOnly.ParseExact(await page.Locator("#p-from").InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        var to = ReportPeriod.StartOf(DateOnly.ParseExact(await page.Locator("#p-to").InputValueAsync(), "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(1));
        var ms = new { from = from.ToUnixTimeMilliseconds(), to = to.ToUnixTimeMilliseconds(), now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
        Assert.Equal(await CountAsync("closed_at IS NULL AND next_due_at < @now", ms), overdue);
        Assert.Equal(await CountAsync("received_at >= @from AND received_at < @to", ms), received);
        Assert.Equal(await CountAsync("closed_at IS NULL", ms), open);
        Assert.True(overdue >= 1 && received >= 4);
        Assert.Contains("Mất điện phòng máy chủ", await page.Locator("#critical").InnerTextAsync());
        await BrowserHost.ShotAsync(page, "11-dashboard");

        // "Quá hạn" for the complaints desk opens its queue filtered to the same cases.
        var link = page.Locator("[data-figure='overdue'] a[data-team='complaints']");
        var shown = Value(Regex.Match(await link.InnerTextAsync(), @"(\d+)\s*$").Groups[1].Value);
        Assert.Equal(await CountAsync("team = 'complaints' AND closed_at IS NULL AND next_due_at < @now", ms), shown);
        await link.ClickAsync();
        await page.WaitForURLAsync("**/cases?**Overdue=true**");
        Assert.Contains($"{shown} hồ sơ", await page.Locator("main").InnerTextAsync());
        Assert.Equal("true", await page.Locator("#f-overdue").InputValueAsync());
        Assert.Contains("Đang xử lý", await page.Locator("#dashboard-filters").InnerTextAsync());

        // The month's report, downloaded from the dashboard and read back with MiniExcel: its total is the queue's.
        await page.GotoAsync("/dashboard");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#report-month-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var rows = MiniExcel.Query(await download.PathAsync(), useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().ToList();
        var total = rows.Single(r => (string?)r["A"] == PeriodicExport.TotalLabel);
        // The period is this month (the dashboard's default), so the month's report counts the same received cases.
        Assert.Equal(await CountAsync("received_at >= @from AND received_at < @to", ms),
            Convert.ToInt64(total["D"], CultureInfo.InvariantCulture));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_locality_picker_finds_wards_typed_without_accents_and_an_old_districts_successors()
    {
        var lead = await host.UserAsync("Ngô Thị Mai", Roles.Leadership);
        var page = await host.SignInAsync(lead);
        await page.GotoAsync("/cases");
        await page.Locator("[data-locality-search]").FillAsync("cau giay");
        await page.WaitForFunctionAsync("() => document.querySelector('#f-loc option[value=\"00004\"]').hidden");
        var shown = await page.EvalOnSelectorAllAsync<string[]>("#f-loc option", "os => os.filter(o => o.value && !o.hidden).map(o => o.value)");
        // Phường Cầu Giấy by name, Quận Cầu Giấy itself (its cases of before 7/2025), and the wards that took part of it.
        Assert.Contains("00166", shown);
        Assert.Contains("005", shown);
        Assert.Contains("00160", shown); // Phường Nghĩa Đô
        Assert.DoesNotContain("00004", shown); // Phường Ba Đình
        Assert.Equal(shown[0], await page.Locator("#f-loc").InputValueAsync());
        await page.Context.CloseAsync();

        // The incident form on a phone: suggestions valid today, chosen by a tap.
        var guard = await host.UserAsync("Lý Văn Tâm", Roles.Security);
        var phone = await host.SignInAsync(guard, phone: true);
        await phone.GotoAsync("/incidents/new");
        await phone.Locator("#locality").FillAsync("nghia do");
        var suggestion = phone.Locator(".locality-suggestions button[data-code='00160']");
        await suggestion.ClickAsync();
        Assert.Equal("Phường Nghĩa Đô", await phone.Locator("#locality").InputValueAsync());
        await phone.Context.CloseAsync();
    }
}
