using System.Net;
using Incidents.Core.Access;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>The intake page says the validator's problems in its reader's language only; the API answers both (ApiTests).</summary>
public sealed class IntakeMessagesTests : OwnHostTest
{
    [Theory]
    [InlineData("vi", "Bắt buộc nhập tiêu đề.", "Địa chỉ thư điện tử không hợp lệ.", "The title is required.")]
    [InlineData("en", "The title is required.", "The email address is not valid.", "Bắt buộc nhập tiêu đề.")]
    public async Task A_missing_title_and_a_bad_email_are_named_in_the_readers_language_only(string culture, string title, string email, string other)
    {
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var c = await SignedInAsync(_app, "clerk");

        var form = await c.GetStringAsync($"/cases/new?culture={culture}");
        var res = await c.PostAsync($"/cases/new?culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(form), ["Form.Classification"] = "petition", ["Form.Channel"] = "counter", ["Form.ReceivedAt"] = "2026-11-24T09:00",
            ["Form.LocalityCode"] = "00004", ["Form.Title"] = "", ["Form.Name"] = "Lê Văn Cường", ["Form.Email"] = "not-an-email",
        }));
        var page = WebUtility.HtmlDecode(await res.Content.ReadAsStringAsync());
        Assert.Contains($"<p class=\"field-error\" id=\"err-title\">{title}</p>", page);
        Assert.Contains($"<p class=\"field-error\" id=\"err-reporter-email\">{email}</p>", page);
        Assert.DoesNotContain(other, page);
    }
}
