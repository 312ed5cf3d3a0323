using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;

namespace Incidents.Benchmarks.Queue;

/// <summary>
/// The triage queue's first page, in process, against a generated database (path in BENCH_DB). Runs in process
/// (no generated project to rebuild) so it measures the query, not the harness.
/// </summary>
public class QueueBenchmarks
{
    private SqliteConnection? _db;
    private SqliteCommand? _page;

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("BENCH_DB") ?? throw new InvalidOperationException("BENCH_DB not set");
        _db = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        _db.Open();
        _page = _db.CreateCommand();
        // The default queue order: unassigned first, then nearest deadline (ix_cases_queue).
        _page.CommandText = """
            SELECT id, number, type, state, title, locality_code, received_at, severity, assignee_id, next_due_at, row_version
            FROM cases ORDER BY is_assigned, due_key, id LIMIT 50 OFFSET 0
            """;
        _page.Prepare();
    }

    [Benchmark]
    public int FirstPage()
    {
        var n = 0;
        using var r = _page!.ExecuteReader();
        while (r.Read())
        {
            _ = r.GetString(1);
            _ = r.GetString(4);
            n++;
        }
        return n;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _page?.Dispose();
        _db?.Dispose();
    }

    public static void Run(string db, string label, bool quick, Results results)
    {
        Environment.SetEnvironmentVariable("BENCH_DB", Path.GetFullPath(db));
        var job = (quick ? Job.ShortRun : Job.Default.WithWarmupCount(3).WithIterationCount(15))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableLogFile);
        var summary = BenchmarkRunner.Run<QueueBenchmarks>(config);
        foreach (var report in summary.Reports)
        {
            var s = report.ResultStatistics;
            if (s is null) throw new InvalidOperationException($"BenchmarkDotNet produced no statistics for {report.BenchmarkCase.DisplayInfo}");
            results.Add($"queue page 1 (50), {label} cases, store query in process: p95", Results.Ms(s.Percentiles.P95 / 1e6), "<= 20 ms at 1M",
                $"BenchmarkDotNet {report.BenchmarkCase.Descriptor.WorkloadMethod.Name}, mean {Results.Ms(s.Mean / 1e6)}");
        }
    }
}
