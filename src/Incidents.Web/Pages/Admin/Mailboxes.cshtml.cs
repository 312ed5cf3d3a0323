using Incidents.Storage.Inbox;
using Incidents.Web.Inbox;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// The mailboxes letters come in by: each one's last good look and last error (a refused login shows here), and the
/// quarantine, the messages that could not be taken, with the reason; an administrator takes one again or dismisses it.
/// </summary>
public sealed class MailboxesModel(MailInOptions options, MailInStore store, LetterIntake letters, UiText t) : PageModel
{
    public IReadOnlyList<MailboxOptions> Mailboxes => options.Mailboxes;
    public IReadOnlyDictionary<string, MailboxState> States { get; private set; } = new Dictionary<string, MailboxState>();
    public IReadOnlyList<QuarantinedMail> Quarantine { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        States = await store.StatusesAsync(ct);
        Quarantine = await store.QuarantineAsync(ct);
    }

    /// <summary>The reason in the reader's words, then the detail as recorded (the server's or the intake's own text).</summary>
    public string Reason(string? reason)
    {
        if (reason is null) return "—";
        var cut = reason.IndexOf(": ", StringComparison.Ordinal);
        var (code, detail) = cut < 0 ? (reason, "") : (reason[..cut], reason[(cut + 2)..]);
        var words = code switch
        {
            QuarantineReasons.TooLarge => t["Over the size limit (the message stays on the server)"],
            QuarantineReasons.Malformed => t["Malformed message"],
            QuarantineReasons.Refused => t["Could not be registered as a case"],
            _ => code,
        };
        return detail.Length == 0 ? words : $"{words}: {detail}";
    }

    public async Task<IActionResult> OnPostReleaseAsync(long id, CancellationToken ct)
    {
        var r = await letters.ReleaseAsync(id, ct);
        TempData["Flash"] = r?.Outcome switch
        {
            LetterOutcome.Case => t.F("Taken in as case {0}.", r.Number),
            LetterOutcome.Reply => t.F("Added to the thread of case {0}.", r.Number),
            LetterOutcome.Skipped => t["Recorded as an automatic message; no case."],
            LetterOutcome.Quarantined => t["Still could not be taken; see the reason."],
            _ => t["Nothing to take again."],
        };
        return Redirect("/admin/mailboxes");
    }

    /// <summary>A destructive action's question when it came without confirm=yes (ConfirmStep).</summary>
    public Ui.Display.ConfirmStep? Confirm { get; private set; }

    public async Task<IActionResult> OnPostDismissAsync(long id, CancellationToken ct)
    {
        if (!Ui.Display.ConfirmStep.Given(Request))
        {
            await OnGetAsync(ct);
            Confirm = new(t["Dismiss this letter? It is not taken in; it stays in the record."], "Dismiss",
                new Dictionary<string, string> { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/admin/mailboxes");
            return Page();
        }
        if (await store.DismissAsync(id, ct)) TempData["Flash"] = t["Dismissed; kept in the record."];
        return Redirect("/admin/mailboxes");
    }
}
