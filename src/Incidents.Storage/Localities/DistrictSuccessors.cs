namespace Incidents.Storage.Localities;

/// <summary>
/// Hà Nội's districts of 2021 (abolished 1/7/2025) and the wards and communes that took part of each
/// (Resolution 1656/NQ-UBTVQH15 of 16/6/2025): db/seed/hanoi-district-successors.csv, built by
/// db/seed/tools/district-successors.py from a public dataset (its header says which). A district whose land went to
/// several wards maps to each of them, and a ward formed from several districts is a successor of each.
/// </summary>
public static class DistrictSuccessors
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> Map = new(Load);

    /// <summary>The successor ward codes of a district code; empty for any other code.</summary>
    public static IReadOnlyList<string> Of(string code) => Map.Value.TryGetValue(code, out var w) ? w : [];

    /// <summary>Every district that has successors.</summary>
    public static IEnumerable<string> Districts => Map.Value.Keys;

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Load()
    {
        using var s = typeof(DistrictSuccessors).Assembly.GetManifestResourceStream("db/seed/hanoi-district-successors.csv")
            ?? throw new InvalidOperationException("Missing resource db/seed/hanoi-district-successors.csv.");
        using var r = new StreamReader(s);
        return r.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Select(line => line.Split(','))
            .GroupBy(f => f[0], f => f[1], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g], StringComparer.Ordinal);
    }
}
