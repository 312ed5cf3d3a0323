using Incidents.Storage.Escalation;
using Incidents.Web.Escalation;

namespace Incidents.Web.Deadlines;

public sealed record SweepResult(int Due, int Fired, int Armed);

/// <summary>
/// Runs at startup and every minute: fires every pending step whose instant has passed (catch-up after a restart or an
/// outage; another host may be doing the same, which the firing transaction makes harmless), then arms the steps due
/// within the scheduler's horizon.
/// </summary>
public sealed class DeadlineSweep(EscalationStore store, EscalationFiring firing, DeadlineScheduler scheduler, TimeProvider time,
    ILogger<DeadlineSweep> log)
{
    private const int Page = 500;

    /// <summary>
    /// Arms the pending steps due after now and within the horizon (only part b of the sweep). Cheap: an index range
    /// over (status, due_at) that holds a few minutes of steps. The host also runs it every few seconds, so a step
    /// written by code that did not call DeadlineScheduler.Arm (a new case whose first step is minutes away) still
    /// gets its job on time rather than at the next minutely sweep.
    /// </summary>
    public async Task<int> ArmAsync(CancellationToken ct) => await ArmAsync(time.GetUtcNow(), ct);

    private async Task<int> ArmAsync(DateTimeOffset now, CancellationToken ct)
    {
        var armed = 0;
        var (afterDue, afterId) = (now.ToUnixTimeMilliseconds(), long.MaxValue);
        while (!ct.IsCancellationRequested)
        {
            var page = await store.PendingAsync(now + DeadlineScheduler.Horizon, Page, afterDue, afterId, ct);
            foreach (var (id, step) in page)
            {
                if (scheduler.Arm(step)) armed++;
                (afterDue, afterId) = (step.DueAt.ToUnixTimeMilliseconds(), id);
            }
            if (page.Count < Page) break;
        }
        return armed;
    }
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<SweepResult> RunAsync(CancellationToken ct)
    {
        // One sweep at a time in a process (startup call and the recurring job may overlap); other hosts are fine.
        await _gate.WaitAsync(ct);
        using var span = Telemetry.JobTracing.Source.StartActivity("deadline.sweep");
        try
        {
            var now = time.GetUtcNow();
            int due = 0, fired = 0, armed = 0;
            long afterDue = long.MinValue, afterId = 0;
            while (!ct.IsCancellationRequested)
            {
                var page = await store.PendingAsync(now, Page, afterDue, afterId, ct);
                foreach (var (id, step) in page)
                {
                    due++;
                    try
                    {
                        if ((await firing.FireAsync(step.Ref, ct)).Status == FireStatus.Fired) fired++;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One bad step must not stop the others; it stays pending and the next sweep tries again.
                        log.LogError(e, "Firing step {Step} of deadline {Deadline} (due {DueAt:O}) on case {CaseId} failed",
                            step.Ref.StepKey, step.Ref.DeadlineKey, step.DueAt, step.Ref.CaseId);
                    }
                    (afterDue, afterId) = (step.DueAt.ToUnixTimeMilliseconds(), id);
                }
                if (page.Count < Page) break;
            }

            scheduler.Prune();
            armed = await ArmAsync(now, ct);
            if (due > 0 || armed > 0) log.LogInformation("Deadline sweep: {Due} due, {Fired} fired, {Armed} armed", due, fired, armed);
            return new SweepResult(due, fired, armed);
        }
        finally
        {
            _gate.Release();
        }
    }
}
