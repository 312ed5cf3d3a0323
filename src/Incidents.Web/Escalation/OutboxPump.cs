using Incidents.Mail;
using Incidents.Mail.Outbox;

namespace Incidents.Web.Escalation;

/// <summary>
/// Runs the outbox dispatcher: woken at once by Nudge() after an escalation or a retry, otherwise every
/// DispatchPollInterval (real time) so rows waiting on a backoff go out when due; Hangfire also calls DispatchOnceAsync
/// every minute as a safety net. Which rows are due is decided on the product's clock (TimeProvider). Several hosts may
/// run this at once: the store's claim is a compare-and-swap with a lease.
/// </summary>
public sealed class OutboxPump(OutboxDispatcher dispatcher, EscalationOptions options, ILogger<OutboxPump> log) : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly SemaphoreSlim _running = new(1, 1);

    public void Nudge()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already signalled
    }

    /// <summary>Sends what is due now; if a dispatch is already running in this process it returns (that one drains).</summary>
    public async Task<DispatchResult?> DispatchOnceAsync(CancellationToken ct)
    {
        if (!await _running.WaitAsync(0, ct)) { Nudge(); return null; }
        try
        {
            var r = await dispatcher.DispatchAsync(ct);
            if (r.Claimed > 0)
                log.LogInformation("Outbox: {Sent} sent, {Failed} failed, {Dead} dead, {Lost} lease lost", r.Sent, r.Failed, r.Dead, r.LeaseLost);
            return r;
        }
        finally
        {
            _running.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                log.LogError(e, "Outbox dispatch failed; retrying");
            }
            try
            {
                await _signal.WaitAsync(options.DispatchPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
