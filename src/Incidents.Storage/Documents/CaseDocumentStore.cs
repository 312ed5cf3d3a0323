using Dapper;
using Incidents.Core.Thread;
using Incidents.Mail.Outbox;
using Incidents.Storage.Attachments;
using Incidents.Storage.Outbox;
using Incidents.Storage.Thread;

namespace Incidents.Storage.Documents;

/// <summary>What happened to an issued document: a signed scan uploaded, or the document emailed to the citizen.</summary>
public static class DocumentActs
{
    public const string Signed = "signed";
    public const string Emailed = "emailed";
}

/// <summary>One act on a document (table case_documents) with the file its thread entry holds.</summary>
public sealed record DocumentAct(long Id, long CaseId, long EventId, string Kind, string What, string Culture, long EntryId,
    DateTimeOffset At, string? Actor, long? AttachmentId, string? FileName);

/// <summary>
/// The documents issued from a case: each signed scan and each email, as a 'notice-out' thread entry holding the file
/// plus a case_documents row naming the decision it belongs to, written together.
/// </summary>
public sealed class CaseDocumentStore(Database db, OutboxStore outbox, TimeProvider time)
{
    internal static readonly Sql Insert = new("""
        INSERT INTO case_documents (case_id, event_id, kind, what, culture, entry_id, at, actor)
        VALUES (@caseId, @eventId, @kind, @what, @culture, @entryId, @at, @actor)
        """);

    internal static readonly Sql Emailed = new(
        "SELECT COUNT(*) FROM case_documents WHERE case_id = @caseId AND event_id = @eventId AND kind = @kind AND what = 'emailed'");

    internal static readonly Sql ListForCase = new("""
        SELECT d.id, d.case_id, d.event_id, d.kind, d.what, d.culture, d.entry_id, d.at, d.actor, e.attachment_id, a.file_name
        FROM case_documents d JOIN case_entries e ON e.id = d.entry_id LEFT JOIN attachments a ON a.id = e.attachment_id
        WHERE d.case_id = @caseId ORDER BY d.id
        """);

    /// <summary>A signed scan of a document, uploaded by the handler: stored with its thread entry and its row.</summary>
    public async Task<DocumentAct> AddSignedAsync(long caseId, long eventId, string kind, string culture, NewAttachment scan, string actor,
        string summary, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        var now = time.GetUtcNow();
        var entry = await CaseThreadStore.InsertAsync(c, tx, db, caseId, new NewEntry(EntryKinds.NoticeOut, actor, summary,
            Direction: Directions.Out, DocumentKind: kind, File: scan), now, ct);
        var act = await RecordAsync(c, tx, caseId, eventId, kind, DocumentActs.Signed, culture, entry, actor, now, ct);
        await w.CommitAsync(ct);
        return act;
    }

    /// <summary>
    /// Emails a document once: its file, the outbox row that attaches it (Message-Id from the message), the thread entry
    /// and the row, in one transaction. Null when this decision's document was already emailed (nothing is written).
    /// </summary>
    public async Task<DocumentAct?> EmailAsync(long caseId, long eventId, string kind, string culture, NewAttachment document,
        OutboxMessage message, string actor, string summary, CancellationToken ct = default)
    {
        if (message.MessageId is null) throw new ArgumentException("A notice's Message-Id derives from its case, decision and kind.", nameof(message));
        await using var w = await db.BeginWriteAsync(ct);
        var (c, tx) = (w.Connection, w.Transaction);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition(db[Emailed], new { caseId, eventId, kind }, tx, cancellationToken: ct)) > 0)
            return null;
        var now = time.GetUtcNow();
        var file = await AttachmentStore.InsertAsync(c, tx, db, caseId, document, now, actor, ct);
        // The outbox's unique Message-Id is the second guard: another host that got here first leaves no row to add.
        if (await outbox.TryEnqueueAsync(c, tx, message with { AttachmentId = file.Id }, now, ct) is null) return null;
        var entry = await CaseThreadStore.InsertAsync(c, tx, db, caseId, new NewEntry(EntryKinds.NoticeOut, actor, summary,
            Direction: Directions.Out, Subject: message.Subject, MessageId: message.MessageId, AttachmentId: file.Id, DocumentKind: kind), now, ct);
        var act = await RecordAsync(c, tx, caseId, eventId, kind, DocumentActs.Emailed, culture, entry, actor, now, ct);
        await w.CommitAsync(ct);
        return act;
    }

    private async Task<DocumentAct> RecordAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long caseId, long eventId,
        string kind, string what, string culture, CaseEntry entry, string actor, DateTimeOffset now, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(db[Insert], new
        {
            caseId, eventId, kind, what, culture, entryId = entry.Id, at = Instants.Ms(now), actor,
        }, tx, cancellationToken: ct));
        return new DocumentAct(0, caseId, eventId, kind, what, culture, entry.Id, Instants.At(Instants.Ms(now)), actor, entry.AttachmentId,
            entry.File?.FileName);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long CaseId { get; set; }
        public long EventId { get; set; }
        public string Kind { get; set; } = "";
        public string What { get; set; } = "";
        public string Culture { get; set; } = "";
        public long EntryId { get; set; }
        public long At { get; set; }
        public string? Actor { get; set; }
        public long? AttachmentId { get; set; }
        public string? FileName { get; set; }
    }

    /// <summary>The case's document acts, oldest first.</summary>
    public async Task<IReadOnlyList<DocumentAct>> ListAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[ListForCase], new { caseId }, cancellationToken: ct)))
            .Select(r => new DocumentAct(r.Id, r.CaseId, r.EventId, r.Kind, r.What, r.Culture, r.EntryId, Instants.At(r.At), r.Actor,
                r.AttachmentId, r.FileName))
            .ToList();
    }
}
