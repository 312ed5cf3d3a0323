using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>Users and roles: create, change roles, lock (disable) and unlock (enable, clearing a sign-in lockout), reset password.</summary>
public sealed class UsersModel(UserStore users, UiText t) : PageModel
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Users = await users.ListAsync(ct);

    private static readonly LocalizedText LoginWords = new("Tên đăng nhập", "The login");
    private static readonly LocalizedText NameWords = new("Họ tên", "The name");
    private static readonly LocalizedText EmailWords = new("Thư điện tử", "The email");

    private static string[] CleanRoles(string[]? roles) => [.. (roles ?? []).Where(Roles.IsKnown).Distinct()];

    public async Task<IActionResult> OnPostCreateAsync(string? login, string? displayName, string? email, string[]? roles, bool isLead,
        string? password, CancellationToken ct)
    {
        login = login?.Trim();
        if (string.IsNullOrEmpty(login) || login.Length > 100 || login.Any(char.IsWhiteSpace))
        {
            Error = t["Login"] + "?";
            Users = await users.ListAsync(ct);
            return Page();
        }
        // Every text the form stores, under the one text rule; the message names the field.
        foreach (var (value, words) in new[] { (login, LoginWords), (displayName, NameWords), (email, EmailWords) })
        {
            if (PlainText.Check(value) is not { } fault) continue;
            Error = PlainText.Describe(fault, words).In(UiText.Culture);
            Users = await users.ListAsync(ct);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        var generated = string.IsNullOrEmpty(password);
        var pw = generated ? Passwords.Generate() : password!;
        var id = await users.CreateAsync(new NewUser(login, string.IsNullOrWhiteSpace(displayName) ? login : displayName.Trim(),
            string.IsNullOrWhiteSpace(email) ? null : email.Trim(), Passwords.Hash(pw), CleanRoles(roles), isLead), ct);
        if (id is null) TempData["Problem"] = t.F("The login '{0}' is taken.", login);
        else TempData["Flash"] = t.F("Created user {0}.", login) + (generated ? " " + t.F("New password for {0}: {1} (shown once).", login, pw) : "");
        return Redirect("/admin/users");
    }

    public async Task<IActionResult> OnPostRolesAsync(long id, string[]? roles, bool isLead, CancellationToken ct)
    {
        await users.SetRolesAsync(id, CleanRoles(roles), isLead, ct);
        TempData["Flash"] = t["Roles saved."];
        return Redirect("/admin/users");
    }

    public async Task<IActionResult> OnPostLockAsync(long id, bool active, CancellationToken ct)
    {
        await users.SetActiveAsync(id, active, ct);
        if (active) await users.RecordGoodLoginAsync(id, ct); // unlocking also lifts a sign-in lockout
        return Redirect("/admin/users");
    }

    public async Task<IActionResult> OnPostResetAsync(long id, CancellationToken ct)
    {
        var u = await users.FindByIdAsync(id, ct);
        if (u is null) return NotFound();
        var pw = Passwords.Generate();
        await users.SetPasswordHashAsync(id, Passwords.Hash(pw), ct);
        TempData["Flash"] = t.F("New password for {0}: {1} (shown once).", u.Login, pw);
        return Redirect("/admin/users");
    }
}
