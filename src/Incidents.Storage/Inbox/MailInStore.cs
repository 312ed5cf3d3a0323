using System.Data.Common;
using Dapper;
using Incidents.Storage.Attachments;
using Incidents.Storage.Cases;
using Incidents.Storage.Thread;

namespace Incidents.Storage.Inbox;

/// <summary>What became of a message taken from a mailbox (mail_in.outcome).</summary>
public static class MailOutcomes
{
    public const string Case = "case", Reply = "reply", Skipped = "skipped", Quarantined = "quarantined", Released = "released",
        Dismissed = "dismissed";
}

/// <summary>
/// One message as the mailbox gave it: the exactly-once key (mailbox, UIDVALIDITY, Message-Id or "uid:N"), its UID, what
/// its envelope says and the server's INTERNALDATE.
/// </summary>
public sealed record MailReceipt(string Mailbox, long UidValidity, long Uid, string? MessageId, string? Sender, string? Subject, long Size,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The Message-Id; a message without one is known by its UID, which UIDVALIDITY keeps stable.</summary>
    public string Key => MessageId ?? $"uid:{Uid}";
}

/// <summary>A quarantined (or released) message, as the admin page lists it.</summary>
public sealed record QuarantinedMail(long Id, string Mailbox, long Uid, string? MessageId, string? Sender, string? Subject, long Size,
    DateTimeOffset ReceivedAt, string Outcome, string? Reason, bool HasContent, DateTimeOffset TakenAt);

/// <summary>A mailbox's last connection as the poller recorded it.</summary>
public sealed record MailboxState(string Mailbox, DateTimeOffset? LastSuccessAt, string? LastError, DateTimeOffset? LastErrorAt, int Failures);

/// <summary>
/// The record of every message taken from a mailbox, and the mailboxes' connection state. A message is claimed in the
/// transaction that writes what it became (the case, the thread entry, the skip or the quarantine row): the unique key
/// decides, across restarts and hosts, and a claim that finds the key taken rolls its whole transaction back.
/// </summary>
public sealed class MailInStore(Database db, TimeProvider time)
{
    /// <summary>
    /// Claims the key: inserts the row, or takes over a row an administrator released; returns no id when the key is
    /// already taken (the caller rolls back).
    /// </summary>
    internal static readonly Sql Claim = new(
        """
        INSERT INTO mail_in (mailbox, uid_validity, message_key, uid, message_id, sender, subject, size, received_at, outcome, case_id, reason, raw, taken_at)
        VALUES (@mailbox, @uidValidity, @key, @uid, @messageId, @sender, @subject, @size, @receivedAt, @outcome, @caseId, @reason, @raw, @at)
        ON CONFLICT (mailbox, uid_validity, message_key) DO UPDATE SET outcome = excluded.outcome, case_id = excluded.case_id,
            reason = excluded.reason, raw = excluded.raw, taken_at = excluded.taken_at
        WHERE mail_in.outcome = 'released'
        RETURNING id
        """,
        """
        MERGE mail_in WITH (HOLDLOCK) AS t
        USING (SELECT @mailbox AS mailbox, @uidValidity AS uid_validity, @key AS message_key) AS s
            ON t.mailbox = s.mailbox AND t.uid_validity = s.uid_validity AND t.message_key = s.message_key
        WHEN MATCHED AND t.outcome = N'released' THEN
            UPDATE SET outcome = @outcome, case_id = @caseId, reason = @reason, raw = @raw, taken_at = @at
        WHEN NOT MATCHED THEN
            INSERT (mailbox, uid_validity, message_key, uid, message_id, sender, subject, size, received_at, outcome, case_id, reason, raw, taken_at)
            VALUES (@mailbox, @uidValidity, @key, @uid, @messageId, @sender, @subject, @size, @receivedAt, @outcome, @caseId, @reason, @raw, @at)
        OUTPUT inserted.id;
        """);

