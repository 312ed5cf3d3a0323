using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// Users and roles: create, change roles, lock (deactivate) and unlock (activate, and lift a sign-in lock), reset the
/// password; and the accounts' recent history (locks with their address, unlocks, resets). A role change, a reset and a
/// deactivation end the user's sessions (UserStore renews the security stamp).
/// </summary>
public sealed class UsersModel(UserStore users, PasswordPolicy policy, TimeProvider time, UiText t) : PageModel
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];
    public IReadOnlyList<AccountEvent> History { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>A destructive action's question when it came without confirm=yes (ConfirmStep).</summary>
    public ConfirmStep? Confirm { get; private set; }

    private async Task<IActionResult> AskAsync(string question, string handler, Dictionary<string, string> fields, CancellationToken ct)
    {
        await LoadAsync(ct);
        Confirm = new(question, handler, fields, "/admin/users");
        return Page();
    }
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = time.GetUtcNow();
        Users = await users.ListAsync(ct);
        History = await users.RecentEventsAsync(50, ct);
    }

    /// <summary>An account_events kind in words (a catalogue key).</summary>
    public static string What(string kind) => kind switch
    {
        AccountEventKinds.Locked => "Locked after repeated failed sign-ins",
        AccountEventKinds.Unlocked => "Sign-in lock lifted",
        AccountEventKinds.PasswordChanged => "Password changed by its owner",
        AccountEventKinds.PasswordReset => "Password reset",
        AccountEventKinds.Deactivated => "Deactivated",
        AccountEventKinds.Activated => "Activated",
        AccountEventKinds.RolesChanged => "Roles changed",
        AccountEventKinds.SignedOut => "Signed out",
        _ => "Other change",
    };

    private string Me => User.Identity?.Name ?? "";

    private static readonly LocalizedText LoginWords = new("Tên đăng nhập", "The login");
    private static readonly LocalizedText NameWords = new("Họ tên", "The name");
    private static readonly LocalizedText EmailWords = new("Thư điện tử", "The email");

    private static string[] CleanRoles(string[]? roles) => [.. (roles ?? []).Where(Roles.IsKnown).Distinct()];

    public async Task<IActionResult> OnPostCreateAsync(string? login, string? displayName, string? email, string[]? roles, bool isLead,
        string? password, CancellationToken ct)
    {
        login = login?.Trim();
        if (string.IsNullOrEmpty(login) || login.Length > 100 || login.Any(char.IsWhiteSpace))
            Error = t["Login"] + "?";
        else if (!string.IsNullOrEmpty(password) && policy.Check(password, login) is { Count: > 0 } problems)
            Error = t["Password"] + " " + string.Join("; ", problems.Select(p => p.In(UiText.Culture))) + ".";
        if (Error is not null)
        {
            await LoadAsync(ct);
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
        var id = await users.CreateAsync(new NewUser(login!, string.IsNullOrWhiteSpace(displayName) ? login! : displayName.Trim(),
            string.IsNullOrWhiteSpace(email) ? null : email.Trim(), Passwords.Hash(pw), CleanRoles(roles), isLead), ct);
        if (id is null) TempData["Problem"] = t.F("The login '{0}' is taken.", login);
        else TempData["Flash"] = t.F("Created user {0}.", login) + (generated ? " " + t.F("New password for {0}: {1} (shown once).", login, pw) : "");
        return Redirect("/admin/users");
    }

    public async Task<IActionResult> OnPostRolesAsync(long id, string[]? roles, bool isLead, CancellationToken ct)
    {
        await users.SetRolesAsync(id, CleanRoles(roles), isLead, Me, ct);
        TempData["Flash"] = t["Roles saved."];
        return Redirect("/admin/users");
    }

    /// <summary>active=false deactivates; active=true activates a deactivated account and lifts a sign-in lock.</summary>
    public async Task<IActionResult> OnPostLockAsync(long id, bool active, CancellationToken ct)
    {
        var u = await users.FindByIdAsync(id, ct);
        if (u is null) return NotFound();
        if (!active && !ConfirmStep.Given(Request))
            return await AskAsync(t.F("Deactivate {0}? They are signed out everywhere and cannot sign in until activated again.", u.DisplayName), "Lock",
                new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["active"] = "false" }, ct);
        if (!active) await users.SetActiveAsync(id, false, Me, ct);
        else
        {
            if (!u.IsActive) await users.SetActiveAsync(id, true, Me, ct);
            await users.UnlockAsync(id, Me, ct);
        }
        return Redirect("/admin/users");
    }

    public async Task<IActionResult> OnPostResetAsync(long id, CancellationToken ct)
    {
        var u = await users.FindByIdAsync(id, ct);
        if (u is null) return NotFound();
        if (!ConfirmStep.Given(Request))
            return await AskAsync(t.F("Reset the password of {0}? The old one stops working and their sessions end.", u.DisplayName), "Reset",
                new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, ct);
        var pw = Passwords.Generate();
        await users.SetPasswordHashAsync(id, Passwords.Hash(pw), Me, reset: true, ct);
        TempData["Flash"] = t.F("New password for {0}: {1} (shown once).", u.Login, pw);
        return Redirect("/admin/users");
    }
}
