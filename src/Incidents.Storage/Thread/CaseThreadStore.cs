using System.Data.Common;
using System.Globalization;
using Dapper;
using Incidents.Core.Thread;
using Incidents.Storage.Attachments;
using Incidents.Storage.Cases;

namespace Incidents.Storage.Thread;

/// <summary>
/// An entry to append to a case's thread. Kind is one of <see cref="EntryKinds"/>. OccurredAt: when it happened (a call
/// logged afterwards, a mail's receipt time); null means when recorded. File: an attachment to store with the entry in the
/// same transaction (its id becomes AttachmentId). Mentions: ids of users named in a note, one case_mentions row each.
/// </summary>
public sealed record NewEntry(
    string Kind,
    string? Author,
    string? Body,
    DateTimeOffset? OccurredAt = null,
    string? Direction = null,
    string? Subject = null,
    string? Counterpart = null,
    string? MessageId = null,
    long? RefersTo = null,
    long? AttachmentId = null,
    string? DocumentKind = null,
    NewAttachment? File = null,
    IReadOnlyList<long>? Mentions = null);

/// <summary>The file an entry carries, as stored in attachments (the content is read apart).</summary>
public sealed record EntryFile(long Id, string FileName, string ContentType, long Size, string Sha256, string? UploadedBy);

/// <summary>One entry of a case's thread as stored.</summary>
public sealed record CaseEntry(
    long Id,
    long CaseId,
    string Kind,
    string? Author,
    DateTimeOffset CreatedAt,
    DateTimeOffset OccurredAt,
    string? Direction,
    string? Subject,
    string? Body,
    string? Counterpart,
    string? MessageId,
    long? RefersTo,
    long? AttachmentId,
    string? DocumentKind,
    EntryFile? File);

/// <summary>A note that names a user, for that user's "Nhắc đến tôi / Mentions" list.</summary>
public sealed record Mention(long Id, long EntryId, long CaseId, string CaseNumber, string CaseTitle, string Team, string? Author,
    string? Body, DateTimeOffset CreatedAt, DateTimeOffset? SeenAt);

/// <summary>
/// A case's thread (table case_entries): append-only, so this store has no UPDATE or DELETE on it. Every entry adds its
/// case history line in the same transaction; a 'mail-in' entry also counts one unread correspondence for the assignee.
/// </summary>
public sealed class CaseThreadStore(Database db, TimeProvider time)
{
    internal static readonly Sql Insert = new(
        """
        INSERT INTO case_entries (case_id, kind, author, created_at, occurred_at, direction, subject, body, counterpart, message_id,
            refers_to, attachment_id, document_kind)
        VALUES (@caseId, @kind, @author, @createdAt, @occurredAt, @direction, @subject, @body, @counterpart, @messageId,
            @refersTo, @attachmentId, @documentKind) RETURNING id
        """,
        """
        INSERT INTO case_entries (case_id, kind, author, created_at, occurred_at, direction, subject, body, counterpart, message_id,
            refers_to, attachment_id, document_kind)
        OUTPUT INSERTED.id
        VALUES (@caseId, @kind, @author, @createdAt, @occurredAt, @direction, @subject, @body, @counterpart, @messageId,
            @refersTo, @attachmentId, @documentKind)
        """);

    private const string SelectColumns = """
        SELECT e.id, e.case_id, e.kind, e.author, e.created_at, e.occurred_at, e.direction, e.subject, e.body, e.counterpart,
            e.message_id, e.refers_to, e.attachment_id, e.document_kind,
            a.file_name, a.content_type, a.size AS file_size, a.sha256, a.created_by AS uploaded_by
        FROM case_entries e LEFT JOIN attachments a ON a.id = e.attachment_id
        """;

    // A merged duplicate's entries read with its primary's (merge 0017): by query, so an unmerge leaves nothing behind.
    internal static readonly Sql ListForCase = new(SelectColumns
        + " WHERE e.case_id = @caseId OR e.case_id IN (SELECT m.id FROM cases m WHERE m.merged_into_id = @caseId) ORDER BY e.id");

    internal static readonly Sql SelectOne = new(SelectColumns + " WHERE e.case_id = @caseId AND e.id = @id");

    internal static readonly Sql CountMailIn = new("UPDATE cases SET unread_correspondence = unread_correspondence + 1 WHERE id = @caseId");

    internal static readonly Sql ClearUnread = new(
        "UPDATE cases SET unread_correspondence = 0 WHERE id = @caseId AND unread_correspondence > 0");

    internal static readonly Sql Unread = new("SELECT unread_correspondence FROM cases WHERE id = @caseId");

    internal static readonly Sql InsertMention = new(
        "INSERT INTO case_mentions (entry_id, case_id, user_id, created_at) VALUES (@entryId, @caseId, @userId, @at)");

