using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;
using static Incidents.Core.Tests.Shipped;

namespace Incidents.Core.Tests;

public class HolidaySeedTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    private static IReadOnlyList<DateOnly> Dates(int year) => [.. HolidaySeed.For(year).Select(h => h.Date)];

    [Fact]
    public void Tet_2026_is_Monday_16_to_Friday_20_February_as_the_notice_gives_it()
    {
        var tet = HolidaySeed.For(2026).Where(h => h.Name.StartsWith("Tết Nguyên đán", StringComparison.Ordinal)).ToList();
        Assert.Equal([D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)], tet.Select(h => h.Date));
        Assert.All(tet, h => Assert.False(h.Provisional));
    }

    [Theory]
    [InlineData(2021, "2021-02-10,2021-02-11,2021-02-12,2021-02-15,2021-02-16")]
    [InlineData(2023, "2023-01-20,2023-01-23,2023-01-24,2023-01-25,2023-01-26")]
    [InlineData(2024, "2024-02-08,2024-02-09,2024-02-12,2024-02-13,2024-02-14")]
    [InlineData(2025, "2025-01-27,2025-01-28,2025-01-29,2025-01-30,2025-01-31")]
    public void The_Tet_weekdays_off_are_the_notices_not_a_formula(int year, string expected)
    {
        var tet = HolidaySeed.For(year).Where(h => h.Name.StartsWith("Tết Nguyên đán", StringComparison.Ordinal));
        Assert.Equal(expected.Split(','), tet.Select(h => h.Date.ToString("yyyy-MM-dd")));
    }

    [Fact]
    public void Tet_2030_is_2_February_in_Vietnam_although_the_Chinese_lunisolar_calendar_says_3_February()
    {
        var days = HolidaySeed.For(2030);
        Assert.Equal(D(2030, 2, 2), days.Single(h => h.Name == "Tết Nguyên đán (mùng 1)").Date);
        Assert.Equal(D(2030, 2, 1), days.Single(h => h.Name == "Tết Nguyên đán (30 Tết)").Date);
        // Saturday 2 and Sunday 3 February give compensating days on Wednesday 6 and Thursday 7.
        Assert.Equal([D(2030, 2, 6), D(2030, 2, 7)],
            days.Where(h => h.Kind == Holiday.Compensating && h.Date.Month == 2).Select(h => h.Date));

        // Why the table is hard-coded: .NET's calendar (UTC+8) puts the new year a day later.
        var chinese = new ChineseLunisolarCalendar();
        var newYear = chinese.ToDateTime(2030, 1, 1, 0, 0, 0, 0);
        Assert.Equal(new DateTime(2030, 2, 3), newYear);
    }

    [Theory]
    [InlineData(2021, "2021-09-02,2021-09-03")]           // Thursday: the Friday after
    [InlineData(2024, "2024-09-02,2024-09-03")]           // Monday: the Tuesday after
    [InlineData(2025, "2025-09-01,2025-09-02")]           // Tuesday: the Monday before
    [InlineData(2023, "2023-09-01,2023-09-02,2023-09-04")] // Saturday: Friday before, compensated on Monday 4
    [InlineData(2029, "2029-09-02,2029-09-03,2029-09-04")] // Sunday: Monday 3 and the compensating Tuesday 4
    public void The_2_September_pair(int year, string expected)
    {
        var september = HolidaySeed.For(year).Where(h => h.Date.Month == 9).Select(h => h.Date.ToString("yyyy-MM-dd"));
        Assert.Equal(expected.Split(','), september);
    }

    [Fact]
    public void The_2023_cluster_gives_five_days_off_from_29_April_to_3_May()
    {
        var days = HolidaySeed.For(2023).Where(h => h.Date >= D(2023, 4, 28) && h.Date <= D(2023, 5, 5)).ToList();
        Assert.Equal([D(2023, 4, 29), D(2023, 4, 30), D(2023, 5, 1), D(2023, 5, 2), D(2023, 5, 3)], days.Select(h => h.Date));
        Assert.Equal("Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)", days[3].Name);
        Assert.Equal(Holiday.Compensating, days[4].Kind);
    }

    [Fact]
    public void Hung_Kings_day_2026_on_a_Sunday_is_compensated_on_Monday_27_April()
    {
        var h = HolidaySeed.For(2026).Single(x => x.Date == D(2026, 4, 27));
        Assert.Equal(Holiday.Compensating, h.Kind);
        Assert.Contains(D(2026, 4, 26), Dates(2026));
    }

    [Fact]
    public void The_Saturdays_worked_by_the_2024_and_2025_notices_are_working_days()
    {
        Assert.Equal(Holiday.Working, HolidaySeed.For(2024).Single(h => h.Date == D(2024, 5, 4)).Kind);
        Assert.Equal(Holiday.Working, HolidaySeed.For(2025).Single(h => h.Date == D(2025, 4, 26)).Kind);
        Assert.Contains(HolidaySeed.For(2024), h => h.Date == D(2024, 4, 29) && h.Kind == Holiday.Statutory);
        Assert.Contains(HolidaySeed.For(2025), h => h.Date == D(2025, 5, 2) && h.Kind == Holiday.Statutory);
    }

    [Fact]
    public void The_2026_days_not_confirmed_against_the_notice_are_provisional_and_the_rest_of_2021_to_2026_is_not()
    {
        var provisional = HolidaySeed.All().Where(h => h.Provisional && h.Date.Year < HolidaySeed.FirstComputedYear).Select(h => h.Date);
        Assert.Equal([D(2026, 1, 2), D(2026, 1, 10), D(2026, 9, 3)], provisional);
        Assert.Equal(Holiday.Working, HolidaySeed.For(2026).Single(h => h.Date == D(2026, 1, 10)).Kind);
        Assert.Equal([2026, 2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035, 2036],
            HolidaySeed.Years().Where(y => y.Provisional).Select(y => y.Year));
    }

    [Fact]
    public void Every_computed_year_has_eleven_statutory_days_each_with_a_name_and_all_provisional()
    {
        for (var y = HolidaySeed.FirstComputedYear; y <= HolidaySeed.LastYear; y++)
        {
            var days = HolidaySeed.For(y);
            Assert.Equal(11, days.Count(h => h.Kind == Holiday.Statutory));
            Assert.All(days, h => Assert.False(string.IsNullOrWhiteSpace(h.Name)));
            Assert.All(days, h => Assert.True(h.Provisional));
            Assert.Equal(days.Count, days.Select(h => h.Date).Distinct().Count());
            // A compensating day is never a rest day.
            Assert.All(days.Where(h => h.Kind == Holiday.Compensating), h => Assert.False(BusinessCalendar.IsWeekend(h.Date)));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => HolidaySeed.For(2037));
    }
}

