using Dapper;

namespace Incidents.Storage.Links;

/// <summary>A link seen from one case: the other case's number and the kind (related, duplicate). Links show on both cases.</summary>
public sealed record CaseLink(long Id, string OtherNumber, string Kind, bool Outgoing, DateTimeOffset CreatedAt, string? CreatedBy);

public sealed class CaseLinkStore(Database db, TimeProvider time)
{
    internal static readonly Sql Insert = new(
        """
        INSERT INTO case_links (case_id, linked_case_id, kind, created_at, created_by)
        SELECT @caseId, @linkedId, @kind, @at, @by
        WHERE NOT EXISTS (SELECT 1 FROM case_links WHERE case_id = @caseId AND linked_case_id = @linkedId AND kind = @kind)
        """,
        """
        INSERT INTO case_links (case_id, linked_case_id, kind, created_at, created_by)
        SELECT @caseId, @linkedId, @kind, @at, @by
        WHERE NOT EXISTS (SELECT 1 FROM case_links WITH (UPDLOCK, HOLDLOCK) WHERE case_id = @caseId AND linked_case_id = @linkedId AND kind = @kind)
        """);

    internal static readonly Sql ForCase = new("""
        SELECT l.id AS id, o.number AS other_number, l.kind, 1 AS outgoing, l.created_at, l.created_by
        FROM case_links l JOIN cases o ON o.id = l.linked_case_id WHERE l.case_id = @caseId
        UNION ALL
        SELECT l.id AS id, o.number AS other_number, l.kind, 0 AS outgoing, l.created_at, l.created_by
        FROM case_links l JOIN cases o ON o.id = l.case_id WHERE l.linked_case_id = @caseId
        ORDER BY id
        """);

    internal static readonly Sql Delete = new("DELETE FROM case_links WHERE id = @id");

    /// <summary>Links two cases; false when that link already exists.</summary>
    public async Task<bool> LinkAsync(long caseId, long linkedCaseId, string kind, string? createdBy, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Insert], new
        {
            caseId, linkedId = linkedCaseId, kind, at = Instants.Ms(time.GetUtcNow()), by = createdBy,
        }, tx, cancellationToken: ct)), ct) > 0;
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string OtherNumber { get; set; } = "";
        public string Kind { get; set; } = "";
        public long Outgoing { get; set; }
        public long CreatedAt { get; set; }
        public string? CreatedBy { get; set; }
    }

    public async Task<IReadOnlyList<CaseLink>> ListAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[ForCase], new { caseId }, cancellationToken: ct)))
            .Select(r => new CaseLink(r.Id, r.OtherNumber, r.Kind, r.Outgoing == 1, Instants.At(r.CreatedAt), r.CreatedBy)).ToList();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Delete], new { id }, tx, cancellationToken: ct)), ct) > 0;
    }
}
