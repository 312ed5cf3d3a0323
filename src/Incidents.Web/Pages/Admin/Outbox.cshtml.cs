using Incidents.Mail.Outbox;
using Incidents.Storage.Outbox;
using Incidents.Web.Escalation;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// The email outbox: sent, failed (pending after a failed attempt), dead; attempts and the last error; retry makes a dead or
/// waiting message due now. Bodies are not shown here.
/// </summary>
public sealed class OutboxModel(OutboxStore store, OutboxPump pump, TimeProvider time, UiText t) : PageModel
{
    public const int PageSize = 100;
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    public OutboxPage Result { get; private set; } = new([], 0, 0, PageSize);
    public IReadOnlyList<OutboxEntry> Items { get; private set; } = [];

    private OutboxStore Store => store;

    public async Task OnGetAsync(CancellationToken ct)
    {
        OutboxState? s = State switch { "sent" => OutboxState.Sent, "dead" => OutboxState.Dead, "failed" or "pending" => OutboxState.Pending, _ => null };
        Result = await Store.ListAsync(s, null, 0, PageSize, ct);
        Items = State == "failed" ? [.. Result.Items.Where(e => e.Attempts > 0)] : Result.Items;
    }

    public static string StateWord(OutboxEntry e) => e.State == OutboxState.Pending && e.Attempts > 0 ? "failed" : OutboxWords.Of(e.State);

    public async Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct)
    {
        if (await Store.RetryAsync(id, time.GetUtcNow(), ct))
        {
            pump.Nudge(); // the same as POST /api/v1/outbox/{id}/retry
            TempData["Flash"] = t["Queued for another attempt."];
        }
        return Redirect("/admin/outbox" + (State is null ? "" : "?State=" + Uri.EscapeDataString(State)));
    }
}
