namespace Incidents.Mail.Outbox;

/// <summary>A failed send attempt as the dispatcher reports it: the row, the lease owner, when to try again, why.</summary>
public sealed record OutboxFailure(long Id, string Owner, DateTimeOffset At, DateTimeOffset NextAttemptAt, string Error, int MaxAttempts);

/// <summary>A file an outbox row attaches (OutboxEntry.AttachmentId), as the dispatcher puts it in the message.</summary>
public sealed record OutboxFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// What the dispatcher needs from wherever the outbox rows live (Storage keeps them in the outbox table). Each row is
/// sent by at most one dispatcher at a time: a claim is a compare-and-swap with a lease, and the marks apply only
/// while the caller still holds that lease.
/// </summary>
public interface IOutbox
{
    /// <summary>Claims up to <paramref name="batch"/> due rows for <paramref name="owner"/> until now + lease: pending
    /// rows whose next attempt is due, and sending rows whose lease ran out (their dispatcher died).</summary>
    Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int batch, CancellationToken ct = default);

    /// <summary>Marks rows sent, each only while <paramref name="owner"/> holds it; returns how many it marked (fewer
    /// than asked means leases were lost).</summary>
    Task<int> MarkSentAsync(IReadOnlyCollection<long> ids, string owner, DateTimeOffset now, CancellationToken ct = default);

    /// <summary>Records a failed attempt: pending again at its next attempt, or dead once attempts reach the maximum.
    /// When the row goes dead, <paramref name="deadLetter"/> (if any) is added in the same transaction, so the dead row
    /// and the administrators' notice commit together. Returns the new state, or null when the lease was lost.</summary>
    Task<OutboxState?> MarkFailedAsync(OutboxFailure failure, OutboxMessage? deadLetter, CancellationToken ct = default);

    /// <summary>The file a row attaches; null when it is gone (the row then fails rather than go out without it). An
    /// outbox whose rows never attach anything need not implement it.</summary>
    Task<OutboxFile?> AttachmentAsync(long attachmentId, CancellationToken ct = default) => Task.FromResult<OutboxFile?>(null);
}
