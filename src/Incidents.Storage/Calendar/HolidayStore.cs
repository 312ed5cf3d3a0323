using Dapper;

namespace Incidents.Storage.Calendar;

/// <summary>A day in the holiday table: Kind is the core's holiday | compensating | working; Provisional until its year is confirmed.</summary>
public sealed record Holiday(DateOnly Date, string Name, string Kind, bool Provisional = false);

/// <summary>A year the table covers: Status is provisional or confirmed.</summary>
public sealed record CalendarYearRow(int Year, string Status, DateTimeOffset ChangedAt, string ChangedBy, string? Notice = null)
{
    public const string Provisional = "provisional";
    public const string Confirmed = "confirmed";
    public bool IsProvisional => Status == Provisional;
}

public sealed class HolidayStore(Database db)
{
    internal static readonly Sql SelectRange = new(
        "SELECT date, name, kind, provisional FROM holidays WHERE date >= @from AND date <= @to ORDER BY date");

    internal static readonly Sql Upsert = new(
        """
        INSERT INTO holidays (date, name, kind, provisional) VALUES (@date, @name, @kind, @provisional)
        ON CONFLICT (date) DO UPDATE SET name = excluded.name, kind = excluded.kind, provisional = excluded.provisional
        """,
        """
        MERGE holidays WITH (HOLDLOCK) AS t
        USING (SELECT @date AS date) AS s ON t.date = s.date
        WHEN MATCHED THEN UPDATE SET name = @name, kind = @kind, provisional = @provisional
        WHEN NOT MATCHED THEN INSERT (date, name, kind, provisional) VALUES (@date, @name, @kind, @provisional);
        """);

    internal static readonly Sql Delete = new("DELETE FROM holidays WHERE date = @date");

    internal static readonly Sql DeleteRange = new("DELETE FROM holidays WHERE date >= @from AND date <= @to");

    internal static readonly Sql ConfirmRange = new("UPDATE holidays SET provisional = 0 WHERE date >= @from AND date <= @to AND provisional = 1");

    internal static readonly Sql SelectYears = new("SELECT year, status, changed_at, changed_by, notice FROM calendar_years ORDER BY year");

    internal static readonly Sql UpsertYear = new(
        """
        INSERT INTO calendar_years (year, status, changed_at, changed_by, notice) VALUES (@year, @status, @at, @actor, @notice)
        ON CONFLICT (year) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at, changed_by = excluded.changed_by,
            notice = excluded.notice
        """,
        """
        MERGE calendar_years WITH (HOLDLOCK) AS t
        USING (SELECT @year AS year) AS s ON t.year = s.year
        WHEN MATCHED THEN UPDATE SET status = @status, changed_at = @at, changed_by = @actor, notice = @notice
        WHEN NOT MATCHED THEN INSERT (year, status, changed_at, changed_by, notice) VALUES (@year, @status, @at, @actor, @notice);
        """);

    internal static readonly Sql ConfirmYear = new(
        "UPDATE calendar_years SET status = 'confirmed', changed_at = @at, changed_by = @actor, notice = @notice WHERE year = @year");

    // Settable properties: Dapper converts SQLite's INTEGER to bool and int there, not in constructor parameters.
    private sealed class Row
    {
        public string Date { get; set; } = "";
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public bool Provisional { get; set; }
    }

    private sealed class YearRow
    {
        public int Year { get; set; }
        public string Status { get; set; } = "";
        public long ChangedAt { get; set; }
        public string ChangedBy { get; set; } = "";
        public string? Notice { get; set; }
    }

    public async Task<IReadOnlyList<Holiday>> ListAsync(DateOnly? from = null, DateOnly? to = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(db[SelectRange],
            new { from = Instants.Date(from ?? DateOnly.MinValue), to = Instants.Date(to ?? DateOnly.MaxValue) }, cancellationToken: ct));
        return rows.Select(r => new Holiday(Instants.Date(r.Date), r.Name, r.Kind.Trim(), r.Provisional)).ToList();
    }

    /// <summary>The years the table covers, in order.</summary>
    public async Task<IReadOnlyList<CalendarYearRow>> YearsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<YearRow>(new CommandDefinition(db[SelectYears], cancellationToken: ct));
        return rows.Select(r => new CalendarYearRow(r.Year, r.Status.Trim(), Instants.At(r.ChangedAt), r.ChangedBy, r.Notice)).ToList();
    }

    /// <summary>Inserts or replaces the holidays given, in one transaction.</summary>
    public async Task UpsertAsync(IEnumerable<Holiday> holidays, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE
        foreach (var h in holidays) await UpsertOneAsync(w, h, ct);
        await w.CommitAsync(ct);
    }

    public Task UpsertAsync(Holiday h, CancellationToken ct = default) => UpsertAsync([h], ct);

    public async Task<bool> DeleteAsync(DateOnly date, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Delete], new { date = Instants.Date(date) }, tx, cancellationToken: ct)), ct) > 0;
    }

    /// <summary>Replaces a year's days and records the year with its status (and the notice it follows, if any), in one
    /// transaction (all or nothing).</summary>
    public async Task ReplaceYearAsync(int year, IEnumerable<Holiday> days, string status, string actor, DateTimeOffset at, CancellationToken ct = default,
        string? notice = null)
    {
        await using var w = await db.BeginWriteAsync(ct);
        await w.Connection.ExecuteAsync(new CommandDefinition(db[DeleteRange], YearRange(year), w.Transaction, cancellationToken: ct));
        foreach (var h in days)
        {
            if (h.Date.Year != year) throw new ArgumentException($"{h.Date} is not in {year}.", nameof(days));
            await UpsertOneAsync(w, h, ct);
        }
        await w.Connection.ExecuteAsync(new CommandDefinition(db[UpsertYear],
            new { year, status, at = Instants.Ms(at), actor, notice }, w.Transaction, cancellationToken: ct));
        await w.CommitAsync(ct);
    }

    /// <summary>Confirms a covered year: its days stop being provisional. Returns null when the year is not in the table,
    /// else the number of days that were provisional.</summary>
    public async Task<int?> ConfirmYearAsync(int year, string notice, string actor, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var w = await db.BeginWriteAsync(ct);
        var found = await w.Connection.ExecuteAsync(new CommandDefinition(db[ConfirmYear],
            new { year, at = Instants.Ms(at), actor, notice }, w.Transaction, cancellationToken: ct));
        if (found == 0) return null;
        var days = await w.Connection.ExecuteAsync(new CommandDefinition(db[ConfirmRange], YearRange(year), w.Transaction, cancellationToken: ct));
        await w.CommitAsync(ct);
        return days;
    }

    private static object YearRange(int year) =>
        new { from = Instants.Date(new DateOnly(year, 1, 1)), to = Instants.Date(new DateOnly(year, 12, 31)) };

    private Task<int> UpsertOneAsync(WriteScope w, Holiday h, CancellationToken ct) =>
        w.Connection.ExecuteAsync(new CommandDefinition(db[Upsert], new
        {
            date = Instants.Date(h.Date), name = h.Name.Normalize(System.Text.NormalizationForm.FormC), kind = h.Kind, provisional = h.Provisional,
        }, w.Transaction, cancellationToken: ct));
}
