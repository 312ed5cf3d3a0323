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
        builder.Services.TryAddSingleton(TimeProvider.System);
        // Bound when first resolved, so settings a test factory adds late are seen.
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section, o => o.Problems());
        builder.Services.AddSingleton(sp => new Database(sp.GetRequiredService<DatabaseOptions>()));
        foreach (var store in StorageTypes.Stores) builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddSingleton<AdminUnitDirectory>();
        builder.Services.AddHostedService<StartupPreparation>();
        return builder;
    }
}
