using Incidents.Storage;
using Microsoft.Data.Sqlite;

namespace Incidents.Testing;

/// <summary>
/// A real SQLite file in its own temp folder (the folder also takes whatever else the test writes: workflows, a pickup
/// outbox, uploads). Nothing is created in the file here: a host migrates it at start, a store test migrates it itself.
/// Dispose clears the pools (SQLite keeps the file open otherwise) and deletes the folder.
/// </summary>
public sealed class SqliteFile : IDisposable
{
    /// <param name="purpose">Names the temp folder (incidents-{purpose}-{guid}), so a leftover says whose it is.</param>
    public SqliteFile(string purpose, string fileName = "incidents.db")
    {
        Dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"incidents-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Dir);
        Path = System.IO.Path.Combine(Dir, fileName);
    }

    public string Dir { get; }
    public string Path { get; }
    public string ConnectionString => $"Data Source={Path}";
    public DatabaseOptions Options => new() { Provider = DbProvider.Sqlite, ConnectionString = ConnectionString };

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}
