using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// Every user's API tokens (owner, who created it, when, revoked), and revoke. A token is minted here only for the signed-in
/// administrator themselves: minting one for another user would let an administrator act as them, leadership included.
/// A new token is shown once (only its SHA-256 is stored).
/// </summary>
public sealed class TokensModel(ApiTokenStore tokens, UiText t) : PageModel
{
    public const int MaxNameLength = 100;
    /// <summary>The field as a message names it.</summary>
    public static readonly Core.Workflows.LocalizedText NameWords = new("Tên mã", "The token name");

    public IReadOnlyList<ApiTokenInfo> Tokens { get; private set; } = [];
    public string? NewToken { get; private set; }
    public string? NameError { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Tokens = await tokens.ListAllAsync(ct);

    /// <summary>For the signed-in user only, whatever else the form sends. Rendered, not redirected: the token must not
    /// travel in TempData or a URL.</summary>
    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken ct)
    {
        name = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        var fault = Core.Cases.PlainText.Check(name);
        if (name is { Length: > MaxNameLength } || fault is not null)
        {
            NameError = fault is not null
                ? Core.Cases.PlainText.Describe(fault, NameWords).In(UiText.Culture)
                : t["The token name is at most 100 characters."];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        else
        {
            var token = ApiTokenStore.Generate();
            await tokens.CreateAsync(User.ToActor().Id, ApiTokenStore.Hash(token), name, TokenVia.Page, ct);
            NewToken = token;
            Response.Headers.CacheControl = "no-store";
        }
        Tokens = await tokens.ListAllAsync(ct);
        return Page();
    }

    /// <summary>A destructive action's question when it came without confirm=yes (ConfirmStep).</summary>
    public Ui.Display.ConfirmStep? Confirm { get; private set; }

    public async Task<IActionResult> OnPostRevokeAsync(long tokenId, CancellationToken ct)
    {
        if (!Ui.Display.ConfirmStep.Given(Request))
        {
            Tokens = await tokens.ListAllAsync(ct);
            var name = Tokens.FirstOrDefault(x => x.Id == tokenId)?.Name;
            Confirm = new(t.F("Revoke the token {0}? Scripts that use it stop working at once.", name ?? "—"), "Revoke",
                new Dictionary<string, string> { ["tokenId"] = tokenId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/admin/tokens");
            return Page();
        }
        await tokens.RevokeAsync(tokenId, ct: ct);
        return Redirect("/admin/tokens");
    }
}
