using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Incidents.Benchmarks.Sweep;

/// <summary>
/// The deadline sweep over a database of open cases: find every pending step (the query on
/// ix_deadline_steps_status_due) and read what scheduling needs.
/// </summary>
public static class SweepTiming
{
    public static async Task RunAsync(string db, string label, Results results)
    {
        await using var c = new SqliteConnection($"Data Source={db}");
        await c.OpenAsync();
        var open = Scalar(c, "SELECT count(*) FROM cases WHERE closed_at IS NULL");
        // Cold-ish and warm: the first read pulls pages into the OS cache; report the second.
        var times = new List<double>();
        long rows = 0;
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            rows = 0;
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT id, case_id, deadline_key, step_key, kind, due_at FROM deadline_steps WHERE status = 'pending' ORDER BY due_at";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                _ = r.GetInt64(1); _ = r.GetString(2); _ = r.GetString(3); _ = r.GetInt64(5);
                rows++;
            }
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        results.Add($"deadline sweep, {label}: find every pending step (SQL only)", Results.Ms(Stats.Median(times)), "-",
            string.Create(CultureInfo.InvariantCulture, $"{rows} pending steps over {open} open cases; median of 3; the product's sweep method not yet available"));
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
