namespace Incidents.Web.Notifications;

public static class NotificationSetup
{
    public static WebApplicationBuilder AddIncidentsNotifications(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Notifier>();
        return builder;
    }
}
