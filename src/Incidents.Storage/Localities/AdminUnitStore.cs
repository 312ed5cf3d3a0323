using Dapper;

namespace Incidents.Storage.Localities;

/// <summary>An administrative unit; a null ValidFrom/ValidTo is open-ended.</summary>
public sealed record AdminUnit(string Code, string Name, string Kind, string? ParentCode, DateOnly? ValidFrom, DateOnly? ValidTo)
{
    public bool ValidOn(DateOnly d) => (ValidFrom is null || ValidFrom <= d) && (ValidTo is null || ValidTo >= d);
}

public sealed class AdminUnitStore(Database db)
{
    internal static readonly Sql SelectAll = new(
        "SELECT code, name, kind, parent_code, valid_from, valid_to FROM admin_units ORDER BY code");

    internal static readonly Sql SelectValidOn = new("""
        SELECT code, name, kind, parent_code, valid_from, valid_to FROM admin_units
        WHERE (valid_from IS NULL OR valid_from <= @date) AND (valid_to IS NULL OR valid_to >= @date)
        ORDER BY code
        """);

    internal static readonly Sql CountValid = new("""
        SELECT COUNT(*) FROM admin_units
        WHERE code = @code AND (valid_from IS NULL OR valid_from <= @date) AND (valid_to IS NULL OR valid_to >= @date)
        """);

    internal static readonly Sql Upsert = new(
        """
        INSERT INTO admin_units (code, name, kind, parent_code, valid_from, valid_to) VALUES (@code, @name, @kind, @parent, @from, @to)
        ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_code = excluded.parent_code,
            valid_from = excluded.valid_from, valid_to = excluded.valid_to
        """,
        """
        MERGE admin_units WITH (HOLDLOCK) AS t
        USING (SELECT @code AS code) AS s ON t.code = s.code
        WHEN MATCHED THEN UPDATE SET name = @name, kind = @kind, parent_code = @parent, valid_from = @from, valid_to = @to
        WHEN NOT MATCHED THEN INSERT (code, name, kind, parent_code, valid_from, valid_to) VALUES (@code, @name, @kind, @parent, @from, @to);
        """);

    internal static readonly Sql Delete = new("DELETE FROM admin_units WHERE code = @code");

    private sealed class Row
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string? ParentCode { get; set; }
        public string? ValidFrom { get; set; }
        public string? ValidTo { get; set; }
        public AdminUnit ToUnit() => new(Code.Trim(), Name, Kind, ParentCode?.Trim(),
            ValidFrom is null ? null : Instants.Date(ValidFrom), ValidTo is null ? null : Instants.Date(ValidTo));
    }

    public async Task<IReadOnlyList<AdminUnit>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[SelectAll], cancellationToken: ct))).Select(r => r.ToUnit()).ToList();
    }

    public async Task<IReadOnlyList<AdminUnit>> ListValidOnAsync(DateOnly date, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[SelectValidOn], new { date = Instants.Date(date) }, cancellationToken: ct)))
            .Select(r => r.ToUnit()).ToList();
    }

    public async Task<bool> IsValidOnAsync(string code, DateOnly date, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(db[CountValid], new { code, date = Instants.Date(date) }, cancellationToken: ct)) > 0;
    }

    public async Task UpsertAsync(AdminUnit u, CancellationToken ct = default)
    {
        await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Upsert], new
        {
            code = u.Code, name = u.Name.Normalize(System.Text.NormalizationForm.FormC), kind = u.Kind, parent = u.ParentCode,
            from = u.ValidFrom is { } f ? Instants.Date(f) : null, to = u.ValidTo is { } t ? Instants.Date(t) : null,
        }, tx, cancellationToken: ct)), ct);
    }

    public async Task<bool> DeleteAsync(string code, CancellationToken ct = default)
    {
        return await db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[Delete], new { code }, tx, cancellationToken: ct)), ct) > 0;
    }
}
