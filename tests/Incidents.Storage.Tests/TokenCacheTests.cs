using Dapper;
using Incidents.Storage.Access;

namespace Incidents.Storage.Tests;

/// <summary>
/// Bearer token users are kept in memory for ApiTokenStore.CacheFor: a revoke or a user change made through this
/// process's stores takes effect on the very next lookup, one made behind their back (the CLI in another process,
/// another host) within CacheFor.
/// </summary>
public sealed class TokenCacheTests(SqliteTestDatabase t) : IClassFixture<SqliteTestDatabase>
{
    private async Task<(long UserId, string Hash)> UserWithTokenAsync(string login)
    {
        var id = (await new UserStore(t.Db, t.Time).CreateAsync(new NewUser(login, "Lê Hoa", null, "hash", ["complaints"])))!.Value;
        var hash = ApiTokenStore.Hash(ApiTokenStore.Generate());
        await new ApiTokenStore(t.Db, t.Time).CreateAsync(id, hash, "ci");
        return (id, hash);
    }

    [Fact]
    public async Task A_revoked_token_stops_working_on_the_next_request()
    {
        var (_, hash) = await UserWithTokenAsync("revoked-at-once");
        var tokens = new ApiTokenStore(t.Db, t.Time);
        Assert.NotNull(await tokens.FindUserAsync(hash)); // now cached
        var id = (await tokens.ListAllAsync()).Single(i => i.Owner == "revoked-at-once").Id;

        // Revoked through another store instance of the process (the page's, the API's, the in-process CLI verb's).
        Assert.True(await new ApiTokenStore(t.Db, t.Time).RevokeAsync(id));

        Assert.Null(await tokens.FindUserAsync(hash));
    }

    [Fact]
    public async Task A_disabled_user_or_a_role_change_takes_effect_on_the_next_request()
    {
        var (userId, hash) = await UserWithTokenAsync("disabled-at-once");
        var tokens = new ApiTokenStore(t.Db, t.Time);
        var users = new UserStore(t.Db, t.Time);
        Assert.Equal(["complaints"], (await tokens.FindUserAsync(hash))!.Roles);

        await users.SetRolesAsync(userId, ["security"], isLead: false);
        Assert.Equal(["security"], (await tokens.FindUserAsync(hash))!.Roles);

        await users.SetActiveAsync(userId, active: false);
        Assert.Null(await tokens.FindUserAsync(hash));
    }

    [Fact]
    public async Task A_revoke_made_by_another_process_takes_effect_within_the_cache_time()
    {
        var (_, hash) = await UserWithTokenAsync("revoked-elsewhere");
        var tokens = new ApiTokenStore(t.Db, t.Time);
        Assert.NotNull(await tokens.FindUserAsync(hash));

        // Another process writes the database directly: nothing in this one is told.
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("UPDATE api_tokens SET revoked_at = 1 WHERE token_hash = @hash", new { hash });

        t.Time.Advance(ApiTokenStore.CacheFor - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await tokens.FindUserAsync(hash)); // the price of the cache: up to CacheFor, and no longer
        t.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(await tokens.FindUserAsync(hash));
        Assert.Equal(TimeSpan.FromSeconds(2), ApiTokenStore.CacheFor); // the bound the README states
    }

    [Fact]
    public async Task An_unknown_token_is_looked_up_every_time_and_never_kept()
    {
        var tokens = new ApiTokenStore(t.Db, t.Time);
        var hash = ApiTokenStore.Hash(ApiTokenStore.Generate());
        Assert.Null(await tokens.FindUserAsync(hash));
        // The same hash becomes a real token (a freshly minted one): it works at once, no "unknown" was remembered.
        var id = (await new UserStore(t.Db, t.Time).CreateAsync(new NewUser("minted-later", "Lê Hoa", null, "hash", ["complaints"])))!.Value;
        await new ApiTokenStore(t.Db, t.Time).CreateAsync(id, hash, "ci");
        Assert.Equal("minted-later", (await tokens.FindUserAsync(hash))!.Login);
    }
}
