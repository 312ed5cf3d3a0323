using Incidents.Mail.Escalation;
using Incidents.Mail.Transport;
using Incidents.Storage;
using Incidents.Storage.Outbox;

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
    private readonly OutboxStore _store;
    private readonly Database _db;
    private readonly IMailTransport _transport;
    private readonly MailOptions _options;
    private readonly MailTemplates _templates;
    private readonly TimeProvider _time;

    public string Owner { get; }

    private readonly Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<IReadOnlyList<string>>>? _moreAdmins;

    /// <param name="moreAdmins">Further administrator addresses for dead-letter notices (the host passes the admin users'
    /// addresses), read in the transaction that marks the row dead; MailOptions.AdminAddresses are always included.</param>
    public OutboxDispatcher(OutboxStore store, Database db, IMailTransport transport, MailOptions options, TimeProvider time,
        string? owner = null,
        Func<System.Data.Common.DbConnection, System.Data.Common.DbTransaction, Task<IReadOnlyList<string>>>? moreAdmins = null)
    {
        _moreAdmins = moreAdmins;
        _store = store;
        _db = db;
        _transport = transport;
        _options = options;
        _templates = new MailTemplates(options);
        _time = time;
        Owner = owner ?? $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    }

    /// <summary>
    /// Sends everything that is due now, batch after batch over one SMTP connection, and returns when nothing due is
    /// left. Accepted messages are marked sent by group commit: one UPDATE for every message the server accepted while
    /// the previous UPDATE ran, so a burst costs a few write transactions instead of one per message.
    /// </summary>
    public async Task<DispatchResult> DispatchAsync(CancellationToken ct = default)
    {
        int claimedTotal = 0, sent = 0, failed = 0, dead = 0, leaseLost = 0, skipped = 0;
        var batch = Math.Max(1, _options.BatchSize);
        IMailSession? session = null;
        Exception? connectError = null;
        var accepted = new List<long>(); // accepted by the server, not yet in a mark statement
        Task<int>? marking = null;
        var markingCount = 0;

        async Task CollectAsync()
        {
            if (marking is null) return;
            var n = await marking;
            sent += n;
            leaseLost += markingCount - n;
            marking = null;
        }

        void StartMark()
        {
            if (accepted.Count == 0) return;
            var ids = accepted.ToArray();
            accepted.Clear();
            markingCount = ids.Length;
            // Ignores cancellation: what the server accepted must be recorded.
            marking = _store.MarkSentAsync(ids, Owner, _time.GetUtcNow(), CancellationToken.None);
        }

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
                        await session.SendAsync(OutboxMime.Build(row, _options), ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        if (session is not null)
                        {
                            await session.DisposeAsync(); // the connection may be in any state; the next row reconnects
                            session = null;
                        }
                        var state = await FailAsync(row, e is MailConnectException m ? m.InnerException! : e);
                        if (state == OutboxState.Dead) dead++;
                        else if (state == OutboxState.Pending) failed++;
                        else leaseLost++;
                        continue;
                    }

                    // THE ONE UNAVOIDABLE WINDOW: the SMTP server has accepted the message and the UPDATE that marks
                    // its row sent has not committed. A crash here leaves the row 'sending'; when its lease expires
                    // another dispatcher sends it again, under the same Message-Id (from the row), so mail clients show
                    // it once. The mark starts at once unless the previous mark is still running; then it joins the
                    // next one, which starts as soon as that one is done (group commit). Nothing else is written in
                    // between, and the mark ignores cancellation.
                    accepted.Add(row.Id);
                    if (marking is null || marking.IsCompleted)
                    {
                        await CollectAsync();
                        StartMark();
                    }
                }
                if (claimed.Count < batch) break;
            }
        }
        finally
        {
            // Record every acceptance before leaving, whatever happened; then close the connection.
            await CollectAsync();
            StartMark();
            await CollectAsync();
            if (session is not null) await session.DisposeAsync();
        }
        return new DispatchResult(claimedTotal, sent, failed, dead, leaseLost, skipped);
    }

    /// <summary>Records the failure with exponential backoff; a row that goes dead gets its admin notice in the same
    /// transaction. Without admin addresses (or for a dead admin notice itself) the dead row stays visible in the
    /// outbox list, which is where the API and UI show it.</summary>
    private async Task<OutboxState?> FailAsync(OutboxEntry row, Exception error)
    {
        var now = _time.GetUtcNow();
        var failures = row.Attempts + 1;
        var message = $"{error.GetType().Name}: {error.Message}";
        await using var w = await _db.BeginWriteAsync(CancellationToken.None);
        var (c, tx) = (w.Connection, w.Transaction);
        var state = await _store.MarkFailedAsync(c, tx, row.Id, Owner, now + _options.BackoffAfter(failures), message,
            Math.Max(1, _options.MaxAttempts));
        if (state == OutboxState.Dead && row.Kind != OutboxKind.AdminNotice)
        {
            var more = _moreAdmins is null ? [] : await _moreAdmins(c, tx);
            var admins = _options.AdminAddresses.Concat(more).Where(a => !string.IsNullOrWhiteSpace(a))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (admins.Count > 0)
            {
                var notice = _templates.DeadLetter(row, failures, message);
                await _store.EnqueueAsync(c, tx,
                    new OutboxMessage(OutboxKind.AdminNotice, admins, notice.Subject, notice.Text, notice.Html), now);
            }
        }
        await w.CommitAsync(CancellationToken.None);
        return state;
    }

    private sealed class MailConnectException(Exception inner) : Exception(inner.Message, inner);
}
