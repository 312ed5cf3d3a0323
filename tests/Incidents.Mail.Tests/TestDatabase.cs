using Incidents.Storage;
using Incidents.Storage.Outbox;
using Microsoft.Data.Sqlite;

namespace Incidents.Mail.Tests;

/// <summary>A fresh SQLite file with db/sqlite/0002_outbox.sql applied, deleted on dispose.</summary>
public sealed class TestDatabase : IDisposable
{
    public string File { get; }
    public Database Db { get; }

    public TestDatabase()
    {
        var dir = Path.Combine(Path.GetTempPath(), "incidents-mail-tests");
        Directory.CreateDirectory(dir);
        File = Path.Combine(dir, Guid.NewGuid().ToString("N") + ".db");
        Db = Open();
        using var c = new SqliteConnection($"Data Source={File}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = System.IO.File.ReadAllText(Path.Combine(Repo.Root, "db", "sqlite", "0002_outbox.sql"));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Another Database over the same file, as a second host would have.</summary>
    public Database Open() => new(new DatabaseOptions { Provider = DbProvider.Sqlite, ConnectionString = $"Data Source={File};Pooling=False" });

    public OutboxStore Store(string? domain = "test.incidents") => new(Db, domain);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { File, File + "-wal", File + "-shm" })
            try { System.IO.File.Delete(f); } catch (IOException) { }
    }
}

public static class Repo
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (System.IO.File.Exists(Path.Combine(d.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(d.FullName, "db")))
                return d.FullName;
        throw new DirectoryNotFoundException("Repository root (with db/) not found above " + AppContext.BaseDirectory);
    }
}
