using System.Text;
using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Storage.Roster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Incidents.Browser.Tests;

/// <summary>
/// Issue #13's duty roster on a real host: leadership imports a roster file on the roster page, and an official on duty
/// files a situation report from a 390×844 phone, which the synthesis table then shows.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class RosterTests(BrowserHost host)
{
    [Fact]
    public async Task Leadership_imports_a_roster_and_an_official_on_duty_files_a_report_from_a_phone()
    {
        var lead = await host.UserAsync("Nguyễn Thị Lãnh Đạo", Roles.Leadership);
        var officials = new[]
        {
            await host.UserAsync("Phạm Văn Trực", Roles.Security),
            await host.UserAsync("Lê Thị Hoa", Roles.Security),
            await host.UserAsync("Đỗ Minh Tuấn", Roles.Security),
        };
        var reports = host.Services.GetRequiredService<SituationReportStore>();
        await reports.SaveFigureAsync(new SitrepFigure("turnout", "Số cử tri đã bỏ phiếu", "Voters so far", "người", 1, true));
        await reports.SaveFigureAsync(new SitrepFigure("stations-open", "Số tổ bầu cử đã mở cửa", "Polling stations open", "tổ", 2, true));
        await reports.SaveFigureAsync(new SitrepFigure("incidents", "Số vụ việc phát sinh", "Incidents", "vụ", 3, true));

        var today = BusinessCalendar.LocalDate(DateTimeOffset.UtcNow);
        string D(DateOnly d) => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var csv = new StringBuilder("Tên đăng nhập;Họ tên;Địa bàn;Từ ngày;Đến ngày;Điện thoại\n");
        string[] wards = ["Phường Ba Đình", "Phường Ngọc Hà", "Phường Giảng Võ"];
        for (var i = 0; i < officials.Length; i++)
            csv.Append($"{officials[i].Login};{officials[i].DisplayName};{wards[i]};{D(today)};{D(today.AddDays(2))};0912 000 {i + 1:D3}\n");
        var file = Path.Combine(host.Dir, "danh-sach-truc.csv");
        await File.WriteAllTextAsync(file, csv.ToString());

        var desk = await host.SignInAsync(lead);
        await desk.GotoAsync("/roster");
        Assert.Equal(0, await desk.Locator("#sitrep-link").CountAsync()); // not on duty: no report form in the menu
        await desk.Locator("#r-file").SetInputFilesAsync(file);
        await desk.GetByRole(AriaRole.Button, new() { Name = "Nhập", Exact = true }).ClickAsync();
        await desk.WaitForURLAsync(u => u.EndsWith("/roster", StringComparison.Ordinal));
        Assert.Contains("Đã nhập 3 phân công trực", await desk.Locator("main").InnerTextAsync());
        Assert.Equal(3, await desk.Locator("#postings tbody tr").CountAsync());
        Assert.Contains("Phạm Văn Trực", await desk.Locator("#postings").InnerTextAsync());
        await BrowserHost.ShotAsync(desk, "23-roster");

        // The official on duty at Ba Đình, on a phone: the locality comes from the posting, large fields, one send button.
        var phone = await host.SignInAsync(officials[0], phone: true);
        await phone.Locator("#sitrep-link").ClickAsync(); // the menu offers the form to whoever is on duty today
        await phone.WaitForURLAsync(u => u.EndsWith("/sitreps/new", StringComparison.Ordinal));
        Assert.Contains("Phường Ba Đình", await phone.Locator("#sitrep-locality").InnerTextAsync());
        await phone.GetByLabel("Số cử tri đã bỏ phiếu").FillAsync("12500");
        await phone.GetByLabel("Số tổ bầu cử đã mở cửa").FillAsync("38");
        await phone.GetByLabel("Số vụ việc phát sinh").FillAsync("1");
        await phone.GetByLabel("Tình hình thế nào? (không bắt buộc)").FillAsync("Các tổ mở cửa đúng giờ; một cử tri khiếu nại về danh sách.");
        foreach (var target in new[] { phone.Locator("#fig-turnout"), phone.Locator("#send-sitrep") })
        {
            var box = await target.BoundingBoxAsync() ?? throw new InvalidOperationException("not laid out");
            Assert.True(box.Height >= 48, $"touch target {box.Height}px high");
            Assert.True(box.X + box.Width <= 390, $"wider than the phone: {box.X + box.Width}");
        }
        await BrowserHost.ShotAsync(phone, "24-sitreps-phone");
        await phone.Locator("#send-sitrep").ClickAsync();
        await phone.WaitForURLAsync(u => u.EndsWith("/sitreps/new", StringComparison.Ordinal));
        Assert.Contains("Đã gửi báo cáo", await phone.Locator("main").InnerTextAsync());

        await desk.GotoAsync("/sitreps");
        var row = desk.Locator("#sitreps tr[data-locality='00004']");
        Assert.Contains("12.500", await row.Locator("td[data-figure='turnout']").InnerTextAsync());
        Assert.Contains("Phạm Văn Trực", await row.InnerTextAsync());
        Assert.Equal(3, await desk.Locator("#sitreps tbody tr").CountAsync());
    }
}
