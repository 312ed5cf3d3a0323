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
    public Task<IReadOnlyList<StoredHoliday>> YearAsync(int year, CancellationToken ct) =>
        holidays.ListAsync(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ct);

    public async Task<int> SaveAsync(StoredHoliday h, string actor, CancellationToken ct)
    {
        await holidays.UpsertAsync(h, ct);
        return await RecomputeAsync(actor, ct);
    }

    public async Task<int> DeleteAsync(DateOnly date, string actor, CancellationToken ct)
    {
        await holidays.DeleteAsync(date, ct);
        return await RecomputeAsync(actor, ct);
    }

    /// <summary>Fills a year with HolidaySeed's computed defaults (existing days of that year are replaced, others kept).</summary>
    public async Task<int> SeedAsync(int year, string actor, CancellationToken ct)
    {
        await holidays.UpsertAsync(HolidaySeed.For(year).Select(h => new StoredHoliday(h.Date, h.Name, h.Kind)), ct);
        return await RecomputeAsync(actor, ct);
    }

    /// <summary>The number of open cases whose working-day deadlines moved.</summary>
    public async Task<int> RecomputeAsync(string actor, CancellationToken ct)
    {
        var calendar = new BusinessCalendar((await holidays.ListAsync(ct: ct)).Select(h => h.Date));
        var runtime = new WorkflowRuntime(calendar);
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
