using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Hardening;

/// <summary>The one text rule on the administration side: users (page) and holidays (API), each naming the field.</summary>
public sealed class AdminTextTests : OwnHostTest
{
    [Fact]
    public async Task The_users_page_refuses_a_name_with_an_escape_sequence_naming_the_field_in_the_readers_language_and_creates_nobody()
    {
        await PageSession.CreateUserAsync(_app, "text-admin", "Quản trị", Roles.Admin);
        var c = await PageSession.SignedInAsync(_app, "text-admin");
        var token = PageSession.Token(await c.GetStringAsync("/admin/users"));
        var r = await c.PostAsync("/admin/users?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = token, ["login"] = "mallory", ["displayName"] = "\u001b[2JMallory", ["roles"] = Roles.Complaints,
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        // Razor writes '+' as &#x2B;.
        Assert.Contains("Họ tên chứa ký tự điều khiển U&#x2B;001B, không được phép.", await r.Content.ReadAsStringAsync());
        Assert.Null(await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync("mallory"));
    }

    [Fact]
    public async Task A_holiday_named_with_a_right_to_left_override_is_refused_by_the_api()
    {
        var (admin, _) = await _app.UserAsync(Roles.Admin);
        var r = await admin.PutAsJsonAsync("/api/v1/holidays/2026-12-01", new { name = "Nghỉ \u202Ebù", kind = "holiday" });

        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var message = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["errors"]!["name"]![0]!.GetValue<string>();
        Assert.Equal("Tên ngày nghỉ chứa ký tự đảo chiều văn bản U+202E, không được phép. / The holiday's name contains a bidirectional override character (U+202E), which is not allowed.", message);
    }
}
