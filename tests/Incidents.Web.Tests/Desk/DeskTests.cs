using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Web.Tests.Handling;
using Incidents.Web.Tests.Pages;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Desk;

/// <summary>"Việc của tôi" (issue #12): my open cases and their counts, by Vietnam's day, through the API and the page.</summary>
public sealed class DeskTests : OwnHostTest
{
    private static async Task<(string Number, DateTimeOffset Due)> MineAsync(HttpClient api, string login, string receivedAt)
    {
        var c = await CaseApi.CreateAsync(api, CaseApi.NewCase("complaint", receivedAt));
        var number = c["number"]!.GetValue<string>();
        var assigned = await api.PutAsJsonAsync($"/api/v1/cases/{number}/assignee", new { assignee = login, rowVersion = c["rowVersion"]!.GetValue<int>() });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        return (number, c["nextDueAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Due_today_and_overdue_are_counted_in_Vietnams_day_not_UTCs()
    {
        var (api, login) = await _app.UserAsync(Roles.Complaints);
        var (other, otherLogin) = await _app.UserAsync(Roles.Complaints);
        var early = await MineAsync(api, login, "2026-11-16T09:00:00+07:00");
        var today = await MineAsync(api, login, "2026-11-18T09:00:00+07:00");
        var later = await MineAsync(api, login, "2026-11-24T09:00:00+07:00");
        var notMine = await MineAsync(other, otherLogin, "2026-11-18T09:00:00+07:00");
        Assert.Equal(today.Due, notMine.Due);

        // 01:00 in Hanoi on the day whose close (24:00, the due instant) ends "today"'s limit: in UTC it is still the day before,
        // so a UTC day would count it as due tomorrow.
        var now = today.Due.AddHours(-23);
        Assert.Equal(BusinessCalendar.LocalDate(now), BusinessCalendar.LocalDate(today.Due.AddTicks(-1)));
        Assert.NotEqual(now.UtcDateTime.Date, today.Due.UtcDateTime.Date);
        Assert.True(early.Due < now && later.Due > BusinessCalendar.EndOfDay(BusinessCalendar.LocalDate(now)), $"{early.Due} {now} {later.Due}");
        _app.Time.SetUtcNow(now);

        var desk = JsonNode.Parse(await api.GetStringAsync("/api/v1/desk"))!;
        Assert.Equal(3, desk["counts"]!["open"]!.GetValue<long>());
        Assert.Equal(1, desk["counts"]!["overdue"]!.GetValue<long>());
        Assert.Equal(1, desk["counts"]!["dueToday"]!.GetValue<long>());
        Assert.Equal(BusinessCalendar.LocalDate(now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), desk["today"]!.GetValue<string>());
        // Soonest deadline first; another handler's case is not on my desk.
        Assert.Equal([early.Number, today.Number, later.Number], desk["cases"]!.AsArray().Select(c => c!["number"]!.GetValue<string>()));

        // The page reads the same service, and is where a handler lands after signing in.
        var page = await SignedInAsync(_app, login, "irrelevant-password");
        Assert.Equal("/desk", (await page.GetAsync("/")).Headers.Location?.ToString());
        var html = await page.GetStringAsync("/desk");
        Assert.Matches("data-count=\"overdue\"[^>]*><span class=\"figure\">1</span>", html);
        Assert.Matches("data-count=\"due-today\"[^>]*><span class=\"figure\">1</span>", html);
        Assert.Contains($"data-number=\"{today.Number}\"", html);
        Assert.DoesNotContain(notMine.Number, html);
    }
}
