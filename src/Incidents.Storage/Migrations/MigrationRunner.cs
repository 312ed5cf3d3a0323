using System.Data.Common;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace Incidents.Storage.Migrations;

/// <summary>One numbered migration file: db/{provider}/NNNN_name.sql.</summary>
public sealed record Migration(int Version, string Name, string Text)
{
    /// <summary>SHA-256 of the text with \n line ends, so a checkout with \r\n does not count as a change.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Text.ReplaceLineEndings("\n"))));
}

/// <summary>An applied migration file was edited afterwards: the schema no longer matches what the files say.</summary>
public sealed class MigrationChangedException(string message) : InvalidOperationException(message);

/// <summary>
/// Applies the embedded db/{provider}/*.sql files in order. Each file runs in its own transaction together with its row in
/// schema_versions, under a lock that serialises hosts starting at once (SQLite: BEGIN IMMEDIATE; SQL Server:
/// sp_getapplock), so running it twice, or twice at once, applies each file exactly once. Each applied file is recorded
/// with its checksum; a file changed after it was applied stops the runner (MigrationChangedException) before it applies
/// anything. Rows recorded before checksums existed take the checksum of the file as it is when first seen.
/// </summary>
public sealed partial class MigrationRunner(Database db, TimeProvider time)
{
    internal static readonly Sql CreateVersionTable = new(
        "CREATE TABLE IF NOT EXISTS schema_versions (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL, checksum TEXT NULL)",
        """
        IF OBJECT_ID(N'schema_versions', N'U') IS NULL
            CREATE TABLE schema_versions (version int NOT NULL CONSTRAINT pk_schema_versions PRIMARY KEY, name nvarchar(200) NOT NULL, applied_at bigint NOT NULL, checksum nvarchar(64) NULL);
        """);

    // schema_versions tables created before checksums were recorded lack the column.
    internal static readonly Sql HasChecksumColumn = new(
        "SELECT COUNT(*) FROM pragma_table_info('schema_versions') WHERE name = 'checksum'",
        "SELECT CASE WHEN COL_LENGTH(N'schema_versions', N'checksum') IS NULL THEN 0 ELSE 1 END");

    internal static readonly Sql AddChecksumColumn = new(
        "ALTER TABLE schema_versions ADD COLUMN checksum TEXT NULL",
        "ALTER TABLE schema_versions ADD checksum nvarchar(64) NULL");

    internal static readonly Sql AppliedChecksums = new("SELECT version, name, checksum FROM schema_versions ORDER BY version");

    internal static readonly Sql FillChecksum = new(
        "UPDATE schema_versions SET checksum = @checksum WHERE version = @version AND checksum IS NULL");

    internal static readonly Sql TakeLock = new(
        "SELECT 0",
        """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = N'incidents-migrations', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 120000;
        SELECT @result;
        """);

    internal static readonly Sql IsApplied = new("SELECT COUNT(*) FROM schema_versions WHERE version = @version");

    internal static readonly Sql RecordApplied = new(
        "INSERT INTO schema_versions (version, name, applied_at, checksum) VALUES (@version, @name, @at, @checksum)");

    internal static readonly Sql AppliedVersions = new("SELECT version FROM schema_versions ORDER BY version");

    internal static readonly Sql InsertUnit = new(
        "INSERT INTO admin_units (code, name, kind, parent_code, valid_from, valid_to) VALUES (@Code, @Name, @Kind, @ParentCode, @ValidFrom, @ValidTo)");

