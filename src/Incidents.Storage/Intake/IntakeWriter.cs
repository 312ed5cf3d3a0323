using System.Collections.Concurrent;
using System.Data.Common;

namespace Incidents.Storage.Intake;

/// <summary>One request's share of a group transaction: its statements run on Connection in Transaction.</summary>
public sealed class IntakeTurn
{
    internal IntakeTurn(DbConnection connection, DbTransaction transaction, IntakeStatements statements) =>
        (Connection, Transaction, Statements) = (connection, transaction, statements);

    public DbConnection Connection { get; }
    public DbTransaction Transaction { get; }
    /// <summary>The writer's statements, prepared once on its connection.</summary>
    internal IntakeStatements Statements { get; }
    internal bool Discarded { get; private set; }

    /// <summary>Undo what this request wrote (its savepoint is rolled back) while still returning its result.</summary>
    public void Discard() => Discarded = true;
}

/// <summary>
/// Group commit for intake. Requests queue here; one drainer at a time takes the writer (Database.BeginWriteAsync, the
/// one commit path), then up to BatchSize queued requests, runs each in a savepoint of the same transaction, commits
/// once, and only then completes them. A case is acknowledged only once its commit is done, so it is as durable as
/// before (kill -9 loses none); a per-case commit was the limit (one writer, one case per transaction). A request that
/// throws (a unique or foreign-key violation, a bad value) has its savepoint rolled back and fails alone; the others
/// commit. Numbers stay gap-free: a rolled-back savepoint takes its number back. If the transaction itself fails
/// (disk full, the savepoint cannot be rolled back), every request of the batch fails and nothing is stored.
/// The writer keeps its own connection open between batches, with its statements prepared once (IntakeStatements); a
/// failed transaction closes it, and the next batch opens a new one.
/// </summary>
public sealed class IntakeWriter(Database db, int batchSize = IntakeWriter.DefaultBatchSize)
{
    public const int DefaultBatchSize = 64;

    private readonly ConcurrentQueue<Turn> _queue = new();
    private int _draining;
    private long _commits;
    // Used only by the one drainer at a time (the _draining flag hands them over with a full fence).
    private DbConnection? _connection;
    private IntakeStatements? _statements;

    /// <summary>Group transactions committed so far (tests read it to see that requests shared one).</summary>
    internal long Commits => Interlocked.Read(ref _commits);

    /// <summary>The connection the writer keeps between batches (tests see that it is kept); null before the first.</summary>
    internal DbConnection? Connection => _connection;

    /// <summary>Runs <paramref name="work"/> in the next group transaction; returns its result once that has committed.</summary>
    public Task<T> RunAsync<T>(Func<IntakeTurn, CancellationToken, Task<T>> work, CancellationToken ct = default)
    {
        var turn = new Turn<T>(work, ct);
        _queue.Enqueue(turn);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0) _ = Task.Run(DrainAsync, CancellationToken.None);
        return turn.Result;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            while (!_queue.IsEmpty) await WriteBatchAsync();
            Volatile.Write(ref _draining, 0);
            // A request queued after the last look but before the flag was cleared started no drainer: take it here.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
        }
    }

    private async Task WriteBatchAsync()
    {
        var batch = new List<Turn>(batchSize);
        try
        {
            // The writer first, then the queue: requests that came while the previous batch held the writer join this one.
            _connection ??= await OpenConnectionAsync();
            _statements ??= new IntakeStatements(_connection, db);
            await using var w = await db.BeginWriteAsync(_connection, CancellationToken.None);
            while (batch.Count < batchSize && _queue.TryDequeue(out var t))
            {
                if (t.Cancellation.IsCancellationRequested) t.Cancel();
                else batch.Add(t);
            }
            var done = new List<Turn>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var t = batch[i];
                var savepoint = "intake" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await w.Transaction.SaveAsync(savepoint, CancellationToken.None);
                var turn = new IntakeTurn(w.Connection, w.Transaction, _statements);
                try
                {
                    await t.RunAsync(turn);
                }
                catch (Exception e)
                {
                    // If this throws, the transaction is gone: the outer catch fails the whole batch.
                    await w.Transaction.RollbackAsync(savepoint, CancellationToken.None);
                    t.Fail(e);
                    continue;
                }
                if (turn.Discarded) await w.Transaction.RollbackAsync(savepoint, CancellationToken.None);
                await w.Transaction.ReleaseAsync(savepoint, CancellationToken.None);
                done.Add(t);
            }
            if (done.Count > 0)
            {
                await w.CommitAsync(CancellationToken.None);
                Interlocked.Increment(ref _commits);
            }
            foreach (var t in done) t.Complete();
        }
        catch (Exception e)
        {
            // The connection may be what failed (an I/O error): the next batch starts on a new one. Closing must not
            // throw here, or the drainer would end with the flag still set and no batch would run again.
            try { await CloseConnectionAsync(); }
            catch (Exception) { _connection = null; }
            // No writer at all (a read-only or unreachable database): the waiting requests fail now rather than wait
            // for a writer in a loop, as a single request failed before.
            if (batch.Count == 0)
                while (batch.Count < batchSize && _queue.TryDequeue(out var waiting)) batch.Add(waiting);
            foreach (var t in batch) t.Fail(e); // a turn already failed or completed keeps its outcome
        }
    }

    /// <summary>
    /// SQLite: the per-case savepoints keep the pages they change in a sub-journal, which spilled to a temp file
    /// (/var/tmp/etilqs_*: open, write, unlink, close for each batch); temp_store=MEMORY keeps it in memory, on this
    /// connection only (bounded by one batch's pages).
    /// </summary>
    private async Task<DbConnection> OpenConnectionAsync()
    {
        var c = await db.OpenAsync(CancellationToken.None);
        if (db.Provider != DbProvider.Sqlite) return c;
        try
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "PRAGMA temp_store=MEMORY";
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
            return c;
        }
        catch
        {
            await c.DisposeAsync();
            throw;
        }
    }

    private async Task CloseConnectionAsync()
    {
        _statements?.Dispose();
        _statements = null;
        if (_connection is { } c)
        {
            _connection = null;
            // The native handle goes back to the pool: with the default temp store, as other users expect it.
            if (db.Provider == DbProvider.Sqlite)
                try
                {
                    await using var cmd = c.CreateCommand();
                    cmd.CommandText = "PRAGMA temp_store=DEFAULT";
                    await cmd.ExecuteNonQueryAsync(CancellationToken.None);
                }
                catch (Exception)
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearPool((Microsoft.Data.Sqlite.SqliteConnection)c); // not reusable as it is
                }
            await c.DisposeAsync();
        }
    }

    private abstract class Turn
    {
        public abstract CancellationToken Cancellation { get; }
        public abstract Task RunAsync(IntakeTurn turn);
        public abstract void Complete();
        public abstract void Fail(Exception e);
        public abstract void Cancel();
    }

    private sealed class Turn<T>(Func<IntakeTurn, CancellationToken, Task<T>> work, CancellationToken ct) : Turn
    {
        // Continuations run on the thread pool, not on the drainer between two batches.
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _value = default!;

        public Task<T> Result => _tcs.Task;
        public override CancellationToken Cancellation => ct;
        public override async Task RunAsync(IntakeTurn turn) => _value = await work(turn, ct);
        public override void Complete() => _tcs.TrySetResult(_value);
        public override void Fail(Exception e) => _tcs.TrySetException(e);
        public override void Cancel() => _tcs.TrySetCanceled(ct);
    }
}
