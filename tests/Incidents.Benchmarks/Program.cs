using System.Globalization;
using Incidents.Benchmarks;
using Incidents.Benchmarks.Escalation;
using Incidents.Benchmarks.Generation;
using Incidents.Benchmarks.Queue;
using Incidents.Benchmarks.Startup;
using Incidents.Benchmarks.Sweep;

// The harness's verbs; tests/bench.sh calls them. Each appends its figures to --results (a TSV) when given.
//   generate   --cases 1m --db PATH [--open 0.6] [--span-days 540] [--seed N] [--burst-at ISO --burst-ms 1000]
//   coldstart  --dll Incidents.Web.dll --runs 5 (--db PATH | --fresh-dir DIR) [--label TEXT]
//   sweep      --db PATH [--label TEXT]
//   bdn-queue  --db PATH [--label TEXT] [--quick]
//   maildir    --maildir DIR --expect 10000 [--burst-at ISO] [--due-header X-Incidents-Due] [--db PATH] [--server NAME]
//   smtp-loop  --port N --count 10000 [--connections 1] [--server NAME] [--nodelay]   (prints LOOP_SECONDS=...)
if (args.Length == 0)
{
    Console.Error.WriteLine("verbs: generate, coldstart, sweep, bdn-queue, maildir (see tests/bench.sh)");
    return 2;
}
var cli = new Cli(args.Skip(1));
var repo = cli.Get("repo") ?? FindRepoRoot();
var results = new Results(cli.Get("results"));
var inv = CultureInfo.InvariantCulture;
try
{
    switch (args[0])
    {
        case "generate":
        {
            var burstAt = cli.Get("burst-at") is { } b ? DateTimeOffset.Parse(b, inv) : (DateTimeOffset?)null;
            var o = new GenerateOptions
            {
                DatabasePath = cli.Require("db"),
                Cases = cli.Count("cases", 10_000),
                RepoRoot = repo,
                UnitsCsv = cli.Get("units"),
                Seed = (int)cli.Count("seed", 20261126),
                OpenFraction = cli.Number("open", 0.6),
                SpanDays = cli.Number("span-days", 540),
                BurstAt = burstAt,
                BurstWindow = TimeSpan.FromMilliseconds(cli.Number("burst-ms", 1000)),
            };
            Console.Error.WriteLine(await new CaseGenerator(o).RunAsync());
            return 0;
        }
        case "coldstart":
        {
            var runs = (int)cli.Count("runs", 5);
            var fresh = cli.Get("fresh-dir");
            var db = fresh is null ? cli.Require("db") : null;
            var label = cli.Get("label") ?? (fresh is null ? "existing database" : "new database");
            var times = await ColdStart.RunAsync(cli.Require("dll"), runs,
                i => fresh is null ? $"Data Source={db}" : $"Data Source={Path.Combine(fresh, $"run{i}", "incidents.db")}",
                new Dictionary<string, string>(), TimeSpan.FromSeconds(60));
            results.Add($"cold start to first 200 on /health ({label})", Results.Ms(Stats.Median(times)), "<= 1000 ms",
                $"median of {runs}; runs: {string.Join(", ", times.Select(t => t.ToString("F0", inv)))} ms");
            return 0;
        }
        case "sweep":
            await SweepTiming.RunAsync(cli.Require("db"), cli.Get("label") ?? "", repo, Directory.GetCurrentDirectory(), results);
            return 0;
        case "bdn-queue":
            QueueBenchmarks.Run(cli.Require("db"), cli.Get("label") ?? "", cli.Flag("quick"), results);
            return 0;
        case "maildir":
        {
            var expect = (int)cli.Count("expect", 10_000);
            var r = MaildirReport.Analyse(cli.Require("maildir"), expect, cli.Get("due-header") ?? "X-Incidents-Due",
                (cli.Get("key-headers") ?? "X-Incidents-Step").Split(','),
                cli.Get("burst-at") is { } ba ? DateTimeOffset.Parse(ba, inv) : null, cli.Get("db"));
            var server = cli.Get("server") is { } sv ? $" ({sv})" : "";
            Console.WriteLine($"BURST_SECONDS={r.BurstToLastAcceptSeconds.ToString("F3", inv)}");
            results.Add($"escalation latency{server}, {expect} due within 1 s: p50 / p99", $"{Results.Ms(r.P50Ms)} / {Results.Ms(r.P99Ms)}",
                expect == 1 ? "p99 <= 1000 ms" : "p99 <= 2000 ms", $"deadline from {r.DueSource}; acceptance = Maildir file mtime; max {Results.Ms(r.MaxMs)}; {r.WithDue} of {r.Messages} messages dated");
            results.Add($"escalation burst of {expect}{server}: messages accepted / expected", $"{r.Messages} / {r.Expected}", "all",
                $"last accepted {r.BurstToLastAcceptSeconds.ToString("F1", inv)} s after the burst's first deadline (target <= 30 s)");
            results.Add($"escalation burst of {expect}{server}: duplicates", r.Duplicates.ToString(inv), "0", $"keyed by {r.KeySource}");
            if (r.Stages is { } st)
                results.Add($"escalation burst of {expect}{server}: due -> fired / fired -> handed to SMTP, p50 / p99",
                    $"{Results.Ms(st.FireP50)} / {Results.Ms(st.FireP99)} ; {Results.Ms(st.SendP50)} / {Results.Ms(st.SendP99)}", "-",
                    $"max {Results.Ms(st.FireMax)} ; {Results.Ms(st.SendMax)}; from escalations.at and outbox.sent_at ({st.Rows} escalations, most attempts per message {st.MaxAttempts})");
            return 0;
        }
        case "smtp-loop":
        {
            var count = (int)cli.Count("count", 10_000);
            var conns = (int)cli.Count("connections", 1);
            var noDelay = cli.Flag("nodelay");
            var secs = await SmtpLoop.RunAsync(cli.Get("host") ?? "127.0.0.1", (int)cli.Count("port", 25), count, conns, noDelay);
            results.Add($"SMTP {cli.Get("server") ?? "server"}: {count} messages by a {(noDelay ? "MailKit loop with Nagle off" : "plain MailKit loop")}, {conns} connection(s)",
                $"{secs.ToString("F1", inv)} s", "-", $"{(count / secs).ToString("F0", inv)} messages/s; the base of the burst's ratio");
            Console.WriteLine($"LOOP_SECONDS={secs.ToString("F3", inv)}");
            return 0;
        }
        default:
            Console.Error.WriteLine($"unknown verb {args[0]}");
            return 2;
    }
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine($"{args[0]}: {e.Message}");
    return 1;
}

static string FindRepoRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "Incidents.sln"))) return d.FullName;
    return Directory.GetCurrentDirectory();
}
