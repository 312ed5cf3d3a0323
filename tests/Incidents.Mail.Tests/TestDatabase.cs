using Incidents.Storage;
using Incidents.Storage.Outbox;
using Microsoft.Data.Sqlite;

namespace Incidents.Mail.Tests;

/// <summary>A fresh SQLite file with db/sqlite/0002_outbox.sql applied, deleted on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    private readonly SqliteFile _file = new("mail");
    public string File => _file.Path;
    public Database Db { get; }

    public TestDatabase()
    {
        Db = Open();
        using var c = new SqliteConnection(_file.ConnectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = System.IO.File.ReadAllText(Path.Combine(Repo.Dir("db/sqlite"), "0002_outbox.sql"));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Another Database over the same file, as a second host would have.</summary>
    public Database Open() => new(new DatabaseOptions { Provider = DbProvider.Sqlite, ConnectionString = $"Data Source={File};Pooling=False" });

    public OutboxStore Store(string? domain = "test.incidents") => new(Db, domain);

    public void Dispose() => _file.Dispose();
}
