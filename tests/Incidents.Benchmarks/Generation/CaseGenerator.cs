using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Storage;
using Incidents.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace Incidents.Benchmarks.Generation;

public sealed record GenerateOptions
{
    public required string DatabasePath { get; init; }
    public required long Cases { get; init; }
    public required string RepoRoot { get; init; }
    public string? UnitsCsv { get; init; }
    public int Seed { get; init; } = 20261126;
    /// <summary>The instant the data is "as of": steps before it have fired, steps after it are pending.</summary>
    public DateTimeOffset Now { get; init; } = DateTimeOffset.UtcNow;
    /// <summary>Cases are received over this many days before Now.</summary>
    public double SpanDays { get; init; } = 540;
    /// <summary>Share of cases still open (not in a final state).</summary>
    public double OpenFraction { get; init; } = 0.6;
    /// <summary>Escalation burst: every case open with one pending breach step, all due within BurstWindow of BurstAt.</summary>
    public DateTimeOffset? BurstAt { get; init; }
    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromSeconds(1);
    public int BatchSize { get; init; } = 10_000;
}

/// <summary>
/// Fills a database that the product's own migration runner created with a realistic mix of cases, written through
/// prepared statements in one transaction per batch. Cases are started on the real workflow definitions by the real
/// runtime, so states, deadlines and deadline steps are the ones intake would have produced.
/// </summary>
public sealed class CaseGenerator(GenerateOptions o)
{
    private sealed record Staff(long Id, string Login, string Team, bool IsLead, string? Locality);

    private sealed record Row(
        long Id, string Number, WorkflowDefinition Def, string State, bool Final, string Title, string Description,
        string Locality, string Channel, DateTimeOffset Received, DateTimeOffset Created, string? Severity, Staff? Assignee,
        Dictionary<string, string> Inputs, string ReporterName, string ReporterAddress, string ReporterPhone,
        string ReporterEmail, IReadOnlyList<DeadlineRecord> Deadlines, DateTimeOffset? ClosedAt, IReadOnlyList<Move> Moves);

    private static readonly string[] Channels = ["counter", "post", "email", "web", "phone", "referral"];

