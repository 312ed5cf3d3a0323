using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Incidents.Storage;

public enum DbProvider { Sqlite, SqlServer }

/// <summary>Database settings: Incidents:Database:Provider, ConnectionString and MigrateOnStart.</summary>
public sealed record DatabaseOptions
{
    public const string Section = "Incidents:Database";

    public DbProvider Provider { get; init; } = DbProvider.Sqlite;
    /// <summary>For SQLite, defaults to a file under ./data/. Blank counts as not set.</summary>
    public string? ConnectionString { get; init; }
    /// <summary>Apply missing migrations when the host starts; false for DBAs who run `migrate` themselves (the host
    /// then refuses to start while any is missing).</summary>
    public bool MigrateOnStart { get; init; } = true;

    /// <summary>Each invalid setting, named by its configuration key; empty when all are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            return Provider == DbProvider.SqlServer ? [$"{Section}:ConnectionString is required for SQL Server."] : [];
        try
        {
            _ = Provider == DbProvider.Sqlite
                ? new SqliteConnectionStringBuilder(ConnectionString).DataSource
                : new SqlConnectionStringBuilder(ConnectionString).DataSource;
            return [];
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            return [$"{Section}:ConnectionString is not a valid {Provider} connection string: {e.Message}"];
        }
    }
}

/// <summary>Opens connections for the configured provider. SQLite connections are switched to WAL with a busy timeout.</summary>
public sealed class Database
{
    // Columns are snake_case; row classes are PascalCase.
    static Database() => Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;

    public DbProvider Provider { get; }
    public string ConnectionString { get; }

    // One writer gate per SQLite file for the whole process: SQLite admits one writer at a time, and writers queued on
    // this semaphore wake as soon as the previous commit releases it, where writers left to SQLite's busy handler sleep
    // and poll (the profile showed ~91% of intake waiting there). busy_timeout stays as the safety net for other processes.
    private static readonly ConcurrentDictionary<string, WriterGate> Gates = new(StringComparer.Ordinal);
    private readonly WriterGate? _writeGate;

    // Native SQLite connections already given the PRAGMAs below; weak, so a handle closed by the pool drops out.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    public Database(DatabaseOptions options)
    {
        Provider = options.Provider;
        ConnectionString = !string.IsNullOrWhiteSpace(options.ConnectionString) ? options.ConnectionString : (Provider == DbProvider.Sqlite
            ? "Data Source=data/incidents.db"
            : throw new InvalidOperationException("Incidents:Database:ConnectionString is required for SQL Server."));
        if (Provider == DbProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            _writeGate = Gates.GetOrAdd(Path.GetFullPath(file), _ => new WriterGate());
        }
    }

    /// <summary>
    /// Opens a connection and begins a write transaction (SQLite: BEGIN IMMEDIATE). On SQLite the scope first takes this
    /// process's writer gate for the file and holds it until disposed, so writers queue in memory instead of in SQLite's
    /// busy handler. Use it for every write; never nest two scopes on one flow (the gate is not reentrant).
    /// </summary>
    public async Task<WriteScope> BeginWriteAsync(CancellationToken ct = default) =>
        await BeginWriteOnAsync(await OpenAsync(ct), ownsConnection: true, ct); // opened outside the gate: the gate covers only the transaction

    /// <summary>
    /// The same write transaction on a connection the caller keeps open across transactions (the intake writer's, whose
    /// prepared statements outlive one transaction): the scope commits or rolls back and releases the gate, but leaves
    /// the connection open.
    /// </summary>
    public Task<WriteScope> BeginWriteAsync(DbConnection held, CancellationToken ct = default) => BeginWriteOnAsync(held, ownsConnection: false, ct);

