using Incidents.Core.Calendar;

namespace Incidents.Core.Roster;

/// <summary>
/// When situation reports are due: at <see cref="Start"/> (Vietnam time) and every <see cref="EveryMinutes"/> after it
/// until the end of the day, on each day a posting is active. A slot is late once <see cref="GraceMinutes"/> have passed
/// with no report from the locality since the slot before it (reported_at after slot − every): a report filed just
/// before the slot counts for it, one filed late still clears it.
/// </summary>
public sealed record SitrepSchedule(TimeOnly Start, int EveryMinutes, int GraceMinutes)
{
    public const int MinEveryMinutes = 15;

    public static readonly SitrepSchedule Default = new(new TimeOnly(8, 0), 240, 30);

    public TimeSpan Every => TimeSpan.FromMinutes(EveryMinutes);
    public TimeSpan Grace => TimeSpan.FromMinutes(GraceMinutes);

    /// <summary>The day's slots as instants, earliest first.</summary>
    public IEnumerable<DateTimeOffset> SlotsOn(DateOnly day)
    {
        var start = BusinessCalendar.StartOfDay(day);
        var end = BusinessCalendar.StartOfDay(day.AddDays(1));
        for (var at = start + Start.ToTimeSpan(); at < end; at += Every) yield return at;
    }

    /// <summary>The latest slot of <paramref name="now"/>'s Vietnam day whose grace has run out; null before the first.</summary>
    public DateTimeOffset? LastLateSlot(DateTimeOffset now) =>
        SlotsOn(BusinessCalendar.LocalDate(now)).Where(s => s + Grace <= now).Select(s => (DateTimeOffset?)s).LastOrDefault();

    /// <summary>The earliest report time that still counts for <paramref name="slot"/> (exclusive).</summary>
    public DateTimeOffset CountsAfter(DateTimeOffset slot) => slot - Every;
}
