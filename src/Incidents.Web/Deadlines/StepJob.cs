using Incidents.Storage.Escalation;
using Incidents.Web.Escalation;

namespace Incidents.Web.Deadlines;

/// <summary>The Hangfire job of one deadline step. Hangfire delivers at least once; firing is idempotent.</summary>
public sealed class StepJob(EscalationFiring firing, DeadlineScheduler scheduler, TimeProvider time)
{
    /// <summary>How early a job may wake and still be put back for its own instant rather than left to the sweep.
    /// Early wakes come from Hangfire's whole-second filing and clock skew, so they are short; a longer gap means the
    /// product clock is elsewhere (a test's fake clock) and the sweep decides.</summary>
    internal static readonly TimeSpan EarlyWakeLimit = TimeSpan.FromSeconds(5);

    /// <summary>An early wake this short is waited out in the job: it is the part of a second that Hangfire's
    /// whole-second filing cannot express (DeadlineScheduler.Schedule files the job at the start of its second).</summary>
    internal static readonly TimeSpan SubSecond = TimeSpan.FromSeconds(1);

    public async Task FireAsync(long caseId, string deadlineKey, string stepKey, long dueAtMs, CancellationToken ct)
    {
        var step = new StepRef(caseId, deadlineKey, stepKey);
        var rearmed = false;
        try
        {
            var result = await firing.FireWithDueAsync(step, ct);
            var early = TimeSpan.FromMilliseconds(dueAtMs - time.GetUtcNow().ToUnixTimeMilliseconds());
            if (result.Status != FireStatus.NotDue || early <= TimeSpan.Zero) return;
            if (early <= SubSecond)
            {
                // Real time on purpose, as Hangfire's own filing: this only decides when to look again. Still not due
                // after the wait means the product clock runs elsewhere (a test's fake clock): the sweep decides.
                await Task.Delay(early, ct);
                await firing.FireWithDueAsync(step, ct);
            }
            else if (early <= EarlyWakeLimit)
            {
                // Woke seconds early (clock skew between hosts): run again then, instead of waiting for the next sweep.
                scheduler.Schedule(step, dueAtMs, early);
                rearmed = true;
            }
        }
        finally
        {
            // Otherwise this arming is used up; if the step is still pending (it moved later) the sweep re-arms it.
            if (!rearmed) scheduler.Forget(step, dueAtMs);
        }
    }
}
