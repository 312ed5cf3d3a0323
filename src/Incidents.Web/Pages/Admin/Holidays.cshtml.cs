using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Web.Calendar;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// The holiday table per year: add, change, delete days, or seed a year with HolidaySeed's defaults. Edits go through
/// CalendarAdmin (the holiday API's path), which reloads the calendar and recounts every open working-day deadline.
/// </summary>
public sealed class HolidaysModel(CalendarAdmin calendar, TimeProvider time, UiText t) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public IReadOnlyList<StoredHoliday> Days { get; private set; } = [];

    private int TheYear => Year is >= 2000 and <= 2100 ? Year.Value : BusinessCalendar.LocalDate(time.GetUtcNow()).Year;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year = TheYear;
        Days = await calendar.YearAsync(TheYear, ct);
    }

    private IActionResult Back(CalendarEditResult r)
    {
        if (r.Status == CalendarEditStatus.Done) TempData["Flash"] = t.F("Saved. {0} open cases with working-day deadlines were recounted.", r.Recomputed);
        else if (r.Errors.Count > 0) TempData["Problem"] = string.Join("; ", r.Errors.Select(e => $"{e.Key}: {e.Value}"));
        return Redirect($"/admin/holidays?Year={TheYear}");
    }

    private static DateOnly? Parse(string? date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public async Task<IActionResult> OnPostSaveAsync(string? date, string? name, string? kind, CancellationToken ct)
    {
        if (Parse(date) is not { } d) return Back(CalendarEditResult.Invalid("date", t["Date"] + "?"));
        Year = d.Year;
        return Back(await calendar.SetHolidayAsync(d, name, kind, User.Identity!.Name!, ct));
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? date, CancellationToken ct)
    {
        if (Parse(date) is not { } d) return BadRequest();
        Year = d.Year;
        return Back(await calendar.DeleteHolidayAsync(d, User.Identity!.Name!, ct));
    }

    public async Task<IActionResult> OnPostSeedAsync(CancellationToken ct) =>
        Back(await calendar.SeedYearAsync(TheYear, User.Identity!.Name!, ct));
}