    private async Task<WriteScope> BeginWriteOnAsync(DbConnection c, bool ownsConnection, CancellationToken ct)
    {
        var gated = false;
        try
        {
            if (_writeGate is not null)
            {
                await _writeGate.Semaphore.WaitAsync(ct);
                gated = true;
            }
            var tx = await c.BeginTransactionAsync(ct);
            var scope = new WriteScope(c, tx, _writeGate, ownsConnection);
            _scopes.AddOrUpdate(tx, scope);
            if (_committed is { } committed) scope.AfterCommit(committed);
            return scope;
        }
        catch
        {
            if (gated) _writeGate!.Semaphore.Release();
            if (ownsConnection) await c.DisposeAsync();
            throw;
        }
    }

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection c = Provider == DbProvider.Sqlite ? new SqliteConnection(ConnectionString) : new SqlConnection(ConnectionString);
        await c.OpenAsync(ct);
        // The settings belong to the native connection, which the pool keeps across opens: set them once per handle,
        // not on every open (that was a statement batch on every request and store call).
        if (c is SqliteConnection s && s.Handle is { } handle && !Configured.TryGetValue(handle, out _))
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
            await cmd.ExecuteNonQueryAsync(ct);
            Configured.AddOrUpdate(handle, Marker);
        }
        return c;
    }

    /// <summary>A write of its own (one statement or a few): runs work in a write scope and commits.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        await using var w = await BeginWriteAsync(ct);
        var result = await work(w.Connection, w.Transaction);
        await w.CommitAsync(ct);
        return result;
    }

    // The scope of each open write transaction, so code handed only (connection, transaction) can ask to be told of
    // the commit (AfterCommit). Weak keys: a finished transaction drops out by itself.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbTransaction, WriteScope> _scopes = new();

    /// <summary>
    /// Runs <paramref name="action"/> once the transaction commits (never if it rolls back); at once when there is no
    /// transaction (the statement has committed by itself) or it was not begun by BeginWriteAsync.
    /// </summary>
    internal void AfterCommit(DbTransaction? tx, Action action)
    {
        if (tx is not null && _scopes.TryGetValue(tx, out var scope)) scope.AfterCommit(action);
        else action();
    }

    private Action? _committed;

    /// <summary>
    /// Calls <paramref name="wake"/> after every write scope of this process commits (whatever it wrote): readers that
    /// show live figures (the press screen) look again at once instead of at their next poll. Must return quickly.
    /// </summary>
    public void OnCommit(Action wake) => _committed += wake;

    /// <summary>The statement text for this database.</summary>
    public string this[Sql sql] => sql.For(Provider);
}

/// <summary>
/// An open connection with its write transaction; disposing rolls back an uncommitted transaction, closes the connection
/// and releases the SQLite writer gate.
/// </summary>
public sealed class WriteScope : IAsyncDisposable
{
    private WriterGate? _gate;
    private bool _committed;
    private readonly bool _ownsConnection;

    internal WriteScope(DbConnection connection, DbTransaction transaction, WriterGate? gate, bool ownsConnection = true)
    {
        Connection = connection;
        Transaction = transaction;
        _gate = gate;
        _ownsConnection = ownsConnection;
    }

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }

    private List<Action>? _afterCommit;

    internal void AfterCommit(Action action) => (_afterCommit ??= []).Add(action);

    public async Task CommitAsync(CancellationToken ct = default)
    {
        await Transaction.CommitAsync(ct);
        _committed = true;
        if (_afterCommit is { } actions)
        {
            _afterCommit = null;
            foreach (var a in actions) a();
        }
    }

    public Task RollbackAsync(CancellationToken ct = default) => Transaction.RollbackAsync(ct);

    public async ValueTask DisposeAsync()
    {
        var gate = Interlocked.Exchange(ref _gate, null);
        try
        {
            try
            {
                await Transaction.DisposeAsync();
            }
            finally
            {
                gate?.Semaphore.Release();
            }
            if (gate is not null && _committed) await gate.CheckpointIfDueAsync(Connection);
        }
        finally
        {
            if (_ownsConnection) await Connection.DisposeAsync();
        }
    }
}

/// <summary>
/// The writer gate of one SQLite file, and its WAL checkpoints. SQLite's automatic checkpoint runs inside the COMMIT
/// that crosses 1,000 WAL pages, with its fsyncs, while that writer holds the gate and every other writer waits; here
/// every CheckpointEvery commits one writer runs a PASSIVE checkpoint after releasing the gate (one at a time), which
/// keeps the WAL short so the automatic one, left on as the safety net, seldom fires.
/// </summary>
internal sealed class WriterGate
{
    public const int CheckpointEvery = 32;

    public SemaphoreSlim Semaphore { get; } = new(1, 1);
    private int _commits;
    private int _checkpointing;

    public async Task CheckpointIfDueAsync(DbConnection c)
    {
        if (Interlocked.Increment(ref _commits) % CheckpointEvery != 0) return;
        if (Interlocked.CompareExchange(ref _checkpointing, 1, 0) != 0) return;
        try
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (SqliteException)
        {
            // The write is committed; a checkpoint that could not run now is retried later, or done by SQLite itself.
        }
        finally
        {
            Volatile.Write(ref _checkpointing, 0);
        }
    }
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
