using System.Data.Common;
using Dapper;
using Incidents.Core.Deadlines;
using Incidents.Storage.Intake;

namespace Incidents.Storage.Deadlines;

/// <summary>
/// Writes and reads a case's deadlines and their escalation steps. Used inside the intake and update transactions, so
/// the rows the escalation jobs wake on always match the case's state.
/// </summary>
public static class DeadlineRows
{
    internal static readonly Sql InsertDeadline = new("""
        INSERT INTO deadlines (case_id, deadline_key, name, legal_basis, duration, unit, started_at, due_at, status, paused_at,
            paused_total_ms, extensions_used, met_at, not_after)
        VALUES (@CaseId, @Key, @Name, @LegalBasis, @Duration, @Unit, @StartedAt, @DueAt, @Status, @PausedAt, @PausedTotalMs,
            @ExtensionsUsed, @MetAt, @NotAfter)
        """);

    internal static readonly Sql DeleteDeadlines = new("DELETE FROM deadlines WHERE case_id = @caseId");

    internal static readonly Sql InsertStep = new("""
        INSERT INTO deadline_steps (case_id, deadline_key, step_key, kind, due_at, recipients, status)
        VALUES (@CaseId, @DeadlineKey, @StepKey, @Kind, @DueAt, @Recipients, 'pending')
        """);

    /// <summary>Pending steps are cancelled before the new set is written; a fired step stays fired (its email went out).</summary>
    internal static readonly Sql CancelPendingSteps = new(
        "UPDATE deadline_steps SET status = 'cancelled' WHERE case_id = @caseId AND status = 'pending'");

    internal static readonly Sql UpsertStep = new(
        """
        INSERT INTO deadline_steps (case_id, deadline_key, step_key, kind, due_at, recipients, status)
        VALUES (@CaseId, @DeadlineKey, @StepKey, @Kind, @DueAt, @Recipients, 'pending')
        ON CONFLICT (case_id, deadline_key, step_key) DO UPDATE SET kind = excluded.kind, due_at = excluded.due_at,
            recipients = excluded.recipients,
            status = CASE WHEN deadline_steps.status = 'fired' THEN 'fired' ELSE 'pending' END
        """,
        """
        MERGE deadline_steps WITH (HOLDLOCK) AS t
        USING (SELECT @CaseId AS case_id, @DeadlineKey AS deadline_key, @StepKey AS step_key) AS s
            ON t.case_id = s.case_id AND t.deadline_key = s.deadline_key AND t.step_key = s.step_key
        WHEN MATCHED THEN UPDATE SET kind = @Kind, due_at = @DueAt, recipients = @Recipients,
            status = CASE WHEN t.status = 'fired' THEN 'fired' ELSE 'pending' END
        WHEN NOT MATCHED THEN INSERT (case_id, deadline_key, step_key, kind, due_at, recipients, status)
            VALUES (@CaseId, @DeadlineKey, @StepKey, @Kind, @DueAt, @Recipients, 'pending');
        """);

    internal static readonly Sql SelectDeadlines = new("""
        SELECT case_id, deadline_key, name, legal_basis, duration, unit, started_at, due_at, status, paused_at, paused_total_ms,
            extensions_used, met_at, not_after
        FROM deadlines WHERE case_id = @caseId ORDER BY due_at, deadline_key
        """);

    internal static readonly Sql SelectSteps = new("""
        SELECT case_id, deadline_key, step_key, kind, due_at, recipients, status
        FROM deadline_steps WHERE case_id = @caseId AND status <> 'cancelled' ORDER BY due_at, step_key
        """);

