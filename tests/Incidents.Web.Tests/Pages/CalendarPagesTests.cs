using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Web.Access;
using Incidents.Web.Calendar;
using Incidents.Web.Ui.Intake;
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
        var number = (await _app.Services.GetRequiredService<IntakeDesk>().TakeInAsync([Complaint("2026-08-25T09:00:00+07:00")], [], clerk.ToActor())).Numbers[0];
        var c = await SignedInAsync(_app, "clerk");
        var page = await c.GetStringAsync($"/cases/{number}");
        Assert.Contains("badge warn provisional", page);
        Assert.Contains("tạm tính", page);

        var admin = _app.Services.GetRequiredService<CalendarAdmin>();
        var edit = await admin.SetHolidayAsync(new DateOnly(2026, 9, 4), "Ngày nghỉ đột xuất", "holiday", "admin");
        var recounts = _app.Services.GetRequiredService<CalendarRecounts>();
        for (var i = 0; i < 300 && (await recounts.GetAsync(edit.Recount!.Id))!.FinishedAt is null; i++) await Task.Delay(100);

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
        var r = await _app.Services.GetRequiredService<IntakeDesk>().TakeInAsync([Complaint("2036-12-24T09:00:00+07:00")], [], clerk.ToActor());
        Assert.Empty(r.Numbers);
        Assert.Contains("Lịch nghỉ lễ chưa có năm 2037", Assert.Single(r.Errors["receivedAt"]));
    }
}
