using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Core.Workflows;
using Incidents.Storage.Calendar;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Triage;
using Incidents.Web.Deadlines;

namespace Incidents.Web.Calendar;

/// <summary>
/// Recounts every open day-counted deadline (calendar or working days) after a calendar change, in the background. The
/// admin's request lists the cases in calendar_recounts, wakes the background run and returns. The database is the source
/// of truth and Hangfire only wakes things up: the run works through the cases the table lists as not done, so a recount
/// a restart interrupted is resumed at start-up and by the minutely Hangfire job (JobId), on whichever host runs it.
/// Each case is recounted on its pinned definition (WorkflowRuntime.Recompute) and, if a deadline moved, written under its
/// row version (read again and recounted on a conflict) with one "deadline-moved" history line per moved deadline
/// (deadline, from, to, cause), and its near-term steps re-armed.
/// </summary>
public sealed class CalendarRecounts(CalendarRecountStore store, BusinessCalendars calendars, CaseQueries queries, CaseUpdateStore updates,
    Workflows.WorkflowVersions workflows, DeadlineScheduler scheduler, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<CalendarRecounts> log)
{
    public const string JobId = "calendar-recount";
    public const string MovedEvent = "deadline-moved";

    // One runner per process; a second host on the same database is harmless (a case is counted done once).
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Lists the open cases with a day-counted deadline and wakes the background run; the recount as stored (Queued set).</summary>
    public async Task<CalendarRecount> QueueAsync(string cause, string actor, CancellationToken ct = default)
    {
        var numbers = await queries.OpenDayCountedCaseNumbersAsync(ct);
        var recount = await store.QueueAsync(cause, actor, time.GetUtcNow(), numbers, ct);
        if (recount.FinishedAt is null) ResumeInBackground();
        log.LogInformation("Calendar changed ({Cause}) by {Actor}: recount {Id} queued for {Count} open cases", cause, actor, recount.Id, recount.Queued);
        return recount;
    }

    public Task<CalendarRecount?> GetAsync(long id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<IReadOnlyList<CalendarRecount>> LatestAsync(int n = 5, CancellationToken ct = default) => store.LatestAsync(n, ct);

    /// <summary>The minutely job and the start-up step: runs every unfinished recount.</summary>
    public async Task ResumeAsync(CancellationToken ct)
    {
        foreach (var id in await store.UnfinishedAsync(ct)) await RunAsync(id, ct);
    }

    /// <summary>Runs the unfinished recounts off the caller's path (the admin's request, start-up).</summary>
    public void ResumeInBackground() => _ = Task.Run(async () =>
    {
        try { await ResumeAsync(lifetime.ApplicationStopping); }
        catch (OperationCanceledException) { }
        catch (Exception e) { log.LogError(e, "Calendar recount failed; the minutely job will resume it"); }
    });

    /// <summary>Works through the recount's cases not yet done, then marks it finished.</summary>
    private async Task RunAsync(long id, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (await store.GetAsync(id, ct) is not { FinishedAt: null } recount) return;
            var runtime = await calendars.ReloadAsync(ct); // the table as now stored, whichever host edited it
            foreach (var number in await store.PendingAsync(id, ct))
            {
                var moved = false;
                try { moved = await RecountCaseAsync(runtime, number, recount.Cause, recount.Actor, ct); }
                catch (CalendarNotCoveredException e)
                {
                    // The case's count runs past the table: it keeps its deadline until an administrator adds the year.
                    log.LogWarning("Recount {Id}: case {Case} counts into {Year}, which the holiday table does not cover; left as it was", id, number, e.Year);
                }
                await store.MarkDoneAsync(id, number, moved, ct);
            }
            await store.FinishAsync(id, time.GetUtcNow(), ct);
            if (await store.GetAsync(id, ct) is { } done)
                log.LogInformation("Recount {Id} finished: {Done} of {Queued} cases, {Moved} moved", id, done.Done, done.Queued, done.Moved);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Recounts one case; true when a deadline moved and was written.</summary>
    private async Task<bool> RecountCaseAsync(WorkflowRuntime runtime, string number, string cause, string actor, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var d = await queries.GetDetailAsync(number, ct);
            if (d is null || d.Case.ClosedAt is not null || workflows.Catalog.Get(d.Case.Type, d.Case.WorkflowVersion) is not { } def) return false;
            var recomputed = runtime.Recompute(def, new CaseSnapshot(d.Case, d.Deadlines));
            var moved = recomputed.Zip(d.Deadlines).Where(p => p.First.DueAt != p.Second.DueAt).ToList();
            if (moved.Count == 0) return false;
            var now = time.GetUtcNow();
            var events = moved.Select(p => new NewCaseEvent(now, actor, MovedEvent, Data: new Dictionary<string, string>
            {
                ["deadline"] = p.First.Key,
                ["from"] = p.Second.DueAt.ToString("O", CultureInfo.InvariantCulture),
                ["to"] = p.First.DueAt.ToString("O", CultureInfo.InvariantCulture),
                ["cause"] = cause,
            })).ToList();
            var r = await updates.UpdateAsync(new CaseUpdate(d.Case.Id, d.Case.RowVersion, d.Case.State, recomputed, events[0], d.Case.ClosedAt)
            {
                MoreEvents = events[1..],
            }, ct);
            if (r.Status == UpdateStatus.Conflict) continue; // someone acted meanwhile: read again and recount
            if (r.Status != UpdateStatus.Updated) return false;
            scheduler.Arm(d.Case.Id, recomputed);
            return true;
        }
        log.LogWarning("Case {Case} kept changing during the calendar recount; its deadlines were not recounted", number);
        return false;
    }
}
