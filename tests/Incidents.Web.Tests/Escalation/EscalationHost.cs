using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Mail.Outbox;
using Incidents.Storage;
using Incidents.Storage.Access;
using Incidents.Storage.Handling;
using Incidents.Storage.Intake;
using Incidents.Storage.Migrations;
using Incidents.Storage.Outbox;
using Incidents.Testing.Smtp;
using Incidents.Web.Deadlines;
using Incidents.Web.Escalation;
using Incidents.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Incidents.Web.Tests.Escalation;

/// <summary>
/// One web host, composed exactly as Program composes it (AddIncidents/UseIncidents, so AddDeadlines with Hangfire on
/// in-memory storage, the sweep, the pump and MailKit), over a SQLite file that several hosts may share, with the
/// product clock the test gives it. It starts as the real host does: migrations and the workflow check run first.
/// </summary>
/// <summary>
/// Alone, after the parallel classes: Hangfire's client and server take their storage from the static JobStorage.Current
/// as each host configures it, and OpenTelemetry listens to every meter of a name in the process, so a host started in
/// parallel could take another's jobs or add series to its metrics. One host per process in production has neither.
/// </summary>
[CollectionDefinition(nameof(HostsWithProcessWideState), DisableParallelization = true)]
public sealed class HostsWithProcessWideState;

public sealed class EscalationHost : IAsyncDisposable
{
    public static readonly WorkflowCatalog Catalog = LoadCatalog();

    public WebApplication App { get; }
    public IServiceProvider Services => App.Services;
    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    private EscalationHost(WebApplication app) => App = app;

    public static Task<EscalationHost> StartAsync(SqliteFile db, TimeProvider clock, AiosmtpdServer smtp, bool sweepAtStartup = false,
        IDictionary<string, string?>? config = null) => StartAsync(db.Options, clock, smtp, sweepAtStartup, config);

