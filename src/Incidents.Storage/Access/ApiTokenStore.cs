using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Incidents.Storage.Access;

/// <summary>The user behind a bearer token.</summary>
public sealed record TokenUser(long UserId, string Login, string DisplayName, IReadOnlySet<string> Roles, bool IsLead);

public sealed record ApiTokenInfo(long Id, long UserId, string? Name, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// Bearer tokens are 256 random bits, so a plain SHA-256 is enough to store them (no stretching needed, unlike
/// passwords): lookup is one indexed equality query and costs the same whatever the token.
/// </summary>
public sealed class ApiTokenStore(Database db, TimeProvider time)
{
    internal static readonly Sql Insert = new(
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at) VALUES (@userId, @hash, @name, @at) RETURNING id",
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at) OUTPUT INSERTED.id VALUES (@userId, @hash, @name, @at)");

    internal static readonly Sql ByHash = new("""
        SELECT u.id AS user_id, u.login, u.display_name, u.roles, u.is_lead
        FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND u.is_active = 1
        """);

    internal static readonly Sql ForUser = new(
        "SELECT id, user_id, name, created_at, revoked_at FROM api_tokens WHERE user_id = @userId ORDER BY id");

    internal static readonly Sql Revoke = new("UPDATE api_tokens SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL");

    /// <summary>A new random token: "inc_" and 43 base64url characters.</summary>
    public static string Generate() =>
        "inc_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes: what is stored and looked up.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<long> CreateAsync(long userId, string tokenHash, string? name, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(new CommandDefinition(db[Insert],
            new { userId, hash = tokenHash, name, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct);
    }

    private sealed class UserRow
    {
        public long UserId { get; set; }
        public string Login { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Roles { get; set; } = "";
        public bool IsLead { get; set; }
    }

    public async Task<TokenUser?> FindUserAsync(string tokenHash, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var r = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(db[ByHash], new { hash = tokenHash }, cancellationToken: ct));
        return r is null ? null : new TokenUser(r.UserId, r.Login, r.DisplayName, UserStore.ParseRoles(r.Roles), r.IsLead);
    }

    private sealed class InfoRow
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string? Name { get; set; }
        public long CreatedAt { get; set; }
        public long? RevokedAt { get; set; }
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<InfoRow>(new CommandDefinition(db[ForUser], new { userId }, cancellationToken: ct)))
            .Select(r => new ApiTokenInfo(r.Id, r.UserId, r.Name, Instants.At(r.CreatedAt), Instants.At(r.RevokedAt))).ToList();
    }

    public async Task<bool> RevokeAsync(long id, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Revoke], new { id, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct) > 0;
    }
}
