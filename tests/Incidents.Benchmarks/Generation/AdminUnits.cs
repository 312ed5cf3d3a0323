using System.Text;

namespace Incidents.Benchmarks.Generation;

public sealed record AdminUnit(string Code, string Name, string Kind, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>
/// Hanoi's units from hanoi-units.csv: the 30 districts and towns in force until 2025-06-30 and the 126 wards and
/// communes since 2025-07-01. A case received before the reform is filed under its district, after it under its ward.
/// </summary>
public sealed class AdminUnits
{
    public static readonly DateOnly Reform = new(2025, 7, 1);

    public IReadOnlyList<AdminUnit> Current { get; }
    public IReadOnlyList<AdminUnit> Historical { get; }

    private AdminUnits(IReadOnlyList<AdminUnit> all)
    {
        Current = all.Where(u => u.ValidTo is null && u.ValidFrom is not null).ToList();
        Historical = all.Where(u => u.ValidTo is not null).ToList();
        if (Current.Count == 0 || Historical.Count == 0)
            throw new InvalidDataException("hanoi-units.csv holds no current or no historical units");
    }

    public AdminUnit For(DateOnly received, Random rng)
    {
        var pool = received < Reform ? Historical : Current;
        return pool[rng.Next(pool.Count)];
    }

    /// <summary>The repository's copy (db/seed/) first, then the team's shared copy.</summary>
    public static string Locate(string? explicitPath, string repoRoot)
    {
        string[] candidates =
        [
            explicitPath ?? "",
            Path.Combine(repoRoot, "db", "seed", "hanoi-units.csv"),
            Path.Combine(repoRoot, "..", "shared", "data", "hanoi-units.csv"),
            "/work/shared/data/hanoi-units.csv",
        ];
        return candidates.FirstOrDefault(p => p.Length > 0 && File.Exists(p))
            ?? throw new FileNotFoundException("hanoi-units.csv not found (db/seed/ or shared/data/)");
    }

    public static AdminUnits Load(string path)
    {
        var units = new List<AdminUnit>();
        foreach (var line in File.ReadLines(path, Encoding.UTF8).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var f = line.Split(',');
            if (f.Length < 6) throw new InvalidDataException($"{path}: bad line '{line}'");
            if (f[3].Length == 0) continue; // Hanoi itself
            units.Add(new AdminUnit(f[0], f[1].Normalize(NormalizationForm.FormC), f[2],
                f[4].Length > 0 ? DateOnly.Parse(f[4]) : null, f[5].Length > 0 ? DateOnly.Parse(f[5]) : null));
        }
        return new AdminUnits(units);
    }
}
