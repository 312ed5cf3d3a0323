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

    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(15);

    public async Task FireAsync(long caseId, string deadlineKey, string stepKey, long dueAtMs, CancellationToken ct)
    {
        var step = new StepRef(caseId, deadlineKey, stepKey);
        var rearmed = false;
        try
        {
            var result = await firing.FireWithDueAsync(step, ct);
            for (var tries = 0; result.Status == FireStatus.NotDue && tries < 2; tries++)
            {
                var early = Early(dueAtMs);
                if (early > SubSecond || tries > 0 && early > TimeSpan.Zero)
                {
                    // Seconds early (clock skew between hosts), or still early after waiting (a timer that woke first, or
                    // a product clock that runs elsewhere): Hangfire wakes it again rather than the next sweep.
                    if (early <= EarlyWakeLimit)
                    {
                        scheduler.Schedule(step, dueAtMs, early);
                        rearmed = true;
                    }
                    break;
                }
                // Real time on purpose, as Hangfire's own filing: this only decides when to look again. A timer may wake
                // a few milliseconds before the wall clock reaches the instant, hence the slack. Not early any more but
                // not due either: the check ran just before the instant, or the step moved; one more look decides.
                if (early > TimeSpan.Zero) await Task.Delay(early + TimerSlack, ct);
                result = await firing.FireWithDueAsync(step, ct);
            }
        }
        finally
        {
            // Otherwise this arming is used up; if the step is still pending (it moved later) the sweep re-arms it.
            if (!rearmed) scheduler.Forget(step, dueAtMs);
        }
    }

    private TimeSpan Early(long dueAtMs) => TimeSpan.FromMilliseconds(dueAtMs - time.GetUtcNow().ToUnixTimeMilliseconds());
}
