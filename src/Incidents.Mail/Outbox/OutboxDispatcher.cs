using Incidents.Mail.Escalation;
using Incidents.Mail.Transport;

namespace Incidents.Mail.Outbox;

/// <summary>What one DispatchAsync call did. LeaseLost counts messages sent after another dispatcher took the row over
/// (possible only when a send outlived the lease); those may arrive twice, with one Message-Id.</summary>
public sealed record DispatchResult(int Claimed, int Sent, int Failed, int Dead, int LeaseLost, int Skipped);

/// <summary>
/// Sends due outbox rows. Safe to run on several hosts over one database: each row is claimed by compare-and-swap with
/// a lease, and the marks after sending only apply while the lease is still ours.
/// </summary>
public sealed class OutboxDispatcher
{
    private readonly IOutbox _store;
    private readonly IMailTransport _transport;
    private readonly MailOptions _options;
    private readonly MailTemplates _templates;
    private readonly TimeProvider _time;

    public string Owner { get; }

    private readonly Func<CancellationToken, Task<IReadOnlyList<string>>>? _administrators;

    /// <param name="administrators">Further administrator addresses for dead-letter notices (the host passes the admin
    /// users' addresses), read when a row is about to go dead; MailOptions.AdminAddresses are always included.</param>
    public OutboxDispatcher(IOutbox outbox, IMailTransport transport, MailOptions options, TimeProvider time,
        string? owner = null, Func<CancellationToken, Task<IReadOnlyList<string>>>? administrators = null)
    {
        _administrators = administrators;
        _store = outbox;
        _transport = transport;
        _options = options;
        _templates = new MailTemplates(options);
        _time = time;
        Owner = owner ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    }

