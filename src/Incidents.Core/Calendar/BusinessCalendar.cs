using Incidents.Core.Deadlines;

namespace Incidents.Core.Calendar;

/// <summary>
/// The public body's calendar: Asia/Ho_Chi_Minh, Saturday and Sunday off, and a holiday table the host passes in.
/// Day counting follows the Civil Code 2015 (Arts. 147–148): the day of the event is not counted; a deadline ends at
/// the close (24:00 local, written as 00:00 of the next day) of its last day; a last day that is a rest day or holiday
/// moves to the close of the next working day. Working-day deadlines count working days only. Durations with a time
/// part (PT15M, PT4H) are plain elapsed time.
/// </summary>
public sealed class BusinessCalendar
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(IEnumerable<DateOnly> holidays) => _holidays = [.. holidays];

    public BusinessCalendar(IEnumerable<Holiday> holidays) : this(holidays.Select(h => h.Date)) { }

    /// <summary>A calendar with the computed defaults for 2021–2030, for hosts that have no table yet and for tests.</summary>
    public static BusinessCalendar Seeded() => new(HolidaySeed.All());

    public static bool IsWeekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public bool IsHoliday(DateOnly d) => _holidays.Contains(d);

    public bool IsWorkingDay(DateOnly d) => !IsWeekend(d) && !_holidays.Contains(d);

    public static DateOnly LocalDate(DateTimeOffset t) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t, Zone).DateTime);

    /// <summary>Local midnight at the start of a day.</summary>
    public static DateTimeOffset StartOfDay(DateOnly d)
    {
        var local = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The close of a day: 24:00 local, the same instant as 00:00 of the next day.</summary>
    public static DateTimeOffset EndOfDay(DateOnly d) => StartOfDay(d.AddDays(1));

    public DateOnly NextWorkingDay(DateOnly d)
    {
        do d = d.AddDays(1); while (!IsWorkingDay(d));
        return d;
    }

    /// <summary>Close of the n-th calendar day after the event's day, moved to the next working day's close if needed.</summary>
    public DateTimeOffset AfterCalendarDays(DateTimeOffset start, int days)
    {
        var last = LocalDate(start).AddDays(days);
        if (!IsWorkingDay(last)) last = NextWorkingDay(last);
        return EndOfDay(last);
    }

    /// <summary>Close of the n-th working day after the event's day.</summary>
    public DateTimeOffset AfterWorkingDays(DateTimeOffset start, int days)
    {
        var d = LocalDate(start);
        for (var i = 0; i < days; i++) d = NextWorkingDay(d);
        return EndOfDay(d);
    }

    /// <summary>The due instant of a duration started at <paramref name="start"/>, before any pause.</summary>
    public DateTimeOffset Due(DateTimeOffset start, IsoDuration duration, DurationUnit unit)
    {
        if (duration.HasTime)
        {
            if (unit == DurationUnit.Working)
                throw new ArgumentException("A working-day duration cannot have a time part.", nameof(duration));
            return start + duration.Elapsed;
        }
        return unit == DurationUnit.Working ? AfterWorkingDays(start, duration.Days) : AfterCalendarDays(start, duration.Days);
    }

    /// <summary>Moves a day-based calendar due instant that lands inside a rest day or holiday to that day's next working close.</summary>
    public DateTimeOffset RollToWorkingClose(DateTimeOffset due)
    {
        // The instant 24:00 belongs to the day that closes; so look at the day of (due - 1 tick).
        var day = LocalDate(due.AddTicks(-1));
        return IsWorkingDay(day) ? due : EndOfDay(NextWorkingDay(day));
    }

    /// <summary>The time between two instants that falls on working days.</summary>
    public TimeSpan WorkingTime(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return TimeSpan.Zero;
        var total = TimeSpan.Zero;
        for (var d = LocalDate(from); StartOfDay(d) < to; d = d.AddDays(1))
        {
            if (!IsWorkingDay(d)) continue;
            var a = Max(from, StartOfDay(d));
            var b = Min(to, EndOfDay(d));
            if (b > a) total += b - a;
        }
        return total;
    }

    /// <summary>The instant reached by spending <paramref name="amount"/> of working time from <paramref name="from"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset from, TimeSpan amount)
    {
        if (amount <= TimeSpan.Zero) return from;
        var d = LocalDate(from);
        var cursor = from;
        while (true)
        {
            if (IsWorkingDay(d))
            {
                var start = Max(cursor, StartOfDay(d));
                var available = EndOfDay(d) - start;
                if (amount <= available) return start + amount;
                amount -= available;
            }
            d = d.AddDays(1);
            cursor = StartOfDay(d);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
