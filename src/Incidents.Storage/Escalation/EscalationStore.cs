using System.Data.Common;
using Dapper;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Escalation;
using Incidents.Mail.Escalation;
using Incidents.Storage.Cases;
using Incidents.Storage.Deadlines;
using Incidents.Storage.Outbox;

namespace Incidents.Storage.Escalation;

/// <summary>Names one deadline step: the exactly-once key of its escalation.</summary>
public sealed record StepRef(long CaseId, string DeadlineKey, string StepKey);

/// <summary>A pending step as the sweep sees it.</summary>
public sealed record PendingStep(StepRef Ref, string Kind, DateTimeOffset DueAt);

public enum FireStatus
{
    /// <summary>Escalation recorded, mail enqueued, history written.</summary>
    Fired,
    /// <summary>No such step, or it was fired or cancelled already (another host, or an earlier delivery of the job).</summary>
    NotPending,
    /// <summary>The step's instant is later than now: it moved, or the job woke early. The sweep arms it again.</summary>
    NotDue,
    /// <summary>Its deadline is no longer running (met, paused, cancelled): the step is marked cancelled.</summary>
    Cancelled,
}

/// <param name="CaseNumber">The case's number (KN-2026-000123) and <paramref name="DueAt"/> the step's instant, for the
/// log line of a fired step; null when nothing fired.</param>
public sealed record FireResult(FireStatus Status, IReadOnlyList<OutboxEnqueued> Enqueued, string? CaseNumber = null, DateTimeOffset? DueAt = null)
{
    public static FireResult Of(FireStatus s) => new(s, []);
}

/// <summary>The asked-for step's result and those of the other due steps fired in the same transaction.</summary>
public sealed record BatchFireResult(FireResult Own, IReadOnlyList<(StepRef Step, FireResult Result)> Others);

/// <summary>
/// Fires deadline steps exactly once. FireAsync re-reads the step, its deadline and its case inside one write
/// transaction (SQLite: BEGIN IMMEDIATE, so two hosts over one file take turns; SQL Server: the step row is read
/// WITH (UPDLOCK, HOLDLOCK), so the second host waits and then sees it fired), then writes the escalation row under its
/// unique (case, deadline, step) key, the step's new status, the outbox rows and the history line, and commits.
/// </summary>
public sealed class EscalationStore(Database db, OutboxStore outbox)
{
    internal static readonly Sql PendingUpTo = new(
        """
        SELECT id, case_id, deadline_key, step_key, kind, due_at FROM deadline_steps
        WHERE status = 'pending' AND due_at <= @upTo AND (due_at > @afterDue OR (due_at = @afterDue AND id > @afterId))
        ORDER BY due_at, id LIMIT @take
        """,
        """
        SELECT TOP (@take) id, case_id, deadline_key, step_key, kind, due_at FROM deadline_steps
        WHERE status = 'pending' AND due_at <= @upTo AND (due_at > @afterDue OR (due_at = @afterDue AND id > @afterId))
        ORDER BY due_at, id
        """);

    internal static readonly Sql StepForFiring = new(
        "SELECT id, case_id, deadline_key, step_key, kind, due_at, recipients, status FROM deadline_steps " +
        "WHERE case_id = @CaseId AND deadline_key = @DeadlineKey AND step_key = @StepKey",
        "SELECT id, case_id, deadline_key, step_key, kind, due_at, recipients, status FROM deadline_steps WITH (UPDLOCK, HOLDLOCK) " +
        "WHERE case_id = @CaseId AND deadline_key = @DeadlineKey AND step_key = @StepKey");

    internal static readonly Sql DeadlineForFiring = new("""
        SELECT name, legal_basis, duration, unit, started_at, due_at, status, paused_at, paused_total_ms, extensions_used, met_at
        FROM deadlines WHERE case_id = @CaseId AND deadline_key = @DeadlineKey
        """);

    internal static readonly Sql CaseForFiring = new(CaseRows.Select + " WHERE c.id = @CaseId");

    internal static readonly Sql CaseTeam = new("SELECT team FROM cases WHERE id = @CaseId");

    internal static readonly Sql SetStepStatus = new(
        "UPDATE deadline_steps SET status = @Status WHERE id = @Id AND status = 'pending'");

