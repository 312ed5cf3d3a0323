namespace Incidents.Storage;

/// <summary>Instants are stored as Unix milliseconds (UTC) on both providers: same comparison, same sort, same index.</summary>
internal static class Instants
{
    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    public static long? Ms(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds();
    public static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    public static DateTimeOffset? At(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;
    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    public static DateOnly Date(string s) => DateOnly.ParseExact(s.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>Queue sort key for cases with no running deadline: after every real instant.</summary>
    public const long NoDue = long.MaxValue;
}
