using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Web.Ui.Calendar;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Pages.Admin;

/// <summary>The holiday table per year: add, change, delete days, or seed a year; each edit recounts open working-day deadlines.</summary>
public sealed class HolidaysModel(HolidayDesk desk, TimeProvider time, UiText t) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public IReadOnlyList<StoredHoliday> Days { get; private set; } = [];
    /// <summary>The year has no edited rows: the computed defaults are in force.</summary>
    public bool Defaults { get; private set; }

    private int TheYear => Year is >= 2000 and <= 2100 ? Year.Value : BusinessCalendar.LocalDate(time.GetUtcNow()).Year;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year = TheYear;
        (Days, Defaults) = await desk.YearAsync(TheYear, ct);
    }

    private IActionResult Back(int changed)
    {
        TempData["Flash"] = t.F("Saved. {0} open cases with working-day deadlines were recounted.", changed);
        return Redirect($"/admin/holidays?Year={TheYear}");
    }

    public async Task<IActionResult> OnPostSaveAsync(string? date, string? name, string? kind, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) || string.IsNullOrWhiteSpace(name))
        {
            TempData["Problem"] = t["Fix the fields marked below."];
            return Redirect($"/admin/holidays?Year={TheYear}");
        }
        Year = d.Year;
        var k = kind == Holiday.Compensating ? Holiday.Compensating : Holiday.Statutory;
        return Back(await desk.SaveAsync(new StoredHoliday(d, name.Trim(), k), User.Identity!.Name!, ct));
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? date, CancellationToken ct)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return BadRequest();
        Year = d.Year;
        return Back(await desk.DeleteAsync(d, User.Identity!.Name!, ct));
    }

    public async Task<IActionResult> OnPostSeedAsync(CancellationToken ct)
    {
        if (!HolidaySeed.Covers(TheYear))
        {
            TempData["Problem"] = t.F("No computed defaults for {0} (only {1}–{2}).", TheYear, HolidaySeed.FirstYear, HolidaySeed.LastYear);
            return Redirect($"/admin/holidays?Year={TheYear}");
        }
        return Back(await desk.SeedAsync(TheYear, User.Identity!.Name!, ct));
    }
}
