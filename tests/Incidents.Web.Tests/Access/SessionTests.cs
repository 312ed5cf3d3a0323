using System.Net;
using System.Net.Http.Headers;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Access;

/// <summary>
/// A sign-in cookie is good only while it carries the user's current security stamp. Sign-out, a password change or
/// reset, deactivation and a role change renew the stamp, so a cookie copied before (to another browser, by malware, from
/// a proxy log) is refused from the next request on.
/// </summary>
public sealed class SessionTests : OwnHostTest
{
    /// <summary>Signs in through the form; the client keeps the cookie, and the cookie is returned for copying.</summary>
    internal static async Task<(HttpClient Client, string Cookie)> SignInAsync(IncidentsApp app, string login, string password = Password)
    {
        var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var r = await PostSignInAsync(c, login, password);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var cookie = r.Headers.GetValues("Set-Cookie").Single(v => v.StartsWith("incidents.auth=", StringComparison.Ordinal)).Split(';')[0];
        return (c, cookie);
    }

    /// <summary>GET with only a copied cookie, from a client that keeps none of its own: 200 when honoured.</summary>
    internal static async Task<HttpResponseMessage> WithCopiedCookieAsync(IncidentsApp app, string cookie, string url = "/cases")
    {
        var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var req = new HttpRequestMessage(HttpMethod.Get, url);
        req.Headers.Add("Cookie", cookie);
        return await c.SendAsync(req);
    }

    internal static void AssertSentToSignIn(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/signin", r.Headers.Location!.PathAndQuery);
    }

    internal static async Task<HttpResponseMessage> PostFormAsync(HttpClient c, string page, string url, params (string Key, string Value)[] fields)
    {
        var token = Token(await c.GetStringAsync(page));
        var form = new List<KeyValuePair<string, string>> { new("__af", token) };
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        return await c.PostAsync(url, new FormUrlEncodedContent(form));
    }

    private async Task<(UserAccount Lan, HttpClient Admin)> LanAndAdminAsync()
    {
        var lan = await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        await CreateUserAsync(_app, "boss", "Quản trị", Roles.Admin);
        return (lan, await SignedInAsync(_app, "boss"));
    }

    [Fact]
    public async Task A_copied_cookie_is_refused_after_sign_out()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var (browser, cookie) = await SignInAsync(_app, "lan");
        Assert.Equal(HttpStatusCode.OK, (await WithCopiedCookieAsync(_app, cookie)).StatusCode); // the copy works while signed in

        var signOut = await PostFormAsync(browser, "/cases", "/signout");
        Assert.Equal("/signin", signOut.Headers.Location?.ToString());

        AssertSentToSignIn(await WithCopiedCookieAsync(_app, cookie));
        AssertSentToSignIn(await WithCopiedCookieAsync(_app, cookie, "/"));
        Assert.Contains(await _app.Services.GetRequiredService<UserStore>().RecentEventsAsync(),
            e => e.Login == "lan" && e.Kind == AccountEventKinds.SignedOut && e.Actor == "lan");
    }

    [Fact]
    public async Task Signing_out_in_one_browser_ends_the_sessions_in_every_other()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var (office, _) = await SignInAsync(_app, "lan");
        var (home, _) = await SignInAsync(_app, "lan");
        await PostFormAsync(office, "/cases", "/signout");
        AssertSentToSignIn(await home.GetAsync("/cases"));
    }

    [Fact]
    public async Task A_copied_cookie_is_refused_after_the_admin_resets_the_password()
    {
        var (lan, admin) = await LanAndAdminAsync();
        var (_, cookie) = await SignInAsync(_app, "lan");
        var r = await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Reset", ("id", lan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        AssertSentToSignIn(await WithCopiedCookieAsync(_app, cookie));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode); // the admin's own session goes on
    }

    [Fact]
    public async Task A_role_change_ends_the_session_and_the_next_sign_in_carries_the_new_roles()
    {
        var (lan, admin) = await LanAndAdminAsync();
        var (browser, cookie) = await SignInAsync(_app, "lan");
        Assert.StartsWith("/denied", (await browser.GetAsync("/dashboard")).Headers.Location!.PathAndQuery);

        await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Roles",
            ("id", lan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("roles", Roles.Complaints), ("roles", Roles.Leadership));
        AssertSentToSignIn(await WithCopiedCookieAsync(_app, cookie));
        AssertSentToSignIn(await browser.GetAsync("/cases"));

        var again = await SignedInAsync(_app, "lan");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Deactivation_ends_the_session_at_once_and_the_users_bearer_token_fails_too()
    {
        var (lan, admin) = await LanAndAdminAsync();
        var (_, cookie) = await SignInAsync(_app, "lan");
        var token = ApiTokenStore.Generate();
        await _app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(lan.Id, ApiTokenStore.Hash(token), "script");
        var api = _app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);

        await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Lock",
            ("id", lan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("active", "false"), ("confirm", "yes"));
        AssertSentToSignIn(await WithCopiedCookieAsync(_app, cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_is_revoked_on_its_own_and_outlives_a_sign_out()
    {
        var lan = await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var token = ApiTokenStore.Generate();
        await _app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(lan.Id, ApiTokenStore.Hash(token), "script");
        var (browser, _) = await SignInAsync(_app, "lan");
        await PostFormAsync(browser, "/cases", "/signout");
        var api = _app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
    }

    [Fact]
    public async Task Changing_ones_own_password_ends_the_other_sessions_and_keeps_this_one()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var (here, _) = await SignInAsync(_app, "lan");
        var (_, elsewhere) = await SignInAsync(_app, "lan");

        var r = await PostFormAsync(here, "/account/password", "/account/password",
            ("Current", Password), ("New", "một mật khẩu dài hơn"), ("Confirm", "một mật khẩu dài hơn"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/cases")).StatusCode);
        AssertSentToSignIn(await WithCopiedCookieAsync(_app, elsewhere));
        await SignInAsync(_app, "lan", "một mật khẩu dài hơn"); // the new password signs in
        Assert.Contains(await _app.Services.GetRequiredService<UserStore>().RecentEventsAsync(),
            e => e.Login == "lan" && e.Kind == AccountEventKinds.PasswordChanged && e.Actor == "lan");
    }
}
