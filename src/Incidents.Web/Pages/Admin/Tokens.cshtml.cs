using Incidents.Storage.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>API tokens per user: created tokens are shown once (only their SHA-256 is stored); revoke.</summary>
public sealed class TokensModel(UserStore users, ApiTokenStore tokens) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? UserId { get; set; }
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public IReadOnlyList<ApiTokenInfo> Tokens { get; private set; } = [];
    public string? NewToken { get; private set; }

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await users.ListAsync(ct);
        UserId ??= Users.FirstOrDefault()?.Id;
        Tokens = UserId is { } id ? await tokens.ListAsync(id, ct) : [];
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Rendered, not redirected: the token must not travel in TempData or a URL.</summary>
    public async Task<IActionResult> OnPostCreateAsync(string? name, CancellationToken ct)
    {
        if (UserId is not { } id || await users.FindByIdAsync(id, ct) is null) return NotFound();
        var token = ApiTokenStore.Generate();
        await tokens.CreateAsync(id, ApiTokenStore.Hash(token), string.IsNullOrWhiteSpace(name) ? null : name.Trim(), ct);
        NewToken = token;
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long tokenId, CancellationToken ct)
    {
        await tokens.RevokeAsync(tokenId, ct);
        return Redirect($"/admin/tokens?UserId={UserId}");
    }
}
