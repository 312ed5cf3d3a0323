using System.Security.Cryptography;
using Dapper;

namespace Incidents.Storage.Attachments;

/// <summary>An attachment to store, its content type already checked by the caller.</summary>
public sealed record NewAttachment(string FileName, string ContentType, byte[] Content);

public sealed record AttachmentInfo(long Id, long CaseId, string FileName, string ContentType, long Size, string Sha256,
    DateTimeOffset CreatedAt, string? CreatedBy);

/// <summary>Scanned letters and photos. Content checks (type by magic bytes, size) belong to the caller; the store keeps the SHA-256.</summary>
public sealed class AttachmentStore(Database db, TimeProvider time)
{
    internal static readonly Sql Insert = new(
        """
        INSERT INTO attachments (case_id, file_name, content_type, size, sha256, content, created_at, created_by)
        VALUES (@caseId, @fileName, @contentType, @size, @sha, @content, @at, @by) RETURNING id
        """,
        """
        INSERT INTO attachments (case_id, file_name, content_type, size, sha256, content, created_at, created_by)
        OUTPUT INSERTED.id
        VALUES (@caseId, @fileName, @contentType, @size, @sha, @content, @at, @by)
        """);

    internal static readonly Sql ListForCase = new(
        "SELECT id, case_id, file_name, content_type, size, sha256, created_at, created_by FROM attachments " +
        "WHERE case_id = @caseId OR case_id IN (SELECT m.id FROM cases m WHERE m.merged_into_id = @caseId) ORDER BY id");

    // A merged duplicate's letters open from its primary's page too.
    internal static readonly Sql Content = new(
        "SELECT content FROM attachments WHERE id = @id AND (case_id = @caseId OR case_id IN (SELECT m.id FROM cases m WHERE m.merged_into_id = @caseId))");

    public async Task<AttachmentInfo> AddAsync(long caseId, string fileName, string contentType, byte[] content, string? createdBy,
        CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        var info = await InsertAsync(c, tx, db, caseId, new NewAttachment(fileName, contentType, content), time.GetUtcNow(), createdBy, ct);
        await w.CommitAsync(ct);
        return info;
    }

    /// <summary>Inserts one attachment inside the caller's transaction (intake stores a case and its letters together).</summary>
    internal static async Task<AttachmentInfo> InsertAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Database db,
        long caseId, NewAttachment a, DateTimeOffset at, string? createdBy, CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(a.Content));
        var name = a.FileName.Normalize(System.Text.NormalizationForm.FormC);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(db[Insert], new
        {
            caseId, fileName = name, contentType = a.ContentType, size = (long)a.Content.Length, sha, content = a.Content, at = Instants.Ms(at),
            by = createdBy,
        }, tx, cancellationToken: ct));
        return new(id, caseId, name, a.ContentType, a.Content.Length, sha, Instants.At(Instants.Ms(at)), createdBy);
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public long CaseId { get; set; }
        public string FileName { get; set; } = "";
        public string ContentType { get; set; } = "";
        public long Size { get; set; }
        public string Sha256 { get; set; } = "";
        public long CreatedAt { get; set; }
        public string? CreatedBy { get; set; }
    }

    public async Task<IReadOnlyList<AttachmentInfo>> ListAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[ListForCase], new { caseId }, cancellationToken: ct)))
            .Select(r => new AttachmentInfo(r.Id, r.CaseId, r.FileName, r.ContentType, r.Size, r.Sha256.Trim(), Instants.At(r.CreatedAt), r.CreatedBy))
            .ToList();
    }

    public async Task<byte[]?> GetContentAsync(long caseId, long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<byte[]?>(new CommandDefinition(db[Content], new { id, caseId }, cancellationToken: ct));
    }
}
