using Incidents.Mail.Escalation;
using Incidents.Storage.Escalation;

namespace Incidents.Web.Escalation;

/// <summary>Fires one step (EscalationStore: one transaction, exactly once), then nudges the dispatcher.</summary>
public sealed class EscalationFiring(EscalationStore store, EscalationComposer composer, EscalationOptions options, OutboxPump pump,
    TimeProvider time, ILogger<EscalationFiring> log)
{
    private readonly RecipientExtras _extras = options.Extras();

    public async Task<FireResult> FireAsync(StepRef step, CancellationToken ct = default)
    {
        var result = await store.FireAsync(step, time.GetUtcNow(), _extras, composer.Plan, ct);
        if (result.Status == FireStatus.Fired)
        {
            if (result.Enqueued.Count == 0)
                log.LogError("Step {Step} fell due with no recipient and no administrator address; see the case history", step);
            pump.Nudge();
        }
        return result;
    }
}
