using Incidents.Core.Escalation;
using Incidents.Mail.Escalation;
using Incidents.Storage.Escalation;

namespace Incidents.Web.Escalation;

/// <summary>Fires steps (EscalationStore: one transaction, exactly once), then nudges the dispatcher.</summary>
public sealed class EscalationFiring(EscalationStore store, EscalationComposer composer, EscalationOptions options, OutboxPump pump,
    TimeProvider time, ILogger<EscalationFiring> log)
{
    private readonly RecipientExtras _extras = options.Extras();

    /// <summary>Fires this one step.</summary>
    public async Task<FireResult> FireAsync(StepRef step, CancellationToken ct = default) =>
        (await FireWithDueAsync(step, 0, ct)).Own;

    /// <summary>Fires this step and up to <see cref="EscalationOptions.FireBatch"/> other steps already due, in one
    /// transaction (what a woken step job does, so a burst collapses into few transactions).</summary>
    public async Task<FireResult> FireWithDueAsync(StepRef step, CancellationToken ct = default) =>
        (await FireWithDueAsync(step, Math.Max(0, options.FireBatch), ct)).Own;

    private async Task<BatchFireResult> FireWithDueAsync(StepRef step, int others, CancellationToken ct)
    {
        using var span = Telemetry.JobTracing.Source.StartActivity("escalation.fire");
        span?.SetTag("case.id", step.CaseId).SetTag("deadline", step.DeadlineKey).SetTag("step", step.StepKey);
        var result = await store.FireWithDueAsync(step, time.GetUtcNow(), _extras, composer.Plan, others, ct);
        if (result.Own.CaseNumber is { } number) span?.SetTag("case.number", number);
        var any = false;
        foreach (var (s, r) in result.Others.Prepend((step, result.Own)))
        {
            if (r.Status != FireStatus.Fired) continue;
            any = true;
            // Fields, not prose: an operator filters on CaseNumber, Deadline and Step.
            log.LogInformation("Fired step {Step} of deadline {Deadline} (due {DueAt:O}) on case {CaseNumber} ({CaseId}): {Messages} message(s) queued",
                s.StepKey, s.DeadlineKey, r.DueAt, r.CaseNumber, s.CaseId, r.Enqueued.Count);
            if (r.Enqueued.Count == 0)
                log.LogError("Step {Step} of deadline {Deadline} on case {CaseNumber} ({CaseId}) fell due with no recipient and no administrator address; see the case history",
                    s.StepKey, s.DeadlineKey, r.CaseNumber, s.CaseId);
        }
        if (any) pump.Nudge();
        return result;
    }
}
