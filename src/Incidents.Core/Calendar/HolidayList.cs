using System.Globalization;

namespace Incidents.Core.Calendar;

/// <summary>A parsed list of days, or the reasons it was refused ("line 3: ..."); Days is empty when there are errors.</summary>
public sealed record HolidayListResult(IReadOnlyList<Holiday> Days, IReadOnlyList<string> Errors);

/// <summary>
/// The text form of a year's notice, one day a line: <c>2027-02-05; holiday; Tết Nguyên đán</c>. Forgiving in form
/// (blank lines and lines starting with # are skipped; ';', tab or '|' separate; dd/MM/yyyy is read too; kinds in
/// English or Vietnamese: holiday|nghỉ lễ, compensating|nghỉ bù, working|làm bù; a fourth field "?" marks a day
/// provisional) and exact in content: every line must parse, no date twice, each in the year imported, a working day on
/// a weekend and a compensating day on a weekday. All or nothing: one bad line refuses the list.
/// </summary>
public static class HolidayList
{
    public const int NameMax = 200;

    private static readonly Dictionary<string, string> KindWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["holiday"] = Holiday.Statutory, ["nghỉ lễ"] = Holiday.Statutory, ["nghỉ"] = Holiday.Statutory, ["lễ"] = Holiday.Statutory,
        ["compensating"] = Holiday.Compensating, ["nghỉ bù"] = Holiday.Compensating,
        ["working"] = Holiday.Working, ["làm bù"] = Holiday.Working, ["làm việc bù"] = Holiday.Working,
    };

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy"];

    /// <param name="year">When given, every day must fall in it.</param>
    public static HolidayListResult Parse(string? text, int? year)
    {
        var days = new List<Holiday>();
        var errors = new List<string>();
        var seen = new Dictionary<DateOnly, int>();
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var n = i + 1;
            var line = lines[i].Normalize(System.Text.NormalizationForm.FormC).Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var f = line.Split([';', '\t', '|'], StringSplitOptions.TrimEntries);
            if (f.Length is < 3 or > 4)
            {
                errors.Add($"line {n}: expected 'date; kind; name' (3 fields separated by ';'), found {f.Length}");
                continue;
            }
            if (!DateOnly.TryParseExact(f[0], DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add($"line {n}: '{f[0]}' is not a date (yyyy-MM-dd)");
                continue;
            }
            if (!KindWords.TryGetValue(f[1], out var kind))
            {
                errors.Add($"line {n}: kind '{f[1]}' must be one of {string.Join(", ", Holiday.Kinds)}");
                continue;
            }
            var name = f[2];
            if (name.Length == 0) errors.Add($"line {n}: the name is missing");
            else if (name.Length > NameMax) errors.Add($"line {n}: the name is longer than {NameMax} characters");
            else if (name.Any(char.IsControl)) errors.Add($"line {n}: the name has control characters");
            var provisional = f.Length == 4 && f[3] == "?";
            if (f.Length == 4 && !provisional) errors.Add($"line {n}: the fourth field may only be '?' (provisional)");
            if (year is { } y && date.Year != y) errors.Add($"line {n}: {date:yyyy-MM-dd} is not in {y}");
            if (kind == Holiday.Working && !BusinessCalendar.IsWeekend(date))
                errors.Add($"line {n}: a working day must be a Saturday or Sunday ({date:yyyy-MM-dd} is a {date.DayOfWeek})");
            if (kind == Holiday.Compensating && BusinessCalendar.IsWeekend(date))
                errors.Add($"line {n}: a compensating day must be a weekday ({date:yyyy-MM-dd} is a {date.DayOfWeek})");
            if (seen.TryGetValue(date, out var first)) errors.Add($"line {n}: {date:yyyy-MM-dd} is already on line {first}");
            else seen[date] = n;
            days.Add(new Holiday(date, name, kind, provisional));
        }
        if (errors.Count == 0 && days.Count == 0) errors.Add("line 1: the list has no days");
        return errors.Count > 0 ? new([], errors) : new([.. days.OrderBy(d => d.Date)], []);
    }

    /// <summary>The text form of a list of days (what Parse reads back).</summary>
    public static string Format(IEnumerable<Holiday> days) => string.Join("\n", days.OrderBy(d => d.Date).Select(d =>
        $"{d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; {d.Kind}; {d.Name}{(d.Provisional ? "; ?" : "")}"));
}
