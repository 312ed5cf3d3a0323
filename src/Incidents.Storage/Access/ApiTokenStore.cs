using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Incidents.Storage.Access;

/// <summary>The user behind a bearer token.</summary>
public sealed record TokenUser(long UserId, string Login, string DisplayName, IReadOnlySet<string> Roles, bool IsLead);

/// <summary>A token as listed: never its secret, nor its hash. CreatedBy: the login of whoever minted it (its owner), null for the
/// server's CLI; Via: page, api or cli (null: minted before this was recorded).</summary>
public sealed record ApiTokenInfo(long Id, long UserId, string Owner, string? Name, DateTimeOffset CreatedAt, string? CreatedBy, string? Via,
    DateTimeOffset? RevokedAt);

/// <summary>Where a token was minted. Only its owner mints one (page or API), or the operator on the server (CLI).</summary>
public static class TokenVia
{
    public const string Page = "page";
    public const string Api = "api";
    public const string Cli = "cli";
}

/// <summary>
/// Bearer tokens are 256 random bits, so a plain SHA-256 is enough to store them (no stretching needed, unlike
/// passwords): lookup is one indexed equality query and costs the same whatever the token. There is no way here to mint a
/// token for another user on someone's behalf: created_by is the owner (page, API) or null (CLI), never a third party.
/// </summary>
public sealed class ApiTokenStore(Database db, TimeProvider time)
{
    internal static readonly Sql Insert = new(
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at, created_by, created_via) VALUES (@userId, @hash, @name, @at, @createdBy, @via) RETURNING id",
        "INSERT INTO api_tokens (user_id, token_hash, name, created_at, created_by, created_via) OUTPUT INSERTED.id VALUES (@userId, @hash, @name, @at, @createdBy, @via)");

    internal static readonly Sql ByHash = new("""
        SELECT u.id AS user_id, u.login, u.display_name, u.roles, u.is_lead
        FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = @hash AND t.revoked_at IS NULL AND u.is_active = 1
        """);

    private const string ListColumns = """
        SELECT t.id, t.user_id, o.login AS owner, t.name, t.created_at, b.login AS created_by, t.created_via AS via, t.revoked_at
        FROM api_tokens t JOIN users o ON o.id = t.user_id LEFT JOIN users b ON b.id = t.created_by
        """;

    internal static readonly Sql ForUser = new(ListColumns + " WHERE t.user_id = @userId ORDER BY t.id");

    internal static readonly Sql All = new(ListColumns + " ORDER BY o.login, t.id");

    /// <summary>Any token (admin), or only one of @owner's (null: any).</summary>
    internal static readonly Sql Revoke = new(
        "UPDATE api_tokens SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL AND (@owner IS NULL OR user_id = @owner)");

    /// <summary>A new random token: "inc_" and 43 base64url characters.</summary>
    public static string Generate() =>
        "inc_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 bytes: what is stored and looked up.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// A token for <paramref name="userId"/>, minted by that user themselves (<paramref name="via"/> page or api: created_by is
    /// the owner) or by the operator on the server (cli: created_by null).
    /// </summary>
    public async Task<long> CreateAsync(long userId, string tokenHash, string? name, string via = TokenVia.Cli, CancellationToken ct = default)
    {
        if (via is not (TokenVia.Page or TokenVia.Api or TokenVia.Cli)) throw new ArgumentOutOfRangeException(nameof(via), via, "page, api or cli");
        long? createdBy = via == TokenVia.Cli ? null : userId;
        return await db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(new CommandDefinition(db[Insert],
            new { userId, hash = tokenHash, name, at = Instants.Ms(time.GetUtcNow()), createdBy, via }, tx, cancellationToken: ct)), ct);
    }

    private sealed class UserRow
    {
        public long UserId { get; set; }
        public string Login { get; set; } = "";
        public string DisplayName { get; set; } = "";
        public string Roles { get; set; } = "";
        public bool IsLead { get; set; }
    }

    /// <summary>How long a bearer token's user is taken from memory: a token revoked or a user changed by another process
    /// (the CLI, another host) works at most this long after; a change made through this process's stores, not at all.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private const int MaxCached = 10_000;

    // Every API request looked its token up (its own pooled connection, a prepared join): ~5% of the host's CPU per
    // intake case (tests/bench/profiles/intake16-cpu-before.txt). Found users only: an unknown token is never kept.
    private readonly ConcurrentDictionary<string, Cached> _cache = new(StringComparer.Ordinal);
    private sealed record Cached(TokenUser User, long Generation, DateTimeOffset Until);

    // One counter per database, bumped after each commit that revokes a token or changes a user; an entry read under an
    // older count is not used. Keyed by connection string so that every store of this process on the database (the CLI
    // verbs' included) sees it.
    private static readonly ConcurrentDictionary<string, StrongBox<long>> Generations = new(StringComparer.Ordinal);
    private static StrongBox<long> GenerationOf(Database db) => Generations.GetOrAdd(db.ConnectionString, _ => new StrongBox<long>());

    /// <summary>Drops every cached token user of this database at once: called after a revoke or a user change commits.</summary>
    internal static void Forget(Database db) => Interlocked.Increment(ref GenerationOf(db).Value);

    public async Task<TokenUser?> FindUserAsync(string tokenHash, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        // Read before the query: a change committed while it runs leaves this entry under an older count, so unused.
        var generation = Interlocked.Read(ref GenerationOf(db).Value);
        if (_cache.TryGetValue(tokenHash, out var hit) && hit.Generation == generation && now < hit.Until) return hit.User;
        await using var c = await db.OpenAsync(ct);
        var r = await c.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(db[ByHash], new { hash = tokenHash }, cancellationToken: ct));
        if (r is null)
        {
            _cache.TryRemove(tokenHash, out _);
            return null;
        }
        var user = new TokenUser(r.UserId, r.Login, r.DisplayName, UserStore.ParseRoles(r.Roles), r.IsLead);
        if (_cache.Count >= MaxCached) _cache.Clear();
        _cache[tokenHash] = new Cached(user, generation, now + CacheFor);
        return user;
    }

    private sealed class InfoRow
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string Owner { get; set; } = "";
        public string? Name { get; set; }
        public long CreatedAt { get; set; }
        public string? CreatedBy { get; set; }
        public string? Via { get; set; }
        public long? RevokedAt { get; set; }

        public ApiTokenInfo ToInfo() => new(Id, UserId, Owner, Name, Instants.At(CreatedAt), CreatedBy, Via, Instants.At(RevokedAt));
    }

    /// <summary>One user's tokens.</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<InfoRow>(new CommandDefinition(db[ForUser], new { userId }, cancellationToken: ct))).Select(r => r.ToInfo()).ToList();
    }

    /// <summary>Every user's tokens, by owner (the administrators' list).</summary>
    public async Task<IReadOnlyList<ApiTokenInfo>> ListAllAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<InfoRow>(new CommandDefinition(db[All], cancellationToken: ct))).Select(r => r.ToInfo()).ToList();
    }

    /// <summary>Revokes the token; with <paramref name="ownerId"/>, only if it is that user's. False when nothing was revoked.</summary>
    public async Task<bool> RevokeAsync(long id, long? ownerId = null, CancellationToken ct = default)
    {
        var revoked = await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Revoke],
            new { id, owner = ownerId, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct) > 0;
        Forget(db);
        return revoked;
    }
}