    /// <summary>
    /// Sends everything that is due now, batch after batch over MailOptions.Connections SMTP connections kept open
    /// while there is work, and returns when nothing due is left. Accepted messages are marked sent by group commit: one
    /// UPDATE for every message the servers accepted while the previous UPDATE ran, so a burst costs a few write
    /// transactions instead of one per message.
    /// </summary>
    public async Task<DispatchResult> DispatchAsync(CancellationToken ct = default)
    {
        var batch = Math.Max(1, _options.BatchSize);
        var marker = new SentMarker(this);
        var workers = new List<Task<DispatchResult>>();
        DispatchResult[] results;
        try
        {
            // Each connection claims its own batches (the claim is the compare-and-swap), so they never share a row.
            for (var i = 0; i < Math.Max(1, _options.Connections); i++) workers.Add(Task.Run(WorkerAsync, ct));
            results = await Task.WhenAll(workers);
        }
        finally
        {
            // Every acceptance is recorded before leaving, whatever happened.
            await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));
            await marker.DrainAsync();
        }
        return new DispatchResult(results.Sum(r => r.Claimed), marker.Sent, results.Sum(r => r.Failed), results.Sum(r => r.Dead),
            results.Sum(r => r.LeaseLost) + marker.Lost, results.Sum(r => r.Skipped));

        async Task<DispatchResult> WorkerAsync()
        {
            int claimedTotal = 0, sent = 0, failed = 0, dead = 0, leaseLost = 0, skipped = 0;
            IMailSession? session = null;
            Exception? connectError = null;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var claimed = await _store.ClaimDueAsync(Owner, _time.GetUtcNow(), _options.Lease, batch, ct);
                    if (claimed.Count == 0) break;
                    claimedTotal += claimed.Count;
                    foreach (var row in claimed)
                    {
                        // A send must finish inside the lease, or a second dispatcher could take the row and send it too.
                        // A row too close to its lease end waits for the lease to expire and is claimed again.
                        if (_time.GetUtcNow() + _options.Timeout >= row.LeaseUntil || ct.IsCancellationRequested)
                        {
                            skipped++;
                            continue;
                        }
                        try
                        {
                            if (connectError is not null) throw new MailConnectException(connectError);
                            try
                            {
                                session ??= await _transport.OpenAsync(ct);
                            }
                            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                            {
                                connectError = e; // don't wait for the same dead server once per row
                                throw;
                            }
                            // A notice goes with its document or not at all: a missing file fails the attempt.
                            var file = row.AttachmentId is { } fileId
                                ? await _store.AttachmentAsync(fileId, ct) ?? throw new InvalidOperationException($"The attachment {fileId} of outbox row {row.Id} is gone.")
                                : null;
                            await session.SendAsync(OutboxMime.Build(row, _options, file), ct);
                        }
                        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                        {
                            if (session is not null)
                            {
                                await session.DisposeAsync(); // the connection may be in any state; the next row reconnects
                                session = null;
                            }
                            MailMetrics.SmtpFailures.Add(1);
                            var state = await FailAsync(row, e is MailConnectException m ? m.InnerException! : e);
                            if (state == OutboxState.Dead) dead++;
                            else if (state == OutboxState.Pending) failed++;
                            else leaseLost++;
                            continue;
                        }

                        // THE ONE UNAVOIDABLE WINDOW: the SMTP server has accepted the message and the UPDATE that marks
                        // its row sent has not committed. A crash here leaves the row 'sending'; when its lease expires
                        // another dispatcher sends it again, under the same Message-Id (from the row), so mail clients show
                        // it once. The mark starts at once, or, if the previous mark statement is still running, the moment
                        // it ends, together with everything else accepted meanwhile (group commit); the next send does not
                        // wait for it and does not delay it. The mark ignores cancellation.
                        marker.Add(row.Id);
                    }
                    if (claimed.Count < batch) break;
                }
            }
            finally
            {
                if (session is not null) await session.DisposeAsync();
            }
            return new DispatchResult(claimedTotal, sent, failed, dead, leaseLost, skipped);
        }
    }

    /// <summary>
    /// Group commit of "sent" marks: Add starts a mark statement at once when none is running; otherwise the running
    /// one picks up everything added meanwhile as soon as it ends. At most one statement runs at a time per dispatch.
    /// </summary>
    private sealed class SentMarker(OutboxDispatcher d)
    {
        private readonly Lock _lock = new();
        private readonly List<long> _pending = [];
        private Task? _running;
        private Exception? _error;

        public int Sent { get; private set; }
        public int Lost { get; private set; }

        public void Add(long id)
        {
            lock (_lock)
            {
                _pending.Add(id);
                _running ??= Task.Run(RunAsync);
            }
        }

        private async Task RunAsync()
        {
            while (true)
            {
                long[] ids;
                lock (_lock)
                {
                    if (_pending.Count == 0)
                    {
                        _running = null;
                        return;
                    }
                    ids = [.. _pending];
                    _pending.Clear();
                }
                try
                {
                    var n = await d._store.MarkSentAsync(ids, d.Owner, d._time.GetUtcNow(), CancellationToken.None);
                    lock (_lock)
                    {
                        Sent += n;
                        Lost += ids.Length - n;
                    }
                }
                catch (Exception e)
                {
                    // As a crash would: the rows stay 'sending' and go again, with the same Message-Id, after the lease.
                    lock (_lock) _error ??= e;
                }
            }
        }

        public async Task DrainAsync()
        {
            while (true)
            {
                Task? t;
                lock (_lock) t = _running;
                if (t is null) break;
                await t;
            }
            if (_error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
        }
    }

    /// <summary>Records the failure with exponential backoff; a row that goes dead gets its admin notice in the same
    /// transaction. Without admin addresses (or for a dead admin notice itself) the dead row stays visible in the
    /// outbox list, which is where the API and UI show it.</summary>
    private async Task<OutboxState?> FailAsync(OutboxEntry row, Exception error)
    {
        var now = _time.GetUtcNow();
        var failures = row.Attempts + 1;
        var maxAttempts = Math.Max(1, _options.MaxAttempts);
        var message = $"{error.GetType().Name}: {error.Message}";
        // The notice is prepared only for the attempt that can make the row dead; the outbox adds it only if it does.
        OutboxMessage? deadLetter = null;
        if (failures >= maxAttempts && row.Kind != OutboxKind.AdminNotice)
        {
            var more = _administrators is null ? [] : await _administrators(CancellationToken.None);
            var admins = _options.AdminAddresses.Concat(more).Where(a => !string.IsNullOrWhiteSpace(a))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (admins.Count > 0)
            {
                var notice = _templates.DeadLetter(row, failures, message);
                deadLetter = new OutboxMessage(OutboxKind.AdminNotice, admins, notice.Subject, notice.Text, notice.Html);
            }
        }
        return await _store.MarkFailedAsync(new OutboxFailure(row.Id, Owner, now, now + _options.BackoffAfter(failures), message, maxAttempts),
            deadLetter, CancellationToken.None);
    }

    private sealed class MailConnectException(Exception inner) : Exception(inner.Message, inner);
}
