namespace Incidents.Benchmarks;

/// <summary>The harness's own arguments: `verb --name value --flag`. Small on purpose; bench.sh is the only caller.</summary>
public sealed class Cli
{
    private readonly Dictionary<string, string> _named = new(StringComparer.Ordinal);

    public Cli(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) continue;
            var name = list[i][2..];
            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            _named[name] = hasValue ? list[++i] : "true";
        }
    }

    public string? Get(string name) => _named.TryGetValue(name, out var v) ? v : null;

    public string Require(string name) =>
        Get(name) ?? throw new ArgumentException($"--{name} is required");

    public bool Flag(string name) => Get(name) is "true" or "1" or "yes";

    public long Count(string name, long fallback) => Get(name) is { } v ? ParseCount(v) : fallback;

    public double Number(string name, double fallback) =>
        Get(name) is { } v ? double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    /// <summary>10k, 100k, 1m, 1000000.</summary>
    public static long ParseCount(string v)
    {
        v = v.Trim().ToLowerInvariant();
        long mul = 1;
        if (v.EndsWith('k')) { mul = 1_000; v = v[..^1]; }
        else if (v.EndsWith('m')) { mul = 1_000_000; v = v[..^1]; }
        return (long)(double.Parse(v, System.Globalization.CultureInfo.InvariantCulture) * mul);
    }
}