    /// <summary>No row inserted means the key exists: another host fired this step first.</summary>
    internal static readonly Sql InsertEscalation = new(
        """
        INSERT INTO escalations (case_id, deadline_key, step_key, kind, at, recipients)
        VALUES (@CaseId, @DeadlineKey, @StepKey, @Kind, @At, @Recipients)
        ON CONFLICT (case_id, deadline_key, step_key) DO NOTHING
        """,
        """
        INSERT INTO escalations (case_id, deadline_key, step_key, kind, at, recipients)
        SELECT @CaseId, @DeadlineKey, @StepKey, @Kind, @At, @Recipients
        WHERE NOT EXISTS (SELECT 1 FROM escalations WITH (UPDLOCK, HOLDLOCK)
            WHERE case_id = @CaseId AND deadline_key = @DeadlineKey AND step_key = @StepKey)
        """);

    internal static readonly Sql AssigneeEmail = new(
        "SELECT u.email FROM cases c JOIN users u ON u.id = c.assignee_id WHERE c.id = @CaseId AND u.is_active = 1");

    /// <summary>Active users with an address; roles and lead flag are filtered in code (roles is a comma list).</summary>
    internal static readonly Sql ActiveUsersWithEmail = new(
        "SELECT email, roles, is_lead, locality_code FROM users WHERE is_active = 1 AND email IS NOT NULL AND email <> ''");

    internal static readonly Sql UnitOf = new("SELECT code, name, parent_code FROM admin_units WHERE code = @Code");

    /// <summary>Pending steps due at or before <paramref name="upTo"/>, oldest first, in keyset pages after (afterDue, afterId).</summary>
    public async Task<IReadOnlyList<(long Id, PendingStep Step)>> PendingAsync(DateTimeOffset upTo, int take, long afterDue = long.MinValue,
        long afterId = 0, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<PendingRow>(new CommandDefinition(db[PendingUpTo],
            new { upTo = Instants.Ms(upTo), afterDue, afterId, take }, cancellationToken: ct));
        return rows.Select(r => (r.Id, new PendingStep(new StepRef(r.CaseId, r.DeadlineKey, r.StepKey), r.Kind, Instants.At(r.DueAt)))).ToList();
    }

    /// <summary>A step's status and instant, read without any lock: the cheap first look of a woken job.</summary>
    internal static readonly Sql StepStatus = new(
        "SELECT status, due_at FROM deadline_steps WHERE case_id = @CaseId AND deadline_key = @DeadlineKey AND step_key = @StepKey");

    /// <summary>
    /// Fires one step if it still holds at <paramref name="now"/>; <paramref name="plan"/> composes the outbox rows and
    /// the history line from what was read (it runs inside the transaction and must not do IO).
    /// </summary>
    public async Task<FireResult> FireAsync(StepRef step, DateTimeOffset now, RecipientExtras extras, Func<FiringContext, FiringPlan> plan,
        CancellationToken ct = default) => (await FireWithDueAsync(step, now, extras, plan, 0, ct)).Own;

