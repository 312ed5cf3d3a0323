using Incidents.Web.Access;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Account;

/// <summary>Local accounts (SignIns: lock per account, block per address). One answer for every refusal, so the page never
/// tells whether a login exists or is locked.</summary>
public sealed class SignInModel(SignIns signIns, UiText t) : PageModel
{
    public const string Refused = "Sign-in failed: wrong login or password, or too many attempts. Wait a few minutes before trying again.";

    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (outcome, user) = await signIns.TryAsync(Login, Password, SignIns.ClientAddress(HttpContext), ct);
        if (outcome != SignInOutcome.SignedIn || user is null)
        {
            Error = outcome == SignInOutcome.Disabled ? t["This account is disabled."] : t[Refused];
            return Page();
        }
        var principal = Claimsets.Principal(user.Id, user.Login, user.DisplayName, user.Roles, user.IsLead,
            CookieAuthenticationDefaults.AuthenticationScheme, user.SecurityStamp);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
