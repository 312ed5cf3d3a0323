using Dapper;

namespace Incidents.Storage.Access;

/// <summary>
/// The Data Protection key ring (XML elements) in data_protection_keys, shared by every host on the database. Stored as
/// ASP.NET Core writes them: protect the database and its backups as you would the keys.
/// </summary>
public sealed class DataProtectionKeyStore(Database db, TimeProvider time)
{
    internal static readonly Sql List = new("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name");

    internal static readonly Sql Insert = new(
        "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@name, @xml, @at)");

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition(db[List], cancellationToken: ct))).ToList();
    }

    public Task AddAsync(string friendlyName, string xml, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Insert],
            new { name = friendlyName, xml, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
}
