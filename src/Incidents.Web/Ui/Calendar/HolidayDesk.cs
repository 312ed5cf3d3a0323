using Incidents.Core.Calendar;
using Incidents.Core.Workflows;
using Incidents.Storage.Calendar;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Oversight;
using Incidents.Storage.Triage;
using Incidents.Web.Deadlines;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Ui.Calendar;

/// <summary>
/// Edits the holiday table and then recounts every open working-day deadline on the edited calendar (WorkflowRuntime.Recompute),
/// writing each changed case under its row version with a "deadlines-recomputed" history line. The escalation sweep re-arms
/// the moved steps from the database.
/// </summary>
public sealed class HolidayDesk(HolidayStore holidays, OversightQueries oversight, CaseQueries queries, CaseUpdateStore updates,
    WorkflowCatalog catalog, DeadlineScheduler scheduler, TimeProvider time, ILogger<HolidayDesk> log)
{
    /// <summary>
    /// The days off of a year as in force: the table's rows when the year has any, otherwise HolidaySeed's computed
    /// defaults (Defaults = true), which is what the workflow runtime counts with until an administrator edits the year.
    /// </summary>
    public async Task<(IReadOnlyList<StoredHoliday> Days, bool Defaults)> YearAsync(int year, CancellationToken ct)
    {
        var rows = await holidays.ListAsync(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ct);
        if (rows.Count > 0 || !HolidaySeed.Covers(year)) return (rows, false);
        return ([.. HolidaySeed.For(year).Select(h => new StoredHoliday(h.Date, h.Name, h.Kind))], true);
    }

    /// <summary>The calendar in force: edited years from the table, the other seeded years from HolidaySeed.</summary>
    public async Task<BusinessCalendar> CalendarAsync(CancellationToken ct)
    {
        var rows = await holidays.ListAsync(ct: ct);
        var edited = rows.Select(h => h.Date.Year).ToHashSet();
        var defaults = Enumerable.Range(HolidaySeed.FirstYear, HolidaySeed.LastYear - HolidaySeed.FirstYear + 1)
            .Where(y => !edited.Contains(y)).SelectMany(HolidaySeed.For).Select(h => h.Date);
        return new BusinessCalendar(rows.Select(h => h.Date).Concat(defaults));
    }

    /// <summary>Editing a year still on its defaults first writes the defaults, so one edit never drops the other days.</summary>
    private async Task AdoptDefaultsAsync(int year, CancellationToken ct)
    {
        var (days, defaults) = await YearAsync(year, ct);
        if (defaults) await holidays.UpsertAsync(days, ct);
    }

    public async Task<int> SaveAsync(StoredHoliday h, string actor, CancellationToken ct)
    {
        await AdoptDefaultsAsync(h.Date.Year, ct);
        await holidays.UpsertAsync(h, ct);
        return await RecomputeAsync(actor, ct);
    }

    public async Task<int> DeleteAsync(DateOnly date, string actor, CancellationToken ct)
    {
        await AdoptDefaultsAsync(date.Year, ct);
        await holidays.DeleteAsync(date, ct);
        return await RecomputeAsync(actor, ct);
    }

    /// <summary>Resets a year to HolidaySeed's computed defaults (the year's other rows are removed).</summary>
    public async Task<int> SeedAsync(int year, string actor, CancellationToken ct)
    {
        foreach (var h in await holidays.ListAsync(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ct))
            await holidays.DeleteAsync(h.Date, ct);
        await holidays.UpsertAsync(HolidaySeed.For(year).Select(h => new StoredHoliday(h.Date, h.Name, h.Kind)), ct);
        return await RecomputeAsync(actor, ct);
    }

    /// <summary>The number of open cases whose working-day deadlines moved.</summary>
    public async Task<int> RecomputeAsync(string actor, CancellationToken ct)
    {
        var runtime = new WorkflowRuntime(await CalendarAsync(ct));
        var changed = 0;
        foreach (var number in await oversight.OpenWorkingDayCaseNumbersAsync(ct))
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var d = await queries.GetDetailAsync(number, ct);
                var def = d is null ? null : catalog.Get(d.Case.Type, d.Case.WorkflowVersion) ?? catalog.Current(d.Case.Type);
                if (d is null || def is null) break;
                var recomputed = runtime.Recompute(def, new CaseSnapshot(d.Case, d.Deadlines));
                var moved = recomputed.Zip(d.Deadlines).Where(p => p.First.DueAt != p.Second.DueAt).ToList();
                if (moved.Count == 0) break;
                var data = moved.ToDictionary(p => $"due.{p.First.Key}", p => p.First.DueAt.ToString("O"));
                var r = await updates.UpdateAsync(new CaseUpdate(d.Case.Id, d.Case.RowVersion, d.Case.State, recomputed,
                    new NewCaseEvent(time.GetUtcNow(), actor, "deadlines-recomputed", Data: data)), ct);
                if (r.Status == UpdateStatus.Conflict) continue; // someone acted meanwhile: read again and recount
                if (r.Status == UpdateStatus.Updated) { changed++; scheduler.Arm(d.Case.Id, recomputed); }
                break;
            }
        }
        log.LogInformation("Holiday calendar edited by {Actor}: {Count} open cases recounted", actor, changed);
        return changed;
    }
}
