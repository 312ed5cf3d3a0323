using Incidents.Storage;
using Incidents.Storage.Health;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Incidents.Web.Hosting;

public static class StorageSetup
{
    /// <summary>
    /// Database (Incidents:Database:Provider sqlite|sqlserver, Incidents:Database:ConnectionString), every store as a
    /// singleton, TimeProvider.System unless a test put its own first, and the start-up preparation.
    /// </summary>
    public static WebApplicationBuilder AddIncidentsStorage(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Incidents:Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (string.IsNullOrWhiteSpace(options.ConnectionString)) options = options with { ConnectionString = null };
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new Database(sp.GetRequiredService<DatabaseOptions>()));
        foreach (var store in StorageTypes.Stores) builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddSingleton<AdminUnitDirectory>();
        builder.Services.AddHostedService<StartupPreparation>();
        return builder;
    }
}
