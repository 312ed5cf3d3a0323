using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Incidents.Mail.Outbox;

namespace Incidents.Storage.Outbox;

/// <summary>
/// The outbox table. Enqueue joins the caller's transaction, so a business record and its email commit together.
/// The dispatcher side (Mail's IOutbox: ClaimDue, MarkSent, MarkFailed) is built so that each row is sent by at most one dispatcher
/// at a time: a claim is a compare-and-swap on (state, lease) in one statement, and the marks only apply while the
/// caller still holds the lease.
/// </summary>
public sealed class OutboxStore : IOutbox
{
    private readonly Database _db;
    private readonly string _messageIdDomain;

    /// <param name="messageIdDomain">Right-hand side of generated Message-Ids (Incidents:Smtp:MessageIdDomain).</param>
    public OutboxStore(Database db, string? messageIdDomain = null)
    {
        _db = db;
        _messageIdDomain = string.IsNullOrWhiteSpace(messageIdDomain) ? "incidents.local" : messageIdDomain.Trim();
    }

    public string MessageIdDomain => _messageIdDomain;

    private const string Columns =
        "id AS Id, message_id AS MessageId, kind AS Kind, case_id AS CaseId, thread_key AS ThreadKey, recipients AS Recipients, " +
        "subject AS Subject, body_text AS BodyText, body_html AS BodyHtml, headers AS Headers, state AS State, attempts AS Attempts, " +
        "next_attempt_at AS NextAttemptAt, lease_owner AS LeaseOwner, lease_until AS LeaseUntil, last_error AS LastError, " +
        "created_at AS CreatedAt, sent_at AS SentAt, attachment_id AS AttachmentId";

    private const string InsertedColumns =
        "inserted.id AS Id, inserted.message_id AS MessageId, inserted.kind AS Kind, inserted.case_id AS CaseId, " +
        "inserted.thread_key AS ThreadKey, inserted.recipients AS Recipients, inserted.subject AS Subject, " +
        "inserted.body_text AS BodyText, inserted.body_html AS BodyHtml, inserted.headers AS Headers, inserted.state AS State, inserted.attempts AS Attempts, " +
        "inserted.next_attempt_at AS NextAttemptAt, inserted.lease_owner AS LeaseOwner, inserted.lease_until AS LeaseUntil, " +
        "inserted.last_error AS LastError, inserted.created_at AS CreatedAt, inserted.sent_at AS SentAt, inserted.attachment_id AS AttachmentId";

    private const string InsertColumns =
        "(message_id, kind, case_id, thread_key, recipients, subject, body_text, body_html, headers, state, attempts, next_attempt_at, created_at, attachment_id)";

    private const string InsertValues =
        "(@MessageId, @Kind, @CaseId, @ThreadKey, @Recipients, @Subject, @BodyText, @BodyHtml, @Headers, 'pending', 0, @Now, @Now, @AttachmentId)";

    public static readonly Sql Insert = new(
        "INSERT INTO outbox " + InsertColumns + " VALUES " + InsertValues + " RETURNING id",
        "INSERT INTO outbox " + InsertColumns + " OUTPUT inserted.id VALUES " + InsertValues);

    /// <summary>Inserts unless a row with this Message-Id exists: no row back means someone (another host) enqueued it first.</summary>
    public static readonly Sql InsertIfAbsent = new(
        "INSERT INTO outbox " + InsertColumns + " VALUES " + InsertValues + " ON CONFLICT (message_id) DO NOTHING RETURNING id",
        "INSERT INTO outbox " + InsertColumns + " OUTPUT inserted.id SELECT @MessageId, @Kind, @CaseId, @ThreadKey, @Recipients, " +
        "@Subject, @BodyText, @BodyHtml, @Headers, 'pending', 0, @Now, @Now, @AttachmentId " +
        "WHERE NOT EXISTS (SELECT 1 FROM outbox WITH (UPDLOCK, HOLDLOCK) WHERE message_id = @MessageId)");

