using Incidents.Web.Access;
using Microsoft.AspNetCore.Mvc;

namespace Incidents.Web.Notifications;

/// <summary>
/// "My unread notifications" for the desk ("Việc của tôi"), newest first, each with mark-read:
/// <c>@await Component.InvokeAsync("DeskNotifications")</c>. /notifications lists them all.
/// </summary>
public sealed class DeskNotificationsViewComponent(NotificationDesk desk) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int limit = 20) =>
        View(await desk.ListAsync(UserClaimsPrincipal.ToActor(), unreadOnly: true, limit: limit, ct: HttpContext.RequestAborted));
}
