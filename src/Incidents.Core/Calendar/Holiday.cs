namespace Incidents.Core.Calendar;

/// <summary>
/// One day in the holiday table. Kind is "holiday" (a day off), "compensating" (a rest-day holiday moved on, Labour Code
/// Art. 111(3)) or "working" (a Saturday worked in exchange for a weekday off: it overrides the weekend). Provisional: the
/// day is computed or recalled, not yet confirmed against the year's Government notice.
/// </summary>
public sealed record Holiday(DateOnly Date, string Name, string Kind = Holiday.Statutory, bool Provisional = false)
{
    public const string Statutory = "holiday";
    public const string Compensating = "compensating";
    public const string Working = "working";

    public static readonly IReadOnlyList<string> Kinds = [Statutory, Compensating, Working];

    public bool IsDayOff => Kind != Working;
}

/// <summary>A year the holiday table covers; Provisional until an administrator confirms it against the year's notice.</summary>
public sealed record CalendarYear(int Year, bool Provisional);

/// <summary>A count reached a year the holiday table has no entry for: the calendar refuses to guess its days off.</summary>
public sealed class CalendarNotCoveredException(int year)
    : InvalidOperationException($"The holiday calendar has no table for {year}; an administrator must add it.")
{
    public int Year { get; } = year;
}
