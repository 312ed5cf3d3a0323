using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Incidents.Browser.Tests;

/// <summary>"Việc của tôi" (issue #12): a clerk's desk, a saved view made from the queue's filters and opened from the desk,
/// and the dense queue on a 1366×768 screen. Screenshot 21-desk.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MyDeskTests(BrowserHost host)
{
    [Fact]
    public async Task A_clerk_saves_a_view_from_the_queue_opens_it_from_the_desk_and_sees_at_least_15_rows_on_a_1366x768_screen()
    {
        var clerk = await host.UserAsync("Ngô Thị Lan", Roles.Complaints);
        var tag = "desk" + Guid.NewGuid().ToString("N")[..6];
        var requests = Enumerable.Range(1, 20).Select(i => new IntakeRequest
        {
            Type = "petition", Title = $"Phản ánh vệ sinh môi trường {tag} số {i}", Description = "Rác thải tồn đọng.", LocalityCode = "00004",
            Channel = "counter", ReceivedAt = DateTimeOffset.UtcNow.AddHours(-30 + i).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            Reporter = new ReporterInput("Trần Văn Bình", "5 Lý Thái Tổ, Hà Nội", null, null),
        }).ToArray();
        var numbers = await host.TakeInAsync(clerk, requests);
        // Three of them are the clerk's own.
        var assignment = host.Services.GetRequiredService<CaseAssignment>();
        var queries = host.Services.GetRequiredService<CaseQueries>();
        foreach (var n in numbers.Take(3))
            Assert.Equal(AssignmentStatus.Done, (await assignment.AssignAsync(n, clerk.ToActor(), clerk.Login, (await queries.GetAsync(n))!.RowVersion)).Status);

        var page = await host.SignInAsync(clerk);
        await page.SetViewportSizeAsync(1366, 768);
        // The desk is where a handler lands.
        Assert.EndsWith("/desk", page.Url);
        Assert.Equal("3", await page.Locator("[data-count='open'] .figure").InnerTextAsync());
        foreach (var n in numbers.Take(3)) Assert.Equal(1, await page.Locator($"#my-cases tr[data-number='{n}']").CountAsync());

        // The queue, filtered by the search words, saved as a view shared with the team.
        await page.GetByRole(AriaRole.Link, new() { Name = "Hàng đợi phân loại" }).ClickAsync();
        await page.GetByLabel("Tìm kiếm", new() { Exact = true }).FillAsync(tag);
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc", Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/cases?*Q={tag}*");
        await page.Locator(".save-view > summary").ClickAsync();
        await page.GetByLabel("Tên bộ lọc").FillAsync("Vệ sinh môi trường");
        await page.GetByLabel("Dùng chung với cả tổ").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu bộ lọc", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync(".flash.ok");
        Assert.Contains("Vệ sinh môi trường", await page.Locator(".flash.ok").InnerTextAsync());

        // With two of her own cases: a label, then a state action offered because both allow it.
        foreach (var n in numbers.Take(2)) await page.Locator($"#sel-{n}").CheckAsync();
        await page.GetByLabel("Nhãn", new() { Exact = true }).Last.FillAsync("Khẩn");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gắn nhãn" }).ClickAsync();
        await page.WaitForSelectorAsync(".flash.ok");
        Assert.Contains("Đã thực hiện cho 2 hồ sơ", await page.Locator(".flash.ok").InnerTextAsync());
        Assert.Equal("Khẩn", await page.Locator($"tr[data-number='{numbers[0]}'] .chip").InnerTextAsync());
        foreach (var n in numbers.Take(2)) await page.Locator($"#sel-{n}").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chọn thao tác…" }).ClickAsync();
        await page.WaitForSelectorAsync("#bulk-action");
        await page.GetByLabel("Thao tác cho mọi hồ sơ đã chọn").SelectOptionAsync("take-up");
        await page.Locator("#bulk-run").ClickAsync();
        await page.WaitForSelectorAsync(".flash.ok");
        Assert.Contains("Đã thực hiện cho 2 hồ sơ", await page.Locator(".flash.ok").InnerTextAsync());
        foreach (var n in numbers.Take(2)) Assert.Equal("processing", (await queries.GetAsync(n))!.State);
        Assert.Equal("received", (await queries.GetAsync(numbers[2]))!.State);

        // Opened from the desk.
        await page.GetByRole(AriaRole.Link, new() { Name = "Việc của tôi" }).ClickAsync();
        await page.WaitForURLAsync("**/desk");
        var view = page.Locator("#desk-views a", new() { HasText = "Vệ sinh môi trường" });
        Assert.Equal(1, await view.CountAsync());
        Assert.Equal(2, await page.Locator("#my-cases .chip").CountAsync());
        await BrowserHost.ShotAsync(page, "21-desk");
        await view.ClickAsync();
        await page.WaitForURLAsync($"**/cases?Q={tag}");
        Assert.Equal(20, await page.Locator("table.queue tbody tr").CountAsync());

        await BrowserHost.ShotAsync(page, "22-dense-queue");
        // Dense rows: at least 15 whole rows inside the 768-pixel-high window, without scrolling.
        var bottoms = await page.Locator("table.queue tbody tr").EvaluateAllAsync<double[]>("rows => rows.map(r => r.getBoundingClientRect().bottom)");
        var visible = bottoms.Count(b => b <= 768);
        Assert.True(visible >= 15, $"{visible} rows fit in 768 px; row bottoms: {string.Join(", ", bottoms.Select(b => b.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}");
        // The bulk bar is above the rows.
        var bar = await page.Locator("#bulk-bar").BoundingBoxAsync();
        var table = await page.Locator("table.queue").BoundingBoxAsync();
        Assert.True(bar!.Y + bar.Height <= table!.Y, $"bulk bar at {bar.Y}+{bar.Height}, table at {table.Y}");
    }
}
