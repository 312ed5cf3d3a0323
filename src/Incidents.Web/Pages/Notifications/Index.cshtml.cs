using Incidents.Web.Access;
using Incidents.Web.Notifications;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Notifications;

/// <summary>"Thông báo / Notifications": all of mine, newest first, unread marked; mark one or all read. The desk shows
/// the unread ones through the DeskNotifications view component, whose mark-read form posts here.</summary>
public sealed class IndexModel(NotificationDesk desk, UiText t) : PageModel
{
    public IReadOnlyList<NotificationView> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await desk.ListAsync(User.ToActor(), ct: ct);

    public async Task<IActionResult> OnPostReadAsync(long id, string? returnUrl, CancellationToken ct)
    {
        await desk.MarkReadAsync(User.ToActor(), id, ct);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var n = await desk.MarkAllReadAsync(User.ToActor(), ct);
        TempData["Flash"] = t.F("{0} notifications marked read.", n);
        return LocalRedirect("/notifications");
    }
}
