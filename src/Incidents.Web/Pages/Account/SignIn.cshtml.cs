using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Account;

/// <summary>Local accounts: PasswordHasher, and a 15-minute lock after 5 failures in a row (users.failed_logins/locked_until).</summary>
public sealed class SignInModel(UserStore users, TimeProvider time, UiText t) : PageModel
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);
    // Verified for unknown logins too, so a wrong login costs the same time as a wrong password.
    private static readonly string DummyHash = Passwords.Hash("not-a-password-" + Guid.NewGuid());

    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var user = string.IsNullOrWhiteSpace(Login) ? null : await users.FindByLoginAsync(Login.Trim(), ct);
        if (user is null || user.PasswordHash is null)
        {
            Passwords.Verify(DummyHash, Password ?? "");
            Error = t["Wrong login or password."];
            return Page();
        }
        if (user.LockedUntil is { } until && until > now)
        {
            Error = t.F("This account is locked after repeated failures. Try again after {0}.", Show.Time(until));
            return Page();
        }
        if (!Passwords.Verify(user.PasswordHash, Password ?? ""))
        {
            await users.RecordFailedLoginAsync(user.Id, MaxFailures, now + LockFor, ct);
            Error = user.FailedLogins + 1 >= MaxFailures
                ? t.F("This account is locked after repeated failures. Try again after {0}.", Show.Time(now + LockFor))
                : t["Wrong login or password."];
            return Page();
        }
        if (!user.IsActive)
        {
            Error = t["This account is disabled."];
            return Page();
        }
        await users.RecordGoodLoginAsync(user.Id, ct);
        var principal = Claimsets.Principal(user.Id, user.Login, user.DisplayName, user.Roles, user.IsLead,
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