    public static async Task<EscalationHost> StartAsync(DatabaseOptions db, TimeProvider clock, AiosmtpdServer smtp, bool sweepAtStartup = false,
        IDictionary<string, string?>? config = null)
    {
        var b = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(DeadlineSetup).Assembly.GetName().Name });
        b.WebHost.UseTestServer();
        b.Logging.ClearProviders();
        var settings = new Dictionary<string, string?>
        {
            ["Incidents:Database:Provider"] = db.Provider.ToString(),
            ["Incidents:Database:ConnectionString"] = db.ConnectionString,
            ["Incidents:Workflows:Directory"] = Path.Combine(RepoRoot(), "workflows"),
            ["Incidents:Smtp:Host"] = smtp.Host,
            ["Incidents:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Incidents:Smtp:Security"] = "None",
            ["Incidents:Smtp:From"] = "canhbao@ubnd.test",
            ["Incidents:Smtp:MessageIdDomain"] = "test.incidents",
            ["Incidents:Smtp:BaseUrl"] = "https://incidents.test",
            ["Incidents:Smtp:Timeout"] = "00:00:10",
            ["Incidents:Escalation:DispatchPollInterval"] = "00:00:00.200",
            ["Incidents:Escalation:SweepAtStartup"] = sweepAtStartup ? "true" : "false",
            // Tests drive the sweep themselves on the fake clock; those that need these turn them on.
            ["Incidents:Escalation:ArmPollInterval"] = "00:00:00",
            ["Incidents:Escalation:RecurringJobs"] = "false",
        };
        foreach (var kv in config ?? new Dictionary<string, string?>()) settings[kv.Key] = kv.Value;
        b.Configuration.AddInMemoryCollection(settings);

        // The product clock goes in first: the host only adds TimeProvider.System when none is registered.
        b.Services.AddSingleton(clock);
        b.AddIncidents(); // the real composition, AddDeadlines() included
        var app = b.Build();
        app.UseIncidents();
        await app.StartAsync();
        return new EscalationHost(app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }

    private static WorkflowCatalog LoadCatalog()
    {
        var dir = Path.Combine(RepoRoot(), "workflows");
        var sources = Directory.GetFiles(dir, "*.json").Where(f => !f.Contains("schema", StringComparison.Ordinal))
            .Select(f => new WorkflowSource(Path.GetFileName(f), System.IO.File.ReadAllText(f)));
        var result = WorkflowLoader.Load(sources);
        if (!result.IsValid) throw new InvalidOperationException(string.Join("; ", result.Errors));
        return result.Catalog;
    }

    public static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (System.IO.File.Exists(Path.Combine(d.FullName, "Incidents.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("repository root");
    }
}

/// <summary>Users and cases written through the real stores, as intake and case actions write them.</summary>
public static class Seed
{
    public const string Locality = "00004"; // Phường Ba Đình, under 01 (Hà Nội)
    public const string ReporterName = "Trần Thị Người Gửi Bí Mật";

    public static async Task UsersAsync(IServiceProvider sp)
    {
        var users = sp.GetRequiredService<UserStore>();
        await users.CreateAsync(new NewUser("canbo", "Cán bộ xử lý", "canbo@ubnd.test", null, ["complaints"]));
        await users.CreateAsync(new NewUser("truongphong", "Trưởng phòng", "truongphong@ubnd.test", null, ["complaints"], IsLead: true));
        await users.CreateAsync(new NewUser("truongan", "Trưởng ban an ninh", "truongan@ubnd.test", null, ["security"], IsLead: true));
        await users.CreateAsync(new NewUser("lanhdao.tp", "Lãnh đạo thành phố", "lanhdao.tp@ubnd.test", null, ["leadership"], LocalityCode: "01"));
        await users.CreateAsync(new NewUser("lanhdao.chung", "Lãnh đạo", "lanhdao@ubnd.test", null, ["leadership"]));
        await users.CreateAsync(new NewUser("lanhdao.khac", "Lãnh đạo phường khác", "lanhdao.khac@ubnd.test", null, ["leadership"], LocalityCode: "00008"));
        await users.CreateAsync(new NewUser("quantri", "Quản trị", "quantri@ubnd.test", null, ["admin"]));
    }

    /// <summary>The petition's processing deadline with the given ladder (steps at exact instants), started at <paramref name="start"/>.</summary>
    public static DeadlineRecord Deadline(DateTimeOffset start, DateTimeOffset due, params DeadlineStep[] steps) => new()
    {
        Key = "processing",
        Name = "Thời hạn xử lý đơn",
        LegalBasis = "Luật Tiếp công dân 2013; Thông tư 05/2021/TT-TTCP",
        Duration = "P10D",
        Unit = DurationUnit.Working,
        StartedAt = start,
        DueAt = due,
        Steps = steps,
    };

    public static DeadlineStep Breach(DateTimeOffset at, params string[] to) =>
        new("breach", StepKinds.Breach, at, to.Length == 0 ? ["assignee", "team-lead"] : to);

    /// <summary>Creates a petition case (reporter confidential, to prove no identity leaks) and assigns it to canbo.</summary>
    public static async Task<(long Id, string Number, int RowVersion)> CaseAsync(IServiceProvider sp, DateTimeOffset now,
        IReadOnlyList<DeadlineRecord> deadlines, bool assign = true)
    {
        var created = await sp.GetRequiredService<CaseStore>().CreateAsync(new NewCase
        {
            Type = "petition", Prefix = "PA", Team = "complaints", WorkflowVersion = Catalog.Current("petition")!.Version, State = "received",
            Title = "Đơn phản ánh của " + ReporterName, Description = "Người gửi: " + ReporterName, LocalityCode = Locality,
            Channel = Channel.Counter, ReceivedAt = now, CreatedAt = now, Reporter = new Reporter(ReporterName, "12 Phố Bí Mật", "0900000000", "nguoigui@example.vn"),
            ConfidentialReporter = true, Deadlines = deadlines,
        });
        var c = created.Case!;
        if (!assign) return (c.Id, c.Number, c.RowVersion);
        var canbo = await sp.GetRequiredService<UserStore>().FindByLoginAsync("canbo");
        var r = await sp.GetRequiredService<CaseUpdateStore>().AssignAsync(c.Id, c.RowVersion, canbo!.Id, "canbo", "truongphong", now);
        return (c.Id, c.Number, r.RowVersion);
    }

    private static WorkflowCatalog Catalog => EscalationHost.Catalog;

    public static async Task<IReadOnlyList<OutboxEntry>> OutboxAsync(IServiceProvider sp) =>
        (await sp.GetRequiredService<OutboxStore>().ListAsync(limit: 500)).Items;

    /// <summary>Waits (real time) until the condition holds or the timeout passes.</summary>
    public static Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout) => Poll.UntilAsync(condition, timeout);
}
