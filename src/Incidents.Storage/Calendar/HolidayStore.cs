using Dapper;

namespace Incidents.Storage.Calendar;

/// <summary>A public holiday or a swapped day off; Kind is free text from the core's HolidaySeed (e.g. "public", "swap").</summary>
public sealed record Holiday(DateOnly Date, string Name, string Kind);

public sealed class HolidayStore(Database db)
{
    internal static readonly Sql SelectRange = new(
        "SELECT date, name, kind FROM holidays WHERE date >= @from AND date <= @to ORDER BY date");

    internal static readonly Sql Upsert = new(
        """
        INSERT INTO holidays (date, name, kind) VALUES (@date, @name, @kind)
        ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind
        """,
        """
        MERGE holidays WITH (HOLDLOCK) AS t
        USING (SELECT @date AS date) AS s ON t.date = s.date
        WHEN MATCHED THEN UPDATE SET name = @name, kind = @kind
        WHEN NOT MATCHED THEN INSERT (date, name, kind) VALUES (@date, @name, @kind);
        """);

    internal static readonly Sql Delete = new("DELETE FROM holidays WHERE date = @date");

    private sealed record Row(string Date, string Name, string Kind);

    public async Task<IReadOnlyList<Holiday>> ListAsync(DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(db[SelectRange],
            new { from = Instants.Date(from ?? DateOnly.MinValue), to = Instants.Date(to ?? DateOnly.MaxValue) }, cancellationToken: ct));
        return rows.Select(r => new Holiday(Instants.Date(r.Date), r.Name, r.Kind)).ToList();
    }

    /// <summary>Inserts or replaces the holidays given, in one transaction.</summary>
    public async Task UpsertAsync(IEnumerable<Holiday> holidays, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        var (c, tx) = (w.Connection, w.Transaction);
        foreach (var h in holidays)
            await c.ExecuteAsync(new CommandDefinition(db[Upsert], new
            {
                date = Instants.Date(h.Date), name = h.Name.Normalize(System.Text.NormalizationForm.FormC), kind = h.Kind,
            }, tx, cancellationToken: ct));
        await w.CommitAsync(ct);
    }

    public Task UpsertAsync(Holiday h, CancellationToken ct = default) => UpsertAsync([h], ct);

    public async Task<bool> DeleteAsync(DateOnly date, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Delete], new { date = Instants.Date(date) }, tx, cancellationToken: ct)), ct) > 0;
    }
}
