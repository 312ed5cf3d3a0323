using Incidents.Core.Access;
using Incidents.Storage.Thread;
using Incidents.Web.Access;
using Incidents.Web.Thread;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Mentions;

/// <summary>
/// "Nhắc đến tôi / Mentions": the notes that named this user, newest first, those not seen before marked new; opening the
/// page marks them seen. A case the user may no longer see (their roles changed) drops out of the list.
/// </summary>
public sealed class IndexModel(CaseThread thread) : PageModel
{
    public IReadOnlyList<Mention> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        Items = [.. (await thread.MentionsAsync(actor, ct)).Where(m => Visibility.SeesTeam(actor, m.Team))];
        if (Items.Any(m => m.SeenAt is null)) await thread.MarkMentionsSeenAsync(actor, ct);
    }

    /// <summary>The first line of a note, short enough for a list.</summary>
    public static string Excerpt(string? body)
    {
        var line = (body ?? "").Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
