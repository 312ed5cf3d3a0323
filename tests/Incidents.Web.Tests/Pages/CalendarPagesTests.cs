using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Web.Access;
using Incidents.Web.Calendar;
using Incidents.Web.Intake;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>The case page marks a deadline counted across a provisional day and tells how a calendar edit moved it.</summary>
public sealed class CalendarPagesTests : OwnHostTest
{
    private static IntakeRequest Complaint(string receivedAt) => new()
    {
        Type = "complaint", Title = "Khiếu nại về đất đai", LocalityCode = "00004", Channel = "counter", ReceivedAt = receivedAt,
        Reporter = new ReporterInput("Nguyễn Văn An", "Ba Đình, Hà Nội", "0912 345 678", null),
    };

    [Fact]
    public async Task A_deadline_counted_across_a_provisional_day_shows_the_mark_and_a_moved_deadline_shows_from_to_and_cause()
    {
        var clerk = await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        // Received (taken in late, in November) Tuesday 25 August 2026: day 10 is Friday 4 September, past 3 September, a day the 2026 notice is not confirmed for.
        var number = (await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([Complaint("2026-08-25T09:00:00+07:00")], [], clerk.ToActor())).Numbers[0];
        var c = await SignedInAsync(_app, "clerk");
        var page = await c.GetStringAsync($"/cases/{number}");
        Assert.Contains("badge warn provisional", page);
        Assert.Contains("tạm tính", page);

        var admin = _app.Services.GetRequiredService<CalendarAdmin>();
        var edit = await admin.SetHolidayAsync(new DateOnly(2026, 9, 4), "Ngày nghỉ đột xuất", "holiday", "admin");
        var recounts = _app.Services.GetRequiredService<CalendarRecounts>();
        Assert.True(await Poll.UntilAsync(async () => (await recounts.GetAsync(edit.Recount!.Id))!.FinishedAt is not null, TimeSpan.FromSeconds(30)),
            "the recount did not finish");

        var moved = await c.GetStringAsync($"/cases/{number}");
        Assert.Contains("data-kind=\"deadline-moved\"", moved);
        Assert.Contains("dời từ hết ngày 04/09/2026 sang hết ngày 07/09/2026", moved);
        Assert.Contains("2026-09-04", moved);
    }

    [Fact]
    public async Task The_intake_page_refuses_a_count_past_the_table_with_a_message_on_the_receipt_time()
    {
        _app.Time.SetUtcNow(new DateTimeOffset(2036, 12, 28, 3, 0, 0, TimeSpan.Zero));
        var clerk = await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var r = await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([Complaint("2036-12-24T09:00:00+07:00")], [], clerk.ToActor());
        Assert.Empty(r.Numbers);
        Assert.Contains("Lịch nghỉ lễ chưa có năm 2037", Assert.Single(r.Errors["receivedAt"]));
    }
}

/// <summary>The holidays page imports a year's notice all or nothing, with the bad line named on the form.</summary>
public sealed class HolidaysPageTests : OwnHostTest
{
    [Fact]
    public async Task A_pasted_notice_with_a_bad_line_is_refused_on_the_form_and_a_good_one_replaces_and_confirms_the_year()
    {
        await CreateUserAsync(_app, "root", "Root", Roles.Admin);
        var c = await SignedInAsync(_app, "root");
        var page = await c.GetStringAsync("/admin/holidays?Year=2030");
        Assert.Contains("tạm tính", page); // 2030 is computed
        Assert.Contains("data-date=\"2030-02-02\"", page); // Tết 2030 in Vietnam

        async Task<string> ImportAsync(string text)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(Token(await c.GetStringAsync("/admin/holidays?Year=2030"))), "__af" },
                { new StringContent("2030"), "Year" },
                { new StringContent(text), "text" },
            };
            var r = await c.PostAsync("/admin/holidays?handler=Import", form);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, r.StatusCode);
            return await c.GetStringAsync(r.Headers.Location!.ToString());
        }

        var refused = await ImportAsync("2030-01-01; holiday; Tết Dương lịch\n2030-02-30; holiday; Tết");
        Assert.Contains("line 2: &#x27;2030-02-30&#x27; is not a date", refused);
        Assert.Contains("data-date=\"2030-02-02\"", refused); // nothing stored
        Assert.Contains("2030-02-30; holiday; Tết", refused); // the text stays on the form

        var done = await ImportAsync("2030-01-01; holiday; Tết Dương lịch\n2030-02-01; nghỉ lễ; Tết Nguyên đán");
        Assert.Contains("Đã lưu.", done);
        Assert.DoesNotContain("data-date=\"2030-02-02\"", done);
        Assert.Contains("data-date=\"2030-02-01\"", done);
        Assert.Contains("đã xác nhận", done);
    }
}