    internal static readonly Sql ListMentions = new(
        """
        SELECT m.id, m.entry_id, m.case_id, c.number AS case_number, c.title AS case_title, c.team, e.author, e.body, m.created_at, m.seen_at
        FROM case_mentions m JOIN case_entries e ON e.id = m.entry_id JOIN cases c ON c.id = m.case_id
        WHERE m.user_id = @userId ORDER BY m.id DESC LIMIT @limit
        """,
        """
        SELECT TOP (@limit) m.id, m.entry_id, m.case_id, c.number AS case_number, c.title AS case_title, c.team, e.author, e.body, m.created_at, m.seen_at
        FROM case_mentions m JOIN case_entries e ON e.id = m.entry_id JOIN cases c ON c.id = m.case_id
        WHERE m.user_id = @userId ORDER BY m.id DESC
        """);

    internal static readonly Sql CountUnseenMentions = new("SELECT COUNT(*) FROM case_mentions WHERE user_id = @userId AND seen_at IS NULL");

    internal static readonly Sql MarkMentionsSeen = new(
        "UPDATE case_mentions SET seen_at = @at WHERE user_id = @userId AND seen_at IS NULL");

    /// <summary>Appends one entry in its own transaction.</summary>
    public Task<CaseEntry> AppendAsync(long caseId, NewEntry entry, CancellationToken ct = default) => AppendAsync(caseId, entry, null, ct);

    /// <summary>
    /// Appends one entry; <paramref name="alongside"/> runs in the same transaction once the entry exists (the mention
    /// emails go into the outbox there), so the entry and what it causes commit together or not at all.
    /// </summary>
    public async Task<CaseEntry> AppendAsync(long caseId, NewEntry entry, Func<DbConnection, DbTransaction, CaseEntry, CancellationToken, Task>? alongside,
        CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        var stored = await InsertAsync(c, tx, db, caseId, entry, time.GetUtcNow(), ct);
        if (alongside is not null) await alongside(c, tx, stored, ct);
        await w.CommitAsync(ct);
        return stored;
    }

