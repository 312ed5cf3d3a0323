using Incidents.Web.Hosting;

namespace Incidents.Web.Notifications;

/// <summary>Notifications: the Notifier the use cases call, the daily digest, the API, the desk's view component.</summary>
public static class NotificationSetup
{
    public static WebApplicationBuilder AddIncidentsNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<NotificationOptions>(NotificationOptions.Section, o => o.Problems());
        builder.Services.AddSingleton<Notifier>();
        builder.Services.AddSingleton<NotificationDesk>();
        builder.Services.AddTransient<NotificationDigestJob>();
        builder.Services.AddHostedService<NotificationStartup>();
        return builder;
    }
}
