using Hangfire;
using Hangfire.Dashboard;
using Hangfire.SqlServer;
using Incidents.Core.Access;
using Incidents.Core.Workflows;
using Incidents.Mail;
using Incidents.Mail.Escalation;
using Incidents.Mail.Outbox;
using Incidents.Mail.Transport;
using Incidents.Storage;
using Incidents.Storage.Escalation;
using Incidents.Storage.Outbox;
using Incidents.Web.Escalation;
using Incidents.Web.Hosting;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Incidents.Web.Deadlines;

/// <summary>
/// Deadlines, escalations and mail inside the web host. Expects from the rest of the host: Database, TimeProvider and
/// WorkflowCatalog. Hangfire's storage follows the database: SQL Server -> Hangfire.SqlServer in the same database under
/// schema "hangfire"; SQLite -> Hangfire.InMemory, with deadline_steps the source of truth (see DeadlineScheduler).
/// </summary>
public static class DeadlineSetup
{
    public const string SweepJobId = "deadline-sweep";
    public const string DispatchJobId = "outbox-dispatch";
    public const string DigestJobId = "leadership-digest";

    public static WebApplicationBuilder AddDeadlines(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<MailOptions>(MailOptions.Section, o => o.Problems())
            .PostConfigure<IConfiguration>((mail, config) =>
            {
                // appsettings.json lists the SMTP keys with empty values; empty means "not set", not "send from nobody".
                var defaults = new MailOptions();
                if (string.IsNullOrWhiteSpace(mail.From)) mail.From = defaults.From;
                if (string.IsNullOrWhiteSpace(mail.MessageIdDomain)) mail.MessageIdDomain = defaults.MessageIdDomain;
                if (string.IsNullOrWhiteSpace(config[MailOptions.Section + ":BaseUrl"])
                    && config["Urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() is { } url)
                    mail.BaseUrl = url; // links in mails point at this host unless a public address is configured
            });
        services.AddValidatedOptions<EscalationOptions>(EscalationOptions.Section, o => o.Problems());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new OutboxStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<MailOptions>().MessageIdDomain));
        services.AddSingleton<EscalationStore>();
        services.AddSingleton<DigestQueries>();
        services.AddSingleton(sp => new EscalationComposer(sp.GetRequiredService<MailOptions>(), () => sp.GetRequiredService<WorkflowCatalog>()));
        services.AddSingleton<IMailTransport>(sp =>
        {
            var mail = sp.GetRequiredService<MailOptions>();
            if (!mail.UsesSmtp)
                sp.GetRequiredService<ILogger<IMailTransport>>().LogWarning(
                    "No SMTP host ({Setting}): mail is written as .eml files to {Directory}, not sent",
                    MailOptions.Section + ":Host", Path.GetFullPath(MailTransports.PickupDirectory(mail)));
            return MailTransports.FromOptions(mail);
        });
        services.AddSingleton(sp =>
        {
            var escalations = sp.GetRequiredService<EscalationStore>();
            var extras = sp.GetRequiredService<EscalationOptions>().Extras();
            // A dead message tells the configured admin addresses and every active administrator with an email.
            return new OutboxDispatcher(sp.GetRequiredService<OutboxStore>(), sp.GetRequiredService<IMailTransport>(), sp.GetRequiredService<MailOptions>(),
                sp.GetRequiredService<TimeProvider>(), administrators: ct => escalations.AdminAddressesAsync(extras, ct));
        });
        services.AddSingleton<OutboxPump>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxPump>());
        services.AddSingleton<EscalationFiring>();
        services.AddSingleton<DeadlineScheduler>();
        services.AddSingleton<DeadlineSweep>();
        services.AddTransient<StepJob>();
        services.AddTransient<DigestJob>();