    /// <summary>Appends several entries in one transaction (files uploaded together): all of them or none.</summary>
    public async Task<IReadOnlyList<CaseEntry>> AppendAllAsync(long caseId, IReadOnlyList<NewEntry> entries, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct);
        var now = time.GetUtcNow();
        var stored = new List<CaseEntry>(entries.Count);
        foreach (var e in entries) stored.Add(await InsertAsync(w.Connection, w.Transaction, db, caseId, e, now, ct));
        await w.CommitAsync(ct);
        return stored;
    }

    /// <summary>
    /// Appends one entry inside the caller's transaction (a notice sent, a mail read): stores its file first when it has
    /// one, its mentions, the case history line, and for 'mail-in' one more unread correspondence on the case.
    /// </summary>
    internal static async Task<CaseEntry> InsertAsync(DbConnection c, DbTransaction tx, Database db, long caseId, NewEntry entry,
        DateTimeOffset at, CancellationToken ct)
    {
        if (!EntryKinds.IsKnown(entry.Kind)) throw new ArgumentException($"Unknown thread entry kind '{entry.Kind}'.", nameof(entry));
        if (entry.Direction is not null && !Directions.IsKnown(entry.Direction))
            throw new ArgumentException($"Unknown direction '{entry.Direction}'.", nameof(entry));
        var now = Instants.At(Instants.Ms(at));
        EntryFile? file = null;
        var attachmentId = entry.AttachmentId;
        if (entry.File is { } f)
        {
            var a = await AttachmentStore.InsertAsync(c, tx, db, caseId, f, now, entry.Author, ct);
            file = new EntryFile(a.Id, a.FileName, a.ContentType, a.Size, a.Sha256, a.CreatedBy);
            attachmentId = a.Id;
        }
        var occurred = Instants.At(Instants.Ms(entry.OccurredAt ?? now));
        var body = entry.Body?.Normalize(System.Text.NormalizationForm.FormC);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(db[Insert], new
        {
            caseId, kind = entry.Kind, author = entry.Author, createdAt = Instants.Ms(now), occurredAt = Instants.Ms(occurred),
            direction = entry.Direction, subject = entry.Subject?.Normalize(System.Text.NormalizationForm.FormC), body,
            counterpart = entry.Counterpart, messageId = entry.MessageId, refersTo = entry.RefersTo, attachmentId,
            documentKind = entry.DocumentKind,
        }, tx, cancellationToken: ct));

        foreach (var userId in (entry.Mentions ?? []).Distinct())
            await c.ExecuteAsync(new CommandDefinition(db[InsertMention], new { entryId = id, caseId, userId, at = Instants.Ms(now) }, tx,
                cancellationToken: ct));
        if (entry.Kind == EntryKinds.MailIn)
            await c.ExecuteAsync(new CommandDefinition(db[CountMailIn], new { caseId }, tx, cancellationToken: ct));

        // The history names the entry, never its text or counterpart: whoever reads the history may not see a denouncer.
        var data = new Dictionary<string, string> { ["entry"] = id.ToString(CultureInfo.InvariantCulture), ["entryKind"] = entry.Kind };
        if (entry.RefersTo is { } r) data["refersTo"] = r.ToString(CultureInfo.InvariantCulture);
        if (entry.Direction is { } d) data["direction"] = d;
        if (entry.DocumentKind is { } dk) data["documentKind"] = dk;
        if (file is not null) { data["file"] = file.FileName; data["sha256"] = file.Sha256; }
        await CaseRows.AppendEventAsync(c, tx, db, caseId, new NewCaseEvent(now, entry.Author, EntryKinds.HistoryKind(entry.Kind), Data: data), ct);

        if (file is null && attachmentId is not null)
            file = (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(db[SelectOne], new { caseId, id }, tx, cancellationToken: ct)))?.ToEntry().File;
        return new CaseEntry(id, caseId, entry.Kind, entry.Author, now, occurred, entry.Direction, entry.Subject, body, entry.Counterpart,
            entry.MessageId, entry.RefersTo, attachmentId, entry.DocumentKind, file);
    }

    /// <summary>The case's thread, oldest first.</summary>
    public async Task<IReadOnlyList<CaseEntry>> ListAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[ListForCase], new { caseId }, cancellationToken: ct))).Select(r => r.ToEntry()).ToList();
    }

    public async Task<CaseEntry?> GetAsync(long caseId, long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(db[SelectOne], new { caseId, id }, cancellationToken: ct)))?.ToEntry();
    }

    /// <summary>How many correspondence entries arrived since the assignee last opened the case.</summary>
    public async Task<int> UnreadCorrespondenceAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int?>(new CommandDefinition(db[Unread], new { caseId }, cancellationToken: ct)) ?? 0;
    }

    /// <summary>The assignee opened the case: nothing is new any more. True when there was something to clear.</summary>
    public async Task<bool> ClearUnreadAsync(long caseId, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[ClearUnread], new { caseId }, tx, cancellationToken: ct)), ct) > 0;

    /// <summary>The notes naming this user, newest first.</summary>
    public async Task<IReadOnlyList<Mention>> MentionsAsync(long userId, int limit = 100, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<MentionRow>(new CommandDefinition(db[ListMentions], new { userId, limit = Math.Clamp(limit, 1, 500) },
                cancellationToken: ct)))
            .Select(m => new Mention(m.Id, m.EntryId, m.CaseId, m.CaseNumber, m.CaseTitle, m.Team, m.Author, m.Body, Instants.At(m.CreatedAt),
                Instants.At(m.SeenAt)))
            .ToList();
    }

    public async Task<int> UnseenMentionsAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(db[CountUnseenMentions], new { userId }, cancellationToken: ct));
    }

    /// <summary>The user opened their mentions: all of them count as seen.</summary>
    public Task<int> MarkMentionsSeenAsync(long userId, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[MarkMentionsSeen], new { userId, at = Instants.Ms(time.GetUtcNow()) }, tx,
            cancellationToken: ct)), ct);

    private sealed class Row
    {
        public long Id { get; set; }
        public long CaseId { get; set; }
        public string Kind { get; set; } = "";
        public string? Author { get; set; }
        public long CreatedAt { get; set; }
        public long OccurredAt { get; set; }
        public string? Direction { get; set; }
        public string? Subject { get; set; }
        public string? Body { get; set; }
        public string? Counterpart { get; set; }
        public string? MessageId { get; set; }
        public long? RefersTo { get; set; }
        public long? AttachmentId { get; set; }
        public string? DocumentKind { get; set; }
        public string? FileName { get; set; }
        public string? ContentType { get; set; }
        public long? FileSize { get; set; }
        public string? Sha256 { get; set; }
        public string? UploadedBy { get; set; }

        public CaseEntry ToEntry() => new(Id, CaseId, Kind, Author, Instants.At(CreatedAt), Instants.At(OccurredAt), Direction, Subject, Body,
            Counterpart, MessageId, RefersTo, AttachmentId, DocumentKind,
            AttachmentId is { } a && FileName is not null
                ? new EntryFile(a, FileName, ContentType ?? "application/octet-stream", FileSize ?? 0, Sha256?.Trim() ?? "", UploadedBy)
                : null);
    }

    private sealed class MentionRow
    {
        public long Id { get; set; }
        public long EntryId { get; set; }
        public long CaseId { get; set; }
        public string CaseNumber { get; set; } = "";
        public string CaseTitle { get; set; } = "";
        public string Team { get; set; } = "";
        public string? Author { get; set; }
        public string? Body { get; set; }
        public long CreatedAt { get; set; }
        public long? SeenAt { get; set; }
    }
}
