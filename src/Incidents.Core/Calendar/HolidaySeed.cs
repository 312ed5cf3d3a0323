namespace Incidents.Core.Calendar;

/// <summary>
/// The holiday table a new database starts with (Labour Code 2019, Art. 112), which administrators confirm or edit per year.
/// 2021–2026 are the days off and Saturdays worked as the Government's yearly notices announced them
/// (shared/reference/vn-calendar.md), written out as data: a formula was tried and got the Tết of 2021, 2023, 2024 and
/// 2025 wrong. Three 2026 days could not be checked against the notice and are provisional (2 January swapped, 10 January
/// worked, 3 September as the day next to 2 September).
/// 2027–2036 are computed and provisional until an administrator confirms each year when its notice is out:
/// - Lunar dates come from a hard-coded table for the Vietnamese calendar (UTC+7) because .NET's
///   ChineseLunisolarCalendar follows UTC+8 and is wrong for some years (Tết 2030 is 2 February in Vietnam, not the 3rd).
/// - Tết is 5 days: the last day of the old lunar year and the first four days of the new one.
/// - The day next to 2 September is 1 September when 2 September is a Tuesday, Friday or Saturday (it joins the break
///   to a weekend or fills the bridge day), otherwise 3 September.
/// - A holiday falling on a Saturday or Sunday gives a compensating day on the next working day that is not already
///   a holiday (Art. 111(3)); compensations are placed in date order.
/// </summary>
public static class HolidaySeed
{
    public const int FirstYear = 2021;
    public const int LastYear = 2036;
    /// <summary>The first year seeded by computation rather than from a notice.</summary>
    public const int FirstComputedYear = 2027;

    private const string NewYear = "Tết Dương lịch";
    private const string Tet = "Tết Nguyên đán";
    private const string HungKings = "Giỗ Tổ Hùng Vương (10/3 âm lịch)";
    private const string Victory = "Ngày Chiến thắng (30/4)";
    private const string Labour = "Ngày Quốc tế Lao động (1/5)";
    private const string National = "Quốc khánh (2/9)";
    private const string NationalNext = "Quốc khánh (ngày liền kề)";

    // The notices, one line a day: date, kind, name; "?" at the end marks a day not confirmed against the notice.
    private const string Notices = """
        2021-01-01; holiday; Tết Dương lịch
        2021-02-10; holiday; Tết Nguyên đán
        2021-02-11; holiday; Tết Nguyên đán
        2021-02-12; holiday; Tết Nguyên đán
        2021-02-15; holiday; Tết Nguyên đán
        2021-02-16; holiday; Tết Nguyên đán
        2021-04-21; holiday; Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2021-04-30; holiday; Ngày Chiến thắng (30/4)
        2021-05-01; holiday; Ngày Quốc tế Lao động (1/5)
        2021-05-03; compensating; Nghỉ bù Ngày Quốc tế Lao động (1/5)
        2021-09-02; holiday; Quốc khánh (2/9)
        2021-09-03; holiday; Quốc khánh (ngày liền kề)

        2022-01-01; holiday; Tết Dương lịch
        2022-01-03; compensating; Nghỉ bù Tết Dương lịch
        2022-01-31; holiday; Tết Nguyên đán
        2022-02-01; holiday; Tết Nguyên đán
        2022-02-02; holiday; Tết Nguyên đán
        2022-02-03; holiday; Tết Nguyên đán
        2022-02-04; holiday; Tết Nguyên đán
        2022-04-10; holiday; Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2022-04-11; compensating; Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2022-04-30; holiday; Ngày Chiến thắng (30/4)
        2022-05-01; holiday; Ngày Quốc tế Lao động (1/5)
        2022-05-02; compensating; Nghỉ bù Ngày Chiến thắng (30/4)
        2022-05-03; compensating; Nghỉ bù Ngày Quốc tế Lao động (1/5)
        2022-09-01; holiday; Quốc khánh (ngày liền kề)
        2022-09-02; holiday; Quốc khánh (2/9)

        2023-01-01; holiday; Tết Dương lịch
        2023-01-02; compensating; Nghỉ bù Tết Dương lịch
        2023-01-20; holiday; Tết Nguyên đán
        2023-01-23; holiday; Tết Nguyên đán
        2023-01-24; holiday; Tết Nguyên đán
        2023-01-25; holiday; Tết Nguyên đán
        2023-01-26; holiday; Tết Nguyên đán
        2023-04-29; holiday; Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2023-04-30; holiday; Ngày Chiến thắng (30/4)
        2023-05-01; holiday; Ngày Quốc tế Lao động (1/5)
        2023-05-02; compensating; Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2023-05-03; compensating; Nghỉ bù Ngày Chiến thắng (30/4)
        2023-09-01; holiday; Quốc khánh (ngày liền kề)
        2023-09-02; holiday; Quốc khánh (2/9)
        2023-09-04; compensating; Nghỉ bù Quốc khánh (2/9)

        2024-01-01; holiday; Tết Dương lịch
        2024-02-08; holiday; Tết Nguyên đán
        2024-02-09; holiday; Tết Nguyên đán
        2024-02-12; holiday; Tết Nguyên đán
        2024-02-13; holiday; Tết Nguyên đán
        2024-02-14; holiday; Tết Nguyên đán
        2024-04-18; holiday; Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2024-04-29; holiday; Nghỉ hoán đổi (làm bù thứ Bảy 04/5)
        2024-04-30; holiday; Ngày Chiến thắng (30/4)
        2024-05-01; holiday; Ngày Quốc tế Lao động (1/5)
        2024-05-04; working; Làm bù (nghỉ thứ Hai 29/4)
        2024-09-02; holiday; Quốc khánh (2/9)
        2024-09-03; holiday; Quốc khánh (ngày liền kề)

        2025-01-01; holiday; Tết Dương lịch
        2025-01-27; holiday; Tết Nguyên đán
        2025-01-28; holiday; Tết Nguyên đán
        2025-01-29; holiday; Tết Nguyên đán
        2025-01-30; holiday; Tết Nguyên đán
        2025-01-31; holiday; Tết Nguyên đán
        2025-04-07; holiday; Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2025-04-26; working; Làm bù (nghỉ thứ Sáu 02/5)
        2025-04-30; holiday; Ngày Chiến thắng (30/4)
        2025-05-01; holiday; Ngày Quốc tế Lao động (1/5)
        2025-05-02; holiday; Nghỉ hoán đổi (làm bù thứ Bảy 26/4)
        2025-09-01; holiday; Quốc khánh (ngày liền kề)
        2025-09-02; holiday; Quốc khánh (2/9)

        2026-01-01; holiday; Tết Dương lịch
        2026-01-02; holiday; Nghỉ hoán đổi (làm bù thứ Bảy 10/1); ?
        2026-01-10; working; Làm bù (nghỉ thứ Sáu 02/1); ?
        2026-02-16; holiday; Tết Nguyên đán
        2026-02-17; holiday; Tết Nguyên đán
        2026-02-18; holiday; Tết Nguyên đán
        2026-02-19; holiday; Tết Nguyên đán
        2026-02-20; holiday; Tết Nguyên đán
        2026-04-26; holiday; Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2026-04-27; compensating; Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)
        2026-04-30; holiday; Ngày Chiến thắng (30/4)
        2026-05-01; holiday; Ngày Quốc tế Lao động (1/5)
        2026-09-02; holiday; Quốc khánh (2/9)
        2026-09-03; holiday; Quốc khánh (ngày liền kề); ?
        """;