    internal static readonly Sql Outcome = new(
        "SELECT outcome FROM mail_in WHERE mailbox = @mailbox AND uid_validity = @uidValidity AND message_key = @key");

    internal static readonly Sql Moved = new(
        "UPDATE mail_in SET moved_at = @at WHERE mailbox = @mailbox AND uid_validity = @uidValidity AND message_key = @key AND moved_at IS NULL");

    internal static readonly Sql CaseByNumber = new("SELECT id, number FROM cases WHERE number = @number");

    internal static readonly Sql CaseBySentMessage = new(
        "SELECT c.id, c.number FROM outbox o JOIN cases c ON c.id = o.case_id WHERE o.message_id = @messageId");

    internal static readonly Sql ListQuarantine = new(
        """
        SELECT id, mailbox, uid, message_id, sender, subject, size, received_at, outcome, reason,
            CASE WHEN raw IS NULL THEN 0 ELSE 1 END AS has_content, taken_at
        FROM mail_in WHERE outcome IN ('quarantined', 'released') ORDER BY taken_at DESC, id DESC
        """);

    internal static readonly Sql QuarantineRow = new(
        """
        SELECT id, mailbox, uid_validity, message_key, uid, message_id, sender, subject, size, received_at, outcome, raw
        FROM mail_in WHERE id = @id
        """);

    internal static readonly Sql Release = new(
        "UPDATE mail_in SET outcome = 'released' WHERE id = @id AND outcome IN ('quarantined', 'released') AND raw IS NOT NULL");

    internal static readonly Sql Dismiss = new(
        "UPDATE mail_in SET outcome = 'dismissed', raw = NULL WHERE id = @id AND outcome IN ('quarantined', 'released')");

    internal static readonly Sql StatusSucceeded = new(
        """
        INSERT INTO mailbox_status (mailbox, last_success_at, failures) VALUES (@mailbox, @at, 0)
        ON CONFLICT (mailbox) DO UPDATE SET last_success_at = excluded.last_success_at, failures = 0
        """,
        """
        MERGE mailbox_status WITH (HOLDLOCK) AS t USING (SELECT @mailbox AS mailbox) AS s ON t.mailbox = s.mailbox
        WHEN MATCHED THEN UPDATE SET last_success_at = @at, failures = 0
        WHEN NOT MATCHED THEN INSERT (mailbox, last_success_at, failures) VALUES (@mailbox, @at, 0);
        """);

    internal static readonly Sql StatusFailed = new(
        """
        INSERT INTO mailbox_status (mailbox, last_error, last_error_at, failures) VALUES (@mailbox, @error, @at, 1)
        ON CONFLICT (mailbox) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at,
            failures = mailbox_status.failures + 1
        """,
        """
        MERGE mailbox_status WITH (HOLDLOCK) AS t USING (SELECT @mailbox AS mailbox) AS s ON t.mailbox = s.mailbox
        WHEN MATCHED THEN UPDATE SET last_error = @error, last_error_at = @at, failures = t.failures + 1
        WHEN NOT MATCHED THEN INSERT (mailbox, last_error, last_error_at, failures) VALUES (@mailbox, @error, @at, 1);
        """);

    internal static readonly Sql Statuses = new("SELECT mailbox, last_success_at, last_error, last_error_at, failures FROM mailbox_status");

    /// <summary>Claims the message for an outcome inside the caller's transaction; false when it was already taken.</summary>
    internal static async Task<bool> ClaimAsync(DbConnection c, DbTransaction tx, Database db, MailReceipt r, string outcome, long? caseId,
        string? reason, byte[]? raw, DateTimeOffset at, CancellationToken ct)
    {
        var id = await c.ExecuteScalarAsync<long?>(new CommandDefinition(db[Claim], new
        {
            mailbox = r.Mailbox, uidValidity = r.UidValidity, key = r.Key, uid = r.Uid, messageId = r.MessageId, sender = Cut(r.Sender, 320),
            subject = Cut(r.Subject, 1000), size = r.Size, receivedAt = Instants.Ms(r.ReceivedAt), outcome, caseId, reason = Cut(reason, 4000), raw,
            at = Instants.Ms(at),
        }, tx, cancellationToken: ct));
        return id is not null;
    }

