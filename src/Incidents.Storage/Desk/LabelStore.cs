using Dapper;
using Incidents.Storage.Triage;

namespace Incidents.Storage.Desk;

/// <summary>
/// Labels on cases (issue #12): words a team puts on cases to group them, shown as chips in the queue and on the case
/// page and usable as a queue filter. A label is made the first time it is put on a case. Labels carry no legal meaning,
/// so adding or removing one writes no history line.
/// </summary>
public sealed class LabelStore(Database db, TimeProvider time)
{
    public const int MaxNameLength = 40;

    internal static readonly Sql Ensure = new("""
        INSERT INTO labels (name, name_key, created_at, created_by)
        SELECT @name, @key, @at, @by WHERE NOT EXISTS (SELECT 1 FROM labels WHERE name_key = @key)
        """, """
        INSERT INTO labels (name, name_key, created_at, created_by)
        SELECT @name, @key, @at, @by WHERE NOT EXISTS (SELECT 1 FROM labels WITH (UPDLOCK, HOLDLOCK) WHERE name_key = @key)
        """);

    internal static readonly Sql Put = new("""
        INSERT INTO case_labels (case_id, label_id, added_at, added_by)
        SELECT c.value, (SELECT id FROM labels WHERE name_key = @key), @at, @by FROM json_each(@ids) c
        WHERE NOT EXISTS (SELECT 1 FROM case_labels x WHERE x.case_id = c.value AND x.label_id = (SELECT id FROM labels WHERE name_key = @key))
        """, """
        INSERT INTO case_labels (case_id, label_id, added_at, added_by)
        SELECT CAST(c.value AS bigint), (SELECT id FROM labels WHERE name_key = @key), @at, @by FROM OPENJSON(@ids) c
        WHERE NOT EXISTS (SELECT 1 FROM case_labels x WITH (UPDLOCK, HOLDLOCK)
            WHERE x.case_id = CAST(c.value AS bigint) AND x.label_id = (SELECT id FROM labels WHERE name_key = @key))
        """);

    internal static readonly Sql Take = new("""
        DELETE FROM case_labels WHERE label_id = (SELECT id FROM labels WHERE name_key = @key)
            AND case_id IN (SELECT value FROM json_each(@ids))
        """, """
        DELETE FROM case_labels WHERE label_id = (SELECT id FROM labels WHERE name_key = @key)
            AND case_id IN (SELECT CAST(value AS bigint) FROM OPENJSON(@ids))
        """);

    internal static readonly Sql OfCases = new("""
        SELECT cl.case_id, l.name FROM case_labels cl JOIN labels l ON l.id = cl.label_id
        WHERE cl.case_id IN (SELECT value FROM json_each(@ids)) ORDER BY l.name_key
        """, """
        SELECT cl.case_id, l.name FROM case_labels cl JOIN labels l ON l.id = cl.label_id
        WHERE cl.case_id IN (SELECT CAST(value AS bigint) FROM OPENJSON(@ids)) ORDER BY l.name_key
        """);

    /// <summary>The labels in use (on at least one case), for the queue's filter.</summary>
    internal static readonly Sql InUse = new(
        "SELECT l.name FROM labels l WHERE EXISTS (SELECT 1 FROM case_labels cl WHERE cl.label_id = l.id) ORDER BY l.name_key");

    /// <summary>Puts the label on every case, in one transaction (made the first time it is used); a case that has it keeps it.</summary>
    public async Task PutAsync(IReadOnlyCollection<long> caseIds, string name, string by, CancellationToken ct = default)
    {
        var key = CaseQueries.LabelKey(name)!;
        var ids = System.Text.Json.JsonSerializer.Serialize(caseIds);
        var at = Instants.Ms(time.GetUtcNow());
        await db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(db[Ensure], new { name = Core.Cases.CaseText.Clean(name), key, at, by }, tx, cancellationToken: ct));
            return await c.ExecuteAsync(new CommandDefinition(db[Put], new { ids, key, at, by }, tx, cancellationToken: ct));
        }, ct);
    }

    /// <summary>Takes the label off every case, in one transaction; the label itself stays for the next use.</summary>
    public async Task TakeAsync(IReadOnlyCollection<long> caseIds, string name, CancellationToken ct = default)
    {
        var ids = System.Text.Json.JsonSerializer.Serialize(caseIds);
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Take], new { ids, key = CaseQueries.LabelKey(name) }, tx, cancellationToken: ct)), ct);
    }

    private sealed class Row
    {
        public long CaseId { get; set; }
        public string Name { get; set; } = "";
    }

    /// <summary>Each case's labels, by name; a case with none is absent.</summary>
    public async Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> OfCasesAsync(IReadOnlyCollection<long> caseIds, CancellationToken ct = default)
    {
        if (caseIds.Count == 0) return new Dictionary<long, IReadOnlyList<string>>();
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(db[OfCases], new { ids = System.Text.Json.JsonSerializer.Serialize(caseIds) }, cancellationToken: ct));
        return rows.GroupBy(r => r.CaseId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => r.Name)]);
    }

    public async Task<IReadOnlyList<string>> InUseAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. await c.QueryAsync<string>(new CommandDefinition(db[InUse], cancellationToken: ct))];
    }
}
