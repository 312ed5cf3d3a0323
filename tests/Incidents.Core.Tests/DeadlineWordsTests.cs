using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;

namespace Incidents.Core.Tests;

/// <summary>How limits read to people: durations in words, due dates as the end of a day, lateness in the limit's own unit.</summary>
public class DeadlineWordsTests
{
    private static DateTimeOffset Local(int y, int m, int d, int h = 0, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.FromHours(7));

    [Theory]
    [InlineData("P10D", DurationUnit.Working, "vi", "10 ngày làm việc")]
    [InlineData("P10D", DurationUnit.Working, "en", "10 working days")]
    [InlineData("P10D", DurationUnit.Calendar, "vi", "10 ngày (ngày lịch)")]
    [InlineData("P10D", DurationUnit.Calendar, "en", "10 days (calendar days)")]
    [InlineData("P1D", DurationUnit.Working, "en", "1 working day")]
    [InlineData("P2W", DurationUnit.Calendar, "vi", "14 ngày (ngày lịch)")]
    public void Day_durations_name_their_unit(string iso, DurationUnit unit, string culture, string expected) =>
        Assert.Equal(expected, DeadlineWords.Duration(iso, unit, culture));

    [Fact]
    public void Calendar_days_can_be_written_without_the_unit_where_it_does_not_matter()
    {
        Assert.Equal("10 ngày", DeadlineWords.Duration("P10D", DurationUnit.Calendar, "vi", markCalendar: false));
        Assert.Equal("10 days", DeadlineWords.Duration("P10D", DurationUnit.Calendar, "en", markCalendar: false));
    }

    [Theory]
    [InlineData("PT15M", "vi", "15 phút")]
    [InlineData("PT15M", "en", "15 minutes")]
    [InlineData("PT4H", "vi", "4 giờ")]
    [InlineData("PT4H", "en", "4 hours")]
    [InlineData("PT1H30M", "vi", "1 giờ 30 phút")]
    [InlineData("PT1H30M", "en", "1 hour 30 minutes")]
    [InlineData("P1DT2H", "vi", "1 ngày 2 giờ")]
    [InlineData("PT72H", "vi", "72 giờ")]
    [InlineData("PT72H", "en", "72 hours")]
    public void An_elapsed_duration_is_hours_and_minutes_and_never_says_calendar_days(string iso, string culture, string expected)
    {
        foreach (var unit in new[] { DurationUnit.Calendar, DurationUnit.Working })
        {
            var text = DeadlineWords.Duration(iso, unit, culture);
            Assert.Equal(expected, text);
            Assert.DoesNotContain("lịch", text);
            Assert.DoesNotContain("calendar", text);
        }
    }

    [Fact]
    public void A_due_instant_at_local_midnight_is_the_end_of_the_day_before()
    {
        var due = Local(2026, 12, 12); // 00:00 on 12 December = the close of 11 December
        Assert.Equal("hết ngày 11/12/2026", DeadlineWords.Due(due, "vi"));
        Assert.Equal("end of 11/12/2026", DeadlineWords.Due(due, "en"));
        Assert.Equal("hết ngày 11/12/2026", DeadlineWords.Due(due.ToUniversalTime(), "vi"));
    }

    [Fact]
    public void A_due_instant_with_a_time_of_day_keeps_its_time()
    {
        Assert.Equal("17/02/2026 10:15", DeadlineWords.Due(Local(2026, 2, 17, 10, 15), "vi"));
        Assert.Equal("17/02/2026 10:15", DeadlineWords.Due(Local(2026, 2, 17, 10, 15).ToUniversalTime(), "en"));
    }

    private static DeadlineRecord Met(string duration, DateTimeOffset due, DateTimeOffset met) => new()
    {
        Key = "acceptance", Name = "Thụ lý", LegalBasis = "Điều 27", Duration = duration, Unit = DurationUnit.Calendar,
        StartedAt = due.AddDays(-10), DueAt = due, Status = DeadlineStatus.Met, MetAt = met,
    };

    [Fact]
    public void A_day_limit_met_late_counts_whole_days_past_its_last_day()
    {
        var d = Met("P10D", Local(2026, 12, 11), Local(2027, 1, 3, 9)); // last day 10/12, met on 3/1
        Assert.Equal("đã đáp ứng, trễ 24 ngày", DeadlineWords.Met(d, "vi"));
        Assert.Equal("met, 24 days late", DeadlineWords.Met(d, "en"));
        Assert.Equal("met, 1 day late", DeadlineWords.Met(d with { MetAt = Local(2026, 12, 11, 8) }, "en"));
    }

    [Fact]
    public void An_elapsed_limit_met_late_counts_hours_and_minutes()
    {
        var d = Met("PT4H", Local(2026, 12, 10, 12), Local(2026, 12, 10, 14, 30));
        Assert.Equal("đã đáp ứng, trễ 2 giờ 30 phút", DeadlineWords.Met(d, "vi"));
        Assert.Equal("met, 2 hours 30 minutes late", DeadlineWords.Met(d, "en"));
    }

    [Fact]
    public void A_limit_met_at_or_before_its_due_instant_is_met_on_time()
    {
        var d = Met("P10D", Local(2026, 12, 11), Local(2026, 12, 10, 23, 59));
        Assert.Equal("đã đáp ứng đúng hạn", DeadlineWords.Met(d, "vi"));
        Assert.Equal("met on time", DeadlineWords.Met(d with { MetAt = d.DueAt }, "en"));
    }
}

/// <summary>Weekdays as a Vietnamese calendar writes them (the holidays page), never "Mon".</summary>
public class WeekdayWordsTests
{
    [Theory]
    [InlineData(DayOfWeek.Monday, "vi", "Thứ Hai")]
    [InlineData(DayOfWeek.Saturday, "vi", "Thứ Bảy")]
    [InlineData(DayOfWeek.Sunday, "vi", "Chủ nhật")]
    [InlineData(DayOfWeek.Sunday, "en", "Sunday")]
    public void A_weekday_reads_as_in_a_Vietnamese_calendar(DayOfWeek day, string culture, string expected) =>
        Assert.Equal(expected, DeadlineWords.Weekday(day, culture));
}