public class HolidayListTests
{
    [Fact]
    public void A_notice_reads_in_any_of_the_forgiving_forms()
    {
        var r = HolidayList.Parse("""
            # Tết 2027
            2027-02-05; holiday; Tết Nguyên đán
            08/02/2027 | nghỉ bù | Nghỉ bù Tết

            2027-02-20	working	Làm bù; ?
            """, 2027);
        Assert.Empty(r.Errors);
        Assert.Equal([Holiday.Statutory, Holiday.Compensating, Holiday.Working], r.Days.Select(d => d.Kind));
        Assert.True(r.Days[2].Provisional);
        Assert.Equal(r.Days, HolidayList.Parse(HolidayList.Format(r.Days), 2027).Days);
    }

    [Fact]
    public void A_bad_line_refuses_the_whole_list_and_names_its_line_number()
    {
        var r = HolidayList.Parse("2027-02-05; holiday; Tết\n2027-02-31; holiday; x\n2027-02-08; party; y\n2028-01-01; holiday; z\n2027-02-09; working; w\n2027-02-05; holiday; again", 2027);
        Assert.Empty(r.Days);
        Assert.Collection(r.Errors,
            e => Assert.StartsWith("line 2: ", e),
            e => Assert.StartsWith("line 3: kind 'party'", e),
            e => Assert.StartsWith("line 4: 2028-01-01 is not in 2027", e),
            e => Assert.StartsWith("line 5: a working day must be a Saturday", e),
            e => Assert.StartsWith("line 6: 2027-02-05 is already on line 1", e));
    }
}

public class BusinessCalendarTests
{
    private readonly BusinessCalendar _cal = BusinessCalendar.Seeded();

    private DateTimeOffset Days(DateTimeOffset start, string duration, DurationUnit unit = DurationUnit.Calendar) =>
        _cal.Due(start, IsoDuration.Parse(duration), unit);

