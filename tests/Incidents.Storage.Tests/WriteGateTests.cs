using Dapper;

namespace Incidents.Storage.Tests;

/// <summary>The SQLite writer gate: one write scope per file at a time, across Database instances, released on dispose.</summary>
public sealed class WriteGateTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _t = new();

    public Task InitializeAsync() => _t.InitializeAsync();
    public Task DisposeAsync() => _t.DisposeAsync();

    [Fact]
    public async Task Second_writer_waits_for_the_first_scope_and_then_sees_its_commit()
    {
        var db = _t.Db;
        var other = new Database(new DatabaseOptions { Provider = DbProvider.Sqlite, ConnectionString = db.ConnectionString });

        var first = await db.BeginWriteAsync();
        await first.Connection.ExecuteAsync("INSERT INTO holidays (date, name, kind) VALUES ('2099-01-01', 'gate', 'holiday')", transaction: first.Transaction);

        var second = other.BeginWriteAsync();
        await Task.Delay(200);
        Assert.False(second.IsCompleted); // held by the gate, not by SQLite's busy handler (that would wait 10 s)

        await first.CommitAsync();
        await first.DisposeAsync();

        await using var s = await second.WaitAsync(TimeSpan.FromSeconds(5));
        var n = await s.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM holidays WHERE name = 'gate'", transaction: s.Transaction);
        Assert.Equal(1, n);
    }

    [Fact]
    public async Task Disposing_without_commit_rolls_back_and_releases_the_gate()
    {
        var db = _t.Db;
        await using (var w = await db.BeginWriteAsync())
            await w.Connection.ExecuteAsync("INSERT INTO holidays (date, name, kind) VALUES ('2099-01-02', 'rolled', 'holiday')", transaction: w.Transaction);

        await using var next = await db.BeginWriteAsync().WaitAsync(TimeSpan.FromSeconds(5));
        var n = await next.Connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM holidays WHERE name = 'rolled'", transaction: next.Transaction);
        Assert.Equal(0, n);
    }

    [Fact]
    public async Task A_cancelled_wait_does_not_take_the_gate()
    {
        var db = _t.Db;
        var held = await db.BeginWriteAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.BeginWriteAsync(cts.Token));
        await held.DisposeAsync();
        await using var again = await db.BeginWriteAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(again.Transaction);
    }

    [Fact]
    public async Task Pooled_connections_keep_their_settings_when_opened_again()
    {
        for (var i = 0; i < 3; i++) // the first open configures the native handle; later opens reuse it from the pool
        {
            await using var c = await _t.Db.OpenAsync();
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.Equal(10000, await c.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
            Assert.Equal(1, await c.ExecuteScalarAsync<long>("PRAGMA synchronous")); // NORMAL
            Assert.Equal("wal", await c.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        }
    }

    [Fact]
    public void Stores_commit_only_through_the_write_scope()
    {
        // WriteScope.CommitAsync runs the WAL checkpoint after the gate is released; a bare DbTransaction.CommitAsync
        // skips it and leaves SQLite's automatic checkpoint to run inside the next writer's commit, under the gate.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Incidents.sln"))) root = root.Parent!;
        var bare = new System.Text.RegularExpressions.Regex(@"\b\w*(tx|[Tt]ransaction)\.CommitAsync\(");
        var offenders = Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(Path.Combine("Incidents.Storage", "Database.cs"), StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => bare.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root.FullName, x.f)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();
        Assert.Empty(offenders);
    }
}
