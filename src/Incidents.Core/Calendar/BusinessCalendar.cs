using Incidents.Core.Deadlines;

namespace Incidents.Core.Calendar;

/// <summary>
/// The public body's calendar: Asia/Ho_Chi_Minh, Saturday and Sunday off, and a holiday table the host passes in (days
/// off, Saturdays worked, the years it covers: a count into another year throws CalendarNotCoveredException).
/// Day counting follows the Civil Code 2015 (Arts. 147–148): the day of the event is not counted; a deadline ends at
/// the close (24:00 local, written as 00:00 of the next day) of its last day; a last day that is a rest day or holiday
/// moves to the close of the next working day. Working-day deadlines count working days only. Durations with a time
/// part (PT15M, PT4H) are plain elapsed time.
/// </summary>
public sealed class BusinessCalendar
{
    /// <summary>Asia/Ho_Chi_Minh, the one zone of the product. Vietnam has no daylight saving, so a fixed +07:00 stands in
    /// when the host has no time-zone database.</summary>
    public static readonly TimeZoneInfo Zone = FindZone();

    private static TimeZoneInfo FindZone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh"); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Giờ Việt Nam (UTC+7)", "UTC+7");
        }
    }

    private readonly HashSet<DateOnly> _off;
    private readonly HashSet<DateOnly> _working;
    private readonly HashSet<DateOnly> _provisional;
    // Null: a bare list of dates that covers every year (tests, hosts without a table).
    private readonly Dictionary<int, bool>? _years;

    /// <summary>A calendar whose days off are these dates, in every year (no coverage check, no working Saturdays).</summary>
    public BusinessCalendar(IEnumerable<DateOnly> holidays)
    {
        _off = [.. holidays];
        _working = [];
        _provisional = [];
    }

    /// <summary>A calendar over the table's days; it covers the years that have an entry among the days.</summary>
    public BusinessCalendar(IEnumerable<Holiday> holidays) : this(holidays.ToList(), null) { }

    /// <summary>A calendar over the table's days that covers exactly <paramref name="years"/>; counting into any other year throws.</summary>
    public BusinessCalendar(IEnumerable<Holiday> holidays, IEnumerable<CalendarYear>? years)
    {
        var days = holidays.ToList();
        _off = [.. days.Where(h => h.IsDayOff).Select(h => h.Date)];
        _working = [.. days.Where(h => !h.IsDayOff).Select(h => h.Date)];
        _provisional = [.. days.Where(h => h.Provisional).Select(h => h.Date)];
        _years = years is null
            ? days.GroupBy(h => h.Date.Year).ToDictionary(g => g.Key, g => g.Any(h => h.Provisional))
            : years.ToDictionary(y => y.Year, y => y.Provisional);
    }

    /// <summary>The Government's notices for 2021–2026 and the provisional computed years 2027–2036, for tests and hosts with no table yet.</summary>
    public static BusinessCalendar Seeded() => new(HolidaySeed.All(), HolidaySeed.Years());

    /// <summary>The years this calendar covers, in order, with their status; empty for a bare list of dates (every year).</summary>
    public IReadOnlyList<CalendarYear> Years =>
        _years is null ? [] : [.. _years.OrderBy(y => y.Key).Select(y => new CalendarYear(y.Key, y.Value))];

    public bool Covers(int year) => _years is null || _years.ContainsKey(year);

    public static bool IsWeekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    public bool IsHoliday(DateOnly d) => _off.Contains(d);

    /// <summary>Monday–Friday unless a day off, or a Saturday the notice makes worked. Throws CalendarNotCoveredException
    /// for a day in a year the table does not cover.</summary>
    public bool IsWorkingDay(DateOnly d)
    {
        if (!Covers(d.Year)) throw new CalendarNotCoveredException(d.Year);
        return _working.Contains(d) || (!IsWeekend(d) && !_off.Contains(d));
    }

    /// <summary>True when the day's entry in the table is not yet confirmed against the year's notice.</summary>
    public bool IsProvisional(DateOnly d) => _provisional.Contains(d);

    /// <summary>True when a day from the start's day to the due instant's day (the close at 24:00 belongs to the day it
    /// closes) is provisional: the count may change when the year's notice is confirmed.</summary>
    public bool CountsAcrossProvisional(DateTimeOffset start, DateTimeOffset due)
    {
        if (_provisional.Count == 0 || due <= start) return false;
        var last = LocalDate(due.AddTicks(-1));
        for (var d = LocalDate(start); d <= last; d = d.AddDays(1))
            if (_provisional.Contains(d)) return true;
        return false;
    }

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
