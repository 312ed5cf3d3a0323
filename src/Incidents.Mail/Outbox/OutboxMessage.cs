namespace Incidents.Mail.Outbox;

/// <summary>Why a message is sent. Mention: a colleague named in a case note; Notice: a notice or decision sent to the
/// other side (its document in AttachmentId); Notification: any other word to the other side.</summary>
public enum OutboxKind { Escalation, Digest, AdminNotice, Mention, Notice, Notification }

/// <summary>pending -> sending (leased by one dispatcher) -> sent; a failure goes back to pending with a later
/// next_attempt_at, or to dead after the configured number of attempts. A "failed" row is a pending row with attempts > 0.</summary>
public enum OutboxState { Pending, Sending, Sent, Dead }

/// <summary>
/// What a caller asks to send. The store gives it a Message-Id and a row, unless the caller names the Message-Id itself
/// (with angle brackets): then the unique index on message_id makes the enqueue happen at most once (the daily digest
/// derives it from the date). Headers are extra message headers (X-Incidents-Due, X-Incidents-Step). AttachmentId: a
/// file of the case (table attachments) to attach when sending.
/// </summary>
public sealed record OutboxMessage(
    OutboxKind Kind,
    IReadOnlyList<string> Recipients,
    string Subject,
    string BodyText,
    string? BodyHtml = null,
    long? CaseId = null,
    string? ThreadKey = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? MessageId = null,
    long? AttachmentId = null);

/// <summary>One outbox row as stored. MessageId includes its angle brackets, as in the header.</summary>
public sealed record OutboxEntry
{
    public required long Id { get; init; }
    public required string MessageId { get; init; }
    public required OutboxKind Kind { get; init; }
    public long? CaseId { get; init; }
    public string? ThreadKey { get; init; }
    public required IReadOnlyList<string> Recipients { get; init; }
    public required string Subject { get; init; }
    public required string BodyText { get; init; }
    public string? BodyHtml { get; init; }
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
    public required OutboxState State { get; init; }
    /// <summary>Send attempts so far, the successful one included.</summary>
    public required int Attempts { get; init; }
    public required DateTimeOffset NextAttemptAt { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }
    /// <summary>The error of the latest failed attempt; kept after a later success so the history stays visible.</summary>
    public string? LastError { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    /// <summary>A file of the case (table attachments) to attach when sending.</summary>
    public long? AttachmentId { get; init; }
}
