using Incidents.Storage;
using Incidents.Storage.Outbox;

namespace Incidents.Mail.Tests;

/// <summary>A fresh SQLite file with every migration applied (the outbox is 0002's table as 0009 rebuilt it), deleted on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly SqliteFile _file = new("mail");
    public string File => _file.Path;
    public Database Db { get; }

    public TestDatabase()
    {
        Db = Open();
        new Incidents.Storage.Migrations.MigrationRunner(Db, TimeProvider.System).MigrateAsync().GetAwaiter().GetResult();
    }

    /// <summary>Another Database over the same file, as a second host would have.</summary>
    public Database Open() => new(new DatabaseOptions { Provider = DbProvider.Sqlite, ConnectionString = $"Data Source={File};Pooling=False" });

    public OutboxStore Store(string? domain = "test.incidents") => new(Db, domain);

    public void Dispose() => _file.Dispose();
}