        services.AddHangfire((sp, cfg) =>
        {
            cfg.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            var db = sp.GetRequiredService<Database>();
            if (db.Provider == DbProvider.SqlServer)
                cfg.UseSqlServerStorage(() => new SqlConnection(db.ConnectionString), new SqlServerStorageOptions
                {
                    SchemaName = "hangfire",
                    PrepareSchemaIfNecessary = true,
                    // Hangfire 1.8's recommended settings: long-polling queue, no global locks.
                    CommandBatchMaxTimeout = TimeSpan.FromMinutes(5),
                    SlidingInvisibilityTimeout = TimeSpan.FromMinutes(5),
                    QueuePollInterval = TimeSpan.Zero,
                    UseRecommendedIsolationLevel = true,
                    DisableGlobalLocks = true,
                });
            else
                cfg.UseInMemoryStorage(new Hangfire.InMemory.InMemoryStorageOptions
                {
                    // The database is the source of truth; finished jobs are only for the dashboard. Keeping them for
                    // Hangfire's default day (capped at 3 h by InMemory) kept every job of a 10,000-step burst in memory.
                    MaxExpirationTime = TimeSpan.FromMinutes(10),
                    MaxStateHistoryLength = 4,
                });
        });
        var sqlServer = builder.Configuration.GetSection("Incidents:Database").Get<DatabaseOptions>()?.Provider == DbProvider.SqlServer;
        services.AddHangfireServer(o =>
        {
            // The default 15 s would make a step up to 15 s late; the escalation's promise is "on time". Polling the
            // in-memory storage is free, so there it looks 4 times a second: a job filed at the start of its step's
            // second (DeadlineScheduler.Schedule) is then picked up within 250 ms and waits the rest out itself.
            o.SchedulePollingInterval = sqlServer ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(250);
            o.ServerName = $"incidents:{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        });
        services.AddHostedService<DeadlineStartup>();
        return builder;
    }

    /// <summary>The Hangfire dashboard at /hangfire (admin role) and the operators' outbox API.</summary>
    public static WebApplication MapDeadlines(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            AppPath = "/",
            DashboardTitle = "Incidents: jobs",
        });
        app.MapOutbox();
        return app;
    }
}

/// <summary>The dashboard is for signed-in administrators (cookie or bearer, as the host authenticates them).</summary>
public sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin);
    }
}

/// <summary>
/// At startup: registers the recurring jobs (sweep, automatic moves and dispatch every minute, digest at 07:30 Vietnam
/// time), runs the catch-up sweep and automatic moves in the background, so what fell due while no host ran happens now,
/// then keeps arming near-term steps every ArmPollInterval.
/// </summary>
public sealed class DeadlineStartup(IRecurringJobManager recurring, DeadlineSweep sweep, Handling.AutomaticMoveJob moves,
    EscalationOptions options, ILogger<DeadlineStartup> log) : IHostedService
{
    private readonly CancellationTokenSource _stop = new();
    private Task _initial = Task.CompletedTask;

    public Task StartAsync(CancellationToken ct)
    {
        if (options.RecurringJobs)
        {
            recurring.AddOrUpdate<DeadlineSweep>(DeadlineSetup.SweepJobId, s => s.RunAsync(CancellationToken.None), Cron.Minutely());
            recurring.AddOrUpdate<Handling.AutomaticMoveJob>(Handling.AutomaticMoveJob.JobId, j => j.RunAsync(CancellationToken.None), Cron.Minutely());
            recurring.AddOrUpdate<OutboxPump>(DeadlineSetup.DispatchJobId, p => p.DispatchOnceAsync(CancellationToken.None), Cron.Minutely());
            recurring.AddOrUpdate<DigestJob>(DeadlineSetup.DigestJobId, d => d.RunAsync(CancellationToken.None), DigestJob.Cron,
                new RecurringJobOptions { TimeZone = Core.Calendar.BusinessCalendar.Zone });
        }
        _initial = Task.Run(async () =>
        {
            try
            {
                if (options.SweepAtStartup)
                {
                    await sweep.RunAsync(_stop.Token);
                    await moves.RunAsync(_stop.Token);
                }
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e) { log.LogError(e, "Startup deadline sweep or automatic moves failed; the minutely jobs will retry"); }
            if (options.ArmPollInterval <= TimeSpan.Zero) return;
            // Real time on purpose: this only decides how often to look; what is due is decided on the product clock.
            using var timer = new PeriodicTimer(options.ArmPollInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    try { await sweep.ArmAsync(_stop.Token); }
                    catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Arming near-term steps failed"); }
                }
            }
            catch (OperationCanceledException) { }
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _stop.CancelAsync();
        await _initial.WaitAsync(ct).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
