using System.Security.Claims;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Account;

/// <summary>
/// A user's own password: the current one first (a cookie left on a shared computer must not be enough; wrong guesses
/// count against the client address as failed sign-ins do), then the policy. The change renews the security stamp, so every other session ends; this one gets a cookie with the new stamp.
/// </summary>
public sealed class PasswordModel(UserStore users, SignInThrottleStore throttle, PasswordPolicy policy, TimeProvider time, UiText t) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? New { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var id = long.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture);
        var user = await users.FindByIdAsync(id, ct);
        if (user is null) return Forbid();
        // Guesses at the current password (a stolen cookie) count against the address like failed sign-ins.
        var address = SignIns.ClientAddress(HttpContext);
        if (await throttle.BlockedUntilAsync(address, time.GetUtcNow(), ct) is not null)
            Errors["Current"] = t["Too many wrong attempts from this address. Wait a few minutes before trying again."];
        else if (user.PasswordHash is null || !Passwords.Verify(user.PasswordHash, Current ?? ""))
        {
            Errors["Current"] = t["The current password is wrong."];
            await throttle.RecordFailureAsync(address, time.GetUtcNow(), ct);
        }
        if (policy.Check(New, user.Login) is { Count: > 0 } problems)
            Errors["New"] = t["The new password"] + " " + string.Join("; ", problems.Select(p => p.In(UiText.Culture))) + ".";
        else if (New != Confirm)
            Errors["Confirm"] = t["The two new passwords differ."];
        if (Errors.Count > 0) return Page();

        var stamp = await users.SetPasswordHashAsync(id, Passwords.Hash(New!), by: user.Login, reset: false, ct: ct);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Claimsets.Principal(user.Id, user.Login,
            user.DisplayName, user.Roles, user.IsLead, CookieAuthenticationDefaults.AuthenticationScheme, stamp));
        TempData["Flash"] = t["Password changed. Your other sessions are signed out."];
        return Redirect("/");
    }
}
