using System.Globalization;
using System.Text.RegularExpressions;
using Incidents.Core.Cases;
using Incidents.Core.Roster;
using Incidents.Storage.Roster;
using Incidents.Web.Access;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// The figures a situation report asks for (turnout so far, polling stations open, incidents...) and the schedule the
/// reports are due on. A figure is retired, never deleted, so earlier reports keep their labels.
/// </summary>
public sealed partial class SitrepFiguresModel(SituationReportStore store, UiText t) : PageModel
{
    public IReadOnlyList<SitrepFigure> Figures { get; private set; } = [];
    public SitrepSchedule Schedule { get; private set; } = SitrepSchedule.Default;

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex KeyPattern();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Figures = await store.FiguresAsync(ct: ct);
        Schedule = await store.ScheduleAsync(ct);
    }

    public async Task<IActionResult> OnPostSaveAsync(string? key, string? labelVi, string? labelEn, string? unit, int? order, bool active, CancellationToken ct)
    {
        var k = key?.Trim() ?? "";
        var vi = CaseText.Clean(labelVi);
        var en = CaseText.Clean(labelEn);
        var u = CaseText.Clean(unit);
        var problems = new List<string>();
        if (!KeyPattern().IsMatch(k)) problems.Add(t["Key: lower-case letters, digits and dashes, starting with a letter (e.g. turnout)."]);
        if (vi is null || vi.Length > 200 || PlainText.Check(vi) is not null) problems.Add(t["Vietnamese label: required, plain text, at most 200 characters."]);
        if (en is null || en.Length > 200 || PlainText.Check(en) is not null) problems.Add(t["English label: required, plain text, at most 200 characters."]);
        if (u is { Length: > 40 } || PlainText.Check(u) is not null) problems.Add(t["Unit: plain text, at most 40 characters."]);
        if (problems.Count > 0) TempData["Problem"] = string.Join(" ", problems);
        else
        {
            await store.SaveFigureAsync(new SitrepFigure(k, vi!, en!, u, order ?? 0, active), ct);
            TempData["Flash"] = t["Saved."];
        }
        return Redirect("/admin/sitrep-figures");
    }

    public async Task<IActionResult> OnPostScheduleAsync(string? start, int? every, int? grace, CancellationToken ct)
    {
        if (!TimeOnly.TryParseExact(start?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var s)
            || every is not (>= SitrepSchedule.MinEveryMinutes and <= 1440) || grace is not (>= 0 and <= 720))
            TempData["Problem"] = t["Schedule: a start time (HH:mm), every 15 to 1440 minutes, a grace of 0 to 720 minutes."];
        else
        {
            await store.SetScheduleAsync(new SitrepSchedule(s, every.Value, grace.Value), User.ToActor().Login, ct);
            TempData["Flash"] = t["Saved."];
        }
        return Redirect("/admin/sitrep-figures");
    }
}
