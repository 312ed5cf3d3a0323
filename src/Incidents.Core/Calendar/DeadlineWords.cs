using System.Globalization;
using Incidents.Core.Deadlines;

namespace Incidents.Core.Calendar;

/// <summary>
/// How people read limits, in "vi" (default) or "en": the pages and the mails share it so a duration or a due date is
/// written the same way everywhere, never as P10D, PT15M or "24:00".
/// </summary>
public static class DeadlineWords
{
    private static bool En(string culture) => culture.StartsWith("en", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// "10 ngày làm việc" / "10 working days"; "10 ngày (ngày lịch)" / "10 days (calendar days)" when
    /// <paramref name="markCalendar"/> says the unit matters; elapsed time as "1 giờ 30 phút" / "1 hour 30 minutes",
    /// which is never marked: the unit only changes how whole days are counted.
    /// </summary>
    public static string Duration(IsoDuration d, DurationUnit unit, string culture, bool markCalendar = true)
    {
        var en = En(culture);
        if (d.HasTime)
        {
            // As written: PT72H stays "72 giờ" (an elapsed limit), P1DT2H "1 ngày 2 giờ".
            var parts = new List<string>();
            if (d.Days > 0) parts.Add(en ? Count(d.Days, "day", "days") : $"{d.Days} ngày");
            var hours = (int)d.Time.TotalHours;
            if (hours > 0) parts.Add(en ? Count(hours, "hour", "hours") : $"{hours} giờ");
            if (d.Time.Minutes > 0 || parts.Count == 0) parts.Add(en ? Count(d.Time.Minutes, "minute", "minutes") : $"{d.Time.Minutes} phút");
            return string.Join(" ", parts);
        }
        if (unit == DurationUnit.Working) return en ? Count(d.Days, "working day", "working days") : $"{d.Days} ngày làm việc";
        var days = en ? Count(d.Days, "day", "days") : $"{d.Days} ngày";
        return markCalendar ? days + (en ? " (calendar days)" : " (ngày lịch)") : days;
    }

    /// <summary>As <see cref="Duration(IsoDuration, DurationUnit, string, bool)"/> from stored ISO text; the text itself if it cannot be read.</summary>
    public static string Duration(string iso, DurationUnit unit, string culture, bool markCalendar = true) =>
        IsoDuration.TryParse(iso, out var d) ? Duration(d, unit, culture, markCalendar) : iso;

    /// <summary>Elapsed time in words, days, hours and minutes (seconds dropped): "1 ngày 2 giờ", "15 phút" / "15 minutes".</summary>
    public static string Elapsed(TimeSpan span, string culture)
    {
        var en = En(culture);
        span = span.Duration();
        var parts = new List<string>();
        if (span.Days > 0) parts.Add(en ? Count(span.Days, "day", "days") : $"{span.Days} ngày");
        if (span.Hours > 0) parts.Add(en ? Count(span.Hours, "hour", "hours") : $"{span.Hours} giờ");
        if (span.Minutes > 0 || parts.Count == 0) parts.Add(en ? Count(span.Minutes, "minute", "minutes") : $"{span.Minutes} phút");
        return string.Join(" ", parts);
    }

    /// <summary>"Thứ Hai" … "Chủ nhật" / "Monday" … "Sunday": the weekday as a Vietnamese calendar writes it.</summary>
    public static string Weekday(DayOfWeek day, string culture) => En(culture)
        ? day.ToString()
        : day switch
        {
            DayOfWeek.Sunday => "Chủ nhật", DayOfWeek.Monday => "Thứ Hai", DayOfWeek.Tuesday => "Thứ Ba", DayOfWeek.Wednesday => "Thứ Tư",
            DayOfWeek.Thursday => "Thứ Năm", DayOfWeek.Friday => "Thứ Sáu", _ => "Thứ Bảy",
        };

    /// <summary>dd/MM/yyyy of a date.</summary>
    public static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>
    /// A due instant in Vietnam time. Local midnight is the close of the day before (Civil Code: a limit ends at the end
    /// of its last day), so it reads "hết ngày 11/12/2026" / "end of 11/12/2026"; any other instant "dd/MM/yyyy HH:mm".
    /// </summary>
    public static string Due(DateTimeOffset due, string culture)
    {
        var local = TimeZoneInfo.ConvertTime(due, BusinessCalendar.Zone);
        return local.TimeOfDay == TimeSpan.Zero
            ? (En(culture) ? "end of " : "hết ngày ") + Date(LastDay(due))
            : local.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>The local day an instant belongs to, local midnight counting as the close of the day before.</summary>
    public static DateOnly LastDay(DateTimeOffset at) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at.AddTicks(-1), BusinessCalendar.Zone).DateTime);

    /// <summary>
    /// A met limit: "đã đáp ứng đúng hạn" / "met on time", or "đã đáp ứng, trễ 24 ngày" / "met, 24 days late": whole
    /// days past the last day for a day-counted limit, hours and minutes for an elapsed one.
    /// </summary>
    public static string Met(DeadlineRecord d, string culture)
    {
        var en = En(culture);
        if (d.MetAt is not { } met || met <= d.DueAt) return en ? "met on time" : "đã đáp ứng đúng hạn";
        string late;
        if (IsoDuration.TryParse(d.Duration, out var duration) && !duration.HasTime)
        {
            var days = Math.Max(1, LastDay(met).DayNumber - LastDay(d.DueAt).DayNumber);
            late = en ? Count(days, "day", "days") : $"{days} ngày";
        }
        else late = Elapsed(met - d.DueAt, culture);
        return en ? $"met, {late} late" : $"đã đáp ứng, trễ {late}";
    }

    private static string Count(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
