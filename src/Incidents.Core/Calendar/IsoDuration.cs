using System.Text.RegularExpressions;

namespace Incidents.Core.Calendar;

/// <summary>
/// The subset of ISO 8601 durations deadlines use: weeks, days and a time part (P10D, P2W, PT15M, PT4H, P1DT2H).
/// Years and months are refused: their length depends on the start date and no statute here counts in them.
/// A duration with a time part is plain elapsed time; a duration of whole days is counted with the Civil Code rules.
/// </summary>
public sealed partial record IsoDuration(int Days, TimeSpan Time)
{
    [GeneratedRegex(@"^P(?:(?<w>\d+)W)?(?:(?<d>\d+)D)?(?:T(?:(?<h>\d+)H)?(?:(?<m>\d+)M)?(?:(?<s>\d+)S)?)?$")]
    private static partial Regex Pattern();

    public bool HasTime => Time != TimeSpan.Zero;

    /// <summary>The whole span as elapsed time (days of 24 hours).</summary>
    public TimeSpan Elapsed => TimeSpan.FromDays(Days) + Time;

    public static bool TryParse(string? text, out IsoDuration duration)
    {
        duration = new(0, TimeSpan.Zero);
        if (string.IsNullOrEmpty(text)) return false;
        var m = Pattern().Match(text);
        if (!m.Success || text == "P" || text.EndsWith('T')) return false;
        static int G(Match m, string n) => m.Groups[n].Success ? int.Parse(m.Groups[n].Value) : 0;
        try
        {
            var days = checked(G(m, "w") * 7 + G(m, "d"));
            var time = new TimeSpan(G(m, "h"), G(m, "m"), G(m, "s"));
            duration = new(days, time);
        }
        catch (OverflowException) { return false; }
        catch (ArgumentOutOfRangeException) { return false; }
        return duration.Days > 0 || duration.HasTime;
    }

    public static IsoDuration Parse(string text) =>
        TryParse(text, out var d) ? d : throw new FormatException($"'{text}' is not a supported ISO 8601 duration.");

    /// <summary>A whole-day offset with an optional sign ("-P10D": ten days before); false for a time part or bad text.</summary>
    public static bool TryParseDayOffset(string? text, out int days)
    {
        days = 0;
        if (string.IsNullOrEmpty(text) || !TryParse(text.TrimStart('-'), out var d) || d.HasTime) return false;
        days = text.StartsWith('-') ? -d.Days : d.Days;
        return true;
    }

    public static int DayOffset(string text) =>
        TryParseDayOffset(text, out var days) ? days : throw new FormatException($"'{text}' is not a whole-day offset such as -P10D.");

    public IsoDuration Add(IsoDuration other) => new(Days + other.Days, Time + other.Time);

    public override string ToString()
    {
        var s = "P" + (Days > 0 ? $"{Days}D" : "");
        if (HasTime)
        {
            s += "T";
            var hours = (int)Time.TotalHours;
            if (hours > 0) s += $"{hours}H";
            if (Time.Minutes > 0) s += $"{Time.Minutes}M";
            if (Time.Seconds > 0) s += $"{Time.Seconds}S";
        }
        return s;
    }
}