    public async Task<string> RunAsync()
    {
        var sw = Stopwatch.StartNew();
        var units = AdminUnits.Load(AdminUnits.Locate(o.UnitsCsv, o.RepoRoot));
        var catalog = LoadWorkflows();
        var starter = new CaseStarter();
        var defs = catalog.Latest.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        if (defs.Count == 0) throw new InvalidOperationException("no workflow definitions under workflows/");

        // The schema comes from the product's own migration runner (the same one `migrate` and host start use).
        var applied = await new MigrationRunner(new Database(new DatabaseOptions { ConnectionString = $"Data Source={o.DatabasePath}" }), TimeProvider.System)
            .MigrateAsync();
        if (applied.Count > 0) Console.Error.WriteLine($"generate: migrations applied: {string.Join(", ", applied)}");
        await SeedHolidaysAsync();
        SqliteConnection.ClearAllPools();

        await using var db = new SqliteConnection($"Data Source={o.DatabasePath};Pooling=False");
        await db.OpenAsync();
        Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA foreign_keys=OFF;");
        if (Scalar(db, "SELECT count(*) FROM sqlite_master WHERE name='cases'") == 0)
            throw new InvalidOperationException($"{o.DatabasePath} has no cases table after migrating");

        var staff = InsertStaff(db, units);
        var firstId = Scalar(db, "SELECT coalesce(max(id), 0) FROM cases") + 1;
        var sequences = new Dictionary<(string Prefix, int Year), long>();
        foreach (var (p, y, v) in Query3(db, "SELECT prefix, year, last_value FROM case_sequences"))
            sequences[(p, y)] = v;

        // One thread makes rows, one writes them: the machine has two cores.
        var channel = System.Threading.Channels.Channel.CreateBounded<List<Row>>(2);
        var producer = Task.Run(async () =>
        {
            try
            {
                var rng = new Random(o.Seed);
                var batch = new List<Row>(o.BatchSize);
                for (long i = 0; i < o.Cases; i++)
                {
                    batch.Add(MakeRow(firstId + i, i, rng, defs, units, staff, starter, sequences));
                    if (batch.Count == o.BatchSize)
                    {
                        await channel.Writer.WriteAsync(batch);
                        batch = new List<Row>(o.BatchSize);
                    }
                }
                if (batch.Count > 0) await channel.Writer.WriteAsync(batch);
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                // The writer must hear of it, or it waits for batches that never come.
                channel.Writer.Complete(e);
            }
        });

        var writer = new BatchWriter(db);
        long written = 0, steps = 0, pending = 0;
        await foreach (var batch in channel.Reader.ReadAllAsync())
        {
            var (s, p) = writer.Write(batch, o.Now);
            written += batch.Count;
            steps += s;
            pending += p;
            if (written % 100_000 == 0 || written == o.Cases)
                Console.Error.WriteLine($"generate: {written:N0}/{o.Cases:N0} cases, {sw.Elapsed.TotalSeconds:F1} s");
        }
        await producer;
        writer.WriteSequences(sequences);
        Exec(db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;");
        return string.Create(CultureInfo.InvariantCulture,
            $"generated {written} cases ({steps} deadline steps, {pending} pending) into {o.DatabasePath} in {sw.Elapsed.TotalSeconds:F1} s ({written / sw.Elapsed.TotalSeconds:F0} cases/s)");
    }

    /// <summary>
    /// The holiday years the host would seed on its first start, written here as it writes them. Without them the host
    /// seeds them itself and recounts every open day-counted deadline from its workflow, which moved the burst's steps
    /// (all but the security incidents', counted in minutes) out of the burst: 107 of 1,000 fired.
    /// </summary>
    private async Task SeedHolidaysAsync()
    {
        var store = new Incidents.Storage.Calendar.HolidayStore(new Database(new DatabaseOptions { ConnectionString = $"Data Source={o.DatabasePath}" }));
        var present = (await store.YearsAsync()).Select(y => y.Year).ToHashSet();
        for (var year = Incidents.Core.Calendar.HolidaySeed.FirstYear; year <= Incidents.Core.Calendar.HolidaySeed.LastYear; year++)
        {
            if (present.Contains(year)) continue;
            await store.ReplaceYearAsync(year, Incidents.Core.Calendar.HolidaySeed.For(year).Select(Incidents.Web.Calendar.BusinessCalendars.ToStored),
                Incidents.Core.Calendar.HolidaySeed.IsProvisional(year) ? Incidents.Storage.Calendar.CalendarYearRow.Provisional : Incidents.Storage.Calendar.CalendarYearRow.Confirmed,
                Incidents.Web.Calendar.BusinessCalendars.SeedActor, o.Now);
        }
        SqliteConnection.ClearAllPools();
    }

    private WorkflowCatalog LoadWorkflows()
    {
        var dir = Path.Combine(o.RepoRoot, "workflows");
        var sources = Directory.EnumerateFiles(dir, "*.json")
            .Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
            .Select(f => new WorkflowSource(f, File.ReadAllText(f)));
        var result = WorkflowLoader.Load(sources);
        if (!result.IsValid) throw new InvalidDataException(string.Join(Environment.NewLine, result.Errors));
        return result.Catalog;
    }

    private Row MakeRow(long id, long serial, Random rng, List<WorkflowDefinition> defs, AdminUnits units,
        IReadOnlyList<Staff> staff, CaseStarter starter, Dictionary<(string, int), long> sequences)
    {
        var def = PickType(defs, rng);
        var burst = o.BurstAt is not null;
        var received = burst
            ? o.Now.AddMinutes(-rng.Next(1, 60))
            : o.Now.AddSeconds(-rng.NextDouble() * o.SpanDays * 86400);
        var created = received.AddMinutes(rng.Next(0, 600)) is var c && c > o.Now ? o.Now : c;
        var unit = units.For(DateOnly.FromDateTime(received.UtcDateTime), rng);
        var severity = def.Severities.Count > 0 ? def.Severities[rng.Next(def.Severities.Count)] : null;
        var inputs = Fields(def, received, rng);
        var facts = new CaseFacts(received, severity, inputs);
        var start = starter.Start(def, facts);
        for (var tries = 0; burst && !start.Deadlines.Any(d => d.Steps.Count > 0); tries++)
        {
            // The burst needs a running deadline with steps at intake; some types start theirs only later.
            if (tries == 50) throw new InvalidOperationException("no workflow starts a deadline with steps at intake");
            def = PickType(defs, rng);
            severity = def.Severities.Count > 0 ? def.Severities[rng.Next(def.Severities.Count)] : null;
            inputs = Fields(def, received, rng);
            start = starter.Start(def, facts = new CaseFacts(received, severity, inputs));
        }
        var assignee = rng.Next(4) == 0 && !burst ? null : PickStaff(staff, def.Team, rng);
        var year = created.ToOffset(TimeSpan.FromHours(7)).Year; // as CaseStore numbers them: by entry, not receipt
        var seq = sequences[(def.Prefix, year)] = sequences.GetValueOrDefault((def.Prefix, year)) + 1;
        var number = $"{def.Prefix}-{year}-{seq:D6}";
        var title = CaseTexts.Title(def.Id, rng, serial);

        Walked walked;
        if (burst)
        {
            walked = new Walked(start.State, false, BurstDeadlines(start.Deadlines, serial), null, []);
        }
        else
        {
            var close = rng.NextDouble() >= OpenProbability(received);
            var record = new CaseRecord
            {
                Id = id, Number = number, Type = def.Id, WorkflowVersion = def.Version, State = start.State, Title = title,
                LocalityCode = unit.Code, Channel = Incidents.Core.Cases.Channel.Counter, ReceivedAt = received, CreatedAt = created,
                Severity = severity, AssigneeId = assignee?.Id, AssigneeLogin = assignee?.Login, Inputs = inputs,
            };
            walked = starter.Walk(def, record, start, close, rng, o.Now);
            if (close && !walked.Final)
            {
                // The walk found no way to a final state in its budget: close it as withdrawn at its last move.
                var finals = def.States.Where(x => x.Final).Select(x => x.Id).ToList();
                var at = Min((walked.Moves.Count > 0 ? walked.Moves[^1].At : received).AddDays(rng.Next(1, 30)), o.Now);
                walked = walked with
                {
                    State = finals.Count > 0 ? finals[rng.Next(finals.Count)] : walked.State, Final = finals.Count > 0,
                    ClosedAt = finals.Count > 0 ? at : null,
                    Deadlines = finals.Count > 0
                        ? walked.Deadlines.Select(d => d.Status is DeadlineStatus.Running or DeadlineStatus.Paused ? d with { Status = DeadlineStatus.Cancelled } : d).ToList()
                        : walked.Deadlines,
                };
            }
        }

        var name = VietnameseNames.Person(rng);
        return new Row(id, number, def, walked.State, walked.Final, title,
            CaseTexts.Description(def.Id, unit, rng), unit.Code, Channels[rng.Next(Channels.Length)], received, created,
            severity, assignee, inputs, name, VietnameseNames.Address(rng, unit), VietnameseNames.Phone(rng),
            VietnameseNames.Email(name, rng), walked.Deadlines, walked.ClosedAt, walked.Moves);
    }
    private static Dictionary<string, string> Fields(WorkflowDefinition def, DateTimeOffset received, Random rng)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in def.Fields)
        {
            var v = f.Type switch
            {
                InputTypes.Bool => rng.Next(5) == 0 ? "true" : "false",
                InputTypes.Choice when f.Choices.Count > 0 => f.Choices[rng.Next(f.Choices.Count)].Value,
                InputTypes.Date => DateOnly.FromDateTime(received.UtcDateTime.AddDays(rng.Next(5, 60))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => f.Default,
            };
            if (v is not null) inputs[f.Id] = v;
        }
        return inputs;
    }

