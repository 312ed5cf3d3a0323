using Incidents.Core.Calendar;
using Incidents.Core.Workflows;
using Incidents.Storage.Calendar;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Triage;
using Incidents.Web.Deadlines;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Calendar;

public enum CalendarEditStatus { Done, NotFound, Invalid }

/// <summary>Errors by field (name, kind, date, year); Recomputed = open cases whose working-day deadlines moved.</summary>
public sealed record CalendarEditResult(CalendarEditStatus Status, int Recomputed, IReadOnlyDictionary<string, string> Errors)
{
    public static CalendarEditResult Invalid(string field, string message) => new(CalendarEditStatus.Invalid, 0, new Dictionary<string, string> { [field] = message });
}

/// <summary>
/// Holiday administration, one code path for the API and the holiday page: every edit reloads the calendar, recounts the
/// open working-day deadlines (WorkflowRuntime.Recompute on each case's pinned definition), writes each changed case
/// under its row version with a "deadlines-recomputed" history line, and re-arms its near-term steps.
/// </summary>
public sealed class CalendarAdmin(HolidayStore holidays, BusinessCalendars calendars, CaseQueries queries, CaseUpdateStore updates,
    WorkflowCatalog catalog, DeadlineScheduler scheduler, TimeProvider time, ILogger<CalendarAdmin> log)
{
    public const int NameMax = 200;
    public static readonly IReadOnlyList<string> Kinds = [Core.Calendar.Holiday.Statutory, Core.Calendar.Holiday.Compensating];

    // Edits are serialised in this process so a reload and its recount see one table.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<IReadOnlyList<StoredHoliday>> YearAsync(int year, CancellationToken ct = default) =>
        holidays.ListAsync(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), ct);

    /// <summary>Adds or renames a day off.</summary>
    public async Task<CalendarEditResult> SetHolidayAsync(DateOnly date, string? name, string? kind, string actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var clean = Core.Cases.CaseText.Clean(name);
        if (clean is null) errors["name"] = "is required";
        else if (clean.Length > NameMax) errors["name"] = $"must be at most {NameMax} characters";
        kind = string.IsNullOrWhiteSpace(kind) ? Core.Calendar.Holiday.Statutory : kind.Trim();
        if (!Kinds.Contains(kind)) errors["kind"] = $"must be one of {string.Join(", ", Kinds)}";
        if (errors.Count > 0) return new(CalendarEditStatus.Invalid, 0, errors);
        return await EditAsync(async () =>
        {
            await holidays.UpsertAsync(new StoredHoliday(date, clean!, kind), ct);
            return true;
        }, actor, ct);
    }

    public Task<CalendarEditResult> DeleteHolidayAsync(DateOnly date, string actor, CancellationToken ct = default) =>
        EditAsync(() => holidays.DeleteAsync(date, ct), actor, ct);

    /// <summary>Writes HolidaySeed's computed defaults for a year (its days replaced, other days of the year kept).</summary>
    public Task<CalendarEditResult> SeedYearAsync(int year, string actor, CancellationToken ct = default) =>
        !HolidaySeed.Covers(year)
            ? Task.FromResult(CalendarEditResult.Invalid("year", $"defaults exist for {HolidaySeed.FirstYear}–{HolidaySeed.LastYear} only"))
            : EditAsync(async () =>
            {
                await holidays.UpsertAsync(HolidaySeed.For(year).Select(h => new StoredHoliday(h.Date, h.Name, h.Kind)), ct);
                return true;
            }, actor, ct);

    private async Task<CalendarEditResult> EditAsync(Func<Task<bool>> edit, string actor, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!await edit()) return new(CalendarEditStatus.NotFound, 0, new Dictionary<string, string>());
            var runtime = await calendars.ReloadAsync(ct);
            return new(CalendarEditStatus.Done, await RecomputeAsync(runtime, actor, ct), new Dictionary<string, string>());
        }
        finally { _gate.Release(); }
    }

    /// <summary>Recounts every open working-day deadline on the current calendar; returns the number of cases changed.</summary>
    public async Task<int> RecomputeAsync(WorkflowRuntime runtime, string actor, CancellationToken ct = default)
    {
        var changed = 0;
        foreach (var number in await queries.OpenWorkingDayCaseNumbersAsync(ct))
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var d = await queries.GetDetailAsync(number, ct);
                if (d is null || catalog.Get(d.Case.Type, d.Case.WorkflowVersion) is not { } def) break;
                var recomputed = runtime.Recompute(def, new CaseSnapshot(d.Case, d.Deadlines));
                var moved = recomputed.Zip(d.Deadlines).Where(p => p.First.DueAt != p.Second.DueAt).ToList();
                if (moved.Count == 0) break;
                var data = moved.ToDictionary(p => $"due.{p.First.Key}", p => p.First.DueAt.ToString("O"));
                var r = await updates.UpdateAsync(new CaseUpdate(d.Case.Id, d.Case.RowVersion, d.Case.State, recomputed,
                    new NewCaseEvent(time.GetUtcNow(), actor, "deadlines-recomputed", Data: data), d.Case.ClosedAt), ct);
                if (r.Status == UpdateStatus.Conflict) continue; // someone acted meanwhile: read again and recount
                if (r.Status == UpdateStatus.Updated)
                {
                    changed++;
                    scheduler.Arm(d.Case.Id, recomputed);
                }
                break;
            }
        }
        log.LogInformation("Holiday calendar edited by {Actor}: {Count} open cases recounted", actor, changed);
        return changed;
    }
}