    /// <summary>The migrations embedded for a provider, in order.</summary>
    public static IReadOnlyList<Migration> For(DbProvider provider)
    {
        var folder = provider == DbProvider.Sqlite ? "db/sqlite/" : "db/sqlserver/";
        var asm = typeof(MigrationRunner).Assembly;
        return asm.GetManifestResourceNames()
            .Where(n => n.StartsWith(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[folder.Length..];
                var m = FileName().Match(file);
                if (!m.Success) throw new InvalidOperationException($"Migration '{n}' is not named NNNN_name.sql.");
                return new Migration(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), file, Read(asm, n));
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    /// <summary>Splits a SQL Server script on GO lines; SQLite scripts run whole.</summary>
    public static IReadOnlyList<string> Batches(string script) =>
        GoLine().Split(script).Where(b => !string.IsNullOrWhiteSpace(b)).ToList();

    /// <summary>Applies what is missing; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken ct = default)
    {
        // Every start of an up-to-date database: one read, no write lock, instead of a write transaction per file.
        if (await UpToDateAsync(ct)) return [];
        await PrepareVersionTableAsync(ct);
        if (await ChangedAsync(ct) is { Count: > 0 } changed) throw new MigrationChangedException(string.Join(Environment.NewLine, changed));
        var applied = new List<int>();
        foreach (var m in For(db.Provider))
        {
            await using var w = await db.BeginWriteAsync(ct); // SQLite: the writer gate, then BEGIN IMMEDIATE (the write lock)
            var (conn, tx) = (w.Connection, w.Transaction);
            var lockResult = await conn.ExecuteScalarAsync<int>(new CommandDefinition(db[TakeLock], transaction: tx, cancellationToken: ct));
            if (lockResult < 0) throw new InvalidOperationException($"Could not take the migration lock (sp_getapplock returned {lockResult}).");
            await conn.ExecuteAsync(new CommandDefinition(db[CreateVersionTable], transaction: tx, cancellationToken: ct));
            var done = await conn.ExecuteScalarAsync<long>(new CommandDefinition(db[IsApplied], new { version = m.Version }, tx, cancellationToken: ct));
            if (done > 0) { await tx.RollbackAsync(ct); continue; }

            foreach (var batch in db.Provider == DbProvider.SqlServer ? Batches(m.Text) : [m.Text])
                await conn.ExecuteAsync(new CommandDefinition(batch, transaction: tx, commandTimeout: 300, cancellationToken: ct));
            if (m.Version == 1) await SeedAdminUnitsAsync(conn, tx, ct);
            await conn.ExecuteAsync(new CommandDefinition(db[RecordApplied],
                new { version = m.Version, name = m.Name, at = Instants.Ms(time.GetUtcNow()), checksum = m.Checksum }, tx, cancellationToken: ct));
            await w.CommitAsync(ct);
            applied.Add(m.Version);
        }
        return applied;
    }

    public async Task<IReadOnlyList<int>> AppliedAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(db[CreateVersionTable], cancellationToken: ct));
        return (await conn.QueryAsync<int>(new CommandDefinition(db[AppliedVersions], cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// One message per applied file whose text changed since (its recorded checksum differs from the embedded file's);
    /// empty when none did, or when no checksums are recorded yet.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangedAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(db[CreateVersionTable], cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<int>(new CommandDefinition(db[HasChecksumColumn], cancellationToken: ct)) == 0) return [];
        var files = For(db.Provider).ToDictionary(m => m.Version);
        var rows = await conn.QueryAsync<AppliedRow>(new CommandDefinition(db[AppliedChecksums], cancellationToken: ct));
        return rows
            .Where(r => r.Checksum is not null && files.TryGetValue((int)r.Version, out var f) && f.Checksum != r.Checksum)
            .Select(r => $"Migration {r.Name} was changed after it was applied (recorded checksum {r.Checksum}, file {files[(int)r.Version].Checksum}). " +
                "Put the change in a new numbered file and restore the applied one.")
            .ToList();
    }

    /// <summary>Every embedded file is recorded as applied with its own checksum. Anything else (a new file, a checksum
    /// not yet recorded, a changed file, no schema_versions at all) takes the locked path, which applies or refuses.</summary>
    private async Task<bool> UpToDateAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenAsync(ct);
        // Also 0 when schema_versions does not exist yet (no columns on SQLite, NULL length on SQL Server).
        if (await conn.ExecuteScalarAsync<int>(new CommandDefinition(db[HasChecksumColumn], cancellationToken: ct)) == 0) return false;
        var recorded = (await conn.QueryAsync<AppliedRow>(new CommandDefinition(db[AppliedChecksums], cancellationToken: ct)))
            .ToDictionary(r => (int)r.Version, r => r.Checksum);
        return For(db.Provider).All(m => recorded.TryGetValue(m.Version, out var sum) && sum == m.Checksum);
    }

    private sealed class AppliedRow
    {
        public long Version { get; init; }
        public string Name { get; init; } = "";
        public string? Checksum { get; init; }
    }

    /// <summary>Creates schema_versions, adds the checksum column to an older one and records checksums missing.</summary>
    private async Task PrepareVersionTableAsync(CancellationToken ct)
    {
        await using var w = await db.BeginWriteAsync(ct);
        var (conn, tx) = (w.Connection, w.Transaction);
        var lockResult = await conn.ExecuteScalarAsync<int>(new CommandDefinition(db[TakeLock], transaction: tx, cancellationToken: ct));
        if (lockResult < 0) throw new InvalidOperationException($"Could not take the migration lock (sp_getapplock returned {lockResult}).");
        await conn.ExecuteAsync(new CommandDefinition(db[CreateVersionTable], transaction: tx, cancellationToken: ct));
        if (await conn.ExecuteScalarAsync<int>(new CommandDefinition(db[HasChecksumColumn], transaction: tx, cancellationToken: ct)) == 0)
            await conn.ExecuteAsync(new CommandDefinition(db[AddChecksumColumn], transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(db[FillChecksum],
            For(db.Provider).Select(m => new { version = m.Version, checksum = m.Checksum }), tx, cancellationToken: ct));
        await w.CommitAsync(ct);
    }

    /// <summary>The versions embedded for this database and not yet applied to it.</summary>
    public async Task<IReadOnlyList<int>> PendingAsync(CancellationToken ct = default)
    {
        var applied = (await AppliedAsync(ct)).ToHashSet();
        return For(db.Provider).Select(m => m.Version).Where(v => !applied.Contains(v)).ToList();
    }

    /// <summary>The Hanoi units (db/seed/hanoi-units.csv), loaded with the first migration.</summary>
    public static IReadOnlyList<Localities.AdminUnit> SeedUnits()
    {
        var text = Read(typeof(MigrationRunner).Assembly, "db/seed/hanoi-units.csv");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(1)
            .Select(line => line.Split(','))
            .Select(f => new Localities.AdminUnit(f[0], f[1], f[2], Blank(f[3]),
                Blank(f[4]) is { } from ? Instants.Date(from) : null,
                Blank(f[5]) is { } to ? Instants.Date(to) : null))
            .ToList();
    }

    private static async Task SeedAdminUnitsAsync(DbConnection conn, DbTransaction tx, CancellationToken ct)
    {
        var rows = SeedUnits().Select(u => new
        {
            u.Code, Name = u.Name.Normalize(System.Text.NormalizationForm.FormC), u.Kind, u.ParentCode,
            ValidFrom = u.ValidFrom is { } f ? Instants.Date(f) : null,
            ValidTo = u.ValidTo is { } t ? Instants.Date(t) : null,
        });
        await conn.ExecuteAsync(new CommandDefinition(InsertUnit.Sqlite, rows, tx, cancellationToken: ct));
    }

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string Read(Assembly asm, string name)
    {
        using var s = asm.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing resource {name}.");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    [GeneratedRegex(@"^(\d+)_[\w\-]+\.sql$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"^\s*GO\s*(?:--.*)?$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}