    /// <summary>A new case's deadlines and the steps of its running ones, on the intake writer's kept statements (prepared
    /// once, not per case).</summary>
    internal static async Task InsertAsync(Intake.IntakeStatements s, DbTransaction tx, long caseId, IReadOnlyList<DeadlineRecord> deadlines,
        CancellationToken ct)
    {
        foreach (var d in deadlines)
        {
            await s.For(InsertDeadline, tx).Set("@CaseId", caseId).Set("@Key", d.Key).Set("@Name", d.Name).Set("@LegalBasis", d.LegalBasis)
                .Set("@Duration", d.Duration).Set("@Unit", d.Unit.ToString().ToLowerInvariant()).Set("@StartedAt", Instants.Ms(d.StartedAt))
                .Set("@DueAt", Instants.Ms(d.DueAt)).Set("@Status", d.Status.ToString().ToLowerInvariant()).Set("@PausedAt", Instants.Ms(d.PausedAt))
                .Set("@PausedTotalMs", (long)d.PausedTotal.TotalMilliseconds).Set("@ExtensionsUsed", d.ExtensionsUsed)
                .Set("@MetAt", Instants.Ms(d.MetAt)).Set("@NotAfter", Instants.Ms(d.NotAfter)).ExecuteNonQueryAsync(ct);
            if (d.Status != DeadlineStatus.Running) continue;
            foreach (var step in d.Steps)
                await s.For(InsertStep, tx).Set("@CaseId", caseId).Set("@DeadlineKey", d.Key).Set("@StepKey", step.StepKey).Set("@Kind", step.Kind)
                    .Set("@DueAt", Instants.Ms(step.At)).Set("@Recipients", string.Join(',', step.Recipients)).ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Replaces the deadlines with the new set; steps of running deadlines are (re)armed, others cancelled.</summary>
    internal static async Task ReplaceAsync(DbConnection c, DbTransaction tx, Database db, long caseId,
        IReadOnlyList<DeadlineRecord> deadlines, CancellationToken ct)
    {
        await c.ExecuteAsync(new CommandDefinition(db[DeleteDeadlines], new { caseId }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(db[CancelPendingSteps], new { caseId }, tx, cancellationToken: ct));
        foreach (var d in deadlines)
        {
            await c.ExecuteAsync(new CommandDefinition(db[InsertDeadline], Params(caseId, d), tx, cancellationToken: ct));
            if (d.Status != DeadlineStatus.Running) continue;
            foreach (var s in d.Steps)
                await c.ExecuteAsync(new CommandDefinition(db[UpsertStep], StepParams(caseId, d.Key, s), tx, cancellationToken: ct));
        }
    }

    public static async Task<IReadOnlyList<DeadlineRecord>> ReadAsync(DbConnection c, Database db, long caseId, CancellationToken ct,
        DbTransaction? tx = null)
    {
        var rows = await c.QueryAsync<Row>(new CommandDefinition(db[SelectDeadlines], new { caseId }, tx, cancellationToken: ct));
        var steps = (await c.QueryAsync<StepRow>(new CommandDefinition(db[SelectSteps], new { caseId }, tx, cancellationToken: ct)))
            .ToLookup(s => s.DeadlineKey);
        return rows.Select(r => r.ToRecord(r.DeadlineKey, steps[r.DeadlineKey].Select(s => new DeadlineStep(s.StepKey, s.Kind,
            Instants.At(s.DueAt), s.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries))).ToList())).ToList();
    }

    private static object Params(long caseId, DeadlineRecord d) => new
    {
        CaseId = caseId, d.Key, d.Name, d.LegalBasis, d.Duration, Unit = d.Unit.ToString().ToLowerInvariant(),
        StartedAt = Instants.Ms(d.StartedAt), DueAt = Instants.Ms(d.DueAt), Status = d.Status.ToString().ToLowerInvariant(),
        PausedAt = Instants.Ms(d.PausedAt), PausedTotalMs = (long)d.PausedTotal.TotalMilliseconds, d.ExtensionsUsed,
        MetAt = Instants.Ms(d.MetAt), NotAfter = Instants.Ms(d.NotAfter),
    };

    private static object StepParams(long caseId, string deadlineKey, DeadlineStep s) => new
    {
        CaseId = caseId, DeadlineKey = deadlineKey, s.StepKey, s.Kind, DueAt = Instants.Ms(s.At), Recipients = string.Join(',', s.Recipients),
    };

    /// <summary>A deadlines row; queries that leave out case_id or deadline_key (the caller knows them) still map.</summary>
    internal sealed class Row
    {
        public long CaseId { get; set; }
        public string DeadlineKey { get; set; } = "";
        public string Name { get; set; } = "";
        public string LegalBasis { get; set; } = "";
        public string Duration { get; set; } = "";
        public string Unit { get; set; } = "";
        public long StartedAt { get; set; }
        public long DueAt { get; set; }
        public string Status { get; set; } = "";
        public long? PausedAt { get; set; }
        public long PausedTotalMs { get; set; }
        public int ExtensionsUsed { get; set; }
        public long? MetAt { get; set; }
        public long? NotAfter { get; set; }

        public DeadlineRecord ToRecord(string key, IReadOnlyList<DeadlineStep>? steps = null) => new()
        {
            Key = key, Name = Name, LegalBasis = LegalBasis, Duration = Duration, Unit = Enum.Parse<DurationUnit>(Unit, ignoreCase: true),
            StartedAt = Instants.At(StartedAt), DueAt = Instants.At(DueAt), Status = Enum.Parse<DeadlineStatus>(Status, ignoreCase: true),
            PausedAt = Instants.At(PausedAt), PausedTotal = TimeSpan.FromMilliseconds(PausedTotalMs), ExtensionsUsed = ExtensionsUsed,
            MetAt = Instants.At(MetAt), NotAfter = Instants.At(NotAfter), Steps = steps ?? [],
        };
    }

    private sealed class StepRow
    {
        public long CaseId { get; set; }
        public string DeadlineKey { get; set; } = "";
        public string StepKey { get; set; } = "";
        public string Kind { get; set; } = "";
        public long DueAt { get; set; }
        public string Recipients { get; set; } = "";
        public string Status { get; set; } = "";
    }
}
