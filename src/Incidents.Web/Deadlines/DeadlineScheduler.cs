using System.Collections.Concurrent;
using Hangfire;
using Incidents.Core.Deadlines;
using Incidents.Storage.Escalation;

namespace Incidents.Web.Deadlines;

/// <summary>
/// Puts near-term deadline steps into Hangfire as delayed jobs, one per step, at the step's exact instant.
///
/// Only steps due within <see cref="Horizon"/> are scheduled. The database (deadline_steps, indexed on (status, due_at))
/// is the source of truth and the minutely sweep walks the horizon forward, so Hangfire holds at most a few minutes of
/// steps instead of one job per step of every open case: with 1M open cases that is a handful of jobs rather than
/// millions of rows in Hangfire's storage (or in memory with Hangfire.InMemory), and nothing is lost when the in-memory
/// storage dies with the process. A job that wakes for a step that moved, was met or was cancelled does nothing
/// (EscalationStore.FireAsync re-reads everything), so stale jobs are harmless.
/// </summary>
public sealed class DeadlineScheduler(IBackgroundJobClient jobs, TimeProvider time, ILogger<DeadlineScheduler> log)
{
    /// <summary>How far ahead steps are handed to Hangfire; more than the sweep interval (1 min), so none falls between sweeps.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromMinutes(2);

    // (case, deadline, step, due ms) this process already scheduled: repeated sweeps don't pile up jobs. A step whose
    // due_at changed has another key, so it is scheduled again at its new instant.
    private readonly ConcurrentDictionary<(long, string, string, long), DateTimeOffset> _armed = new();

    /// <summary>
    /// Arms a case's steps after a case action, pause, resume, extension or calendar edit replaced them: steps of running
    /// deadlines due within the horizon get their job now; later ones are picked up by the sweep. Call after the
    /// transaction that wrote them committed. Old jobs for replaced steps become no-ops.
    /// </summary>
    public int Arm(long caseId, IEnumerable<DeadlineRecord> deadlines)
    {
        var n = 0;
        foreach (var d in deadlines.Where(d => d.Status == DeadlineStatus.Running))
            foreach (var s in d.Steps)
                if (Arm(new PendingStep(new StepRef(caseId, d.Key, s.StepKey), s.Kind, s.At))) n++;
        return n;
    }

    /// <summary>Schedules the step's job unless it is beyond the horizon or this process already scheduled it at this instant.</summary>
    public bool Arm(PendingStep step)
    {
        var now = time.GetUtcNow();
        if (step.DueAt > now + Horizon) return false;
        var key = Key(step.Ref, step.DueAt);
        if (!_armed.TryAdd(key, step.DueAt)) return false;
        Schedule(step.Ref, step.DueAt.ToUnixTimeMilliseconds(), step.DueAt - now);
        log.LogDebug("Armed {Case}/{Deadline}/{Step} at {Due}", step.Ref.CaseId, step.Ref.DeadlineKey, step.Ref.StepKey, step.DueAt);
        return true;
    }

    /// <summary>
    /// Hands the step's job to Hangfire to run <paramref name="delay"/> from now. Hangfire files delayed jobs by whole
    /// seconds, so the job is filed at the second the instant falls in (rounded down): it wakes up to a second early, and
    /// StepJob waits out the rest itself. Rounded up, a step due at 12:00:00.001 would fire at 12:00:01 or later, and
    /// one step could not reach SMTP within a second of its instant. Hangfire's scheduler runs on the real clock, which
    /// is why that clock (not the product's TimeProvider) places the job.
    /// </summary>
    internal void Schedule(StepRef r, long dueAtMs, TimeSpan delay)
    {
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        var at = FloorSecond(TimeProvider.System.GetUtcNow() + delay);
        jobs.Schedule<StepJob>(j => j.FireAsync(r.CaseId, r.DeadlineKey, r.StepKey, dueAtMs, CancellationToken.None), at);
    }

    internal static DateTimeOffset FloorSecond(DateTimeOffset t)
    {
        var ms = t.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - ms % 1000);
    }

    /// <summary>The job ran (or the step is gone): a later sweep may arm the step again if it is still pending.</summary>
    public void Forget(StepRef step, long dueAtMs) => _armed.TryRemove(Key(step, DateTimeOffset.FromUnixTimeMilliseconds(dueAtMs)), out _);

    /// <summary>Drops entries long past their instant (their jobs ran or the process restarted Hangfire).</summary>
    public void Prune()
    {
        var cutoff = time.GetUtcNow() - Horizon - Horizon;
        foreach (var kv in _armed)
            if (kv.Value < cutoff) _armed.TryRemove(kv.Key, out _);
    }

    public int ArmedCount => _armed.Count;

    private static (long, string, string, long) Key(StepRef r, DateTimeOffset due) => (r.CaseId, r.DeadlineKey, r.StepKey, due.ToUnixTimeMilliseconds());
}
