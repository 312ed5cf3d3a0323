using System.Net;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

public sealed class SignInTests : OwnHostTest
{
    [Fact]
    public async Task Five_failures_lock_the_account_for_fifteen_minutes_even_against_the_right_password()
    {
        _ = _app.Server;
        var users = _app.Services.GetRequiredService<UserStore>();
        await users.CreateAsync(new NewUser("lan", "Lan", null, Passwords.Hash("the-right-password"), [Roles.Complaints]));
        var c = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostSignInAsync(c, "lan", "wrong-password")).StatusCode); // the form again, with the error
        var locked = await PostSignInAsync(c, "lan", "the-right-password");
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("Đăng nhập không thành công", await locked.Content.ReadAsStringAsync()); // the same words as any refusal
        Assert.Equal(IncidentsApp.Start.AddMinutes(15), (await users.FindByLoginAsync("lan"))!.LockedUntil);

        _app.Time.Advance(TimeSpan.FromMinutes(16));
        var ok = await PostSignInAsync(c, "lan", "the-right-password");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(0, (await users.FindByLoginAsync("lan"))!.FailedLogins);
    }

    [Fact]
    public async Task Pages_are_Vietnamese_by_default_and_English_after_the_switch()
    {
        var c = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var vi = await c.GetStringAsync("/signin");
        Assert.Contains("<html lang=\"vi\">", vi);
        Assert.Contains("Đăng nhập", vi);
        var r = await c.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(vi), ["culture"] = "en", ["returnUrl"] = "/signin",
        }));
        Assert.Equal("/signin", r.Headers.Location?.ToString());
        var en = await c.GetStringAsync("/signin");
        Assert.Contains("<html lang=\"en\">", en);
        Assert.Contains(">Sign in<", en);
        // An off-site return address is not followed.
        var away = await c.PostAsync("/culture", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(en), ["culture"] = "vi-VN", ["returnUrl"] = "https://evil.example/",
        }));
        Assert.Equal("/", away.Headers.Location?.ToString());
    }
    [Fact]
    public async Task A_signed_in_user_loses_access_at_once_when_deactivated_or_given_other_roles()
    {
        var lan = await CreateUserAsync(_app, "lan", "Lan", Roles.Complaints);
        var c = await SignedInAsync(_app, "lan");
        var users = _app.Services.GetRequiredService<UserStore>();
        var denied = await c.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/denied", denied.Headers.Location!.PathAndQuery);

        // New roles renew the security stamp: the session ends, and the next sign-in carries them.
        await users.SetRolesAsync(lan.Id, [Roles.Complaints, Roles.Admin], isLead: false);
        Assert.StartsWith("/signin", (await c.GetAsync("/cases")).Headers.Location!.PathAndQuery);
        c = await SignedInAsync(_app, "lan");
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync("/admin/users")).StatusCode);

        await users.SetActiveAsync(lan.Id, false);
        var after = await c.GetAsync("/cases");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location!.PathAndQuery);
    }
}
