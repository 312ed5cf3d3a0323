using Incidents.Mail;
using Incidents.Mail.Outbox;
using Incidents.Storage.Outbox;

namespace Incidents.Web.Escalation;

/// <summary>
/// Runs the outbox dispatcher: woken at once whenever a transaction of this process that added an outbox row commits
/// (OutboxStore.OnAdded: an escalation, a notice, a mention, whoever wrote it) and by Nudge() after a retry; otherwise
/// every DispatchPollInterval (real time), so rows added by another host, or waiting on a backoff, go out when due;
/// Hangfire also calls DispatchOnceAsync every minute as a safety net. Which rows are due is decided on the product's clock (TimeProvider). Several hosts may
/// run this at once: the store's claim is a compare-and-swap with a lease.
/// </summary>
public sealed class OutboxPump : BackgroundService
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly SemaphoreSlim _running = new(1, 1);
    private readonly OutboxDispatcher dispatcher;
    private readonly EscalationOptions options;
    private readonly ILogger<OutboxPump> log;

    public OutboxPump(OutboxDispatcher dispatcher, EscalationOptions options, ILogger<OutboxPump> log, OutboxStore outbox)
    {
        this.dispatcher = dispatcher;
        this.options = options;
        this.log = log;
        outbox.OnAdded(Nudge);
    }

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
