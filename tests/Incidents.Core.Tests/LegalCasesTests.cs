using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Tests.Legal;
using static Incidents.Core.Tests.Shipped;

namespace Incidents.Core.Tests;

/// <summary>The law's own examples (LegalCases), counted on the shipped definitions and the seeded holiday table.</summary>
public class LegalCasesTests
{
    [Theory]
    [MemberData(nameof(LegalCases.Whys), MemberType = typeof(LegalCases))]
    public void The_limit_ends_where_the_law_says(string why)
    {
        var c = LegalCases.Get(why);
        var w = new Walk(c.Type, c.ReceivedAt);
        Assert.True(c.Due == w.Deadline(c.Deadline).DueAt, $"{why}: got {w.Deadline(c.Deadline).DueAt:O}");
    }

    [Fact]
    public void A_holiday_on_the_last_day_moves_a_calendar_day_limit_to_the_next_working_day()
    {
        var w = new Walk("complaint", At(2026, 11, 30, 9));
        var edited = new WorkflowRuntime(new BusinessCalendar([.. HolidaySeed.All().Select(h => h.Date), new DateOnly(2026, 12, 10)]));
        Assert.Equal(At(2026, 12, 12), edited.Recompute(w.Def, w.Snapshot).Single(d => d.Key == "acceptance").DueAt);
    }

    /// <summary>A pausable 10-day limit (any definition that names a ground), suspended for a few hours on one day.</summary>
    [Theory]
    [InlineData(2026, 2, 6, 2026, 2, 24)]  // day 10 is Mon 16 Feb, in Tết (16-20 Feb): Mon 23 Feb closes; the old arithmetic gave 24 Feb
    public void A_suspension_of_a_few_hours_excludes_no_day(int y, int m, int d, int dy, int dm, int dd)
    {
        var clock = new DeadlineClock(BusinessCalendar.Seeded());
        var start = At(y, m, d, 9);
        var record = clock.Start(new ResolvedDeadline(Limit("P10D"), IsoDuration.Parse("P10D"), DurationUnit.Calendar, new EscalationDefinition()), start);
        var paused = DeadlineClock.Pause(record, start.AddHours(1));
        var resumed = clock.Resume(paused, new EscalationDefinition(), start.AddHours(5));
        Assert.Equal((At(dy, dm, dd), TimeSpan.Zero), (resumed.DueAt, resumed.PausedTotal));
    }

    [Fact]
    public void A_four_hour_suspension_keeps_a_30_day_limit_on_Friday_12_February_2027()
    {
        var clock = new DeadlineClock(BusinessCalendar.Seeded());
        var start = At(2027, 1, 13, 10);
        var record = clock.Start(new ResolvedDeadline(Limit("P30D"), IsoDuration.Parse("P30D"), DurationUnit.Calendar, new EscalationDefinition()), start);
        Assert.Equal(At(2027, 2, 13), record.DueAt);
        var resumed = clock.Resume(DeadlineClock.Pause(record, At(2027, 2, 12, 8)), new EscalationDefinition(), At(2027, 2, 12, 12));
        Assert.Equal(At(2027, 2, 13), resumed.DueAt); // the old arithmetic gave Monday 15 February
    }

    [Fact]
    public void Days_suspended_are_added_before_the_rest_day_rule_is_applied_once()
    {
        var clock = new DeadlineClock(BusinessCalendar.Seeded());
        // 10 days from Mon 2 Nov 2026 end on Thu 12 Nov; suspended Fri 6 to Mon 9 Nov = 3 days: Sun 15 Nov -> Mon 16 Nov.
        var record = clock.Start(new ResolvedDeadline(Limit("P10D"), IsoDuration.Parse("P10D"), DurationUnit.Calendar, new EscalationDefinition()), At(2026, 11, 2, 9));
        var resumed = clock.Resume(DeadlineClock.Pause(record, At(2026, 11, 6, 15)), new EscalationDefinition(), At(2026, 11, 9, 10));
        Assert.Equal((TimeSpan.FromDays(3), At(2026, 11, 17)), (resumed.PausedTotal, resumed.DueAt));
        // A working-day limit excludes the working days among them: Fri 6 only (the weekend was never counted).
        var working = clock.Start(new ResolvedDeadline(Limit("P7D"), IsoDuration.Parse("P7D"), DurationUnit.Working, new EscalationDefinition()), At(2026, 11, 2, 9));
        Assert.Equal(At(2026, 11, 12), working.DueAt);
        var w2 = clock.Resume(DeadlineClock.Pause(working, At(2026, 11, 6, 15)), new EscalationDefinition(), At(2026, 11, 9, 10));
        Assert.Equal((TimeSpan.FromDays(1), At(2026, 11, 13)), (w2.PausedTotal, w2.DueAt));
    }

    private static DeadlineDefinition Limit(string duration) => new()
    {
        Id = "limit", Name = new("Thời hạn", "Limit"), Duration = duration, LegalBasis = new("Điều 1", "Art. 1"), StartsIn = ["received"],
        Suspension = new SuspensionDefinition { In = ["suspended"], Ground = new("Điều 36", "Art. 36") },
    };
}
