using Hangfire;
using Incidents.Core.Access;
using Incidents.Web.Escalation;
using Incidents.Web.Hosting;

namespace Incidents.Web.Roster;

/// <summary>Who manages the roster and reads the synthesis table: leadership and admin. Filing a report needs a posting, not a role.</summary>
public static class RosterPolicies
{
    public const string Roster = "roster";
    public const string Synthesis = "sitrep-synthesis";
}

public static class RosterSetup
{
    public static WebApplicationBuilder AddIncidentsRoster(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<RosterOptions>(RosterOptions.Section, o => o.Problems());
        services.AddSingleton<DutyRoster>();
        services.AddSingleton<SitReports>();
        services.AddTransient<SitrepReminderJob>();
        services.AddHostedService<RosterStartup>();
        services.AddAuthorizationBuilder()
            .AddPolicy(RosterPolicies.Roster, p => p.RequireAuthenticatedUser().RequireRole(Roles.Leadership, Roles.Admin))
            .AddPolicy(RosterPolicies.Synthesis, p => p.RequireAuthenticatedUser().RequireRole(Roles.Leadership, Roles.Admin));
        return builder;
    }
}

/// <summary>Registers the reminder job, which only wakes: the database says who is late.</summary>
public sealed class RosterStartup(IRecurringJobManager recurring, EscalationOptions options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.RecurringJobs)
            recurring.AddOrUpdate<SitrepReminderJob>(SitrepReminderJob.JobId, j => j.RunAsync(CancellationToken.None), SitrepReminderJob.Cron,
                new RecurringJobOptions { TimeZone = Core.Calendar.BusinessCalendar.Zone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