    public static readonly Sql SelectDueIds = new(
        "SELECT id FROM outbox WHERE (state = 'pending' AND next_attempt_at <= @Now) OR (state = 'sending' AND lease_until < @Now) " +
        "ORDER BY next_attempt_at, id LIMIT @Batch",
        "SELECT TOP (@Batch) id FROM outbox WHERE (state = 'pending' AND next_attempt_at <= @Now) OR (state = 'sending' AND lease_until < @Now) " +
        "ORDER BY next_attempt_at, id");

    /// <summary>The compare-and-swap: it changes the row only if it is still due, so of two dispatchers that picked the
    /// same id, exactly one gets the row back.</summary>
    public static readonly Sql Claim = new(
        "UPDATE outbox SET state = 'sending', lease_owner = @Owner, lease_until = @Until " +
        "WHERE id = @Id AND ((state = 'pending' AND next_attempt_at <= @Now) OR (state = 'sending' AND lease_until < @Now)) " +
        "RETURNING " + Columns,
        "UPDATE outbox SET state = 'sending', lease_owner = @Owner, lease_until = @Until OUTPUT " + InsertedColumns + " " +
        "WHERE id = @Id AND ((state = 'pending' AND next_attempt_at <= @Now) OR (state = 'sending' AND lease_until < @Now))");

    /// <summary>Marks sent the rows of a JSON array of ids that this owner still leases.</summary>
    public static readonly Sql MarkSentManySql = new(
        "UPDATE outbox SET state = 'sent', sent_at = @Now, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL " +
        "WHERE id IN (SELECT value FROM json_each(@Ids)) AND state = 'sending' AND lease_owner = @Owner",
        "UPDATE outbox SET state = 'sent', sent_at = @Now, attempts = attempts + 1, lease_owner = NULL, lease_until = NULL " +
        "WHERE id IN (SELECT CAST(value AS bigint) FROM OPENJSON(@Ids)) AND state = 'sending' AND lease_owner = @Owner");

    public static readonly Sql MarkFailedSql = new(
        "UPDATE outbox SET attempts = attempts + 1, " +
        "state = CASE WHEN attempts + 1 >= @MaxAttempts THEN 'dead' ELSE 'pending' END, " +
        "next_attempt_at = @Next, last_error = @Error, lease_owner = NULL, lease_until = NULL " +
        "WHERE id = @Id AND state = 'sending' AND lease_owner = @Owner RETURNING state",
        "UPDATE outbox SET attempts = attempts + 1, " +
        "state = CASE WHEN attempts + 1 >= @MaxAttempts THEN 'dead' ELSE 'pending' END, " +
        "next_attempt_at = @Next, last_error = @Error, lease_owner = NULL, lease_until = NULL OUTPUT inserted.state " +
        "WHERE id = @Id AND state = 'sending' AND lease_owner = @Owner");

    public static readonly Sql RetrySql = new(
        "UPDATE outbox SET state = 'pending', next_attempt_at = @Now, lease_owner = NULL, lease_until = NULL " +
        "WHERE id = @Id AND state IN ('pending', 'dead')");

    public static readonly Sql SelectById = new("SELECT " + Columns + " FROM outbox WHERE id = @Id");

    public static readonly Sql SelectPage = new(
        "SELECT " + Columns + " FROM outbox WHERE (@State IS NULL OR state = @State) AND (@CaseId IS NULL OR case_id = @CaseId) " +
        "ORDER BY id DESC LIMIT @Limit OFFSET @Offset",
        "SELECT " + Columns + " FROM outbox WHERE (@State IS NULL OR state = @State) AND (@CaseId IS NULL OR case_id = @CaseId) " +
        "ORDER BY id DESC OFFSET @Offset ROWS FETCH NEXT @Limit ROWS ONLY");

