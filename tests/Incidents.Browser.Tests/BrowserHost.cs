using System.Net;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Access;
using Incidents.Testing;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Incidents.Browser.Tests;

/// <summary>
/// The real host on Kestrel (loopback, a free port) over a temp SQLite file, and Debian's Chromium driven by Playwright.
/// The browser is never downloaded: a missing /usr/bin/chromium fails the tests.
/// </summary>
public class BrowserHost() : SqliteHostFactory<Program>("browser"), IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Password = "correct-horse-battery";
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    private IPlaywright? _playwright;
    private int _users;

    protected override string WorkflowDirectory => Repo.Dir("workflows");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium package (apt-get install chromium). The browser tests never download a browser.");
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync(); // and the SQLite file with its folder
    }

    /// <summary>A new user with these roles, created through the store (as the CLI verb does).</summary>
    public async Task<UserAccount> UserAsync(string displayName, params string[] roles)
    {
        var login = $"{roles[0]}{Interlocked.Increment(ref _users)}";
        var users = Services.GetRequiredService<UserStore>();
        var id = await users.CreateAsync(new NewUser(login, displayName, $"{login}@example.test", Passwords.Hash(Password), roles));
        return (await users.FindByIdAsync(id!.Value))!;
    }

    /// <summary>Separate petitions, each taken in through the same desk (and validator) the intake page uses.</summary>
    public async Task<IReadOnlyList<string>> TakeInAsync(UserAccount by, params IntakeRequest[] requests)
    {
        var numbers = new List<string>();
        foreach (var request in requests)
        {
            var r = await Services.GetRequiredService<CaseIntake>().TakeInAsync([request], [], by.ToActor());
            Assert.True(r.Ok, string.Join("; ", r.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            numbers.AddRange(r.Numbers);
        }
        return numbers;
    }

    /// <summary>A fresh browser context (its own cookies) signed in as the user. Phone-sized when asked.</summary>
    public async Task<IPage> SignInAsync(UserAccount user, bool phone = false, string? screenshot = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            DeviceScaleFactor = 1,
            IsMobile = phone,
            HasTouch = phone,
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("Tên đăng nhập").FillAsync(user.Login);
        await page.GetByLabel("Mật khẩu").FillAsync(Password);
        if (screenshot is not null) await ShotAsync(page, screenshot);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        try
        {
            // Generous: on a loaded 2-core CI machine the first sign-in also warms the host up.
            await page.WaitForURLAsync(u => !u.Contains("/signin"), new() { Timeout = 90_000 });
        }
        catch (TimeoutException e)
        {
            var text = await page.Locator("main").InnerTextAsync();
            throw new TimeoutException($"Sign-in as {user.Login} stayed on {page.Url}: {text[..Math.Min(text.Length, 400)]}", e);
        }
        return page;
    }

    /// <summary>Set to 1 to refresh the committed screenshots; a plain run leaves docs/screenshots/ untouched.</summary>
    public const string ScreenshotsVariable = "INCIDENTS_SCREENSHOTS";

    /// <summary>Full-page screenshot into docs/screenshots/ (committed, named in the README), only when
    /// INCIDENTS_SCREENSHOTS=1: otherwise every run would rewrite the committed images with pixel noise.</summary>
    public static async Task ShotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) != "1") return;
        var dir = Repo.Dir("docs/screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "browser";
}
