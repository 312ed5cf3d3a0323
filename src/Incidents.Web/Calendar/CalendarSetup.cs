namespace Incidents.Web.Calendar;

public static class CalendarSetup
{
    /// <summary>Register after AddIncidentsStorage: the seeding start-up step must run after the migrations.</summary>
    public static WebApplicationBuilder AddIncidentsCalendar(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BusinessCalendars>();
        builder.Services.AddSingleton<CalendarRecounts>();
        builder.Services.AddSingleton<CalendarAdmin>();
        builder.Services.AddHostedService<CalendarStartup>();
        builder.Services.AddExceptionHandler<CalendarNotCoveredHandler>();
        return builder;
    }
}
