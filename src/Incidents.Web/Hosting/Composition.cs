using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Web.Calendar;
using Incidents.Web.Deadlines;
using Incidents.Web.Desk;
using Incidents.Web.Documents;
using Incidents.Web.Handling;
using Incidents.Web.Health;
using Incidents.Web.Inbox;
using Incidents.Web.Intake;
using Incidents.Web.Notifications;
using Incidents.Web.Roster;
using Incidents.Web.Screen;
using Incidents.Web.Telemetry;
using Incidents.Web.Thread;
using Incidents.Web.Triage;
using Incidents.Web.Workflows;
using Incidents.Web.Localities;
using Incidents.Web.Reports;

namespace Incidents.Web.Hosting;

/// <summary>
/// The host's composition. Later features add their own builder.AddX() / app.MapX() pair here (pages, Hangfire jobs,
/// mail), each living in its feature folder.
/// </summary>
public static class Composition
{
    public static WebApplicationBuilder AddIncidents(this WebApplicationBuilder builder) => builder
        .UseDefaultUrl()
        .AddIncidentsWorkflows()
        .AddIncidentsStorage()
        .AddSecureHosting()
        .AddIncidentsTelemetry()
        .AddIncidentsAccess()
        .AddIncidentsApi()
        .AddDeadlines()
        .AddIncidentsCalendar()
        .AddIncidentsHandling()
        .AddIncidentsIntake()
        .AddIncidentsInbox()
        .AddIncidentsTriage()
        .AddIncidentsDesk()
        .AddIncidentsThread()
        .AddIncidentsDocuments()
        .AddIncidentsNotifications()
        .AddIncidentsRoster()
        .AddPressScreen()
        .AddIncidentsReports();

    /// <summary>
    /// http://localhost:5080 unless Urls, ASPNETCORE_URLS or --urls says otherwise. Set here rather than in
    /// appsettings.json, where it would override ASPNETCORE_URLS.
    /// </summary>
    private static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
            builder.Configuration["urls"] = DefaultUrl;
        }
        return builder;
    }

    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>The /api/v1 group: every endpoint needs an authenticated user (each then names its role policy), so every
    /// one may answer 401 and 403 as problems; the endpoints document only the answers of their own.</summary>
    public static RouteGroupBuilder MapApiV1(this WebApplication app) =>
        app.MapGroup("/api/v1").RequireAuthorization(Policies.Reader)
            .WithMetadata(Problem(StatusCodes.Status401Unauthorized), Problem(StatusCodes.Status403Forbidden));

    private static ProducesResponseTypeMetadata Problem(int status) =>
        new(status, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]);

    public static WebApplication UseIncidents(this WebApplication app)
    {
        StartupPreparation.BeginWarmUp(app.Services);
        app.UseSecureHosting();
        app.UseIncidentsApi();
        app.MapHealth();
        app.MapMetrics();
        app.MapApiV1().MapIntake().MapTriage().MapMerging().MapCaseActions().MapWorkflows().MapHolidays().MapTokens().MapThread().MapDocuments().MapNotifications().MapDesk().MapRoster()
            .MapReports().MapLocalities();
        app.MapDeadlines();
        app.MapPressScreen();
        app.MapLocalityLookup();
        return app;
    }
}
