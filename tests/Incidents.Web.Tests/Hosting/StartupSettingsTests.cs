using System.Diagnostics;
using System.Net;
using Incidents.Mail;
using Incidents.Storage;
using Incidents.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Tests.Hosting;

/// <summary>
/// Alone, after the parallel classes: Hangfire keeps the last host's logger factory in a static, and these hosts are built
/// and disposed within milliseconds, which would leave a disposed factory there for a host starting in parallel.
/// </summary>
[CollectionDefinition(nameof(HostsBuiltAndDisposedQuickly), DisableParallelization = true)]
public sealed class HostsBuiltAndDisposedQuickly;

/// <summary>Settings are checked when the host starts; a wrong one stops it with a message naming the key.</summary>
[Collection(nameof(HostsBuiltAndDisposedQuickly))]
public sealed class StartupSettingsTests : IDisposable
{
    private readonly SqliteFile _db = new("settings");
    private string Dir => _db.Dir;

    public void Dispose() => _db.Dispose();

    /// <summary>The host composed as Program composes it, started and stopped; returns why it did not start, or null.</summary>
    private async Task<Exception?> StartAsync(IDictionary<string, string?> settings, string environment = "Testing")
    {
        var b = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ApplicationName = typeof(Program).Assembly.GetName().Name });
        b.WebHost.UseTestServer();
        b.Logging.ClearProviders();
        var all = new Dictionary<string, string?>
        {
            ["Incidents:Database:ConnectionString"] = $"Data Source={Path.Combine(Dir, "incidents.db")}",
            ["Incidents:Workflows:Directory"] = Repo.Dir("workflows"),
            ["Incidents:Smtp:PickupDirectory"] = Path.Combine(Dir, "outbox"),
            ["Incidents:Escalation:SweepAtStartup"] = "false",
            ["Incidents:Escalation:RecurringJobs"] = "false",
        };
        foreach (var (k, v) in settings) all[k] = v;
        b.Configuration.AddInMemoryCollection(all);
        b.AddIncidents();
        await using var app = b.Build();
        try
        {
            app.UseIncidents(); // the dashboard's storage is resolved here, and with it the database settings
            await app.StartAsync();
        }
        catch (Exception e)
        {
            return e;
        }
        await app.StopAsync();
        return null;
    }

    [Theory]
    [InlineData("Incidents:Smtp:Port", "0")]
    [InlineData("Incidents:Smtp:From", "not an address")]
    [InlineData("Incidents:Smtp:BaseUrl", "incidents.example.vn")]
    [InlineData("Incidents:Smtp:Lease", "00:00:05")]
    [InlineData("Incidents:Escalation:DispatchPollInterval", "00:00:00")]
    [InlineData("Incidents:Mailboxes:0:PollSeconds", "0")]
    [InlineData("Incidents:Mailboxes:0:LocalityCode", "")]
    public async Task The_host_refuses_to_start_on_an_invalid_setting_and_names_it(string key, string value)
    {
        var e = Assert.IsType<OptionsValidationException>(await StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(e.Failures, f => f.StartsWith(key + " ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_identity_custodian_stops_the_host_naming_the_setting()
    {
        var e = Assert.IsType<OptionsValidationException>(await StartAsync(new Dictionary<string, string?>
        {
            ["Incidents:Access:IdentityCustodians:0"] = "leadership", ["Incidents:Access:IdentityCustodians:1"] = "admin",
        }));
        Assert.Contains(e.Failures, f => f.StartsWith("Incidents:Access:IdentityCustodians must name one or more of leadership, assignee, team-lead", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_smtp_security_mode_stops_the_host_naming_the_setting()
    {
        var e = await StartAsync(new Dictionary<string, string?> { ["Incidents:Smtp:Security"] = "tls-please" });
        Assert.Contains("Incidents:Smtp:Security", e!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sql_server_without_a_connection_string_stops_the_host()
    {
        var e = Assert.IsType<OptionsValidationException>(await StartAsync(new Dictionary<string, string?>
        {
            ["Incidents:Database:Provider"] = "sqlserver", ["Incidents:Database:ConnectionString"] = "",
        }));
        Assert.Contains("Incidents:Database:ConnectionString is required for SQL Server.", e.Failures);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    [InlineData("Testing")]
    public async Task No_environment_falls_back_to_a_pickup_folder_nobody_set(string environment)
    {
        var e = Assert.IsType<OptionsValidationException>(
            await StartAsync(new Dictionary<string, string?> { ["Incidents:Smtp:PickupDirectory"] = null }, environment));
        var failure = Assert.Single(e.Failures, f => f.StartsWith("Incidents:Smtp:Host or Incidents:Smtp:PickupDirectory must be set", StringComparison.Ordinal));
        Assert.Contains(".eml", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Building_the_services_reads_no_database_and_the_start_up_step_loads_the_workflow_catalog()
    {
        var b = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(Program).Assembly.GetName().Name });
        b.WebHost.UseTestServer();
        b.Logging.ClearProviders();
        var db = Path.Combine(Dir, "incidents.db");
        b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Incidents:Database:ConnectionString"] = $"Data Source={db}",
            ["Incidents:Workflows:Directory"] = Repo.Dir("workflows"),
            ["Incidents:Smtp:PickupDirectory"] = Path.Combine(Dir, "outbox"),
            ["Incidents:Escalation:SweepAtStartup"] = "false",
            ["Incidents:Escalation:RecurringJobs"] = "false",
        });
        b.AddIncidents();
        await using var app = b.Build();

        // Every start-up step and background service, with what they take in their constructors, is built here.
        Assert.NotEmpty(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>());
        Assert.False(File.Exists(db), "resolving a service opened the database");
        var early = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<Core.Workflows.WorkflowCatalog>());
        Assert.Contains("StartupPreparation", early.Message, StringComparison.Ordinal);

        app.UseIncidents();
        await app.StartAsync();
        Assert.NotNull(app.Services.GetRequiredService<Core.Workflows.WorkflowCatalog>().Current("complaint"));
        await app.StopAsync();
    }

    [Fact]
    public async Task Production_starts_with_a_pickup_folder_it_was_given()
    {
        Assert.Null(await StartAsync(new Dictionary<string, string?>(), "Production"));
    }

    [Fact]
    public async Task The_shipped_settings_ask_for_starttls_when_offered()
    {
        await using var app = new IncidentsApp();
        _ = app.Server;
        Assert.Equal(SmtpSecurity.Auto, app.Services.GetRequiredService<MailOptions>().Security);
    }

    [Fact]
    public async Task Without_migrate_on_start_a_database_missing_migrations_stops_the_host()
    {
        var e = Assert.IsType<StartupRefusedException>(await StartAsync(new Dictionary<string, string?> { ["Incidents:Database:MigrateOnStart"] = "false" }));
        Assert.Contains("Incidents:Database:MigrateOnStart is false", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Dir, "incidents.db")) && await HasTableAsync("cases"));
    }

    [Fact]
    public async Task Without_migrate_on_start_a_migrated_database_starts()
    {
        Assert.Null(await StartAsync(new Dictionary<string, string?>())); // migrates
        Assert.Null(await StartAsync(new Dictionary<string, string?> { ["Incidents:Database:MigrateOnStart"] = "false" }));
    }

    private async Task<(int Exit, string Stdout, string Stderr)> RunRealHostAsync(string urls, IDictionary<string, string> env)
    {
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(Repo.Dir("src/Incidents.Web"), "bin", config, "net10.0", "Incidents.Web.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "--urls", urls])
        {
            WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["Incidents__Database__ConnectionString"] = $"Data Source={Path.Combine(Dir, "incidents.db")}";
        psi.Environment["Incidents__Workflows__Directory"] = Repo.Dir("workflows");
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); Assert.Fail("the host started and kept running"); }
        return (p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_real_host_prints_the_invalid_mail_setting_and_exits()
    {
        var (exit, stdout, stderr) = await RunRealHostAsync("http://127.0.0.1:0", new Dictionary<string, string>
        {
            ["Incidents__Smtp__Host"] = "smtp.example.vn", ["Incidents__Smtp__Port"] = "70000",
        });
        Assert.Equal(1, exit);
        Assert.Contains("Incidents:Smtp:Port must be a TCP port (1-65535), not 70000.", stderr);
        Assert.DoesNotContain("Now listening", stdout);
    }

    [Fact]
    public async Task The_real_host_on_an_address_in_use_says_so_and_exits_without_a_crash()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (exit, _, stderr) = await RunRealHostAsync($"http://127.0.0.1:{port}", new Dictionary<string, string>
        {
            ["Incidents__Smtp__PickupDirectory"] = Path.Combine(Dir, "outbox"),
        });
        Assert.Equal(1, exit); // an unhandled exception aborts with 134
        Assert.Contains("another process listens on that address", stderr);
        Assert.DoesNotContain("Unhandled exception", stderr);
    }

    private async Task<bool> HasTableAsync(string table)
    {
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Dir, "incidents.db")}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'";
        return (long)(await cmd.ExecuteScalarAsync())! > 0;
    }
}
