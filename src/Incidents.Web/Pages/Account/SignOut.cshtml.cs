using System.Security.Claims;
using Incidents.Storage.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Account;

/// <summary>POST only (with antiforgery), so a link elsewhere cannot sign a user out. Signing out renews the user's security
/// stamp: the cookie, and any copy of it, is refused from then on, not merely deleted from this browser.</summary>
public sealed class SignOutModel(UserStore users) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (long.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.CultureInfo.InvariantCulture, out var id))
            await users.EndSessionsAsync(id, User.Identity?.Name, ct);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/signin");
    }
}
