using Incidents.Storage.Access;
using Incidents.Web.Pages.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incidents.Web.Access;

/// <summary>A new token's name (optional, at most 100 characters).</summary>
public sealed record TokenRequest(string? Name);

/// <summary>The token itself is in this answer only, once; the server keeps its SHA-256.</summary>
public sealed record NewTokenView(long Id, string Token, string? Name, DateTimeOffset CreatedAt);

/// <summary>A token as listed: never its secret.</summary>
public sealed record TokenView(long Id, string? Name, DateTimeOffset CreatedAt, string? CreatedBy, string? Via, DateTimeOffset? RevokedAt);

/// <summary>
/// The caller's own tokens. There is no route to mint a token for anyone else: whoever holds a user's token acts as that
/// user (leadership included), so only the user themselves, or the operator on the server (CLI), mints one.
/// </summary>
public static class TokenEndpoints
{
    public static RouteGroupBuilder MapTokens(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/tokens").WithTags("Tokens").RequireAuthorization(Policies.Reader);
        g.MapPost("", CreateAsync).WithName("CreateToken")
            .WithSummary("Mint an API token for yourself")
            .WithDescription("Body {name} (optional, at most 100 characters). The token is for the caller only and is shown in this " +
                "answer once; the server keeps its SHA-256. The token records that its owner created it through the API.")
            .Accepts<TokenRequest>("application/json")
            .ProducesValidationProblem();
        g.MapGet("", ListAsync).WithName("ListTokens")
            .WithSummary("Your own API tokens")
            .WithDescription("Never the tokens themselves: name, when and how each was created, and whether it is revoked.");
        return api;
    }

    private static async Task<Results<Created<NewTokenView>, ValidationProblem>> CreateAsync(TokenRequest? body, HttpContext http,
        ApiTokenStore tokens, TimeProvider time, CancellationToken ct)
    {
        if (Core.Cases.PlainText.Check(body?.Name) is { } fault)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [Core.Cases.PlainText.Message(fault, TokensModel.NameWords)],
            }, extensions: new Dictionary<string, object?> { ["codes"] = new Dictionary<string, string> { ["name"] = fault.Code } });
        var name = string.IsNullOrWhiteSpace(body?.Name) ? null : body.Name.Trim();
        if (name is { Length: > Pages.Admin.TokensModel.MaxNameLength })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [$"Tên mã dài tối đa {Pages.Admin.TokensModel.MaxNameLength} ký tự. / name is at most {Pages.Admin.TokensModel.MaxNameLength} characters."],
            });
        var token = ApiTokenStore.Generate();
        var id = await tokens.CreateAsync(http.User.ToActor().Id, ApiTokenStore.Hash(token), name, TokenVia.Api, ct);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/tokens/{id}", new NewTokenView(id, token, name, time.GetUtcNow()));
    }

    private static async Task<Ok<IReadOnlyList<TokenView>>> ListAsync(HttpContext http, ApiTokenStore tokens, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<TokenView>>([.. (await tokens.ListAsync(http.User.ToActor().Id, ct))
            .Select(t => new TokenView(t.Id, t.Name, t.CreatedAt, t.CreatedBy, t.Via, t.RevokedAt))]);
}
