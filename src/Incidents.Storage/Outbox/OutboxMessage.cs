using Incidents.Mail.Outbox;

namespace Incidents.Storage.Outbox;

/// <summary>The row an enqueue created.</summary>
public sealed record OutboxEnqueued(long Id, string MessageId);

public sealed record OutboxPage(IReadOnlyList<OutboxEntry> Items, int Total, int Offset, int Limit);

/// <summary>The words stored in the state and kind columns.</summary>
public static class OutboxWords
{
    public static string Of(OutboxState s) => s switch
    {
        OutboxState.Pending => "pending",
        OutboxState.Sending => "sending",
        OutboxState.Sent => "sent",
        OutboxState.Dead => "dead",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static string Of(OutboxKind k) => k switch
    {
        OutboxKind.Escalation => "escalation",
        OutboxKind.Digest => "digest",
        OutboxKind.AdminNotice => "admin-notice",
        OutboxKind.Mention => "mention",
        OutboxKind.Notice => "notice",
        OutboxKind.Notification => "notification",
        _ => throw new ArgumentOutOfRangeException(nameof(k)),
    };

    public static OutboxState ParseState(string s) => s switch
    {
        "pending" => OutboxState.Pending,
        "sending" => OutboxState.Sending,
        "sent" => OutboxState.Sent,
        "dead" => OutboxState.Dead,
        _ => throw new FormatException($"Unknown outbox state '{s}'."),
    };

    public static OutboxKind ParseKind(string s) => s switch
    {
        "escalation" => OutboxKind.Escalation,
        "digest" => OutboxKind.Digest,
        "admin-notice" => OutboxKind.AdminNotice,
        "mention" => OutboxKind.Mention,
        "notice" => OutboxKind.Notice,
        "notification" => OutboxKind.Notification,
        _ => throw new FormatException($"Unknown outbox kind '{s}'."),
    };
}