    /// <summary>
    /// Fires <paramref name="step"/> and, in the same transaction, up to <paramref name="others"/> further pending steps
    /// already due at <paramref name="now"/> (oldest first). A burst of thousands of steps due within a second then
    /// costs a few write transactions instead of one each; every step still gets its own escalation row under its unique
    /// key, and its own job, when it wakes, finds it fired and does nothing (a lock-free read, no write transaction).
    /// If firing one of the others throws, the batch is rolled back and the step is fired alone, so one bad step does
    /// not hold up the rest.
    /// </summary>
    public async Task<BatchFireResult> FireWithDueAsync(StepRef step, DateTimeOffset now, RecipientExtras extras,
        Func<FiringContext, FiringPlan> plan, int others, CancellationToken ct = default)
    {
        await using (var c = await db.OpenAsync(ct))
        {
            var look = await c.QuerySingleOrDefaultAsync<StepLook>(new CommandDefinition(db[StepStatus], step, cancellationToken: ct));
            if (look is null || look.Status != "pending") return new BatchFireResult(FireResult.Of(FireStatus.NotPending), []);
            if (look.DueAt > Instants.Ms(now)) return new BatchFireResult(FireResult.Of(FireStatus.NotDue), []);
        }
        if (others <= 0) return await FireBatchAsync(step, now, extras, plan, 0, ct);
        try
        {
            return await FireBatchAsync(step, now, extras, plan, others, ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            return await FireBatchAsync(step, now, extras, plan, 0, ct);
        }
    }

    private async Task<BatchFireResult> FireBatchAsync(StepRef step, DateTimeOffset now, RecipientExtras extras,
        Func<FiringContext, FiringPlan> plan, int others, CancellationToken ct)
    {
        // The writer gate queues this process's writers in memory; SQLite's BEGIN IMMEDIATE still orders other hosts.
        await using var w = await db.BeginWriteAsync(ct);
        var (c, tx) = (w.Connection, w.Transaction);
        var reads = new BatchReads();
        var own = await FireInAsync(c, tx, reads, step, now, extras, plan, ct);
        var fired = new List<(StepRef, FireResult)>();
        if (others > 0)
        {
            var due = await c.QueryAsync<PendingRow>(new CommandDefinition(db[PendingUpTo],
                new { upTo = Instants.Ms(now), afterDue = long.MinValue, afterId = 0L, take = others + 1 }, tx, cancellationToken: ct));
            foreach (var r in due)
            {
                var other = new StepRef(r.CaseId, r.DeadlineKey, r.StepKey);
                if (other == step || fired.Count >= others) continue;
                fired.Add((other, await FireInAsync(c, tx, reads, other, now, extras, plan, ct)));
            }
        }
        await w.CommitAsync(ct);
        return new BatchFireResult(own, fired);
    }

    /// <summary>Fires one step inside the caller's write transaction; the caller commits.</summary>
    private async Task<FireResult> FireInAsync(DbConnection c, DbTransaction tx, BatchReads reads, StepRef step, DateTimeOffset now, RecipientExtras extras,
        Func<FiringContext, FiringPlan> plan, CancellationToken ct)
    {
        var s = await c.QuerySingleOrDefaultAsync<StepRow>(new CommandDefinition(db[StepForFiring], step, tx, cancellationToken: ct));
        if (s is null || s.Status != "pending") return FireResult.Of(FireStatus.NotPending);
        if (s.DueAt > Instants.Ms(now)) return FireResult.Of(FireStatus.NotDue);

        var d = await c.QuerySingleOrDefaultAsync<DeadlineRows.Row>(new CommandDefinition(db[DeadlineForFiring], step, tx, cancellationToken: ct));
        var row = await c.QuerySingleOrDefaultAsync<CaseRows.Row>(new CommandDefinition(db[CaseForFiring], step, tx, cancellationToken: ct));
        if (d is null || row is null || !string.Equals(d.Status, "running", StringComparison.OrdinalIgnoreCase))
        {
            await c.ExecuteAsync(new CommandDefinition(db[SetStepStatus], new { s.Id, Status = "cancelled" }, tx, cancellationToken: ct));
            return FireResult.Of(FireStatus.Cancelled);
        }
        var team = await c.ExecuteScalarAsync<string>(new CommandDefinition(db[CaseTeam], step, tx, cancellationToken: ct)) ?? "";
        var symbols = s.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!reads.Chains.TryGetValue(row.LocalityCode, out var chain))
            reads.Chains[row.LocalityCode] = chain = await LocalityChainAsync(c, tx, row.LocalityCode, ct);
        var users = reads.Users ??= await AddresseesAsync(c, tx, ct);
        var assignee = symbols.Contains(EscalationRecipients.Assignee)
            ? await c.ExecuteScalarAsync<string?>(new CommandDefinition(db[AssigneeEmail], step, tx, cancellationToken: ct))
            : null;
        var onDuty = await Roster.DutyRosterStore.EmailsOnDutyAsync(c, tx, db, row.LocalityCode, Core.Calendar.BusinessCalendar.LocalDate(now), ct);
        var routing = EscalationRecipients.Route(new EscalationFacts(assignee, team, chain.Codes, symbols, users, extras, onDuty));
        var distinct = routing.Recipients;

        var inserted = await c.ExecuteAsync(new CommandDefinition(db[InsertEscalation], new
        {
            step.CaseId, step.DeadlineKey, step.StepKey, s.Kind, At = Instants.Ms(now), Recipients = string.Join(',', distinct),
        }, tx, cancellationToken: ct));
        if (inserted == 0)
        {
            // Another host recorded this key first; only the status is brought in line.
            await c.ExecuteAsync(new CommandDefinition(db[SetStepStatus], new { s.Id, Status = "fired" }, tx, cancellationToken: ct));
            return FireResult.Of(FireStatus.NotPending);
        }
        await c.ExecuteAsync(new CommandDefinition(db[SetStepStatus], new { s.Id, Status = "fired" }, tx, cancellationToken: ct));

        var deadline = d.ToRecord(step.DeadlineKey);
        var stepRecord = new DeadlineStep(s.StepKey, s.Kind, Instants.At(s.DueAt), symbols);
        var p = plan(new FiringContext(row.ToRecord(), team, chain.Name ?? row.LocalityCode, deadline, stepRecord, distinct, routing.Administrators, now));
        var enqueued = new List<OutboxEnqueued>();
        foreach (var m in p.Messages) enqueued.Add(await outbox.EnqueueAsync(c, tx, m, now, ct));
        var data = new Dictionary<string, string>(p.Event.Data)
        {
            ["outbox"] = string.Join(',', enqueued.Select(e => e.Id)),
        };
        await CaseRows.AppendEventAsync(c, tx, db, step.CaseId, new NewCaseEvent(now, null, p.Event.Kind, Data: data), ct);
        return new FireResult(FireStatus.Fired, enqueued, row.Number, stepRecord.At);
    }

