using System.Globalization;

namespace Incidents.Benchmarks;

/// <summary>Appends figure rows (figure, value, target, note) to the TSV that bench.sh turns into RESULTS.md.</summary>
public sealed class Results(string? path)
{
    public void Add(string figure, string value, string target, string note = "")
    {
        Console.Error.WriteLine($"{figure} = {value} (target {target}) {note}");
        if (path is null) return;
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
        note = note.Length > 0 ? $"{note}; load {load}" : $"load {load}";
        File.AppendAllText(path, string.Join('\t', Clean(figure), Clean(value), Clean(target), Clean(note)) + "\n");
    }

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "F2" : "F0", CultureInfo.InvariantCulture) + " ms";

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\n', ' ');
}
