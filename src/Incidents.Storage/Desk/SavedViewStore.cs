using Dapper;

namespace Incidents.Storage.Desk;

/// <summary>A named set of queue filters. Query: the queue's query string; Team: the queue it filters; Shared: listed to
/// whoever sees that team's queue, not only to its owner.</summary>
public sealed record SavedView(long Id, long OwnerId, string OwnerName, string Name, string Team, string Query, bool Shared, DateTimeOffset CreatedAt);

public sealed class SavedViewStore(Database db, TimeProvider time)
{
    internal static readonly Sql Insert = new("""
        INSERT INTO saved_views (owner_id, name, name_key, team, query, shared, created_at)
        SELECT @owner, @name, @key, @team, @query, @shared, @at
        WHERE NOT EXISTS (SELECT 1 FROM saved_views WHERE owner_id = @owner AND name_key = @key)
        """, """
        INSERT INTO saved_views (owner_id, name, name_key, team, query, shared, created_at)
        SELECT @owner, @name, @key, @team, @query, @shared, @at
        WHERE NOT EXISTS (SELECT 1 FROM saved_views WITH (UPDLOCK, HOLDLOCK) WHERE owner_id = @owner AND name_key = @key)
        """);

    internal static readonly Sql IdOf = new("SELECT id FROM saved_views WHERE owner_id = @owner AND name_key = @key");

    private const string Columns = "SELECT v.id, v.owner_id, u.display_name AS owner_name, v.name, v.team, v.query, v.shared, v.created_at FROM saved_views v JOIN users u ON u.id = v.owner_id";

    /// <summary>The reader's own views and the shared views of the teams they see: own first, then by name.</summary>
    internal static readonly Sql Visible = new(
        Columns + " WHERE v.owner_id = @owner OR (v.shared = 1 AND v.team IN (SELECT value FROM json_each(@teams))) ORDER BY CASE WHEN v.owner_id = @owner THEN 0 ELSE 1 END, v.name_key, v.id",
        Columns + " WHERE v.owner_id = @owner OR (v.shared = 1 AND v.team IN (SELECT value FROM OPENJSON(@teams))) ORDER BY CASE WHEN v.owner_id = @owner THEN 0 ELSE 1 END, v.name_key, v.id");

    internal static readonly Sql ById = new(Columns + " WHERE v.id = @id");

    internal static readonly Sql DeleteOwn = new("DELETE FROM saved_views WHERE id = @id AND owner_id = @owner");

    private sealed class Row
    {
        public long Id { get; set; }
        public long OwnerId { get; set; }
        public string OwnerName { get; set; } = "";
        public string Name { get; set; } = "";
        public string Team { get; set; } = "";
        public string Query { get; set; } = "";
        public bool Shared { get; set; }
        public long CreatedAt { get; set; }
        public SavedView ToView() => new(Id, OwnerId, OwnerName, Name, Team, Query, Shared, Instants.At(CreatedAt));
    }

    private static string Key(string name) => name.ToLowerInvariant();

    /// <summary>The new view's id; null when the owner already has a view of that name (any letter case).</summary>
    public async Task<long?> CreateAsync(long ownerId, string name, string team, string query, bool shared, CancellationToken ct = default)
    {
        return await db.WriteAsync(async (c, tx) =>
        {
            var args = new { owner = ownerId, name, key = Key(name), team, query, shared, at = Instants.Ms(time.GetUtcNow()) };
            if (await c.ExecuteAsync(new CommandDefinition(db[Insert], args, tx, cancellationToken: ct)) == 0) return (long?)null;
            return await c.ExecuteScalarAsync<long>(new CommandDefinition(db[IdOf], args, tx, cancellationToken: ct));
        }, ct);
    }

    public async Task<IReadOnlyList<SavedView>> VisibleAsync(long ownerId, IReadOnlyCollection<string> teams, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(db[Visible],
            new { owner = ownerId, teams = System.Text.Json.JsonSerializer.Serialize(teams) }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToView())];
    }

    public async Task<SavedView?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(db[ById], new { id }, cancellationToken: ct)))?.ToView();
    }

    /// <summary>Deletes the view if this owner's; false otherwise.</summary>
    public async Task<bool> DeleteAsync(long id, long ownerId, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[DeleteOwn], new { id, owner = ownerId }, tx, cancellationToken: ct)), ct) > 0;
}
