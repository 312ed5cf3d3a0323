using System.Net;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Cli;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Access.SessionTests;
using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Access;

/// <summary>One password rule wherever a password is set: the administration page, the CLI and a user's own change.
/// Each refusal names the rule broken, and nothing is stored.</summary>
public sealed class PasswordRuleTests : OwnHostTest
{
    /// <summary>A password, the login it is tried with, and words of the Vietnamese refusal.</summary>
    public static TheoryData<string, string, string> Refused => new()
    {
        { "a", "nguyen.lan", "ít nhất 12 ký tự" },
        { "qwerty123456", "nguyen.lan", "mật khẩu phổ biến" },
        { "nguyen.lan.2026", "nguyen.lan.2026", "trùng với tên đăng nhập" },
    };

    [Theory, MemberData(nameof(Refused))]
    public async Task The_admin_page_refuses_a_password_that_breaks_the_rule_and_creates_nobody(string password, string login, string words)
    {
        await CreateUserAsync(_app, "boss", "Quản trị", Roles.Admin);
        var admin = await SignedInAsync(_app, "boss");
        var r = await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Create",
            ("login", login), ("displayName", "Lan"), ("password", password), ("roles", Roles.Complaints));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode); // the form again, with the message
        Assert.Contains(words, System.Net.WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        Assert.Null(await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync(login));
    }

    [Fact]
    public async Task The_admin_page_takes_a_password_that_keeps_the_rule()
    {
        await CreateUserAsync(_app, "boss", "Quản trị", Roles.Admin);
        var admin = await SignedInAsync(_app, "boss");
        var r = await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Create",
            ("login", "nguyen.lan"), ("displayName", "Lan"), ("password", "giấy mời họp thứ hai"), ("roles", Roles.Complaints));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        await SignedInAsync(_app, "nguyen.lan", "giấy mời họp thứ hai");
    }

    [Theory, MemberData(nameof(Refused))]
    public async Task The_cli_refuses_a_piped_password_that_breaks_the_rule_and_creates_nobody(string password, string login, string words)
    {
        _ = _app.Server;
        var err = new StringWriter();
        var code = await CliVerbs.RunAsync(["users", "add", login, "--role", Roles.Complaints], _app.Services,
            new CliConsole(new StringReader(password + "\n"), true, new StringWriter(), err));
        Assert.Equal(CliVerbs.Usage, code);
        var english = new PasswordProblem(words switch
        {
            "ít nhất 12 ký tự" => PasswordProblem.TooShort,
            "mật khẩu phổ biến" => PasswordProblem.Common,
            _ => PasswordProblem.SameAsLogin,
        }).Text.En;
        Assert.Contains(english, err.ToString());
        Assert.Null(await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync(login));
    }

    [Fact]
    public async Task The_cli_sets_a_new_password_that_keeps_the_rule_and_ends_the_users_sessions()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var (_, cookie) = await SignInAsync(_app, "lan");
        var refused = await CliVerbs.RunAsync(["users", "passwd", "lan"], _app.Services,
            new CliConsole(new StringReader("lan\n"), true, new StringWriter(), new StringWriter()));
        Assert.Equal(CliVerbs.Usage, refused);
        Assert.Equal(HttpStatusCode.OK, (await WithCopiedCookieAsync(_app, cookie)).StatusCode); // nothing changed

        var output = new StringWriter();
        var code = await CliVerbs.RunAsync(["users", "passwd", "lan"], _app.Services,
            new CliConsole(new StringReader(""), false, output, new StringWriter()));
        Assert.Equal(CliVerbs.Ok, code);
        var printed = output.ToString().Split("Password (shown once): ")[1].Trim();
        AssertSentToSignIn(await WithCopiedCookieAsync(_app, cookie));
        await SignInAsync(_app, "lan", printed);
    }

    [Theory, MemberData(nameof(Refused))]
    public async Task Ones_own_change_refuses_a_password_that_breaks_the_rule_and_keeps_the_old_one(string password, string login, string words)
    {
        await CreateUserAsync(_app, login, "Lan", Roles.Complaints);
        var (c, _) = await SignInAsync(_app, login);
        var r = await PostFormAsync(c, "/account/password", "/account/password", ("Current", Password), ("New", password), ("Confirm", password));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains(words, System.Net.WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        var user = (await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync(login))!;
        Assert.True(Passwords.Verify(user.PasswordHash!, Password));
    }

    [Fact]
    public async Task Ones_own_change_asks_for_the_current_password()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var (c, cookie) = await SignInAsync(_app, "lan");
        var r = await PostFormAsync(c, "/account/password", "/account/password",
            ("Current", "not-the-password"), ("New", "một mật khẩu dài hơn"), ("Confirm", "một mật khẩu dài hơn"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Mật khẩu hiện tại không đúng.", System.Net.WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        Assert.True(Passwords.Verify((await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync("lan"))!.PasswordHash!, Password));
        Assert.Equal(HttpStatusCode.OK, (await WithCopiedCookieAsync(_app, cookie)).StatusCode);
    }

    [Fact]
    public async Task Guesses_at_the_current_password_count_against_the_address_like_failed_sign_ins()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var (c, _) = await SignInAsync(_app, "lan");
        for (var i = 0; i <= SignInRules.FreeAddressFailures; i++)
            await PostFormAsync(c, "/account/password", "/account/password", ("Current", "guess-" + i), ("New", "một mật khẩu dài hơn"), ("Confirm", "một mật khẩu dài hơn"));
        var r = await PostFormAsync(c, "/account/password", "/account/password",
            ("Current", Password), ("New", "một mật khẩu dài hơn"), ("Confirm", "một mật khẩu dài hơn"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Nhập sai quá nhiều lần từ địa chỉ này.", System.Net.WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync()));
        Assert.True(Passwords.Verify((await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync("lan"))!.PasswordHash!, Password));
    }
}