    public static readonly Sql CountPage = new(
        "SELECT COUNT(*) FROM outbox WHERE (@State IS NULL OR state = @State) AND (@CaseId IS NULL OR case_id = @CaseId)");

    public static readonly Sql LastCreatedOfKind = new("SELECT MAX(created_at) FROM outbox WHERE kind = @Kind");

    private Action? _added;

    /// <summary>
    /// Calls <paramref name="wake"/> each time a transaction that added a row here commits, in this process: the
    /// dispatcher starts on a new row at once instead of at its next poll. Rows added by other hosts are still found by
    /// the poll. The callback must return quickly (it runs on the committing flow).
    /// </summary>
    public void OnAdded(Action wake) => _added += wake;

    private void Wake() => _added?.Invoke();

    /// <summary>Adds a row inside the caller's transaction; nothing is sent until that transaction commits.</summary>
    public async Task<OutboxEnqueued> EnqueueAsync(DbConnection connection, DbTransaction? transaction, OutboxMessage message,
        DateTimeOffset now, CancellationToken ct = default)
    {
        if (message.Recipients.Count == 0 || message.Recipients.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("An outbox message needs at least one recipient, and no blank ones.", nameof(message));
        var messageId = message.MessageId ?? $"<outbox-{Guid.NewGuid():N}@{_messageIdDomain}>";
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(_db[Insert], Params(message, messageId, now), transaction,
            cancellationToken: ct));
        _db.AfterCommit(transaction, Wake);
        return new OutboxEnqueued(id, messageId);
    }

    /// <summary>
    /// Adds a row whose Message-Id the caller chose, unless one with that id exists already; null then. Two hosts
    /// enqueueing the same meaningful message (the digest of one day) end with one row.
    /// </summary>
    public async Task<OutboxEnqueued?> TryEnqueueAsync(DbConnection connection, DbTransaction? transaction, OutboxMessage message,
        DateTimeOffset now, CancellationToken ct = default)
    {
        if (message.MessageId is null) throw new ArgumentException("TryEnqueue needs the caller's Message-Id.", nameof(message));
        if (message.Recipients.Count == 0 || message.Recipients.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("An outbox message needs at least one recipient, and no blank ones.", nameof(message));
        var id = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(_db[InsertIfAbsent], Params(message, message.MessageId, now),
            transaction, cancellationToken: ct));
        if (id is null) return null;
        _db.AfterCommit(transaction, Wake);
        return new OutboxEnqueued(id.Value, message.MessageId);
    }

