using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Incidents.Storage;

public enum DbProvider { Sqlite, SqlServer }

/// <summary>Database settings: Incidents:Database:Provider and Incidents:Database:ConnectionString.</summary>
public sealed record DatabaseOptions
{
    public DbProvider Provider { get; init; } = DbProvider.Sqlite;
    /// <summary>For SQLite, defaults to a file under ./data/.</summary>
    public string? ConnectionString { get; init; }
}

/// <summary>Opens connections for the configured provider. SQLite connections are switched to WAL with a busy timeout.</summary>
public sealed class Database
{
    // Columns are snake_case; row classes are PascalCase.
    static Database() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

    public DbProvider Provider { get; }
    public string ConnectionString { get; }

    public Database(DatabaseOptions options)
    {
        Provider = options.Provider;
        ConnectionString = options.ConnectionString ?? (Provider == DbProvider.Sqlite
            ? "Data Source=data/incidents.db"
            : throw new InvalidOperationException("Incidents:Database:ConnectionString is required for SQL Server."));
        if (Provider == DbProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection c = Provider == DbProvider.Sqlite ? new SqliteConnection(ConnectionString) : new SqlConnection(ConnectionString);
        await c.OpenAsync(ct);
        if (c is SqliteConnection)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return c;
    }

    /// <summary>The statement text for this database.</summary>
    public string this[Sql sql] => sql.For(Provider);
}

/// <summary>
/// One statement in both dialects, kept as plain text beside the code that runs it. Declare them as static readonly
/// fields so the ScriptDom test can enumerate and parse every SQL Server statement by reflection.
/// </summary>
public sealed record Sql(string Sqlite, string SqlServer)
{
    /// <summary>The same text serves both dialects.</summary>
    public Sql(string both) : this(both, both) { }

    public string For(DbProvider provider) => provider == DbProvider.Sqlite ? Sqlite : SqlServer;
}
