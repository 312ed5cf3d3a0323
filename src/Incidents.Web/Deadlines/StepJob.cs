using Incidents.Storage.Escalation;
using Incidents.Web.Escalation;

namespace Incidents.Web.Deadlines;

/// <summary>The Hangfire job of one deadline step. Hangfire delivers at least once; firing is idempotent.</summary>
public sealed class StepJob(EscalationFiring firing, DeadlineScheduler scheduler)
{
    public async Task FireAsync(long caseId, string deadlineKey, string stepKey, long dueAtMs, CancellationToken ct)
    {
        var step = new StepRef(caseId, deadlineKey, stepKey);
        try
        {
            await firing.FireAsync(step, ct);
        }
        finally
        {
            // Whatever happened, this arming is used up; if the step is still pending (it moved later) the sweep re-arms it.
            scheduler.Forget(step, dueAtMs);
        }
    }
}