    private static readonly Lazy<IReadOnlyList<Holiday>> FromNotices = new(() =>
    {
        var parsed = HolidayList.Parse(Notices, year: null);
        if (parsed.Errors.Count > 0) throw new InvalidOperationException("The seeded notices do not parse: " + parsed.Errors[0]);
        return parsed.Days;
    });

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
        [2031] = (new(2031, 1, 23), new(2031, 4, 1)),
        [2032] = (new(2032, 2, 11), new(2032, 4, 19)),
        [2033] = (new(2033, 1, 31), new(2033, 4, 9)),
        [2034] = (new(2034, 2, 19), new(2034, 4, 28)),
        [2035] = (new(2035, 2, 8), new(2035, 4, 17)),
        [2036] = (new(2036, 1, 28), new(2036, 4, 6)),
    };

    public static bool Covers(int year) => year is >= FirstYear and <= LastYear;

    /// <summary>True for a year whose seed is not all confirmed against a notice (2026's [?] days, every computed year).</summary>
    public static bool IsProvisional(int year) => For(year).Any(h => h.Provisional);

    /// <summary>The seeded days of a year, sorted by date: the notice's for 2021–2026, computed for 2027–2036.</summary>
    public static IReadOnlyList<Holiday> For(int year)
    {
        if (!Covers(year))
            throw new ArgumentOutOfRangeException(nameof(year), year, $"No seeded holidays for {year} ({FirstYear}–{LastYear}).");
        return year < FirstComputedYear ? [.. FromNotices.Value.Where(h => h.Date.Year == year)] : Computed(year);
    }

    /// <summary>The computed default of a year (Art. 112 shape, Art. 111(3) compensation), every day provisional.</summary>
    public static IReadOnlyList<Holiday> Computed(int year)
    {
        if (!Lunar.TryGetValue(year, out var lunar))
            throw new ArgumentOutOfRangeException(nameof(year), year, $"No lunar dates for {year} ({FirstYear}–{LastYear}).");

        var days = new List<Holiday>
        {
            new(new DateOnly(year, 1, 1), NewYear),
            new(lunar.Tet.AddDays(-1), $"{Tet} (30 Tết)"),
        };
        for (var i = 0; i < 4; i++)
            days.Add(new(lunar.Tet.AddDays(i), $"{Tet} (mùng {i + 1})"));
        days.Add(new(lunar.HungKings, HungKings));
        days.Add(new(new DateOnly(year, 4, 30), Victory));
        days.Add(new(new DateOnly(year, 5, 1), Labour));
        var national = new DateOnly(year, 9, 2);
        days.Add(new(national, National));
        var adjacent = national.DayOfWeek is DayOfWeek.Tuesday or DayOfWeek.Friday or DayOfWeek.Saturday
            ? national.AddDays(-1) : national.AddDays(1);
        days.Add(new(adjacent, NationalNext));

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
        return [.. result.Select(h => h with { Provisional = true })];
    }

    /// <summary>Every seeded year, 2021–2036.</summary>
    public static IReadOnlyList<Holiday> All() =>
        Enumerable.Range(FirstYear, LastYear - FirstYear + 1).SelectMany(For).ToList();

    /// <summary>The seeded years with their status: provisional when any of their days is.</summary>
    public static IReadOnlyList<CalendarYear> Years() =>
        [.. Enumerable.Range(FirstYear, LastYear - FirstYear + 1).Select(y => new CalendarYear(y, IsProvisional(y)))];
}
