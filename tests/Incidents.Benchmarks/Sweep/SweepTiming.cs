using System.Diagnostics;
using System.Globalization;
using Incidents.Core.Workflows;
using Incidents.Storage;
using Incidents.Storage.Escalation;
using Incidents.Web.Deadlines;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Benchmarks.Sweep;

/// <summary>
/// The deadline sweep over a database of open cases, run in process on the product's own classes (DeadlineSetup's
/// composition: EscalationStore, EscalationFiring, DeadlineScheduler over Hangfire.InMemory, DeadlineSweep), without
/// starting the host, so nothing else competes:
/// - find: every pending step through EscalationStore.PendingAsync (the sweep's query, keyset pages of 500), and the same
///   rows in one plain scan for comparison;
/// - steady state: DeadlineSweep.RunAsync now (fires what is past due, arms what falls due within the horizon);
/// - catch-up: on a copy of the database, the sweep with the clock an hour ahead, as after an outage: every step due in
///   that hour fires (escalation row, outbox row, history line) in its own transaction.
/// </summary>
public static class SweepTiming
{
    public static async Task RunAsync(string dbPath, string label, string repo, string workDir, Results results)
    {
        var inv = CultureInfo.InvariantCulture;
        var open = Scalar(dbPath, "SELECT count(*) FROM cases WHERE closed_at IS NULL");
        var pendingTotal = Scalar(dbPath, "SELECT count(*) FROM deadline_steps WHERE status = 'pending'");

        // find, through the product's query
        await using (var host = Build(dbPath, repo, workDir, TimeProvider.System))
        {
            var store = host.Services.GetRequiredService<EscalationStore>();
            var sw = Stopwatch.StartNew();
            long n = 0, afterDue = long.MinValue, afterId = 0;
            var upTo = DateTimeOffset.UtcNow.AddYears(10);
            while (true)
            {
                var page = await store.PendingAsync(upTo, 500, afterDue, afterId);
                n += page.Count;
                if (page.Count < 500) break;
                (afterDue, afterId) = (page[^1].Step.DueAt.ToUnixTimeMilliseconds(), page[^1].Id);
            }
            results.Add($"deadline sweep, {label}: find every pending step (EscalationStore.PendingAsync, pages of 500)",
                Results.Ms(sw.Elapsed.TotalMilliseconds), "-", string.Create(inv, $"{n} pending steps over {open} open cases ({(n / sw.Elapsed.TotalSeconds):F0} steps/s)"));

            sw.Restart();
            var scanned = ReadAll(dbPath, "SELECT id, case_id, deadline_key, step_key, kind, due_at FROM deadline_steps WHERE status = 'pending' ORDER BY due_at, id");
            results.Add($"deadline sweep, {label}: the same rows in one plain read (SQL, no paging, no mapping)", Results.Ms(sw.Elapsed.TotalMilliseconds), "-",
                string.Create(inv, $"{scanned} rows; for comparison with the paged walk"));

            var sweep = host.Services.GetRequiredService<DeadlineSweep>();
            sw.Restart();
            var r = await sweep.RunAsync(CancellationToken.None);
            results.Add($"deadline sweep, {label}: DeadlineSweep.RunAsync, steady state", Results.Ms(sw.Elapsed.TotalMilliseconds), "-",
                string.Create(inv, $"{r.Due} past due, {r.Fired} fired, {r.Armed} armed within the {DeadlineScheduler.Horizon.TotalMinutes} min horizon; {pendingTotal} pending in all"));
        }

        // catch-up after an hour's outage, on a copy
        var copy = Path.Combine(workDir, "sweep-catchup.db");
        using (var src = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly"))
        {
            src.Open();
            using var cmd = src.CreateCommand();
            File.Delete(copy);
            cmd.CommandText = $"VACUUM INTO '{copy.Replace("'", "''")}'";
            cmd.ExecuteNonQuery();
        }
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        await using (var host = Build(copy, repo, workDir, clock))
        {
            var sweep = host.Services.GetRequiredService<DeadlineSweep>();
            var sw = Stopwatch.StartNew();
            var r = await sweep.RunAsync(CancellationToken.None);
            var s = sw.Elapsed.TotalSeconds;
            results.Add($"deadline sweep, {label}: catch-up after a 1 h outage (fire every step due)", Results.Ms(sw.Elapsed.TotalMilliseconds), "-",
                string.Create(inv, $"{r.Due} due, {r.Fired} fired ({(r.Fired / Math.Max(s, 1e-9)):F0} steps/s, each with its outbox rows), {r.Armed} armed"));
        }
        SqliteConnection.ClearAllPools();
        File.Delete(copy);
    }

    /// <summary>The deadline part of the host, composed by the product's own AddDeadlines, not started.</summary>
    private static WebApplication Build(string dbPath, string repo, string workDir, TimeProvider time)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production", ContentRootPath = workDir });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Incidents:Smtp:PickupDirectory"] = Path.Combine(workDir, "sweep-outbox");
        builder.Configuration["Incidents:Escalation:SweepAtStartup"] = "false";
        var loaded = WorkflowLoader.Load(Directory.EnumerateFiles(Path.Combine(repo, "workflows"), "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
            .Select(f => new WorkflowSource(f, File.ReadAllText(f))));
        if (!loaded.IsValid) throw new InvalidDataException(string.Join(Environment.NewLine, loaded.Errors));
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new Database(new DatabaseOptions { ConnectionString = $"Data Source={dbPath}" }));
        builder.Services.AddSingleton(loaded.Catalog);
        builder.AddDeadlines();
        return builder.Build();
    }

    private static long ReadAll(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        long n = 0;
        while (r.Read())
        {
            _ = r.GetInt64(1); _ = r.GetString(2); _ = r.GetString(3); _ = r.GetString(4); _ = r.GetInt64(5);
            n++;
        }
        return n;
    }

    private static long Scalar(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
