using Incidents.Storage.Screen;
using Incidents.Web.Access;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// The press room's screen links: create (the link is shown once; only its SHA-256 is kept), list (who made each, who
/// revoked it, when it was last open) and revoke, after a confirmation. The rows themselves are the audit.
/// </summary>
public sealed class ScreensModel(ScreenLinkStore links, UiText t, ILogger<ScreensModel> log) : PageModel
{
    public const int MaxLabelLength = 100;
    /// <summary>The field as a message names it.</summary>
    public static readonly Core.Workflows.LocalizedText LabelWords = new("Tên màn hình", "The screen name");

    public IReadOnlyList<ScreenLink> Links { get; private set; } = [];
    /// <summary>The whole link, in this answer only.</summary>
    public string? NewLink { get; private set; }
    public string? LabelError { get; private set; }
    /// <summary>The live link whose revocation waits for a yes.</summary>
    public ScreenLink? Confirming { get; private set; }
    public bool Revoked { get; private set; }

    public async Task OnGetAsync(long? revoke, bool revoked, CancellationToken ct)
    {
        Links = await links.ListAsync(ct);
        Confirming = revoke is { } id ? Links.FirstOrDefault(l => l.Id == id && l.RevokedAt is null) : null;
        Revoked = revoked;
    }

    /// <summary>Rendered, not redirected: the link must not travel in TempData or a URL other than its own.</summary>
    public async Task<IActionResult> OnPostCreateAsync(string? label, CancellationToken ct)
    {
        label = label?.Trim();
        var fault = Core.Cases.PlainText.Check(label);
        LabelError = string.IsNullOrEmpty(label) ? t["The screen name is required."]
            : fault is not null ? Core.Cases.PlainText.Describe(fault, LabelWords).In(UiText.Culture)
            : label.Length > MaxLabelLength ? t.F("The screen name is at most {0} characters.", MaxLabelLength)
            : null;
        if (LabelError is not null) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        else
        {
            var token = ScreenLinkStore.Generate();
            var actor = User.ToActor();
            var id = await links.CreateAsync(label!, ScreenLinkStore.Hash(token), actor.Id, ct);
            log.LogInformation("Screen link {Id} created by {Login}", id, actor.Login);
            NewLink = $"{Request.Scheme}://{Request.Host}{Request.PathBase}/screen/{token}";
            Response.Headers.CacheControl = "no-store";
        }
        Links = await links.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long linkId, CancellationToken ct)
    {
        var actor = User.ToActor();
        if (await links.RevokeAsync(linkId, actor.Id, ct)) log.LogInformation("Screen link {Id} revoked by {Login}", linkId, actor.Login);
        return Redirect("/admin/screens?revoked=true");
    }
}
