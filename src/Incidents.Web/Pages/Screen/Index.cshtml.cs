using Incidents.Storage.Screen;
using Incidents.Web.Screen;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Screen;

/// <summary>
/// The press room's wall screen: aggregates only (PressScreen), no sign-in, no cookie, no layout (no menu, no user). An
/// unknown and a revoked link get the same 404 page, so the answer tells nobody which links once existed.
/// </summary>
public sealed class IndexModel(ScreenLinkStore links, PressScreen screen) : PageModel
{
    /// <summary>Null: the link is unknown or revoked.</summary>
    public ScreenFigures? Figures { get; private set; }
    public string EventsUrl { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        ScreenSetup.Private(Response);
        var id = token.Length <= ScreenSetup.MaxTokenLength ? await links.FindLiveAsync(ScreenLinkStore.Hash(token), ct) : null;
        if (id is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        await links.SeenAsync(id.Value, ct);
        Figures = await screen.FiguresAsync(ct);
        EventsUrl = $"/screen/{Uri.EscapeDataString(token)}/events";
        return Page();
    }
}
