using Dapper;

namespace Incidents.Storage.Health;

/// <summary>Answers whether the database can be reached and queried.</summary>
public sealed class DatabaseProbe(Database db)
{
    internal static readonly Sql Ping = new("SELECT 1");

    public async Task<bool> IsReachableAsync(CancellationToken ct = default)
    {
        try
        {
            await using var c = await db.OpenAsync(ct);
            return await c.ExecuteScalarAsync<int>(new CommandDefinition(db[Ping], cancellationToken: ct)) == 1;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            return false;
        }
    }
}
