using System.Security.Claims;
using System.Text.Encodings.Web;
using Incidents.Storage.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Access;

/// <summary>
/// Authorization: Bearer &lt;token&gt;. The token's SHA-256 is looked up in api_tokens (one indexed query): the same work
/// for every request, and no slow hash on the hot path — tokens are random, so stretching would add nothing.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenStore tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var token = header["Bearer ".Length..].Trim();
        if (token.Length is 0 or > 200) return AuthenticateResult.Fail("Malformed bearer token.");
        var user = await tokens.FindUserAsync(ApiTokenStore.Hash(token), Context.RequestAborted);
        if (user is null) return AuthenticateResult.Fail("Unknown or revoked token.");
        var principal = Claimsets.Principal(user.UserId, user.Login, user.DisplayName, user.Roles, user.IsLead, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

public static class Claimsets
{
    public const string LeadClaim = "incidents:lead";
    /// <summary>The user's security stamp when the cookie was issued (cookies only; see AccessSetup.Revalidate).</summary>
    public const string StampClaim = "incidents:stamp";

    public static ClaimsPrincipal Principal(long id, string login, string displayName, IEnumerable<string> roles, bool isLead, string scheme,
        string? stamp = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, login),
            new(ClaimTypes.GivenName, displayName),
        };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        if (isLead) claims.Add(new Claim(LeadClaim, "true"));
        if (stamp is not null) claims.Add(new Claim(StampClaim, stamp));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>The signed-in user as the core's Actor.</summary>
    public static Core.Access.Actor ToActor(this ClaimsPrincipal p) => new(
        long.Parse(p.FindFirstValue(ClaimTypes.NameIdentifier) ?? "0", System.Globalization.CultureInfo.InvariantCulture),
        p.Identity?.Name ?? "",
        p.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
        p.HasClaim(LeadClaim, "true"));
}
