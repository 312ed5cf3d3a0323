using Incidents.Core.Calendar;
using Incidents.Storage.Calendar;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Calendar;

public enum CalendarEditStatus { Done, NotFound, Invalid }

/// <summary>Errors by field (name, kind, date, year, text); Recount = the background recount the change queued (null when
/// the change moved no day, e.g. confirming a year).</summary>
public sealed record CalendarEditResult(CalendarEditStatus Status, CalendarRecount? Recount, IReadOnlyDictionary<string, string> Errors)
{
    public static CalendarEditResult Invalid(string field, string message) => new(CalendarEditStatus.Invalid, null, new Dictionary<string, string> { [field] = message });
    public static CalendarEditResult Invalid(IReadOnlyDictionary<string, string> errors) => new(CalendarEditStatus.Invalid, null, errors);
    public static readonly CalendarEditResult NotFound = new(CalendarEditStatus.NotFound, null, new Dictionary<string, string>());
}

/// <summary>
/// Holiday administration, one code path for the API and the holiday page: every change of the days reloads the calendar
/// and queues a background recount of every open day-counted deadline (CalendarRecounts); the answer carries that
/// recount (cases queued) at once. Confirming a year changes no day, so it recounts nothing.
/// </summary>
public sealed class CalendarAdmin(HolidayStore holidays, BusinessCalendars calendars, CalendarRecounts recounts, TimeProvider time)
{
    public const int NameMax = HolidayList.NameMax;
    public static IReadOnlyList<string> Kinds => Core.Calendar.Holiday.Kinds;

    // Edits are serialised in this process so a reload and its queued recount see one table.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<IReadOnlyList<StoredHoliday>> YearAsync(int year, CancellationToken ct = default) =>
        holidays.ListAsync(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ct);

    public Task<IReadOnlyList<CalendarYearRow>> YearsAsync(CancellationToken ct = default) => holidays.YearsAsync(ct);

    /// <summary>Adds or renames a day (a day off, or a Saturday worked); the day is confirmed, being the administrator's.</summary>
    public async Task<CalendarEditResult> SetHolidayAsync(DateOnly date, string? name, string? kind, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var clean = Core.Cases.CaseText.Clean(name);
        if (clean is null) errors["name"] = "is required";
        else if (clean.Length > NameMax) errors["name"] = $"must be at most {NameMax} characters";
        else if (Core.Cases.PlainText.Check(clean) is { } fault) errors["name"] = Core.Cases.PlainText.Message(fault, new("Tên ngày nghỉ", "The holiday's name"));
        kind = string.IsNullOrWhiteSpace(kind) ? Core.Calendar.Holiday.Statutory : kind.Trim();
        if (!Kinds.Contains(kind)) errors["kind"] = $"must be one of {string.Join(", ", Kinds)}";
        else if (kind == Core.Calendar.Holiday.Working && !BusinessCalendar.IsWeekend(date)) errors["kind"] = "a working day must be a Saturday or Sunday";
        else if (kind == Core.Calendar.Holiday.Compensating && BusinessCalendar.IsWeekend(date)) errors["kind"] = "a compensating day must be a weekday";
        if (!await CoveredAsync(date.Year, ct)) errors["date"] = NotCovered(date.Year);
        if (errors.Count > 0) return CalendarEditResult.Invalid(errors);
        return await EditAsync(async () =>
        {
            await holidays.UpsertAsync(new StoredHoliday(date, clean!, kind), ct);
            return true;
        }, Iso(date), actor, ct);
    }

    public Task<CalendarEditResult> DeleteHolidayAsync(DateOnly date, string actor, CancellationToken ct = default) =>
        EditAsync(() => holidays.DeleteAsync(date, ct), Iso(date), actor, ct);

