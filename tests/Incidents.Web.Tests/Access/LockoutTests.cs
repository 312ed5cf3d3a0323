using System.Net;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Access.SessionTests;
using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Access;

/// <summary>
/// Failed sign-ins: one answer whatever went wrong (no way to learn which logins exist), a per-account lock that ends on
/// its own, a growing block per client address (what really slows a guesser), and an administrator who can lift a lock
/// and sees it in the account history. The host runs behind a "proxy" here, so each client states its address in
/// X-Forwarded-For.
/// </summary>
public sealed class LockoutTests : IAsyncLifetime
{
    private readonly IncidentsApp _app = new() { Settings = { ["Incidents:Proxy:Enabled"] = "true" } };
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient From(string address)
    {
        var c = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        c.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return c;
    }

    /// <summary>The sign-in form's error, or null when the attempt signed in (a redirect).</summary>
    private static async Task<string?> AttemptAsync(HttpClient c, string login, string password)
    {
        var r = await PostSignInAsync(c, login, password);
        if (r.StatusCode == HttpStatusCode.Redirect) return null;
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var m = Regex.Match(await r.Content.ReadAsStringAsync(), "id=\"signin-error\">([^<]*)</p>");
        Assert.True(m.Success, "no sign-in error on the page");
        return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    [Fact]
    public async Task An_unknown_login_a_wrong_password_and_a_locked_account_get_the_same_answer()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        await CreateUserAsync(_app, "hoa", "Lê Hoa", Roles.Complaints);
        var c = From("192.0.2.10");
        var unknown = await AttemptAsync(c, "nobody-here", "some-password-1");
        var wrong = await AttemptAsync(c, "lan", "some-password-1");
        for (var i = 0; i < 5; i++) await AttemptAsync(From("192.0.2.11"), "hoa", "some-password-1");
        Assert.NotNull((await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync("hoa"))!.LockedUntil);
        var lockedWrong = await AttemptAsync(c, "hoa", "some-password-1");
        var lockedRight = await AttemptAsync(c, "hoa", Password);

        Assert.NotNull(unknown);
        Assert.Contains("sai tên đăng nhập hoặc mật khẩu", unknown);
        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, lockedWrong);
        Assert.Equal(unknown, lockedRight);
    }

    /// <summary>
    /// The hasher runs for an unknown login too: without it that refusal would come back many times faster than a wrong
    /// password's (a PBKDF2 check against a few milliseconds of lookup) and tell the logins apart. Medians of five, and a
    /// wide margin, so a busy machine does not make this flaky.
    /// </summary>
    [Fact]
    public async Task An_unknown_login_takes_about_as_long_to_refuse_as_a_wrong_password()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        await AttemptAsync(From("192.0.2.40"), "warm-up", "guess"); // first request compiles the page
        async Task<double> MedianAsync(string login)
        {
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var c = From($"192.0.2.{41 + times.Count + (login == "lan" ? 10 : 0)}");
                var token = Token(await c.GetStringAsync("/signin"));
                var watch = System.Diagnostics.Stopwatch.StartNew();
                var r = await c.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__af"] = token, ["Login"] = login, ["Password"] = "wrong-" + i,
                }));
                times.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            }
            return times.Order().ElementAt(2);
        }
        var wrong = await MedianAsync("lan");
        var unknown = await MedianAsync("nobody-here");
        Assert.True(unknown > wrong / 3, $"unknown login {unknown:0} ms, wrong password {wrong:0} ms");
    }

    [Fact]
    public async Task A_locked_account_signs_in_again_after_fifteen_minutes_and_one_more_failure_does_not_lock_it_again()
    {
        await CreateUserAsync(_app, "admin2", "Quản trị", Roles.Admin);
        var attacker = From("203.0.113.20");
        for (var i = 0; i < 5; i++) await AttemptAsync(attacker, "admin2", "guess-" + i);
        var owner = From("192.0.2.30");
        Assert.NotNull(await AttemptAsync(owner, "admin2", Password));

        _app.Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        await AttemptAsync(attacker, "admin2", "guess-after");  // the count starts again: one failure is not a lock
        Assert.Null(await AttemptAsync(owner, "admin2", Password));
    }

    [Fact]
    public async Task An_address_with_many_failures_is_blocked_for_growing_times_while_other_addresses_sign_in()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var attacker = From("203.0.113.9");
        // Ten guesses at logins that do not exist lock no account, and cost the address nothing yet.
        for (var i = 0; i < SignInRules.FreeAddressFailures; i++) await AttemptAsync(attacker, "ghost" + i, "guess");
        Assert.Null(await AttemptAsync(attacker, "lan", Password));
        await PostFormAsync(attacker, "/cases", "/signout"); // sign out again: the cookie must not carry the next attempts

        await AttemptAsync(attacker, "ghost-11", "guess"); // the 11th failure: blocked for a minute
        Assert.NotNull(await AttemptAsync(attacker, "lan", Password)); // even the right password, unchecked
        Assert.Null(await AttemptAsync(From("198.51.100.4"), "lan", Password)); // another address is not held up

        _app.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await AttemptAsync(attacker, "ghost-12", "guess"); // the 12th: two minutes
        _app.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.NotNull(await AttemptAsync(attacker, "lan", Password));
        _app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await AttemptAsync(attacker, "lan", Password));
        Assert.Null((await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync("lan"))!.LockedUntil);
    }

    [Fact]
    public async Task The_admin_sees_the_lock_with_its_address_and_can_lift_it()
    {
        var lan = await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        await CreateUserAsync(_app, "boss", "Quản trị", Roles.Admin);
        var admin = From("192.0.2.1");
        Assert.Null(await AttemptAsync(admin, "boss", Password));
        for (var i = 0; i < 5; i++) await AttemptAsync(From("203.0.113.77"), "lan", "guess-" + i);
        Assert.NotNull(await AttemptAsync(From("192.0.2.2"), "lan", Password));

        var page = System.Net.WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/users"));
        Assert.Matches("data-kind=\"locked\">.*?lan.*?Bị khóa do đăng nhập sai nhiều lần.*?hệ thống.*?203\\.0\\.113\\.77", Regex.Replace(page, "\\s+", " "));
        Assert.DoesNotContain(">locked<", page); // never the raw kind

        var r = await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Lock",
            ("id", lan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("active", "true"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Null(await AttemptAsync(From("192.0.2.2"), "lan", Password)); // at once, not after 15 minutes
        Assert.Contains(await _app.Services.GetRequiredService<UserStore>().RecentEventsAsync(),
            e => e.Login == "lan" && e.Kind == AccountEventKinds.Unlocked && e.Actor == "boss");
    }
}