    /// <summary>Whether a row with this Message-Id exists.</summary>
    public async Task<bool> ExistsAsync(string messageId, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(_db[CountByMessageId], new { MessageId = messageId }, cancellationToken: ct)) > 0;
    }

    public static readonly Sql SelectAttachment = new("SELECT file_name AS FileName, content_type AS ContentType, content AS Content FROM attachments WHERE id = @Id");

    /// <summary>The file a row attaches (a notice's document), from the case's attachments.</summary>
    public async Task<OutboxFile?> AttachmentAsync(long attachmentId, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<OutboxFile>(new CommandDefinition(_db[SelectAttachment], new { Id = attachmentId }, cancellationToken: ct));
    }

    public static readonly Sql CountByMessageId = new("SELECT COUNT(*) FROM outbox WHERE message_id = @MessageId");

    private static object Params(OutboxMessage message, string messageId, DateTimeOffset now) => new
    {
        MessageId = messageId,
        Kind = OutboxWords.Of(message.Kind),
        message.CaseId,
        message.ThreadKey,
        Recipients = JsonSerializer.Serialize(message.Recipients),
        message.Subject,
        message.BodyText,
        message.BodyHtml,
        Headers = message.Headers is { Count: > 0 } h ? JsonSerializer.Serialize(h) : null,
        Now = Ts(now),
        message.AttachmentId,
    };

    /// <summary>Adds a row in its own transaction.</summary>
    public async Task<OutboxEnqueued> EnqueueAsync(OutboxMessage message, DateTimeOffset now, CancellationToken ct = default)
    {
        return await _db.WriteAsync((c, tx) => EnqueueAsync(c, tx, message, now, ct), ct);
    }

    /// <summary>
    /// Claims up to <paramref name="batch"/> due rows for <paramref name="owner"/> until now + lease: pending rows whose
    /// next attempt is due, and sending rows whose lease ran out (their dispatcher died). Each claim is its own
    /// compare-and-swap statement, so a row another dispatcher took in between is simply not returned.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int batch,
        CancellationToken ct = default)
    {
        // One write transaction per batch (SQLite: BEGIN IMMEDIATE, behind this process's writer gate): a burst of
        // thousands of rows costs one commit per batch, not one per row. Each UPDATE is still the compare-and-swap, so
        // the claim stays exclusive.
        await using var w = await _db.BeginWriteAsync(ct);
        var (c, tx) = (w.Connection, w.Transaction);
        var ids = (await c.QueryAsync<long>(new CommandDefinition(_db[SelectDueIds], new { Now = Ts(now), Batch = batch },
            tx, cancellationToken: ct))).ToList();
        var claimed = new List<OutboxEntry>(ids.Count);
        foreach (var id in ids)
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(_db[Claim],
                new { Id = id, Owner = owner, Until = Ts(now + lease), Now = Ts(now) }, tx, cancellationToken: ct));
            if (row is not null) claimed.Add(row.ToEntry());
        }
        await w.CommitAsync(ct);
        return claimed;
    }

    /// <summary>Marks a row sent, only if <paramref name="owner"/> still holds it. False means the lease was lost.</summary>
    public async Task<bool> MarkSentAsync(long id, string owner, DateTimeOffset now, CancellationToken ct = default)
    {
        return await MarkSentAsync([id], owner, now, ct) == 1;
    }

    /// <summary>
    /// Marks rows sent in one statement, each only if <paramref name="owner"/> still holds it; returns how many it marked
    /// (fewer than asked means leases were lost). The dispatcher marks what the SMTP server accepted while the previous
    /// mark ran, so a burst costs a few commits instead of one per message.
    /// </summary>
    public async Task<int> MarkSentAsync(IReadOnlyCollection<long> ids, string owner, DateTimeOffset now, CancellationToken ct = default)
    {
        if (ids.Count == 0) return 0;
        var json = JsonSerializer.Serialize(ids);
        return await _db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(_db[MarkSentManySql],
            new { Ids = json, Owner = owner, Now = Ts(now) }, tx, cancellationToken: ct)), ct);
    }

    /// <summary>
    /// Records a failed attempt: attempts + 1, the error, and either pending again at the failure's next attempt or dead
    /// when attempts reach its maximum; a row that goes dead gets <paramref name="deadLetter"/> in the same transaction.
    /// Returns the new state, or null when the lease was lost.
    /// </summary>
    public async Task<OutboxState?> MarkFailedAsync(OutboxFailure failure, OutboxMessage? deadLetter, CancellationToken ct = default)
    {
        await using var w = await _db.BeginWriteAsync(ct);
        var (c, tx) = (w.Connection, w.Transaction);
        var state = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(_db[MarkFailedSql], new
        {
            failure.Id,
            failure.Owner,
            Next = Ts(failure.NextAttemptAt),
            Error = failure.Error.Length > 4000 ? failure.Error[..4000] : failure.Error,
            failure.MaxAttempts,
        }, tx, cancellationToken: ct));
        var parsed = state is null ? (OutboxState?)null : OutboxWords.ParseState(state);
        if (parsed == OutboxState.Dead && deadLetter is not null) await EnqueueAsync(c, tx, deadLetter, failure.At, ct);
        await w.CommitAsync(ct);
        return parsed;
    }

    /// <summary>An administrator's retry: a dead or waiting row becomes due now. Attempts are kept, so the history
    /// stays honest; a retried dead row gets one more attempt before it is dead again. False when the row is sent,
    /// being sent, or missing.</summary>
    public async Task<bool> RetryAsync(long id, DateTimeOffset now, CancellationToken ct = default)
    {
        return await _db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(_db[RetrySql], new { Id = id, Now = Ts(now) }, tx,
            cancellationToken: ct)), ct) == 1;
    }

    public async Task<OutboxEntry?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(_db[SelectById], new { Id = id }, cancellationToken: ct));
        return row?.ToEntry();
    }

    /// <summary>Newest first, optionally filtered by state and case.</summary>
    public async Task<OutboxPage> ListAsync(OutboxState? state = null, long? caseId = null, int offset = 0, int limit = 50,
        CancellationToken ct = default)
    {
        offset = Math.Max(0, offset);
        limit = Math.Clamp(limit, 1, 500);
        await using var c = await _db.OpenAsync(ct);
        var p = new { State = state is null ? null : OutboxWords.Of(state.Value), CaseId = caseId, Offset = offset, Limit = limit };
        var rows = await c.QueryAsync<Row>(new CommandDefinition(_db[SelectPage], p, cancellationToken: ct));
        var total = await c.ExecuteScalarAsync<long>(new CommandDefinition(_db[CountPage], p, cancellationToken: ct));
        return new OutboxPage(rows.Select(r => r.ToEntry()).ToList(), (int)total, offset, limit);
    }

    /// <summary>When the latest row of a kind was enqueued, e.g. the previous digest, whose escalations the next one
    /// starts after. Null when there is none.</summary>
    public async Task<DateTimeOffset?> LastEnqueuedAtAsync(OutboxKind kind, CancellationToken ct = default)
    {
        await using var c = await _db.OpenAsync(ct);
        var v = await c.ExecuteScalarAsync<object?>(new CommandDefinition(_db[LastCreatedOfKind], new { Kind = OutboxWords.Of(kind) },
            cancellationToken: ct));
        return v is null or DBNull ? null : Instants.At(Convert.ToInt64(v, CultureInfo.InvariantCulture));
    }

    private static long Ts(DateTimeOffset t) => Instants.Ms(t);

    private sealed class Row
    {
        public long Id { get; set; }
        public string MessageId { get; set; } = "";
        public string Kind { get; set; } = "";
        public long? CaseId { get; set; }
        public string? ThreadKey { get; set; }
        public string Recipients { get; set; } = "[]";
        public string Subject { get; set; } = "";
        public string BodyText { get; set; } = "";
        public string? BodyHtml { get; set; }
        public string? Headers { get; set; }
        public string State { get; set; } = "";
        public long Attempts { get; set; }
        public long NextAttemptAt { get; set; }
        public string? LeaseOwner { get; set; }
        public long? LeaseUntil { get; set; }
        public string? LastError { get; set; }
        public long CreatedAt { get; set; }
        public long? SentAt { get; set; }
        public long? AttachmentId { get; set; }

        public OutboxEntry ToEntry() => new()
        {
            Id = Id,
            MessageId = MessageId,
            Kind = OutboxWords.ParseKind(Kind),
            CaseId = CaseId,
            ThreadKey = ThreadKey,
            Recipients = JsonSerializer.Deserialize<string[]>(Recipients) ?? [],
            Subject = Subject,
            BodyText = BodyText,
            BodyHtml = BodyHtml,
            Headers = Headers is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(Headers) ?? [],
            State = OutboxWords.ParseState(State),
            Attempts = (int)Attempts,
            NextAttemptAt = Instants.At(NextAttemptAt),
            LeaseOwner = LeaseOwner,
            LeaseUntil = Instants.At(LeaseUntil),
            LastError = LastError,
            CreatedAt = Instants.At(CreatedAt),
            SentAt = Instants.At(SentAt),
            AttachmentId = AttachmentId,
        };
    }
}
