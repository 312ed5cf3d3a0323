using Dapper;

namespace Incidents.Storage.Health;

/// <summary>Answers whether the database can be reached and queried, and whether it takes writes.</summary>
public sealed class DatabaseProbe(Database db, TimeProvider time)
{
    internal static readonly Sql Ping = new("SELECT 1");

    internal static readonly Sql Touch = new("UPDATE health_probe SET checked_at = @at WHERE id = 1");

    /// <summary>How long a write refused for space or a read-only file keeps the probe saying writes fail (the Retry-After).</summary>
    public static readonly TimeSpan RefusalMemory = TimeSpan.FromSeconds(30);

    private long _lastRefusalTicks;

    /// <summary>
    /// A real write was refused (StorageFailure): the probe's own one-row update rewrites a page that already exists, so on
    /// a full disk it can still succeed while every intake, which needs new pages, fails. The refusal is remembered.
    /// </summary>
    public void WriteRefused() => Interlocked.Exchange(ref _lastRefusalTicks, time.GetUtcNow().UtcTicks);

    private bool RecentlyRefused => time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastRefusalTicks) < RefusalMemory.Ticks;

    public async Task<bool> IsReachableAsync(CancellationToken ct = default)
    {
        try
        {
            await using var c = await db.OpenAsync(ct);
            return await c.ExecuteScalarAsync<int>(new CommandDefinition(db[Ping], cancellationToken: ct)) == 1;
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Commits one small write, through the writer gate like every other write: a read-only file, a full disk or a
    /// lost write permission fails here. A read alone answers yes while every intake fails.
    /// </summary>
    public async Task<bool> IsWritableAsync(CancellationToken ct = default)
    {
        if (RecentlyRefused) return false;
        try
        {
            return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Touch],
                new { at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            if (StorageFailure.IsUnavailable(e)) WriteRefused();
            return false;
        }
    }

    private static bool IsDatabaseFailure(Exception e) =>
        e is System.Data.Common.DbException or InvalidOperationException or TimeoutException or OperationCanceledException or IOException;
}
