using Incidents.Web.Access;
using Microsoft.AspNetCore.Mvc;

namespace Incidents.Web.Thread;

/// <summary>
/// A thread form sent back with its problems: which form ("note", "log", "upload"), the message per field in the reader's
/// language, and what was typed, so nothing has to be typed twice.
/// </summary>
public sealed record ThreadForm(string Which, IReadOnlyDictionary<string, string> Errors, IReadOnlyDictionary<string, string?> Values)
{
    public string? Error(string field) => Errors.GetValueOrDefault(field);
    public string? Value(string field) => Values.GetValueOrDefault(field);
}

/// <summary>What the "Trao đổi / Thread" section renders.</summary>
public sealed record ThreadPanelModel(ThreadRead Read, ThreadFilter Filter, ThreadForm? Form, DateTimeOffset Now)
{
    public string Number => Read.Case.Case.Number;
    public string Self => "/cases/" + Uri.EscapeDataString(Number);
    public string Post(string handler) => Self + "/thread?handler=" + handler;
}

/// <summary>
/// The case's thread on a page: the case page and /cases/{number}/thread render it, so the case page's model stays as it
/// was. On the case page (opened) the assignee's new correspondence is shown as new once, then cleared.
/// </summary>
public sealed class CaseThreadViewComponent(CaseThread thread, TimeProvider time) : ViewComponent
{
    /// <param name="revealed">The page showed the confidential reporter (a custodian's audited reveal): their correspondence shows too.</param>
    public async Task<IViewComponentResult> InvokeAsync(string number, ThreadForm? form = null, bool opened = false, bool revealed = false)
    {
        var actor = UserClaimsPrincipal.ToActor();
        var filter = Enum.TryParse<ThreadFilter>(Request.Query["thread"].ToString(), ignoreCase: true, out var f) ? f : ThreadFilter.All;
        var read = await thread.ReadShownAsync(number, actor, filter, revealed, HttpContext.RequestAborted);
        if (read is null) return Content("");
        if (opened) await thread.SeenAsync(read.Case, actor, HttpContext.RequestAborted);
        return View(new ThreadPanelModel(read, filter, form, time.GetUtcNow()));
    }
}