    /// <summary>What the message already came to (null: never taken, or released to be taken again).</summary>
    public async Task<string?> TakenAsync(MailReceipt r, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var outcome = await c.ExecuteScalarAsync<string?>(new CommandDefinition(db[Outcome],
            new { mailbox = r.Mailbox, uidValidity = r.UidValidity, key = r.Key }, cancellationToken: ct));
        return outcome == MailOutcomes.Released ? null : outcome;
    }

    /// <summary>Records a message that is not a letter (skipped) or could not be taken (quarantined), in a transaction of its
    /// own; false when it was already taken.</summary>
    public async Task<bool> RecordAsync(MailReceipt r, string outcome, string? reason, byte[]? raw, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct);
        var claimed = await ClaimAsync(w.Connection, w.Transaction, db, r, outcome, null, reason, raw, time.GetUtcNow(), ct);
        if (claimed) await w.CommitAsync(ct);
        return claimed;
    }

    /// <summary>
    /// A reply to a case: the message claimed, its 'mail-in' entry on the case's thread (with the original .eml, which
    /// counts one unread correspondence for the assignee) and the files that passed the checks, in one transaction;
    /// false when the message was already taken.
    /// </summary>
    public Task<bool> AddReplyAsync(MailReceipt r, long caseId, NewEntry entry, IReadOnlyList<NewAttachment> files, CancellationToken ct = default) =>
        AddReplyAsync(r, caseId, entry, files, null, ct);

    /// <summary>As above; <paramref name="alongside"/> runs in the same transaction once the entry exists (the assignee's
    /// notification), and only when this message was not taken before.</summary>
    public async Task<bool> AddReplyAsync(MailReceipt r, long caseId, NewEntry entry, IReadOnlyList<NewAttachment> files,
        Func<DbConnection, DbTransaction, CaseEntry, CancellationToken, Task>? alongside, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct);
        var (c, tx) = (w.Connection, w.Transaction);
        var now = time.GetUtcNow();
        if (!await ClaimAsync(c, tx, db, r, MailOutcomes.Reply, caseId, null, null, now, ct)) return false;
        var stored = await CaseThreadStore.InsertAsync(c, tx, db, caseId, entry, now, ct);
        foreach (var f in files)
        {
            var info = await AttachmentStore.InsertAsync(c, tx, db, caseId, f, now, entry.Author, ct);
            await CaseRows.AppendEventAsync(c, tx, db, caseId, new NewCaseEvent(now, entry.Author, "attachment-added",
                Data: new Dictionary<string, string> { ["file"] = info.FileName, ["sha256"] = info.Sha256 }), ct);
        }
        if (alongside is not null) await alongside(c, tx, stored, ct);
        await w.CommitAsync(ct);
        return true;
    }

    /// <summary>Notes that the server moved (or flagged) the message: for the record only, the claim already decided.</summary>
    public Task MarkMovedAsync(MailReceipt r, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Moved],
            new { mailbox = r.Mailbox, uidValidity = r.UidValidity, key = r.Key, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct);

    /// <summary>The case a reply belongs to: a case number in its subject, else a Message-Id we sent that it answers.</summary>
    public async Task<(long Id, string Number)?> CaseAnsweredAsync(IReadOnlyList<string> caseNumbers, IReadOnlyList<string> answers,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        foreach (var number in caseNumbers)
            if (await c.QuerySingleOrDefaultAsync<CaseRow>(new CommandDefinition(db[CaseByNumber], new { number }, cancellationToken: ct)) is { } hit)
                return (hit.Id, hit.Number);
        foreach (var messageId in answers)
            if (await c.QueryFirstOrDefaultAsync<CaseRow>(new CommandDefinition(db[CaseBySentMessage], new { messageId }, cancellationToken: ct)) is { } hit)
                return (hit.Id, hit.Number);
        return null;
    }

    public async Task<IReadOnlyList<QuarantinedMail>> QuarantineAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. (await c.QueryAsync<ListRow>(new CommandDefinition(db[ListQuarantine], cancellationToken: ct))).Select(r =>
            new QuarantinedMail(r.Id, r.Mailbox, r.Uid, r.MessageId, r.Sender, r.Subject, r.Size, Instants.At(r.ReceivedAt), r.Outcome, r.Reason,
                r.HasContent != 0, Instants.At(r.TakenAt)))];
    }

    /// <summary>Marks a quarantined message to be taken again and returns it with its bytes; null when there is nothing to
    /// take again (unknown, already taken, dismissed, or over the size limit and so never stored).</summary>
    public async Task<(MailReceipt Receipt, byte[] Raw)?> ReleaseAsync(long id, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct);
        var (c, tx) = (w.Connection, w.Transaction);
        if (await c.ExecuteAsync(new CommandDefinition(db[Release], new { id }, tx, cancellationToken: ct)) == 0) return null;
        var r = await c.QuerySingleAsync<RawRow>(new CommandDefinition(db[QuarantineRow], new { id }, tx, cancellationToken: ct));
        await w.CommitAsync(ct);
        return (new MailReceipt(r.Mailbox, r.UidValidity, r.Uid, r.MessageId, r.Sender, r.Subject, r.Size, Instants.At(r.ReceivedAt)), r.Raw!);
    }

    /// <summary>An administrator decided the message is not a letter: its bytes go, the row stays as the record.</summary>
    public async Task<bool> DismissAsync(long id, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Dismiss], new { id }, tx, cancellationToken: ct)), ct) > 0;

    public Task SucceededAsync(string mailbox, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[StatusSucceeded],
            new { mailbox, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct);

    public Task FailedAsync(string mailbox, string error, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[StatusFailed],
            new { mailbox, error = Cut(error, 4000), at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct)), ct);

    public async Task<IReadOnlyDictionary<string, MailboxState>> StatusesAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<StatusRow>(new CommandDefinition(db[Statuses], cancellationToken: ct))).ToDictionary(r => r.Mailbox,
            r => new MailboxState(r.Mailbox, Instants.At(r.LastSuccessAt), r.LastError, Instants.At(r.LastErrorAt), r.Failures), StringComparer.Ordinal);
    }

    private static string? Cut(string? s, int max) => s is { Length: > 0 } && s.Length > max ? s[..max] : s;

    private sealed class ListRow
    {
        public long Id { get; set; }
        public string Mailbox { get; set; } = "";
        public long Uid { get; set; }
        public string? MessageId { get; set; }
        public string? Sender { get; set; }
        public string? Subject { get; set; }
        public long Size { get; set; }
        public long ReceivedAt { get; set; }
        public string Outcome { get; set; } = "";
        public string? Reason { get; set; }
        public long HasContent { get; set; }
        public long TakenAt { get; set; }
    }

    private sealed class RawRow
    {
        public long Id { get; set; }
        public string Mailbox { get; set; } = "";
        public long UidValidity { get; set; }
        public string MessageKey { get; set; } = "";
        public long Uid { get; set; }
        public string? MessageId { get; set; }
        public string? Sender { get; set; }
        public string? Subject { get; set; }
        public long Size { get; set; }
        public long ReceivedAt { get; set; }
        public string Outcome { get; set; } = "";
        public byte[]? Raw { get; set; }
    }

    private sealed class CaseRow
    {
        public long Id { get; set; }
        public string Number { get; set; } = "";
    }

    private sealed class StatusRow
    {
        public string Mailbox { get; set; } = "";
        public long? LastSuccessAt { get; set; }
        public string? LastError { get; set; }
        public long? LastErrorAt { get; set; }
        public int Failures { get; set; }
    }
}