    /// <summary>Keeps each case's first deadline with its breach step only, moved into the burst window.</summary>
    private List<DeadlineRecord> BurstDeadlines(IReadOnlyList<DeadlineRecord> deadlines, long serial)
    {
        var d = deadlines.FirstOrDefault(x => x.Steps.Any(s => s.Kind == "breach")) ?? deadlines.FirstOrDefault()
            ?? throw new InvalidOperationException("the burst needs a workflow deadline with steps");
        var at = o.BurstAt!.Value + TimeSpan.FromTicks(o.BurstWindow.Ticks * serial / Math.Max(1, o.Cases));
        var breach = d.Steps.FirstOrDefault(s => s.Kind == "breach") ?? d.Steps[0];
        return [d with { DueAt = at, Steps = [breach with { At = at }] }];
    }

    /// <summary>Old cases are mostly closed, this month's mostly open, averaging to OpenFraction.</summary>
    private double OpenProbability(DateTimeOffset received)
    {
        if (o.OpenFraction >= 1) return 1;
        var age = (o.Now - received).TotalDays / Math.Max(1, o.SpanDays); // 0 new .. 1 old
        return Math.Clamp(o.OpenFraction * 2 * (1 - age), 0.02, 1);
    }

    private static WorkflowDefinition PickType(List<WorkflowDefinition> defs, Random rng)
    {
        // Complaints and petitions dominate real intake; incidents and election complaints are rarer.
        var weights = defs.Select(d => d.Id switch
        {
            "complaint" => 35, "petition" => 30, "denunciation" => 15, "security-incident" => 10, "election-complaint" => 10, _ => 10,
        }).ToArray();
        var x = rng.Next(weights.Sum());
        for (var i = 0; i < defs.Count; i++)
        {
            if (x < weights[i]) return defs[i];
            x -= weights[i];
        }
        return defs[0];
    }

