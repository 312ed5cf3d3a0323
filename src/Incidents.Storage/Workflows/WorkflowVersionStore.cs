using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Incidents.Storage.Workflows;

public enum WorkflowVersionStatus { Inserted, Unchanged, ContentDiffers }

public sealed record WorkflowVersionRow(string Id, int Version, string ContentHash, string Json, DateTimeOffset LoadedAt);

/// <summary>
/// Every definition version a case was ever started on, kept so that open cases stay pinned to the exact text they began
/// with. ContentDiffers means the file for an existing version was edited: the stored text wins.
/// </summary>
public sealed class WorkflowVersionStore(Database db, TimeProvider time)
{
    internal static readonly Sql Find = new("SELECT content_hash FROM workflow_versions WHERE id = @id AND version = @version");
    internal static readonly Sql Insert = new(
        "INSERT INTO workflow_versions (id, version, content_hash, json, loaded_at) VALUES (@id, @version, @hash, @json, @at)");
    internal static readonly Sql All = new("SELECT id, version, content_hash, json, loaded_at FROM workflow_versions ORDER BY id, version");

    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    public Task<WorkflowVersionStatus> RecordAsync(string id, int version, string json, CancellationToken ct = default) =>
        RecordAsync(id, version, json, Hash(json), ct);

    /// <summary>Records a version under the caller's hash (the host uses the loader's whitespace-insensitive ContentHash).</summary>
    public async Task<WorkflowVersionStatus> RecordAsync(string id, int version, string json, string hash, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        var existing = await c.ExecuteScalarAsync<string?>(new CommandDefinition(db[Find], new { id, version }, tx, cancellationToken: ct));
        if (existing is not null)
        {
            await tx.RollbackAsync(ct);
            return existing.Trim() == hash ? WorkflowVersionStatus.Unchanged : WorkflowVersionStatus.ContentDiffers;
        }
        await c.ExecuteAsync(new CommandDefinition(db[Insert], new { id, version, hash, json, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct));
        await w.CommitAsync(ct);
        return WorkflowVersionStatus.Inserted;
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";
        public int Version { get; set; }
        public string ContentHash { get; set; } = "";
        public string Json { get; set; } = "";
        public long LoadedAt { get; set; }
    }

    public async Task<IReadOnlyList<WorkflowVersionRow>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[All], cancellationToken: ct)))
            .Select(r => new WorkflowVersionRow(r.Id, r.Version, r.ContentHash.Trim(), r.Json, Instants.At(r.LoadedAt))).ToList();
    }
}
