using Incidents.Storage;
using Incidents.Storage.Migrations;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Storage.Tests;

/// <summary>A migrated database for one test class: a real SQLite file in a temp dir, or a fresh SQL Server database.</summary>
public abstract class TestDatabase : IAsyncLifetime
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 3, 0, 0, TimeSpan.Zero));
    public Database Db { get; protected set; } = null!;
    public abstract Task InitializeAsync();
    public abstract Task DisposeAsync();

    protected async Task MigrateAsync() => await new MigrationRunner(Db, Time).MigrateAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly SqliteFile _file = new("storage", "t.db");

    public override async Task InitializeAsync()
    {
        Db = new Database(_file.Options);
        await MigrateAsync();
    }

    public override Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A throwaway database on the server named by INCIDENTS_TEST_SQLSERVER, dropped afterwards.</summary>
public sealed class SqlServerTestDatabase : TestDatabase
{
    private string? _name;
    private string? _master;

    public override async Task InitializeAsync()
    {
        var cs = Environment.GetEnvironmentVariable("INCIDENTS_TEST_SQLSERVER");
        if (string.IsNullOrEmpty(cs)) return; // every test in the class is skipped
        _master = cs;
        _name = "incidents_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var c = new SqlConnection(cs))
        {
            await c.OpenAsync();
            await using var cmd = new SqlCommand($"CREATE DATABASE [{_name}]", c);
            await cmd.ExecuteNonQueryAsync();
        }
        Db = new Database(new DatabaseOptions
        {
            Provider = DbProvider.SqlServer,
            ConnectionString = new SqlConnectionStringBuilder(cs) { InitialCatalog = _name }.ConnectionString,
        });
        await MigrateAsync();
    }

    public override async Task DisposeAsync()
    {
        if (_name is null || _master is null) return;
        SqlConnection.ClearAllPools();
        await using var c = new SqlConnection(_master);
        await c.OpenAsync();
        await using var cmd = new SqlCommand($"ALTER DATABASE [{_name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_name}]", c);
        await cmd.ExecuteNonQueryAsync();
    }
}
