using Incidents.Core.Notifications;
using Incidents.Web.Access;
using Incidents.Web.Notifications;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Account;

/// <summary>"Cách nhận thông báo / How I am emailed": per kind, an email at once or the daily digest (NotificationDesk,
/// as PUT /api/v1/notifications/preferences). A refused form keeps what was chosen and says which row is wrong.</summary>
public sealed class NotificationsModel(NotificationDesk desk, NotificationOptions options, UiText t) : PageModel
{
    public IReadOnlyDictionary<string, string> Modes { get; private set; } = new Dictionary<string, string>();
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public TimeOnly DigestAt => options.DigestAt;

    public async Task OnGetAsync(CancellationToken ct) => Modes = await desk.PreferencesAsync(User.ToActor(), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var chosen = NotificationKinds.All.ToDictionary(k => k, k => (string?)Request.Form["mode-" + k].ToString(), StringComparer.Ordinal);
        if (await desk.SetPreferencesAsync(User.ToActor(), chosen, ct) is { } problems)
        {
            foreach (var (kind, _) in problems.Messages) Errors[kind] = t["Choose an email at once or the daily digest."];
            Modes = chosen.ToDictionary(kv => kv.Key, kv => kv.Value ?? "", StringComparer.Ordinal);
            return Page();
        }
        TempData["Flash"] = t["Your notification settings are saved."];
        return Redirect("/account/notifications");
    }
}
