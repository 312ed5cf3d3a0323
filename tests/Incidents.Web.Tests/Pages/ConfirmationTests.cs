using System.Net;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Storage.Calendar;
using Incidents.Web.Access;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Access.SessionTests;

namespace Incidents.Web.Tests.Pages;

/// <summary>
/// Destructive admin actions ask first (issue #12). Without confirm=yes the POST changes nothing and the page asks, with
/// the same form carrying the field; with scripts, confirm.js asks the form's data-confirm question and adds the field.
/// </summary>
public sealed class ConfirmationTests : OwnHostTest
{
    private async Task<HttpClient> AdminAsync()
    {
        await PageSession.CreateUserAsync(_app, "boss", "Quản trị viên", Roles.Admin);
        return await PageSession.SignedInAsync(_app, "boss");
    }

    [Fact]
    public async Task Deleting_a_holiday_without_confirming_asks_and_keeps_the_day()
    {
        var admin = await AdminAsync();
        var day = new DateOnly(2026, 9, 2);
        var holidays = _app.Services.GetRequiredService<HolidayStore>();
        Assert.Single(await holidays.ListAsync(day, day));

        var page = await admin.GetStringAsync("/admin/holidays?Year=2026");
        Assert.Contains("data-confirm=\"Xóa ngày 02/09/2026 khỏi lịch nghỉ lễ?", page);
        Assert.Contains("/js/confirm.js", page);

        var ask = await PostFormAsync(admin, "/admin/holidays?Year=2026", "/admin/holidays?handler=Delete&Year=2026", ("date", "2026-09-02"));
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        var html = await ask.Content.ReadAsStringAsync();
        Assert.Contains("id=\"confirm-step\"", html);
        Assert.Contains("type=\"hidden\" name=\"confirm\" value=\"yes\"", html);
        Assert.Single(await holidays.ListAsync(day, day));

        var done = await PostFormAsync(admin, "/admin/holidays?Year=2026", "/admin/holidays?handler=Delete&Year=2026", ("date", "2026-09-02"), ("confirm", "yes"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Empty(await holidays.ListAsync(day, day));
    }

    [Fact]
    public async Task Resetting_a_password_or_deactivating_a_user_without_confirming_changes_nothing()
    {
        var admin = await AdminAsync();
        var lan = await PageSession.CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var users = _app.Services.GetRequiredService<UserStore>();
        var id = lan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var reset = await (await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Reset", ("id", id))).Content.ReadAsStringAsync();
        Assert.Contains("Đặt lại mật khẩu của Trần Thị Lan?", System.Net.WebUtility.HtmlDecode(reset));
        Assert.Equal(lan.PasswordHash, (await users.FindByIdAsync(lan.Id))!.PasswordHash);

        var deactivate = await (await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Lock", ("id", id), ("active", "false"))).Content.ReadAsStringAsync();
        Assert.Contains("Vô hiệu hóa tài khoản Trần Thị Lan?", System.Net.WebUtility.HtmlDecode(deactivate));
        Assert.True((await users.FindByIdAsync(lan.Id))!.IsActive);

        await PostFormAsync(admin, "/admin/users", "/admin/users?handler=Lock", ("id", id), ("active", "false"), ("confirm", "yes"));
        Assert.False((await users.FindByIdAsync(lan.Id))!.IsActive);
    }

    [Fact]
    public async Task Revoking_a_token_without_confirming_leaves_it_working()
    {
        var admin = await AdminAsync();
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var token = (await _app.Services.GetRequiredService<ApiTokenStore>().ListAllAsync()).First(t => t.Name == "test");
        var ask = await PostFormAsync(admin, "/admin/tokens", "/admin/tokens?handler=Revoke", ("tokenId", token.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("Thu hồi mã test?", System.Net.WebUtility.HtmlDecode(await ask.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases")).StatusCode);
    }
}
