using System.Security.Cryptography;
using Dapper;

namespace Incidents.Storage.Screen;

/// <summary>A wall-screen link as the administrators list it: never its token. CreatedBy and RevokedBy are display names.</summary>
public sealed record ScreenLink(long Id, string Label, string CreatedBy, DateTimeOffset CreatedAt, string? RevokedBy,
    DateTimeOffset? RevokedAt, DateTimeOffset? LastSeenAt);

/// <summary>
/// The press room's read-only links (issue #13). A link is 256 random bits, kept as its SHA-256 like an API token
/// (Access/ApiTokenStore.Hash), but it names no user and grants nothing but the screen: the bearer handler never looks
/// here, and the screen never looks at api_tokens. The rows are the audit: who made each link, who revoked it, when.
/// </summary>
public sealed class ScreenLinkStore(Database db, TimeProvider time)
{
    internal static readonly Sql Insert = new(
        "INSERT INTO screen_links (label, token_hash, created_by, created_at) VALUES (@label, @hash, @by, @at) RETURNING id",
        "INSERT INTO screen_links (label, token_hash, created_by, created_at) OUTPUT INSERTED.id VALUES (@label, @hash, @by, @at)");

    internal static readonly Sql LiveByHash = new(
        "SELECT id FROM screen_links WHERE token_hash = @hash AND revoked_at IS NULL");

    internal static readonly Sql IsLive = new(
        "SELECT COUNT(*) FROM screen_links WHERE id = @id AND revoked_at IS NULL");

    internal static readonly Sql All = new("""
        SELECT s.id, s.label, c.display_name AS created_by, s.created_at, r.display_name AS revoked_by, s.revoked_at, s.last_seen_at
        FROM screen_links s JOIN users c ON c.id = s.created_by LEFT JOIN users r ON r.id = s.revoked_by
        ORDER BY s.id DESC
        """);

    internal static readonly Sql Revoke = new(
        "UPDATE screen_links SET revoked_at = @at, revoked_by = @by WHERE id = @id AND revoked_at IS NULL");

    /// <summary>Only moves forward, so two hosts writing at once keep the later instant.</summary>
    internal static readonly Sql Seen = new(
        "UPDATE screen_links SET last_seen_at = @at WHERE id = @id AND (last_seen_at IS NULL OR last_seen_at < @at)");

    /// <summary>A new link token: 43 base64url characters (256 bits), with no prefix that says what it opens.</summary>
    public static string Generate() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form, the same as an API token's (SHA-256, lower-case hex).</summary>
    public static string Hash(string token) => Access.ApiTokenStore.Hash(token);

    public async Task<long> CreateAsync(string label, string tokenHash, long createdBy, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(new CommandDefinition(db[Insert],
            new { label, hash = tokenHash, by = createdBy, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct);

    /// <summary>The id of the live (not revoked) link with this token hash; null for an unknown or revoked one alike.</summary>
    public async Task<long?> FindLiveAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(db[LiveByHash], new { hash = tokenHash }, cancellationToken: ct));
    }

    public async Task<bool> IsLiveAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(db[IsLive], new { id }, cancellationToken: ct)) > 0;
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Label { get; set; } = "";
        public string CreatedBy { get; set; } = "";
        public long CreatedAt { get; set; }
        public string? RevokedBy { get; set; }
        public long? RevokedAt { get; set; }
        public long? LastSeenAt { get; set; }
    }

    /// <summary>Every link, newest first.</summary>
    public async Task<IReadOnlyList<ScreenLink>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<Row>(new CommandDefinition(db[All], cancellationToken: ct)))
            .Select(r => new ScreenLink(r.Id, r.Label, r.CreatedBy, Instants.At(r.CreatedAt), r.RevokedBy, Instants.At(r.RevokedAt), Instants.At(r.LastSeenAt)))];
    }

    /// <summary>False when the link is unknown or was revoked already.</summary>
    public async Task<bool> RevokeAsync(long id, long revokedBy, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Revoke],
            new { id, by = revokedBy, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct) > 0;

    public async Task SeenAsync(long id, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Seen],
            new { id, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
}
