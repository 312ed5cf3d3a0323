using Dapper;

namespace Incidents.Storage.Health;

/// <summary>Answers whether the database can be reached and queried, and whether it takes writes.</summary>
public sealed class DatabaseProbe(Database db, TimeProvider time)
{
    internal static readonly Sql Ping = new("SELECT 1");

    internal static readonly Sql Touch = new("UPDATE health_probe SET checked_at = @at WHERE id = 1");

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
        try
        {
            return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Touch],
                new { at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct) == 1;
        }
        catch (Exception e) when (IsDatabaseFailure(e))
        {
            return false;
        }
    }

    private static bool IsDatabaseFailure(Exception e) =>
        e is System.Data.Common.DbException or InvalidOperationException or TimeoutException or OperationCanceledException or IOException;
}
