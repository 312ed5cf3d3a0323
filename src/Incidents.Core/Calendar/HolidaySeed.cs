namespace Incidents.Core.Calendar;

/// <summary>
/// Computed default holidays (Labour Code 2019, Art. 112) that seed the per-year table administrators confirm or edit.
/// Lunar dates come from a hard-coded table for the Vietnamese calendar (UTC+7) because .NET's
/// ChineseLunisolarCalendar follows UTC+8 and is wrong for some years (Tết 2030 is 2 February in Vietnam, not the 3rd).
/// Assumptions, each a default only:
/// - Tết is 5 days: the last day of the old lunar year and the first four days of the new one.
/// - The day next to 2 September is 1 September when 2 September is a Tuesday, Friday or Saturday (it joins the break
///   to a weekend or fills the bridge day), otherwise 3 September. This reproduces the notices of 2021–2025.
/// - A holiday falling on a Saturday or Sunday gives a compensating day on the next working day that is not already
///   a holiday (Art. 112(3)); compensations are placed in date order.
/// </summary>
public static class HolidaySeed
{
    public const int FirstYear = 2021;
    public const int LastYear = 2030;

    // (first day of Tết, Hùng Kings' day) for Vietnam, from shared/reference/vn-calendar.md.
    private static readonly Dictionary<int, (DateOnly Tet, DateOnly HungKings)> Lunar = new()
    {
        [2021] = (new(2021, 2, 12), new(2021, 4, 21)),
        [2022] = (new(2022, 2, 1), new(2022, 4, 10)),
        [2023] = (new(2023, 1, 22), new(2023, 4, 29)),
        [2024] = (new(2024, 2, 10), new(2024, 4, 18)),
        [2025] = (new(2025, 1, 29), new(2025, 4, 7)),
        [2026] = (new(2026, 2, 17), new(2026, 4, 26)),
        [2027] = (new(2027, 2, 6), new(2027, 4, 16)),
        [2028] = (new(2028, 1, 26), new(2028, 4, 4)),
        [2029] = (new(2029, 2, 13), new(2029, 4, 23)),
        [2030] = (new(2030, 2, 2), new(2030, 4, 12)),
    };

    public static bool Covers(int year) => Lunar.ContainsKey(year);

    /// <summary>The default holidays of a year, sorted by date. Throws for a year outside 2021–2030.</summary>
    public static IReadOnlyList<Holiday> For(int year)
    {
        if (!Lunar.TryGetValue(year, out var lunar))
            throw new ArgumentOutOfRangeException(nameof(year), year, $"No seeded lunar dates for {year} ({FirstYear}–{LastYear}).");

        var days = new List<Holiday>
        {
            new(new DateOnly(year, 1, 1), "Tết Dương lịch"),
            new(lunar.Tet.AddDays(-1), "Tết Nguyên đán (30 Tết)"),
        };
        for (var i = 0; i < 4; i++)
            days.Add(new(lunar.Tet.AddDays(i), $"Tết Nguyên đán (mùng {i + 1})"));
        days.Add(new(lunar.HungKings, "Giỗ Tổ Hùng Vương (10/3 âm lịch)"));
        days.Add(new(new DateOnly(year, 4, 30), "Ngày Chiến thắng (30/4)"));
        days.Add(new(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động (1/5)"));
        var national = new DateOnly(year, 9, 2);
        days.Add(new(national, "Quốc khánh (2/9)"));
        var adjacent = national.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Friday or DayOfWeek.Saturday
            ? national.AddDays(-1) : national.AddDays(1);
        days.Add(new(adjacent, "Quốc khánh (ngày liền kề)"));

        days.Sort((a, b) => a.Date.CompareTo(b.Date));
        var taken = days.Select(d => d.Date).ToHashSet();
        var result = new List<Holiday>(days);
        foreach (var h in days)
        {
            if (!BusinessCalendar.IsWeekend(h.Date)) continue;
            var d = h.Date.AddDays(1);
            while (BusinessCalendar.IsWeekend(d) || taken.Contains(d)) d = d.AddDays(1);
            taken.Add(d);
            result.Add(new(d, $"Nghỉ bù {h.Name}", Holiday.Compensating));
        }
        result.Sort((a, b) => a.Date.CompareTo(b.Date));
        return result;
    }

    /// <summary>Every seeded year, 2021–2030.</summary>
    public static IReadOnlyList<Holiday> All() =>
        Enumerable.Range(FirstYear, LastYear - FirstYear + 1).SelectMany(For).ToList();
}