    [Fact]
    public void The_day_of_receipt_is_not_counted_and_the_deadline_ends_at_24_00_local()
    {
        // Received Monday 23 November 2026 at 08:00 or at 23:59: one day ends at the close of Tuesday 24.
        Assert.Equal(At(2026, 11, 25), Days(At(2026, 11, 23, 8), "P1D"));
        Assert.Equal(At(2026, 11, 25), Days(At(2026, 11, 23, 23, 59), "P1D"));
        // 17:30 UTC on the 23rd is already the 24th in Hanoi, so counting starts on the 25th.
        Assert.Equal(At(2026, 11, 26), Days(new DateTimeOffset(2026, 11, 23, 17, 30, 0, TimeSpan.Zero), "P1D"));
    }

    [Fact]
    public void A_deadline_whose_last_day_is_a_Sunday_ends_at_the_close_of_Monday()
    {
        // Thursday 19 November 2026 + 10 days = Sunday 29 November -> close of Monday 30 November.
        Assert.Equal(At(2026, 12, 1), Days(At(2026, 11, 19, 9), "P10D"));
        Assert.Equal(At(2026, 11, 28), Days(At(2026, 11, 18, 9), "P9D")); // Friday 27: no move
    }

    [Fact]
    public void Tet_2026_pushes_deadlines_past_the_holiday_week()
    {
        // Friday 13 February 2026: 16–20 February are Tết, 21–22 a weekend.
        Assert.Equal(At(2026, 2, 24), Days(At(2026, 2, 13, 10), "P3D"));
        Assert.Equal(At(2026, 2, 24), Days(At(2026, 2, 13, 10), "P1D", DurationUnit.Working));
        Assert.Equal(At(2026, 2, 26), Days(At(2026, 2, 13, 10), "P3D", DurationUnit.Working));
    }

    [Fact]
    public void Tet_2030_starts_on_2_February()
    {
        // Thursday 31 January 2030 + 1 working day: Friday 1 February is 30 Tết; 2–5 Tết, 6–7 compensating days.
        Assert.Equal(At(2030, 2, 9), Days(At(2030, 1, 31, 9), "P1D", DurationUnit.Working));
        Assert.False(_cal.IsWorkingDay(new DateOnly(2030, 2, 1)));
        Assert.True(_cal.IsWorkingDay(new DateOnly(2030, 2, 8)));
    }

    [Fact]
    public void No_calendar_deadline_ends_between_29_April_and_3_May_2023()
    {
        for (var start = new DateOnly(2023, 3, 25); start <= new DateOnly(2023, 5, 3); start = start.AddDays(1))
            for (var n = 1; n <= 45; n++)
            {
                var due = Days(BusinessCalendar.StartOfDay(start).AddHours(9), $"P{n}D");
                var lastDay = BusinessCalendar.LocalDate(due.AddTicks(-1));
                Assert.False(lastDay >= new DateOnly(2023, 4, 29) && lastDay <= new DateOnly(2023, 5, 3), $"{start} + {n} days ends on {lastDay}");
            }
        // Received Wednesday 19 April 2023: day 10 is Saturday 29 April -> close of Thursday 4 May.
        Assert.Equal(At(2023, 5, 5), Days(At(2023, 4, 19, 9), "P10D"));
    }

    [Fact]
    public void A_working_day_count_across_27_April_2026_skips_the_compensating_day()
    {
        // Friday 24 April 2026: 25–26 weekend, 27 compensating, 28 and 29 count, 30 April and 1 May holidays, 2–3 weekend.
        Assert.Equal(At(2026, 4, 29), Days(At(2026, 4, 24, 15), "P1D", DurationUnit.Working));
        Assert.Equal(At(2026, 4, 30), Days(At(2026, 4, 24, 15), "P2D", DurationUnit.Working));
        Assert.Equal(At(2026, 5, 5), Days(At(2026, 4, 24, 15), "P3D", DurationUnit.Working));
        // Without the table, the 27th would count.
        var bare = new BusinessCalendar(Array.Empty<DateOnly>());
        Assert.Equal(At(2026, 4, 28), bare.Due(At(2026, 4, 24, 15), IsoDuration.Parse("P1D"), DurationUnit.Working));
    }

    [Fact]
    public void A_complaint_received_Friday_24_January_2025_reaches_day_10_on_Monday_3_February_after_Tet()
    {
        // 27–31 January 2025 are Tết; day 10 is Monday 3 February, a working day: due at its close.
        Assert.Equal(At(2025, 2, 4), Days(At(2025, 1, 24, 9), "P10D"));
        Assert.False(_cal.IsWorkingDay(new DateOnly(2025, 1, 27)));
        Assert.True(_cal.IsWorkingDay(new DateOnly(2025, 4, 26))); // Saturday worked
        Assert.False(_cal.IsWorkingDay(new DateOnly(2025, 5, 2)));
    }

