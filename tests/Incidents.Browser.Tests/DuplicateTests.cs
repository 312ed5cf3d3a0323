using Incidents.Core.Access;
using Incidents.Core.Intake;
using Microsoft.Playwright;

namespace Incidents.Browser.Tests;

/// <summary>Issue #12: a repeated letter is offered at intake, merged into its primary on the case page, its number leads
/// to the primary, and leadership undoes the merge.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DuplicateTests(BrowserHost host)
{
    [Fact]
    public async Task A_repeated_letter_from_the_same_phone_is_offered_at_intake_merged_on_the_case_page_and_unmerged_by_leadership()
    {
        var clerk = await host.UserAsync("Phạm Thu Hà", Roles.Complaints);
        var boss = await host.UserAsync("Vũ Đức Minh", Roles.Leadership);
        var primary = (await host.TakeInAsync(clerk, new IntakeRequest
        {
            Type = "petition", Title = "Kiến nghị sửa cống thoát nước ngõ 7 Lý Nam Đế", Description = "Cống ngõ 7 bị vỡ, nước tràn.",
            LocalityCode = "00004", Channel = "post", ReceivedAt = DateTimeOffset.UtcNow.AddDays(-3).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            Reporter = new ReporterInput("Đinh Văn Sơn", "7 Lý Nam Đế, Hà Nội", "0977 111 222", null),
        }))[0];

        // The same citizen writes again, giving the phone another way: taken in, with the earlier case named.
        var page = await host.SignInAsync(clerk);
        await page.GotoAsync("/cases/new");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Kiến nghị, phản ánh" }).CheckAsync(); // no type is preselected
        await page.GetByLabel("Địa bàn", new() { Exact = true }).SelectOptionAsync("00004");
        await page.GetByLabel("Tiêu đề").FillAsync("Kiến nghị lần hai về cống thoát nước ngõ 7 Lý Nam Đế");
        await page.GetByLabel("Họ tên").FillAsync("Đinh Văn Sơn");
        await page.GetByLabel("Địa chỉ").FillAsync("7 Lý Nam Đế, Hà Nội");
        await page.Locator("#r-phone").FillAsync("+84 977 111 222");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/cases/PA-*");
        var dup = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var flash = await page.Locator(".flash.ok").InnerTextAsync();
        Assert.Contains("Đơn này có thể trùng", flash);
        Assert.Contains(primary, flash);
        Assert.Contains("Cùng số điện thoại", await page.Locator($"#possible-duplicates li[data-number='{primary}']").InnerTextAsync());

        // Merged into the primary from the duplicate's page: the primary lists it.
        await page.Locator("#merge-primary").FillAsync(primary);
        await page.Locator("#merge-reason").FillAsync("Cùng nội dung, không có tình tiết mới");
        await page.Locator("#merge-submit").ClickAsync();
        await page.WaitForURLAsync($"**/cases/{primary}");
        Assert.Equal(1, await page.Locator($"#merged-duplicates li[data-number='{dup}']").CountAsync());
        Assert.Equal(1, await page.Locator("#history li[data-kind='merged-into']").CountAsync()); // the duplicate's history reads here

        // Its number leads to the primary, saying why.
        await page.GotoAsync($"/cases/{dup}");
        await page.WaitForURLAsync($"**/cases/{primary}?from={dup}");
        Assert.Contains(dup, await page.Locator("#merged-from-banner").InnerTextAsync());
        await BrowserHost.ShotAsync(page, "22-merged-case");

        // Leadership undoes it: the duplicate is a case of its own again.
        var lead = await host.SignInAsync(boss);
        await lead.GotoAsync($"/cases/{primary}");
        await lead.Locator($"#unmerge-{dup}").ClickAsync();
        await lead.WaitForSelectorAsync(".flash.ok");
        Assert.Equal(0, await lead.Locator("#merged-duplicates").CountAsync());
        await lead.GotoAsync($"/cases/{dup}");
        Assert.EndsWith($"/cases/{dup}", lead.Url);
        Assert.Equal(1, await lead.Locator("#possible-duplicates").CountAsync()); // open again, so the offer is back
    }
}
