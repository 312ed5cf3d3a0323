using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Incidents.Storage;
using Incidents.Storage.Triage;
using Microsoft.Data.Sqlite;

namespace Incidents.Benchmarks.Queue;

/// <summary>
/// The triage queue's first page in process, against a generated database (path in BENCH_DB): the store's own
/// CaseQueries.ListAsync (what GET /api/v1/cases runs), and its two statements apart (the page and the total count)
/// so a slow figure says which half costs. Runs in process, so no generated project is rebuilt.
/// </summary>
public class QueueBenchmarks
{
    private CaseQueries? _queries;
    private SqliteConnection? _db;
    private SqliteCommand? _page, _count;

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("BENCH_DB") ?? throw new InvalidOperationException("BENCH_DB not set");
        _queries = new CaseQueries(new Database(new DatabaseOptions { ConnectionString = $"Data Source={path}" }), TimeProvider.System);
        _db = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
        _db.Open();
        _page = _db.CreateCommand();
        _page.CommandText = "SELECT id, number, title FROM cases c ORDER BY c.is_assigned, c.due_key, c.id LIMIT 50 OFFSET 0";
        _count = _db.CreateCommand();
        // The statement CaseQueries issues for the total: counted up to CountCap + 1 rows.
        _count.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 AS x FROM cases c LIMIT {CaseQueries.CountCap + 1}) AS capped";
    }

    [Benchmark(Baseline = true)]
    public async Task<int> StoreFirstPage() => (await _queries!.ListAsync(new CaseFilter { Page = 1, PageSize = 50 })).Items.Count;

    [Benchmark]
    public int PageStatementOnly()
    {
        var n = 0;
        using var r = _page!.ExecuteReader();
        while (r.Read()) n++;
        return n;
    }

    [Benchmark]
    public long CountStatementOnly() => (long)_count!.ExecuteScalar()!;

    [GlobalCleanup]
    public void Cleanup()
    {
        _page?.Dispose();
        _count?.Dispose();
        _db?.Dispose();
    }

    public static void Run(string db, string label, bool quick, Results results)
    {
        Environment.SetEnvironmentVariable("BENCH_DB", Path.GetFullPath(db));
        var job = (quick ? Job.ShortRun : Job.Default.WithWarmupCount(3).WithIterationCount(15))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableLogFile)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "incidents-bdn"));
        var summary = BenchmarkRunner.Run<QueueBenchmarks>(config);
        foreach (var report in summary.Reports)
        {
            var s = report.ResultStatistics;
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            if (s is null) throw new InvalidOperationException($"BenchmarkDotNet produced no statistics for {name}");
            results.Add($"queue page 1 (50), {label} cases, in process ({name}): p95", Results.Ms(s.Percentiles.P95 / 1e6),
                name == nameof(StoreFirstPage) ? "<= 20 ms at 1M" : "-",
                $"BenchmarkDotNet, mean {Results.Ms(s.Mean / 1e6)}; {Describe(name)}");
        }
    }

    private static string Describe(string name) => name switch
    {
        nameof(StoreFirstPage) => $"CaseQueries.ListAsync: open connection, COUNT(*) capped at {CaseQueries.CountCap:D} (+1), page, map",
        nameof(PageStatementOnly) => "the page statement alone (ix_cases_queue)",
        _ => "the capped total-count statement alone",
    };
}
