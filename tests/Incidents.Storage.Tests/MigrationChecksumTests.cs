using Dapper;
using Incidents.Storage.Migrations;

namespace Incidents.Storage.Tests;

/// <summary>Applied migration files are recorded with a checksum; a file changed after it was applied stops the runner.</summary>
public sealed class MigrationChecksumTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _t = new();

    public Task InitializeAsync() => _t.InitializeAsync();
    public Task DisposeAsync() => _t.DisposeAsync();

    private MigrationRunner Runner => new(_t.Db, _t.Time);

    private async Task<Dictionary<long, string?>> RecordedAsync()
    {
        await using var c = await _t.Db.OpenAsync();
        return (await c.QueryAsync<(long Version, string? Checksum)>("SELECT version, checksum FROM schema_versions"))
            .ToDictionary(r => r.Version, r => r.Checksum);
    }

    [Fact]
    public async Task Each_applied_file_is_recorded_with_its_checksum()
    {
        var recorded = await RecordedAsync();
        var files = MigrationRunner.For(DbProvider.Sqlite);
        Assert.Equal(files.Select(f => (long)f.Version), recorded.Keys.Order());
        foreach (var f in files) Assert.Equal(f.Checksum, recorded[f.Version]);
        Assert.Empty(await Runner.MigrateAsync()); // running again applies nothing and finds nothing changed
    }

    [Fact]
    public async Task A_host_starting_on_an_up_to_date_database_does_not_wait_for_another_hosts_write()
    {
        // Another host is in the middle of a write (a burst, an intake batch): it holds SQLite's write lock.
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection(_t.Db.ConnectionString);
        await other.OpenAsync();
        await using var busy = other.CreateCommand();
        busy.CommandText = "BEGIN IMMEDIATE";
        await busy.ExecuteNonQueryAsync();

        // Without the write lock to take, the check neither waits out busy_timeout nor fails with "database is locked".
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Empty(await Runner.MigrateAsync(cts.Token));
    }

    [Fact]
    public async Task A_file_changed_after_it_was_applied_stops_the_runner_naming_it()
    {
        // The embedded files cannot be edited from a test; a recorded checksum that differs is the same mismatch.
        await using (var c = await _t.Db.OpenAsync())
            await c.ExecuteAsync("UPDATE schema_versions SET checksum = 'edited' WHERE version = 2");
        var e = await Assert.ThrowsAsync<MigrationChangedException>(() => Runner.MigrateAsync());
        Assert.StartsWith("Migration 0002_outbox.sql was changed after it was applied", e.Message);
        Assert.Single(await Runner.ChangedAsync());
    }

    [Fact]
    public async Task Versions_applied_before_checksums_were_kept_take_the_files_checksums()
    {
        await using (var c = await _t.Db.OpenAsync())
            await c.ExecuteAsync("ALTER TABLE schema_versions DROP COLUMN checksum");
        Assert.Empty(await Runner.ChangedAsync()); // nothing to compare yet
        Assert.Empty(await Runner.MigrateAsync());
        var recorded = await RecordedAsync();
        Assert.All(MigrationRunner.For(DbProvider.Sqlite), f => Assert.Equal(f.Checksum, recorded[f.Version]));
    }

    [Fact]
    public void Line_endings_do_not_change_a_checksum()
    {
        Assert.Equal(new Migration(1, "0001_a.sql", "SELECT 1;\nSELECT 2;\n").Checksum,
            new Migration(1, "0001_a.sql", "SELECT 1;\r\nSELECT 2;\r\n").Checksum);
        Assert.NotEqual(new Migration(1, "0001_a.sql", "SELECT 1;").Checksum, new Migration(1, "0001_a.sql", "SELECT 2;").Checksum);
    }
}
