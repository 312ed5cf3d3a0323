using Dapper;
using Incidents.Core.Duplicates;

namespace Incidents.Storage.Duplicates;

/// <summary>A candidate row: what scoring needs and what visibility needs (team, confidentiality, assignee), never shown as is.</summary>
public sealed record DuplicateCandidate(long Id, string Number, string Title, string Team, bool Confidential, long? AssigneeId, DuplicateProbe Probe);

/// <summary>
/// Finds the cases a new letter or a case may repeat: every case sharing an identity key (CCCD, phone, email, name in the
/// locality; one index each, 0017), and the latest cases of the locality for the text comparison, which Core scores.
/// Merged duplicates are left out: their primary stands for them.
/// </summary>
public sealed class DuplicateStore(Database db)
{
    public const int RecentInLocality = 300;

    private const string Columns = """
        SELECT c.id, c.number, c.title, c.description, c.team, c.confidential, c.assignee_id, c.locality_code,
            r.id_number, r.phone_key, r.email_key, r.name_key
        FROM cases c LEFT JOIN case_reporters r ON r.case_id = c.id
        """;

    internal static readonly Sql ByIdentity = new(Columns + """
         WHERE c.merged_into_id IS NULL AND c.id <> @self
            AND (r.id_number = @idNumber OR r.phone_key = @phoneKey OR r.email_key = @emailKey
                OR (r.name_key = @nameKey AND c.locality_code = @locality))
        """);

    internal static readonly Sql RecentOfLocality = new(
        Columns + " WHERE c.locality_code = @locality AND c.merged_into_id IS NULL AND c.id <> @self ORDER BY c.id DESC LIMIT @take",
        Columns.Replace("SELECT c.id", "SELECT TOP (@take) c.id", StringComparison.Ordinal)
            + " WHERE c.locality_code = @locality AND c.merged_into_id IS NULL AND c.id <> @self ORDER BY c.id DESC");

    internal static readonly Sql ProbeOfCase = new(Columns + " WHERE c.id = @id");

    private sealed class Row
    {
        public long Id { get; set; }
        public string Number { get; set; } = "";
        public string Title { get; set; } = "";
        public string? Description { get; set; }
        public string Team { get; set; } = "";
        public bool Confidential { get; set; }
        public long? AssigneeId { get; set; }
        public string LocalityCode { get; set; } = "";
        public string? IdNumber { get; set; }
        public string? PhoneKey { get; set; }
        public string? EmailKey { get; set; }
        public string? NameKey { get; set; }

        public DuplicateCandidate ToCandidate() => new(Id, Number, Title, Team, Confidential, AssigneeId,
            new DuplicateProbe(IdNumber, PhoneKey, EmailKey, NameKey, LocalityCode, Title, Description));
    }

    /// <summary>A stored case as a probe (its keys read here for matching only, never shown); null when unknown.</summary>
    public async Task<DuplicateCandidate?> ProbeAsync(long caseId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(db[ProbeOfCase], new { id = caseId }, cancellationToken: ct)))?.ToCandidate();
    }

    /// <summary>The cases worth scoring against the probe; <paramref name="self"/>: the probe's own case, left out.</summary>
    public async Task<IReadOnlyList<DuplicateCandidate>> CandidatesAsync(DuplicateProbe p, long? self, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var found = new Dictionary<long, DuplicateCandidate>();
        var args = new
        {
            self = self ?? -1, idNumber = p.IdNumber, phoneKey = p.PhoneKey, emailKey = p.EmailKey, nameKey = p.NameKey,
            locality = p.LocalityCode, take = RecentInLocality,
        };
        if ((p.IdNumber ?? p.PhoneKey ?? p.EmailKey ?? p.NameKey) is not null)
            foreach (var r in await c.QueryAsync<Row>(new CommandDefinition(db[ByIdentity], args, cancellationToken: ct)))
                found[r.Id] = r.ToCandidate();
        if (p.LocalityCode is not null)
            foreach (var r in await c.QueryAsync<Row>(new CommandDefinition(db[RecentOfLocality], args, cancellationToken: ct)))
                found.TryAdd(r.Id, r.ToCandidate());
        return [.. found.Values];
    }
}