    private static Staff? PickStaff(IReadOnlyList<Staff> staff, string team, Random rng)
    {
        var pool = staff.Where(s => s.Team == team && !s.IsLead).ToList();
        return pool.Count == 0 ? null : pool[rng.Next(pool.Count)];
    }

    private IReadOnlyList<Staff> InsertStaff(SqliteConnection db, AdminUnits units)
    {
        var rng = new Random(o.Seed + 1);
        var now = o.Now.ToUnixTimeMilliseconds();
        var plan = new List<(string Login, string Roles, string Team, bool Lead, string? Locality)>();
        for (var i = 1; i <= 40; i++) plan.Add(($"gen.kn{i:D2}", "complaints", "complaints", false, null));
        for (var i = 1; i <= 12; i++) plan.Add(($"gen.an{i:D2}", "security", "security", false, null));
        plan.Add(("gen.lead.kn", "complaints", "complaints", true, null));
        plan.Add(("gen.lead.an", "security", "security", true, null));
        for (var i = 0; i < 8; i++) plan.Add(($"gen.ld{i + 1:D2}", "leadership", "leadership", false, units.Current[i * 13 % units.Current.Count].Code));

        using var tx = db.BeginTransaction();
        using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            INSERT OR IGNORE INTO users (login, display_name, email, password_hash, roles, is_lead, locality_code, created_at)
            VALUES ($login, $name, $email, NULL, $roles, $lead, $loc, $at)
            """;
        var p = new[] { "$login", "$name", "$email", "$roles", "$lead", "$loc", "$at" }.Select(n => cmd.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        foreach (var (login, roles, _, lead, loc) in plan)
        {
            var name = VietnameseNames.Person(rng);
            p[0].Value = login; p[1].Value = name; p[2].Value = $"{login}@bench.invalid"; p[3].Value = roles;
            p[4].Value = lead ? 1 : 0; p[5].Value = (object?)loc ?? DBNull.Value; p[6].Value = now;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        var byLogin = plan.ToDictionary(x => x.Login);
        var ids = new List<Staff>();
        using var q = db.CreateCommand();
        q.CommandText = "SELECT id, login FROM users WHERE login LIKE 'gen.%'";
        using var r = q.ExecuteReader();
        while (r.Read())
        {
            var x = byLogin[r.GetString(1)];
            ids.Add(new Staff(r.GetInt64(0), x.Login, x.Team, x.Lead, x.Locality));
        }
        return ids;
    }

    internal static void Exec(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    internal static long Scalar(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        return Convert.ToInt64(c.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static IEnumerable<(string, int, long)> Query3(SqliteConnection db, string sql)
    {
        using var c = db.CreateCommand();
        c.CommandText = sql;
        using var r = c.ExecuteReader();
        var list = new List<(string, int, long)>();
        while (r.Read()) list.Add((r.GetString(0), r.GetInt32(1), r.GetInt64(2)));
        return list;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>Prepared inserts for every table a case touches, reused across batches.</summary>
    private sealed class BatchWriter
    {
        private readonly SqliteConnection _db;
        private readonly SqliteCommand _case, _reporter, _event, _deadline, _step, _escalation;

        public BatchWriter(SqliteConnection db)
        {
            _db = db;
            _case = Prepare("""
                INSERT INTO cases (id, number, type, team, workflow_version, state, title, description, locality_code, channel,
                  received_at, created_at, severity, assignee_id, is_assigned, confidential, inputs_json, next_due_at, due_key,
                  closed_at, search_text, row_version)
                VALUES ($id, $number, $type, $team, $wv, $state, $title, $desc, $loc, $channel, $received, $created, $severity,
                  $assignee, $assigned, $conf, $inputs, $next, $duekey, $closed, $search, $rv)
                """);
            _reporter = Prepare("INSERT INTO case_reporters (case_id, name, address, phone, email, confidential) VALUES ($id, $name, $address, $phone, $email, $conf)");
            _event = Prepare("INSERT INTO case_events (case_id, at, actor, kind, action, from_state, to_state, data_json) VALUES ($id, $at, $actor, $kind, $action, $from, $to, $data)");
            _deadline = Prepare("""
                INSERT INTO deadlines (case_id, deadline_key, name, legal_basis, duration, unit, started_at, due_at, status, paused_at,
                  paused_total_ms, extensions_used, met_at)
                VALUES ($id, $key, $name, $basis, $duration, $unit, $started, $due, $status, NULL, 0, 0, $met)
                """);
            _step = Prepare("INSERT INTO deadline_steps (case_id, deadline_key, step_key, kind, due_at, recipients, status) VALUES ($id, $dkey, $skey, $kind, $due, $rcpt, $status)");
            _escalation = Prepare("INSERT INTO escalations (case_id, deadline_key, step_key, kind, at, recipients) VALUES ($id, $dkey, $skey, $kind, $at, $rcpt)");
        }

        private SqliteCommand Prepare(string sql)
        {
            var c = _db.CreateCommand();
            c.CommandText = sql;
            foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, @"\$\w+").Select(m => m.Value).Distinct())
                c.Parameters.Add(new SqliteParameter(name, null));
            return c;
        }

        private static void Set(SqliteCommand c, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) c.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        public (long Steps, long Pending) Write(List<Row> rows, DateTimeOffset now)
        {
            long steps = 0, pending = 0;
            using var tx = _db.BeginTransaction();
            foreach (var c in new[] { _case, _reporter, _event, _deadline, _step, _escalation }) c.Transaction = tx;
            foreach (var r in rows)
            {
                var running = r.Deadlines.Where(d => d.Status == DeadlineStatus.Running).Select(d => (DateTimeOffset?)d.DueAt).Min();
                var confidential = r.Def.ConfidentialReporter;
                // As CaseRows.SearchText composes it (internal to Storage): number, title, description, open reporter name.
                var search = CaseText.Fold(string.Join(' ', new[] { r.Number, r.Title, r.Description, confidential ? null : r.ReporterName }.Where(x => x is not null)));
                Set(_case, r.Id, r.Number, r.Def.Id, r.Def.Team, r.Def.Version, r.State, r.Title, r.Description, r.Locality,
                    r.Channel, Ms(r.Received), Ms(r.Created), r.Severity, r.Assignee?.Id, r.Assignee is null ? 0 : 1,
                    confidential ? 1 : 0, JsonSerializer.Serialize(r.Inputs), running is null ? null : Ms(running.Value),
                    running is null ? long.MaxValue : Ms(running.Value), r.ClosedAt is null ? null : Ms(r.ClosedAt.Value), search, 1);
                _case.ExecuteNonQuery();
                Set(_reporter, r.Id, r.ReporterName, r.ReporterAddress, r.ReporterPhone, r.ReporterEmail, confidential ? 1 : 0);
                _reporter.ExecuteNonQuery();

                Set(_event, r.Id, Ms(r.Created), "api", "created", null, null, r.Def.InitialState,
                    $"{{\"channel\":\"{r.Channel}\",\"workflowVersion\":\"{r.Def.Version}\"}}");
                _event.ExecuteNonQuery();
                if (r.Assignee is not null)
                {
                    Set(_event, r.Id, Ms(r.Created.AddHours(2)), "gen.lead", "assigned", "assign", null, null, $"{{\"assignee\":\"{r.Assignee.Login}\"}}");
                    _event.ExecuteNonQuery();
                }
                foreach (var m in r.Moves)
                {
                    Set(_event, r.Id, Ms(m.At), r.Assignee?.Login ?? "gen.admin", "transition", m.Action, m.From, m.To, "{}");
                    _event.ExecuteNonQuery();
                }

                foreach (var d in r.Deadlines)
                {
                    Set(_deadline, r.Id, d.Key, d.Name, d.LegalBasis, d.Duration, d.Unit.ToString().ToLowerInvariant(), Ms(d.StartedAt),
                        Ms(d.DueAt), d.Status.ToString().ToLowerInvariant(), d.MetAt is null ? null : Ms(d.MetAt.Value));
                    _deadline.ExecuteNonQuery();
                    foreach (var s in d.Steps)
                    {
                        var fired = s.At <= now && (d.Status == DeadlineStatus.Running || (d.MetAt is { } m && s.At <= m));
                        var status = fired ? "fired" : d.Status == DeadlineStatus.Running ? "pending" : "cancelled";
                        var rcpt = string.Join(',', s.Recipients);
                        Set(_step, r.Id, d.Key, s.StepKey, s.Kind, Ms(s.At), rcpt, status);
                        _step.ExecuteNonQuery();
                        steps++;
                        if (status == "pending") pending++;
                        if (fired)
                        {
                            Set(_escalation, r.Id, d.Key, s.StepKey, s.Kind, Ms(s.At), rcpt);
                            _escalation.ExecuteNonQuery();
                        }
                    }
                }
            }
            tx.Commit();
            return (steps, pending);
        }

        public void WriteSequences(Dictionary<(string Prefix, int Year), long> sequences)
        {
            using var tx = _db.BeginTransaction();
            using var c = _db.CreateCommand();
            c.Transaction = tx;
            c.CommandText = """
                INSERT INTO case_sequences (prefix, year, last_value) VALUES ($p, $y, $v)
                ON CONFLICT (prefix, year) DO UPDATE SET last_value = max(last_value, excluded.last_value)
                """;
            c.Parameters.Add(new SqliteParameter("$p", null));
            c.Parameters.Add(new SqliteParameter("$y", null));
            c.Parameters.Add(new SqliteParameter("$v", null));
            foreach (var ((p, y), v) in sequences)
            {
                c.Parameters[0].Value = p; c.Parameters[1].Value = y; c.Parameters[2].Value = v;
                c.ExecuteNonQuery();
            }
            tx.Commit();
        }

        private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    }
}
