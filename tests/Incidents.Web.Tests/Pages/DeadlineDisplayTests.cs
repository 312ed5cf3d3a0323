using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Handling;
using Incidents.Web.Intake;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>The case page writes limits as people read them: the end of a day, durations in words, late or paused in words.</summary>
public sealed class DeadlineDisplayTests : OwnHostTest
{
    /// <summary>The visible text of the element with this data attribute (tags dropped, spaces folded).</summary>
    private static string Block(string html, string attribute)
    {
        var m = Regex.Match(html, $"<(\\w+)[^>]*{Regex.Escape(attribute)}[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        return Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(m.Groups[2].Value, "<[^>]+>", " ")), @"\s+", " ").Trim();
    }

    private static string Text(string html) => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " ")), @"\s+", " ");

    private async Task<(UserAccount Clerk, string Number)> ComplaintAsync(string receivedAt)
    {
        var clerk = await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var r = await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "complaint", Title = "Khiếu nại về thu hồi đất", LocalityCode = "00004", Channel = "counter", ReceivedAt = receivedAt,
            Reporter = new ReporterInput("Nguyễn Văn A", "Số 1 phố Huế", null, null),
        }], [], clerk.ToActor());
        return (clerk, r.Numbers[0]);
    }

    private async Task ActAsync(UserAccount who, string number, string action, int rowVersion, Dictionary<string, string>? inputs = null) =>
        Assert.Equal(CaseActionStatus.Done, (await _app.Services.GetRequiredService<CaseActions>()
            .PerformAsync(number, who.ToActor(), action, inputs ?? [], rowVersion)).Status);

    [Fact]
    public async Task The_case_page_writes_a_day_limit_as_the_end_of_its_last_day_and_its_duration_in_words()
    {
        // Received Tuesday 24 November: day 10 is Friday 4 December, which closes at 00:00 on the 5th.
        var (_, number) = await ComplaintAsync("2026-11-24T09:00:00+07:00");
        var c = await SignedInAsync(_app, "clerk");

        var vi = await c.GetStringAsync($"/cases/{number}?culture=vi");
        var acceptance = Block(vi, "data-deadline=\"acceptance\"");
        Assert.Contains("Hạn: hết ngày 04/12/2026", acceptance);
        Assert.Contains("Thời lượng: 10 ngày (ngày lịch)", acceptance);
        Assert.DoesNotContain("P10D", vi);
        Assert.DoesNotContain("24:00", vi);
        Assert.DoesNotContain("05/12/2026 00:00", vi);

        var en = Block(await c.GetStringAsync($"/cases/{number}?culture=en"), "data-deadline=\"acceptance\"");
        Assert.Contains("Due: end of 04/12/2026", en);
        Assert.Contains("Duration: 10 days (calendar days)", en);

        // The queue row writes its next deadline the same way.
        Assert.Contains("hết ngày 04/12/2026", Text(await c.GetStringAsync("/cases?culture=vi")));
    }

    [Fact]
    public async Task A_limit_met_late_says_by_how_many_days_and_the_history_shows_the_choice_in_words()
    {
        // Received Monday 2 November: the last day to accept was Thursday 12 November; accepted on the 25th.
        var (clerk, number) = await ComplaintAsync("2026-11-02T09:00:00+07:00");
        await ActAsync(clerk, number, "accept", 1);
        await ActAsync(clerk, number, "decide", 2, new() { ["outcome"] = "partly-upheld", ["decision"] = "QĐ 12/QĐ-UBND" });
        var c = await SignedInAsync(_app, "clerk");

        var vi = await c.GetStringAsync($"/cases/{number}?culture=vi");
        Assert.Contains("đã đáp ứng, trễ 13 ngày", Block(vi, "data-deadline=\"acceptance\""));
        Assert.Contains("đã đáp ứng đúng hạn", Block(vi, "data-deadline=\"resolution\""));
        var history = Block(vi, "id=\"history\"");
        Assert.Contains("Kết quả: Đúng một phần", history);
        Assert.DoesNotContain("partly-upheld", history);
        Assert.DoesNotContain("outcome", history);

        var en = await c.GetStringAsync($"/cases/{number}?culture=en");
        Assert.Contains("met, 13 days late", Block(en, "data-deadline=\"acceptance\""));
        Assert.Contains("Outcome: Partly upheld", Block(en, "id=\"history\""));
    }

    [Fact]
    public async Task A_paused_limit_shows_the_date_a_resume_today_would_give_and_no_countdown()
    {
        var (clerk, number) = await ComplaintAsync("2026-11-24T09:00:00+07:00");
        await ActAsync(clerk, number, "accept", 1);
        await ActAsync(clerk, number, "suspend", 2, new() { ["decision"] = "12/QĐ-TĐC", ["decision-date"] = "2026-11-25", ["awaiting"] = "Tòa án" });
        // Suspended three days: accepted 25 November, the close of 25 December becomes the close of Monday 28 December.
        _app.Time.Advance(TimeSpan.FromDays(3));
        var c = await SignedInAsync(_app, "clerk");

        var html = await c.GetStringAsync($"/cases/{number}?culture=vi");
        var resolution = Block(html, "data-deadline=\"resolution\"");
        Assert.Contains("tạm dừng — nếu tiếp tục hôm nay: hết ngày 28/12/2026", resolution);
        Assert.DoesNotContain("25/12/2026", resolution);
        Assert.DoesNotContain("countdown", Regex.Match(html, "data-deadline=\"resolution\".*?</div>", RegexOptions.Singleline).Value);
        Assert.Contains("if resumed today: end of 28/12/2026", Block(await c.GetStringAsync($"/cases/{number}?culture=en"), "data-deadline=\"resolution\""));

        // The API's deadline view carries the same instant.
        var (apiClient, _) = await _app.UserAsync(Roles.Complaints);
        var api = JsonNode.Parse(await apiClient.GetStringAsync($"/api/v1/cases/{number}"))!;
        var view = api["deadlines"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == "resolution")!;
        Assert.Equal(new DateTimeOffset(2026, 12, 29, 0, 0, 0, TimeSpan.FromHours(7)), view["dueIfResumedAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task A_waiting_state_says_the_statutory_clock_keeps_running()
    {
        var (clerk, number) = await ComplaintAsync("2026-11-24T09:00:00+07:00");
        var c = await SignedInAsync(_app, "clerk");
        Assert.DoesNotContain("waiting-note", await c.GetStringAsync($"/cases/{number}?culture=vi"));
        await ActAsync(clerk, number, "request-awaiting-documents", 1, new() { ["request"] = "Bản sao quyết định" });

        Assert.Contains("Đang chờ phía công dân — thời hạn luật định vẫn tiếp tục tính", Block(await c.GetStringAsync($"/cases/{number}?culture=vi"), "id=\"waiting-note\""));
        Assert.Contains("Waiting on the citizen — the statutory time limit keeps running", await c.GetStringAsync($"/cases/{number}?culture=en"));

        await ActAsync(clerk, number, "resume-awaiting-documents", 2);
        Assert.DoesNotContain("waiting-note", await c.GetStringAsync($"/cases/{number}?culture=vi"));
    }
}