    /// <summary>Replaces a year's days with HolidaySeed's (the notice for 2021–2026, computed and provisional for 2027–2036).</summary>
    public Task<CalendarEditResult> SeedYearAsync(int year, string actor, CancellationToken ct = default) =>
        !HolidaySeed.Covers(year)
            ? Task.FromResult(CalendarEditResult.Invalid("year", $"defaults exist for {HolidaySeed.FirstYear}–{HolidaySeed.LastYear} only"))
            : EditAsync(async () =>
            {
                await holidays.ReplaceYearAsync(year, HolidaySeed.For(year).Select(BusinessCalendars.ToStored),
                    HolidaySeed.IsProvisional(year) ? CalendarYearRow.Provisional : CalendarYearRow.Confirmed, actor, time.GetUtcNow(), ct);
                return true;
            }, Year(year), actor, ct);

    /// <summary>
    /// Imports a year's notice (HolidayList's text form): all or nothing. A bad line refuses the whole list with an error
    /// naming its line ("text": "line 3: ..."); a good list replaces the year's days, adds the year to the table if new,
    /// and confirms it: every day imported is confirmed.
    /// </summary>
    public Task<CalendarEditResult> ImportYearAsync(int year, string? text, string actor, CancellationToken ct = default)
    {
        if (year is < 2000 or > 2200) return Task.FromResult(CalendarEditResult.Invalid("year", "must be between 2000 and 2200"));
        if (Core.Cases.PlainText.Check(text, longText: true) is { } fault)
            return Task.FromResult(CalendarEditResult.Invalid("text", Core.Cases.PlainText.Message(fault, new("Danh sách ngày nghỉ", "The list of holidays"))));
        var parsed = HolidayList.Parse(text, year);
        if (parsed.Errors.Count > 0) return Task.FromResult(CalendarEditResult.Invalid("text", string.Join("; ", parsed.Errors)));
        return EditAsync(async () =>
        {
            await holidays.ReplaceYearAsync(year, parsed.Days.Select(h => new StoredHoliday(h.Date, h.Name, h.Kind)),
                CalendarYearRow.Confirmed, actor, time.GetUtcNow(), ct);
            return true;
        }, Year(year), actor, ct);
    }

    /// <summary>Confirms a year when its notice is out (notice: its reference, e.g. "6150/TB-BNV"): its days stop being
    /// provisional. No day changes, so nothing is recounted.</summary>
    public async Task<CalendarEditResult> ConfirmYearAsync(int year, string? notice, string actor, CancellationToken ct = default)
    {
        var clean = Core.Cases.CaseText.Clean(notice);
        if (clean is null) return CalendarEditResult.Invalid("notice", "is required: the reference of the Government notice the year was checked against");
        if (Core.Cases.PlainText.Check(clean) is { } fault)
            return CalendarEditResult.Invalid("notice", Core.Cases.PlainText.Message(fault, new("Số thông báo", "The notice")));
        if (clean.Length > NameMax) return CalendarEditResult.Invalid("notice", $"must be at most {NameMax} characters");
        await _gate.WaitAsync(ct);
        try
        {
            if (await holidays.ConfirmYearAsync(year, clean, actor, time.GetUtcNow(), ct) is null)
                return CalendarEditResult.Invalid("year", NotCovered(year));
            await calendars.ReloadAsync(ct);
            return new(CalendarEditStatus.Done, null, new Dictionary<string, string>());
        }
        finally { _gate.Release(); }
    }

    private async Task<CalendarEditResult> EditAsync(Func<Task<bool>> edit, string cause, string actor, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!await edit()) return CalendarEditResult.NotFound;
            await calendars.ReloadAsync(ct);
            var recount = await recounts.QueueAsync(cause, actor, ct);
            return new(CalendarEditStatus.Done, recount, new Dictionary<string, string>());
        }
        finally { _gate.Release(); }
    }

    private async Task<bool> CoveredAsync(int year, CancellationToken ct) => (await holidays.YearsAsync(ct)).Any(y => y.Year == year);

    public static string NotCovered(int year) => $"the holiday calendar has no table for {year}; an administrator must add it (import the year's notice)";

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    private static string Year(int y) => y.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
