using System.Net;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Web.Access;
using Incidents.Web.Handling;
using Incidents.Web.Intake;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>The workflow's refusals are codes: the case page says them in its reader's language only.</summary>
public sealed class ActionMessagesTests : OwnHostTest
{
    [Theory]
    [InlineData("vi", "Lý do", "bắt buộc nhập", "is required")]
    [InlineData("en", "Reason", "is required", "bắt buộc nhập")]
    public async Task A_missing_input_is_named_in_the_readers_language(string culture, string label, string shown, string notShown)
    {
        var clerk = await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var number = (await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "denunciation", Title = "Tố cáo", LocalityCode = "00004", Channel = "counter", ReceivedAt = "2026-11-24T09:00:00+07:00",
            Reporter = new ReporterInput("A", "B", null, null),
            Inputs = new() { ["complexity"] = System.Text.Json.JsonSerializer.SerializeToElement("complex") },
        }], [], clerk.ToActor())).Numbers[0];
        Assert.Equal(CaseActionStatus.Done,
            (await _app.Services.GetRequiredService<CaseActions>().PerformAsync(number, clerk.ToActor(), "accept", new Dictionary<string, string>(), 1)).Status);

        var c = await SignedInAsync(_app, "clerk");
        var page = await c.GetStringAsync($"/cases/{number}?culture={culture}");
        var r = await c.PostAsync($"/cases/{number}?handler=Act&culture={culture}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(page), ["actionId"] = "request-extension", ["rowVersion"] = "2", ["inputs[reason]"] = "",
        }));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains($"<p class=\"field-error\">{shown}</p>", html);
        Assert.Contains($"<li>{label}: {shown}</li>", html); // the input by its label, not its id
        Assert.DoesNotContain(notShown, html);
    }
}
