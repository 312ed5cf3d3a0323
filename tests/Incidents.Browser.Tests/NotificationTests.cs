using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Testing;
using Incidents.Testing.Smtp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;

namespace Incidents.Browser.Tests;

/// <summary>The browser host sending its mail through Debian's aiosmtpd instead of a pickup folder.</summary>
public sealed class MailBrowserHost : BrowserHost
{
    public AiosmtpdServer Smtp { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Incidents:Smtp:Host", Smtp.Host);
        builder.UseSetting("Incidents:Smtp:Port", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Incidents:Smtp:Security", "None");
        builder.UseSetting("Incidents:Escalation:DispatchPollInterval", "00:00:00.200");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Smtp.Dispose();
    }
}

/// <summary>Alone: its own host, mail server and browser.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MailBrowserCollection : ICollectionFixture<MailBrowserHost>
{
    public const string Name = "browser-mail";
}

/// <summary>Issue #12: a notification on assignment, by email (once) and on the assignee's notifications list.</summary>
[Collection(MailBrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class NotificationTests(MailBrowserHost host)
{
    [Fact]
    public async Task Leadership_assigns_a_case_on_its_page_and_the_clerk_gets_one_email_and_sees_it_in_notifications()
    {
        var lead = await host.UserAsync("Phạm Văn Lãnh", Roles.Leadership);
        var clerk = await host.UserAsync("Trần Thị Lan", Roles.Complaints);
        var number = (await host.TakeInAsync(clerk, new IntakeRequest
        {
            Type = "complaint", Title = "Khiếu nại về thu hồi đất", Description = "Khiếu nại quyết định thu hồi đất số 12/QĐ.",
            LocalityCode = "00004", Channel = "counter", ReceivedAt = DateTimeOffset.UtcNow.AddHours(-2).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            Reporter = new ReporterInput("Nguyễn Văn An", "12 Hàng Bài, Hà Nội", null, null),
        }))[0];

        var page = await host.SignInAsync(lead);
        await page.GotoAsync($"/cases/{number}");
        await page.Locator("#assignee").SelectOptionAsync(clerk.Login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Phân công", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync("#case-assignee:has-text('Trần Thị Lan')"); // shown by name

        var got = await host.Smtp.WaitForAsync(1, TimeSpan.FromSeconds(30));
        await host.Smtp.WaitForQuietAsync(TimeSpan.FromSeconds(1));
        var mail = Assert.Single(host.Smtp.Received(), m => m.Message.To.Mailboxes.Any(a => a.Address == clerk.Email)).Message;
        Assert.Single(got, m => m.Message.To.Mailboxes.Any(a => a.Address == clerk.Email));
        Assert.Equal($"[{number}] Bạn được giao hồ sơ / assigned to you", mail.Subject);
        Assert.Contains($"Phạm Văn Lãnh đã giao cho bạn hồ sơ {number}.", mail.TextBody);
        Assert.Contains($"/cases/{number}", mail.TextBody);

        var desk = await host.SignInAsync(clerk);
        await desk.GotoAsync("/cases");
        Assert.Equal("1", await desk.Locator("#notifications-unread").InnerTextAsync());
        await desk.Locator("#notifications-link").ClickAsync();
        await desk.WaitForURLAsync("**/notifications");
        var item = desk.Locator($"#notifications li[data-case='{number}']");
        Assert.Contains($"Phạm Văn Lãnh đã giao cho bạn hồ sơ {number}.", await item.InnerTextAsync());
        await BrowserHost.ShotAsync(desk, "40-notifications");
        await item.GetByRole(AriaRole.Button, new() { Name = "Đánh dấu đã đọc" }).ClickAsync();
        await desk.WaitForSelectorAsync("#notifications-unread", new() { State = WaitForSelectorState.Detached });
        Assert.Equal(0, await desk.Locator($"#notifications li.fresh[data-case='{number}']").CountAsync());
    }
}
