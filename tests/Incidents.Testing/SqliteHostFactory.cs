using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Incidents.Testing;

/// <summary>
/// The web host (as Program composes it) over its own <see cref="SqliteFile"/>, deleted with the host. The API/page
/// tests and the browser tests both start from here and add their own settings on top. Generic over the entry point
/// only so this rig does not reference Incidents.Web (the mail and storage tests use it without the web).
/// </summary>
public abstract class SqliteHostFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly SqliteFile _database;

    protected SqliteHostFactory(string purpose) => _database = new SqliteFile(purpose);

    /// <summary>The host's temp folder, holding its incidents.db and whatever the test puts beside it.</summary>
    public string Dir => _database.Dir;

    /// <summary>Where the host loads workflow definitions from.</summary>
    protected abstract string WorkflowDirectory { get; }

    /// <summary>Testing unless a host says otherwise.</summary>
    protected virtual string HostEnvironment => "Testing";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(HostEnvironment);
        builder.UseSetting("Incidents:Database:Provider", "sqlite");
        builder.UseSetting("Incidents:Database:ConnectionString", _database.ConnectionString);
        builder.UseSetting("Incidents:Workflows:Directory", WorkflowDirectory);
        // Mail goes to a folder only when told where (the host refuses to start otherwise).
        builder.UseSetting("Incidents:Smtp:PickupDirectory", Path.Combine(_database.Dir, "outbox"));
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _database.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
