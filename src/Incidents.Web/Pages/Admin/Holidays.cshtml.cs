using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Storage.Calendar;
using Incidents.Web.Calendar;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Pages.Admin;

/// <summary>
/// The holiday table per year: add, change, delete days, seed a year with the built-in table, import a year's notice,
/// confirm a year; and the progress of the background recounts. Edits go through CalendarAdmin (the holiday API's path),
/// which reloads the calendar and queues the recount of every open day-counted deadline.
/// </summary>
public sealed class HolidaysModel(CalendarAdmin calendar, CalendarRecounts recounts, TimeProvider time, UiText t) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    public IReadOnlyList<StoredHoliday> Days { get; private set; } = [];
    /// <summary>The year's row in the table; null when the year is not covered (counts into it are refused).</summary>
    public CalendarYearRow? YearRow { get; private set; }
    public IReadOnlyList<CalendarRecount> Recounts { get; private set; } = [];
    /// <summary>The pasted notice, kept on the form when it was refused.</summary>
    public string? ImportText { get; private set; }

    private int TheYear => Year is >= 2000 and <= 2100 ? Year.Value : BusinessCalendar.LocalDate(time.GetUtcNow()).Year;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Year = TheYear;
        Days = await calendar.YearAsync(TheYear, ct);
        YearRow = (await calendar.YearsAsync(ct)).FirstOrDefault(y => y.Year == TheYear);
        Recounts = await recounts.LatestAsync(5, ct);
        ImportText = TempData["ImportText"] as string;
    }

    private IActionResult Back(CalendarEditResult r)
    {
        if (r.Status == CalendarEditStatus.Done)
            TempData["Flash"] = r.Recount is { } q
                ? t.F("Saved. {0} open cases with day-counted deadlines are being recounted.", q.Queued)
                : t["Saved."];
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

    /// <summary>A destructive action's question when it came without confirm=yes (ConfirmStep).</summary>
    public ConfirmStep? Confirm { get; private set; }

    private async Task<IActionResult> AskAsync(string question, string handler, Dictionary<string, string> fields, CancellationToken ct)
    {
        await OnGetAsync(ct);
        Confirm = new(question, handler, fields, $"/admin/holidays?Year={TheYear}");
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? date, CancellationToken ct)
    {
        if (Parse(date) is not { } d) return BadRequest();
        Year = d.Year;
        if (!ConfirmStep.Given(Request))
            return await AskAsync(t.F("Delete {0} from the holiday calendar? Open deadlines are recounted.", Show.Date(d)), "Delete",
                new() { ["Year"] = d.Year.ToString(CultureInfo.InvariantCulture), ["date"] = date! }, ct);
        return Back(await calendar.DeleteHolidayAsync(d, User.Identity!.Name!, ct));
    }

    public async Task<IActionResult> OnPostSeedAsync(CancellationToken ct) => ConfirmStep.Given(Request)
        ? Back(await calendar.SeedYearAsync(TheYear, User.Identity!.Name!, ct))
        : await AskAsync(t.F("Replace the days of {0} with the built-in table? Days added or changed by hand are lost.", TheYear), "Seed",
            new() { ["Year"] = TheYear.ToString(CultureInfo.InvariantCulture) }, ct);

    public async Task<IActionResult> OnPostImportAsync(string? text, IFormFile? file, CancellationToken ct)
    {
        if (file is { Length: > 0 })
        {
            if (file.Length > 256 * 1024) return Back(CalendarEditResult.Invalid("file", t["The file is too large."]));
            using var reader = new StreamReader(file.OpenReadStream());
            text = await reader.ReadToEndAsync(ct);
        }
        var r = await calendar.ImportYearAsync(TheYear, text, User.Identity!.Name!, ct);
        if (r.Status != CalendarEditStatus.Done) TempData["ImportText"] = text;
        return Back(r);
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? notice, CancellationToken ct) =>
        Back(await calendar.ConfirmYearAsync(TheYear, notice, User.Identity!.Name!, ct));
}