    [Fact]
    public void A_Saturday_the_notice_makes_worked_counts_as_a_working_day()
    {
        Assert.True(_cal.IsWorkingDay(new DateOnly(2024, 5, 4)));
        Assert.False(_cal.IsWorkingDay(new DateOnly(2024, 5, 11)));
        // Friday 3 May 2024 + 1 working day: Saturday 4 May is worked.
        Assert.Equal(At(2024, 5, 5), Days(At(2024, 5, 3, 9), "P1D", DurationUnit.Working));
        // A calendar-day limit may end on it too.
        Assert.Equal(At(2024, 5, 5), Days(At(2024, 5, 3, 9), "P1D"));
    }

    [Fact]
    public void Seven_working_days_from_Monday_9_February_2026_end_on_25_February()
    {
        Assert.Equal(At(2026, 2, 26), Days(At(2026, 2, 9, 9), "P7D", DurationUnit.Working));
    }

    [Fact]
    public void Counting_into_a_year_the_table_does_not_cover_refuses_to_guess()
    {
        Assert.True(_cal.Covers(2036));
        Assert.False(_cal.Covers(2037));
        var e = Assert.Throws<CalendarNotCoveredException>(() => Days(At(2036, 12, 20, 9), "P15D"));
        Assert.Equal(2037, e.Year);
        Assert.Throws<CalendarNotCoveredException>(() => Days(At(2036, 12, 28, 9), "P5D", DurationUnit.Working));
        // Inside the table the same count works.
        Assert.Equal(At(2036, 12, 11), Days(At(2036, 11, 30, 9), "P10D"));
    }

    [Fact]
    public void A_count_across_a_provisional_day_is_reported_and_one_across_confirmed_days_is_not()
    {
        Assert.True(_cal.IsProvisional(new DateOnly(2026, 9, 3)));
        Assert.False(_cal.IsProvisional(new DateOnly(2026, 9, 2)));
        var start = At(2026, 8, 25, 9);
        Assert.True(_cal.CountsAcrossProvisional(start, Days(start, "P10D")));
        Assert.False(_cal.CountsAcrossProvisional(At(2026, 11, 30, 9), Days(At(2026, 11, 30, 9), "P10D")));
        // Tết 2027 is computed: a count across it shows the mark until the year is confirmed.
        Assert.True(_cal.CountsAcrossProvisional(At(2027, 2, 1, 9), Days(At(2027, 2, 1, 9), "P10D")));
        var confirmed = new BusinessCalendar(HolidaySeed.All().Select(h => h with { Provisional = false }), HolidaySeed.Years());
        Assert.False(confirmed.CountsAcrossProvisional(At(2027, 2, 1, 9), Days(At(2027, 2, 1, 9), "P10D")));
    }

    [Fact]
    public void Sub_day_durations_are_elapsed_time_even_on_a_holiday()
    {
        Assert.Equal(At(2026, 2, 17, 10, 15), Days(At(2026, 2, 17, 10), "PT15M"));
        Assert.Equal(At(2026, 11, 23, 2), Days(At(2026, 11, 22, 22), "PT4H"));
    }

    [Fact]
    public void Working_time_is_counted_on_working_days_only()
    {
        // Friday 24 April 2026 15:00 to Tuesday 28 April 10:00: 9 hours on Friday and 10 on Tuesday.
        Assert.Equal(TimeSpan.FromHours(19), _cal.WorkingTime(At(2026, 4, 24, 15), At(2026, 4, 28, 10)));
        Assert.Equal(At(2026, 4, 28, 10), _cal.AddWorkingTime(At(2026, 4, 24, 15), TimeSpan.FromHours(19)));
    }

    [Theory]
    [InlineData("P10D", 10, 0)]
    [InlineData("P2W", 14, 0)]
    [InlineData("PT15M", 0, 15)]
    [InlineData("P1DT2H", 1, 120)]
    public void Durations_parse(string text, int days, int minutes)
    {
        var d = IsoDuration.Parse(text);
        Assert.Equal(days, d.Days);
        Assert.Equal(TimeSpan.FromMinutes(minutes), d.Time);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1M")]
    [InlineData("P1Y")]
    [InlineData("10D")]
    [InlineData("P0D")]
    [InlineData("")]
    public void Unsupported_durations_do_not_parse(string text) => Assert.False(IsoDuration.TryParse(text, out _));
}