    /// <summary>What every step of one firing transaction reads alike (the users, a locality's chain of units), read once
    /// per transaction: nothing can change them inside it, and a burst fires up to FireBatch steps in one.</summary>
    private sealed class BatchReads
    {
        public IReadOnlyList<Addressee>? Users;
        public readonly Dictionary<string, (HashSet<string> Codes, string? Name)> Chains = new(StringComparer.Ordinal);
    }

    /// <summary>Addresses of active administrators, plus the configured "admin" extras (who hears of dead mail).</summary>
    public async Task<IReadOnlyList<string>> AdminAddressesAsync(RecipientExtras extras, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return EscalationRecipients.Administrators(await AddresseesAsync(c, null, ct), extras);
    }

    private async Task<IReadOnlyList<Addressee>> AddresseesAsync(DbConnection c, DbTransaction? tx, CancellationToken ct)
    {
        var rows = await c.QueryAsync<UserRow>(new CommandDefinition(db[ActiveUsersWithEmail], transaction: tx, cancellationToken: ct));
        return rows.Select(u => new Addressee(u.Email,
            u.Roles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            u.IsLead, u.LocalityCode)).ToList();
    }

    /// <summary>The case's unit and every unit above it (parent_code chain), and the unit's own name.</summary>
    private async Task<(HashSet<string> Codes, string? Name)> LocalityChainAsync(DbConnection c, DbTransaction tx, string code, CancellationToken ct)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        string? name = null;
        for (string? next = code; next is not null && codes.Add(next) && codes.Count < 10;)
        {
            var u = await c.QuerySingleOrDefaultAsync<UnitRow>(new CommandDefinition(db[UnitOf], new { Code = next }, tx, cancellationToken: ct));
            if (u is null) break;
            name ??= u.Name;
            next = u.ParentCode;
        }
        return (codes, name);
    }

    private sealed class PendingRow
    {
        public long Id { get; set; }
        public long CaseId { get; set; }
        public string DeadlineKey { get; set; } = "";
        public string StepKey { get; set; } = "";
        public string Kind { get; set; } = "";
        public long DueAt { get; set; }
    }

    private sealed class StepLook
    {
        public string Status { get; set; } = "";
        public long DueAt { get; set; }
    }

    private sealed class StepRow
    {
        public long Id { get; set; }
        public string StepKey { get; set; } = "";
        public string Kind { get; set; } = "";
        public long DueAt { get; set; }
        public string Recipients { get; set; } = "";
        public string Status { get; set; } = "";
    }

    private sealed class UserRow
    {
        public string Email { get; set; } = "";
        public string Roles { get; set; } = "";
        public bool IsLead { get; set; }
        public string? LocalityCode { get; set; }
    }

    private sealed class UnitRow
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public string? ParentCode { get; set; }
    }
}
