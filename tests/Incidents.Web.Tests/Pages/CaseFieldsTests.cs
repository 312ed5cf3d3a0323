using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Web.Access;
using Incidents.Web.Handling;
using Incidents.Web.Intake;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>The case page writes a case's fields as words in the reader's language, not as stored values.</summary>
public sealed class CaseFieldsTests : OwnHostTest
{
    /// <summary>The &lt;dd&gt; that follows the &lt;dt&gt; with this label.</summary>
    private static string Field(string html, string label) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"<dt>{Regex.Escape(label)}</dt><dd>([^<]*)</dd>").Groups[1].Value);

    /// <summary>value:text of each non-empty option of the &lt;select&gt; with this id.</summary>
    private static string[] Options(string html, string id)
    {
        var select = Regex.Match(html, $"<select id=\"{Regex.Escape(id)}\"[^>]*>(.*?)</select>", RegexOptions.Singleline).Groups[1].Value;
        return [.. Regex.Matches(select, "<option value=\"([^\"]+)\"[^>]*>([^<]*)</option>").Select(m => $"{m.Groups[1].Value}:{WebUtility.HtmlDecode(m.Groups[2].Value)}")];
    }

    [Fact]
    public async Task Choice_and_bool_fields_show_their_labels_in_Vietnamese_and_English()
    {
        var clerk = await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var number = (await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "complaint", Title = "Khiếu nại lần hai", LocalityCode = "00004", Channel = "counter", ReceivedAt = "2026-11-24T09:00:00+07:00",
            Reporter = new ReporterInput("A", "B", null, null),
            Inputs = new() { ["instance"] = JsonSerializer.SerializeToElement("second"), ["complex"] = JsonSerializer.SerializeToElement("true") },
        }], [], clerk.ToActor())).Numbers[0];

        var c = await SignedInAsync(_app, "clerk");

        var vi = await c.GetStringAsync($"/cases/{number}?culture=vi");
        Assert.Equal("Lần hai", Field(vi, "Lần giải quyết"));
        Assert.Equal("Có", Field(vi, "Vụ việc phức tạp"));
        var en = await c.GetStringAsync($"/cases/{number}?culture=en");
        Assert.Equal("Second", Field(en, "Instance"));
        Assert.Equal("Yes", Field(en, "Complex case"));

        // The decision form's outcome list carries the definition's words for each value.
        Assert.Equal(CaseActionStatus.Done, (await _app.Services.GetRequiredService<CaseActions>()
            .PerformAsync(number, clerk.ToActor(), "accept", new Dictionary<string, string>(), 1)).Status);
        Assert.Equal(["upheld:Đúng", "partly-upheld:Đúng một phần", "rejected:Sai"], Options(await c.GetStringAsync($"/cases/{number}?culture=vi"), "in-decide-outcome"));
        Assert.Equal(["upheld:Upheld", "partly-upheld:Partly upheld", "rejected:Rejected"], Options(await c.GetStringAsync($"/cases/{number}?culture=en"), "in-decide-outcome"));
    }
}
