using System.Net;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Web.Access;
using Incidents.Web.Handling;
using Incidents.Web.Intake;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>Leadership's extension approvals list shows the cases waiting on them, and the decision is the workflow's action.</summary>
public sealed class ApprovalsTests : OwnHostTest
{
    [Fact]
    public async Task A_requested_extension_is_listed_for_leadership_and_approved_on_the_case_page()
    {
        var clerk = await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        await CreateUserAsync(_app, "chief", "Chief", Roles.Leadership);
        var number = (await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "denunciation", Title = "Tố cáo phức tạp", LocalityCode = "00004", Channel = "counter", ReceivedAt = "2026-11-24T09:00:00+07:00",
            Reporter = new ReporterInput("A", "B", null, null),
            Inputs = new() { ["complexity"] = System.Text.Json.JsonSerializer.SerializeToElement("complex") },
        }], [], clerk.ToActor())).Numbers[0];
        var actions = _app.Services.GetRequiredService<CaseActions>();
        Assert.Equal(CaseActionStatus.Done, (await actions.PerformAsync(number, clerk.ToActor(), "accept", new Dictionary<string, string>(), 1)).Status);
        Assert.Equal(CaseActionStatus.Done, (await actions.PerformAsync(number, clerk.ToActor(), "request-extension",
            new Dictionary<string, string> { ["reason"] = "Nhiều nơi cần xác minh" }, 2)).Status);

        var c = await SignedInAsync(_app, "chief");
        Assert.Contains($"/cases/{number}", await c.GetStringAsync("/dashboard/approvals"));

        var page = await c.GetStringAsync($"/cases/{number}");
        Assert.Contains("data-action=\"approve-extension\"", page);
        var r = await c.PostAsync($"/cases/{number}?handler=Act", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(page), ["actionId"] = "approve-extension", ["rowVersion"] = "3", ["inputs[decision]"] = "Gia hạn 30 ngày",
            ["inputs[decision-date]"] = "2026-11-25", ["inputs[days]"] = "30",
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var after = await c.GetStringAsync($"/cases/{number}");
        Assert.Contains("data-state=\"investigating\"", after);
        Assert.DoesNotContain($"/cases/{number}", await c.GetStringAsync("/dashboard/approvals"));
        // A second post of the same form (stale row version) changes nothing and says why.
        var again = await c.PostAsync($"/cases/{number}?handler=Act", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(page), ["actionId"] = "approve-extension", ["rowVersion"] = "3", ["inputs[decision]"] = "Gia hạn 30 ngày",
            ["inputs[decision-date]"] = "2026-11-25", ["inputs[days]"] = "30",
        }));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("Người khác đã thay đổi hồ sơ này", await c.GetStringAsync($"/cases/{number}"));
        Assert.Equal(1, (await _app.Services.GetRequiredService<Incidents.Storage.Triage.CaseQueries>().GetDetailAsync(number))!
            .Deadlines.Single(d => d.Key == "resolution").ExtensionsUsed);
    }
}
