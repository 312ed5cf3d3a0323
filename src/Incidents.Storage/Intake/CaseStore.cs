using System.Globalization;
using System.Text.Json;
using Dapper;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Storage.Attachments;
using Incidents.Storage.Cases;
using Incidents.Storage.Deadlines;

namespace Incidents.Storage.Intake;

/// <summary>A validated new case with its workflow start (state and deadlines) already computed by the core.</summary>
public sealed record NewCase
{
    public required string Type { get; init; }
    public required string Prefix { get; init; }
    public required string Team { get; init; }
    public required int WorkflowVersion { get; init; }
    public required string State { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string LocalityCode { get; init; }
    public required Channel Channel { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? Severity { get; init; }
    public string? Place { get; init; }
    public required Reporter Reporter { get; init; }
    /// <summary>Denunciations: the reporter's identity is kept only in case_reporters and left out of search.</summary>
    public bool ConfidentialReporter { get; init; }
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<DeadlineRecord> Deadlines { get; init; } = [];
    /// <summary>Scanned letters taken in with the case: stored in the case's transaction, each with an "attachment-added" line.</summary>
    public IReadOnlyList<NewAttachment> Attachments { get; init; } = [];
    public string? Actor { get; init; }
    /// <summary>Who holds the case from the start (the officer who logged an incident); null: unassigned.</summary>
    public long? AssigneeId { get; init; }
    public string? AssigneeLogin { get; init; }
    /// <summary>The receiving body whose register (số đến) numbers the case; null: no register number (tests, imports).</summary>
    public string? RegisterBody { get; init; }
    /// <summary>The number the paper register gave; null: the next one is assigned in the case's transaction.</summary>
    public long? RegisterNumber { get; init; }
    /// <summary>Incidents:Roster:AssignOnDuty: an unassigned, non-confidential case goes to the official on duty at its
    /// locality (issue #13), chosen inside the intake transaction.</summary>
    public bool RouteToDuty { get; init; }
}

/// <summary>An entered register number the body's register already holds for the year: nothing was written.</summary>
public sealed class RegisterNumberTakenException(long number, int year, string caseNumber)
    : Exception($"Register number {number} of {year} is already case {caseNumber}.")
{
    public long Number { get; } = number;
    public int Year { get; } = year;
    public string CaseNumber { get; } = caseNumber;
}

/// <summary>An Idempotency-Key claim: the key, scoped to the user, and the hash of the request body.</summary>
public sealed record IdempotencyClaim(long UserId, string Key, string RequestHash);

/// <summary>The answer given to the first request with a key; replayed to repeats.</summary>
public sealed record StoredResponse(int StatusCode, string? Location, string Body);

public enum CreateStatus { Created, Replayed, KeyReused }

/// <summary>Created: Case (and Response when a key was given). Replayed: Response. KeyReused: same key, other body.</summary>
public sealed record CreateOutcome(CreateStatus Status, CaseRecord? Case, StoredResponse? Response);

/// <summary>
/// Writes new cases. The number, the case, its reporter, first event, deadlines, steps and attachments go in one
/// transaction (a savepoint of the IntakeWriter's group transaction): a failure anywhere leaves no case and consumes no
/// number, and the call returns only after the commit.
/// </summary>
public sealed class CaseStore(Database db)
{
    // Every intake of this process goes through one group writer (API, pages, mail-in): many cases per commit.
    private readonly IntakeWriter _writer = new(db);

    /// <summary>The group writer, for tests that look at how requests were batched.</summary>
    internal IntakeWriter Writer => _writer;

    /// <summary>Takes the next number for (prefix, year) under the write lock: a rolled-back intake leaves no gap.</summary>
    internal static readonly Sql NextNumber = new(
        """
        INSERT INTO case_sequences (prefix, year, last_value) VALUES (@prefix, @year, 1)
        ON CONFLICT (prefix, year) DO UPDATE SET last_value = last_value + 1
        RETURNING last_value
        """,
        """
        MERGE case_sequences WITH (HOLDLOCK) AS t
        USING (SELECT @prefix AS prefix, @year AS year) AS s ON t.prefix = s.prefix AND t.year = s.year
        WHEN MATCHED THEN UPDATE SET last_value = t.last_value + 1
        WHEN NOT MATCHED THEN INSERT (prefix, year, last_value) VALUES (s.prefix, s.year, 1)
        OUTPUT inserted.last_value;
        """);

    /// <summary>The case row with its số đến (register columns NULL when it has none), so its search text is written once.</summary>
    internal static readonly Sql InsertCase = new(
        """
        INSERT INTO cases (number, type, team, workflow_version, state, title, description, locality_code, channel, received_at,
            created_at, severity, assignee_id, is_assigned, confidential, inputs_json, next_due_at, due_key, closed_at, search_text, row_version, place,
            register_body, register_year, register_number)
        VALUES (@number, @type, @team, @workflowVersion, @state, @title, @description, @locality, @channel, @receivedAt,
            @createdAt, @severity, @assigneeId, @isAssigned, @confidential, @inputs, @nextDue, @dueKey, NULL, @search, 1, @place,
            @registerBody, @registerYear, @registerNumber)
        RETURNING id
        """,
        """
        INSERT INTO cases (number, type, team, workflow_version, state, title, description, locality_code, channel, received_at,
            created_at, severity, assignee_id, is_assigned, confidential, inputs_json, next_due_at, due_key, closed_at, search_text, row_version, place,
            register_body, register_year, register_number)
        OUTPUT INSERTED.id
        VALUES (@number, @type, @team, @workflowVersion, @state, @title, @description, @locality, @channel, @receivedAt,
            @createdAt, @severity, @assigneeId, @isAssigned, @confidential, @inputs, @nextDue, @dueKey, NULL, @search, 1, @place,
            @registerBody, @registerYear, @registerNumber)
        """);

    internal static readonly Sql InsertReporter = new("""
        INSERT INTO case_reporters (case_id, name, address, phone, email, confidential, id_number, phone_key, email_key, name_key)
        VALUES (@caseId, @name, @address, @phone, @email, @confidential, @idNumber, @phoneKey, @emailKey, @nameKey)
        """);

    /// <summary>The next số đến of (body, year), under the write lock like the case number: gap-free.</summary>
    internal static readonly Sql NextRegister = new(
        """
        INSERT INTO register_sequences (body, year, last_value) VALUES (@body, @year, 1)
        ON CONFLICT (body, year) DO UPDATE SET last_value = last_value + 1
        RETURNING last_value
        """,
        """
        MERGE register_sequences WITH (HOLDLOCK) AS t
        USING (SELECT @body AS body, @year AS year) AS s ON t.body = s.body AND t.year = s.year
        WHEN MATCHED THEN UPDATE SET last_value = t.last_value + 1
        WHEN NOT MATCHED THEN INSERT (body, year, last_value) VALUES (s.body, s.year, 1)
        OUTPUT inserted.last_value;
        """);

    /// <summary>An entered number moves the register past it, so the next assigned one never collides with it.</summary>
    internal static readonly Sql BumpRegister = new(
        """
        INSERT INTO register_sequences (body, year, last_value) VALUES (@body, @year, @number)
        ON CONFLICT (body, year) DO UPDATE SET last_value = MAX(last_value, excluded.last_value)
        """,
        """
        MERGE register_sequences WITH (HOLDLOCK) AS t
        USING (SELECT @body AS body, @year AS year, @number AS number) AS s ON t.body = s.body AND t.year = s.year
        WHEN MATCHED AND t.last_value < s.number THEN UPDATE SET last_value = s.number
        WHEN NOT MATCHED THEN INSERT (body, year, last_value) VALUES (s.body, s.year, s.number);
        """);

    internal static readonly Sql RegisterHolder = new(
        "SELECT number FROM cases WHERE register_body = @body AND register_year = @year AND register_number = @number");

    internal static readonly Sql FindIdempotency = new(
        "SELECT request_hash, status_code, location, response_body FROM idempotency_keys WHERE user_id = @userId AND idem_key = @key",
        "SELECT request_hash, status_code, location, response_body FROM idempotency_keys WITH (UPDLOCK, HOLDLOCK) WHERE user_id = @userId AND idem_key = @key");

    internal static readonly Sql InsertIdempotency = new("""
        INSERT INTO idempotency_keys (user_id, idem_key, request_hash, status_code, location, response_body, created_at)
        VALUES (@userId, @key, @hash, @status, @location, @body, @at)
        """);

    public static string FormatNumber(string prefix, int year, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{year}-{seq:D6}");

    /// <summary>
    /// Creates the case. With a claim, a repeat of the key returns the first answer (or KeyReused for another body) and
    /// creates nothing; render turns the created case into the answer stored for repeats. With a mail receipt, the message
    /// is claimed in the same transaction: a message already taken gives Replayed (no response) and creates nothing.
    /// </summary>
    public Task<CreateOutcome> CreateAsync(NewCase n, IdempotencyClaim? claim = null,
        Func<CaseRecord, IReadOnlyList<DeadlineRecord>, StoredResponse>? render = null, CancellationToken ct = default,
        Inbox.MailReceipt? mail = null) =>
        _writer.RunAsync(async (turn, ct) =>
        {
            var (c, tx) = (turn.Connection, turn.Transaction);
            if (claim is not null)
            {
                // Also finds a key written earlier in the same group transaction: a retry that lands in the same batch
                // is answered as a repeat.
                var prior = await c.QuerySingleOrDefaultAsync<IdemRow>(new CommandDefinition(db[FindIdempotency],
                    new { userId = claim.UserId, key = claim.Key }, tx, cancellationToken: ct));
                if (prior is not null)
                    return prior.RequestHash.Trim() == claim.RequestHash
                        ? new CreateOutcome(CreateStatus.Replayed, null, new StoredResponse(prior.StatusCode, prior.Location, prior.ResponseBody))
                        : new CreateOutcome(CreateStatus.KeyReused, null, null);
            }

            var record = await InsertAsync(c, tx, db, n, ct, turn.Statements);
            if (mail is not null
                && !await Inbox.MailInStore.ClaimAsync(c, tx, db, mail, Inbox.MailOutcomes.Case, record.Id, null, null, n.CreatedAt, ct))
            {
                turn.Discard(); // another host took the message first: no case, no number consumed
                return new CreateOutcome(CreateStatus.Replayed, null, null);
            }

            StoredResponse? response = null;
            if (claim is not null)
            {
                response = render?.Invoke(record, n.Deadlines) ?? new StoredResponse(201, null, record.Number);
                await c.ExecuteAsync(new CommandDefinition(db[InsertIdempotency], new
                {
                    userId = claim.UserId, key = claim.Key, hash = claim.RequestHash, status = response.StatusCode, location = response.Location,
                    body = response.Body, at = Instants.Ms(n.CreatedAt),
                }, tx, cancellationToken: ct));
            }
            return new CreateOutcome(CreateStatus.Created, record, response);
        }, ct);

    /// <summary>
    /// One petition with several contents: every case, its attachments and "related" links between each pair, all in one
    /// transaction. Returns the cases in the order given.
    /// </summary>
    public Task<IReadOnlyList<CaseRecord>> CreateRelatedAsync(IReadOnlyList<NewCase> cases, string linkKind, CancellationToken ct = default) =>
        _writer.RunAsync<IReadOnlyList<CaseRecord>>(async (turn, ct) =>
        {
            var (c, tx) = (turn.Connection, turn.Transaction);
            var created = new List<CaseRecord>();
            foreach (var n in cases) created.Add(await InsertAsync(c, tx, db, n, ct, turn.Statements));
            for (var i = 0; i < created.Count; i++)
                for (var j = i + 1; j < created.Count; j++)
                    await c.ExecuteAsync(new CommandDefinition(db[Links.CaseLinkStore.Insert], new
                    {
                        caseId = created[i].Id, linkedId = created[j].Id, kind = linkKind, at = Instants.Ms(cases[i].CreatedAt), by = cases[i].Actor,
                    }, tx, cancellationToken: ct));
            return created;
        }, ct);

    /// <summary>Numbers and inserts a case (row, reporter, first event, deadlines, attachments) inside the caller's transaction.
    /// <paramref name="kept"/>: the intake writer's statements, prepared once for its connection; null: made for this call.</summary>
    internal static async Task<CaseRecord> InsertAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Database db,
        NewCase n, CancellationToken ct, IntakeStatements? kept = null)
    {
        using var made = kept is null ? new IntakeStatements(c, db) : null;
        var s = kept ?? made!;
        if (n is { RouteToDuty: true, AssigneeId: null, ConfidentialReporter: false }
            && await Roster.DutyRosterStore.AssignableOnDutyAsync(c, tx, db, n.LocalityCode, Core.Calendar.BusinessCalendar.LocalDate(n.CreatedAt), n.Team, ct) is { } duty)
            n = n with { AssigneeId = duty.Id, AssigneeLogin = duty.Login };
        var year = Core.Calendar.BusinessCalendar.LocalDate(n.CreatedAt).Year; // Vietnam time decides the year in the number
        var seq = Convert.ToInt64(await s.For(NextNumber, tx).Set("@prefix", n.Prefix).Set("@year", year).ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        var number = FormatNumber(n.Prefix, year, seq);
        var title = n.Title.Normalize(System.Text.NormalizationForm.FormC);
        var description = n.Description?.Normalize(System.Text.NormalizationForm.FormC);
        var place = n.Place?.Normalize(System.Text.NormalizationForm.FormC);
        var reporter = new Reporter(Nfc(n.Reporter.Name), Nfc(n.Reporter.Address), Nfc(n.Reporter.Phone), Nfc(n.Reporter.Email), n.Reporter.IdNumber);
        var inputs = n.Inputs.ToDictionary(kv => kv.Key.Normalize(System.Text.NormalizationForm.FormC), kv => kv.Value.Normalize(System.Text.NormalizationForm.FormC));
        var nextDue = DeadlineSchedule.NextDue(n.Deadlines);
        var register = await RegisterAsync(s, tx, n, year, ct);
        var channel = n.Channel.Name();

        var id = Convert.ToInt64(await s.For(InsertCase, tx).Set("@number", number).Set("@type", n.Type).Set("@team", n.Team)
            .Set("@workflowVersion", n.WorkflowVersion).Set("@state", n.State).Set("@title", title).Set("@description", description)
            .Set("@locality", n.LocalityCode).Set("@channel", channel).Set("@receivedAt", Instants.Ms(n.ReceivedAt))
            .Set("@createdAt", Instants.Ms(n.CreatedAt)).Set("@severity", n.Severity).Set("@place", place).Set("@assigneeId", n.AssigneeId)
            .Set("@isAssigned", n.AssigneeId is not null).Set("@confidential", n.ConfidentialReporter)
            .Set("@inputs", JsonSerializer.Serialize(inputs, CaseRows.Json)).Set("@nextDue", Instants.Ms(nextDue))
            .Set("@dueKey", Instants.Ms(nextDue) ?? Instants.NoDue)
            .Set("@search", CaseRows.SearchText(number, title, description, reporter, n.ConfidentialReporter, register))
            .Set("@registerBody", register is null ? null : n.RegisterBody).Set("@registerYear", register is null ? null : year)
            .Set("@registerNumber", register).ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);

        await s.For(InsertReporter, tx).Set("@caseId", id).Set("@name", reporter.Name).Set("@address", reporter.Address)
            .Set("@phone", reporter.Phone).Set("@email", reporter.Email).Set("@confidential", n.ConfidentialReporter)
            .Set("@idNumber", reporter.IdNumber).Set("@phoneKey", Core.Duplicates.MatchKeys.Phone(reporter.Phone))
            .Set("@emailKey", Core.Duplicates.MatchKeys.Email(reporter.Email)).Set("@nameKey", Core.Duplicates.MatchKeys.Name(reporter.Name))
            .ExecuteNonQueryAsync(ct);

        await AppendEventAsync(s, tx, id, n, "created",
            new Dictionary<string, string> { ["channel"] = channel, ["workflowVersion"] = n.WorkflowVersion.ToString(CultureInfo.InvariantCulture) }, n.State, ct);
        if (n.AssigneeId is not null)
            await AppendEventAsync(s, tx, id, n, "assigned", new Dictionary<string, string> { ["assignee"] = n.AssigneeLogin ?? "" }, null, ct);
        await DeadlineRows.InsertAsync(s, tx, id, n.Deadlines, ct);
        foreach (var a in n.Attachments)
        {
            var info = await AttachmentStore.InsertAsync(c, tx, db, id, a, n.CreatedAt, n.Actor, ct);
            await AppendEventAsync(s, tx, id, n, "attachment-added", new Dictionary<string, string> { ["file"] = info.FileName, ["sha256"] = info.Sha256 }, null, ct);
        }

        var record = new CaseRecord
        {
            Id = id, Number = number, Type = n.Type, WorkflowVersion = n.WorkflowVersion, State = n.State, Title = title,
            Description = description, LocalityCode = n.LocalityCode, Channel = n.Channel,
            ReceivedAt = Instants.At(Instants.Ms(n.ReceivedAt)), CreatedAt = Instants.At(Instants.Ms(n.CreatedAt)), Severity = n.Severity,
            Inputs = inputs, NextDueAt = Instants.At(Instants.Ms(nextDue)), RowVersion = 1,
            AssigneeId = n.AssigneeId, AssigneeLogin = n.AssigneeLogin, Place = place,
            RegisterNumber = register, RegisterYear = register is null ? null : year,
        };
        return record;
    }

    /// <summary>CaseRows.AppendEventAsync's row (at and actor from the new case) on the kept statements.</summary>
    private static Task<int> AppendEventAsync(IntakeStatements s, System.Data.Common.DbTransaction tx, long id, NewCase n, string kind,
        Dictionary<string, string> data, string? toState, CancellationToken ct) =>
        s.For(CaseRows.InsertEvent, tx).Set("@caseId", id).Set("@at", Instants.Ms(n.CreatedAt)).Set("@actor", n.Actor).Set("@kind", kind)
            .Set("@action", null).Set("@fromState", null).Set("@toState", toState).Set("@data", JsonSerializer.Serialize(data, CaseRows.Json))
            .ExecuteNonQueryAsync(ct);

    /// <summary>
    /// The case's số đến, taken in the intake transaction before the case row is written: the entered one (refused when the
    /// year's register holds it), or the next. Null when the case has no register.
    /// </summary>
    private static async Task<long?> RegisterAsync(IntakeStatements s, System.Data.Common.DbTransaction tx, NewCase n, int year, CancellationToken ct)
    {
        if (n.RegisterBody is not { } body) return null;
        if (n.RegisterNumber is not { } entered)
            return Convert.ToInt64(await s.For(NextRegister, tx).Set("@body", body).Set("@year", year).ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        var holder = await s.For(RegisterHolder, tx).Set("@body", body).Set("@year", year).Set("@number", entered).ExecuteScalarAsync(ct);
        if (holder is string taken) throw new RegisterNumberTakenException(entered, year, taken);
        await s.For(BumpRegister, tx).Set("@body", body).Set("@year", year).Set("@number", entered).ExecuteNonQueryAsync(ct);
        return entered;
    }

    private static string? Nfc(string? s) => s?.Normalize(System.Text.NormalizationForm.FormC);

    private sealed class IdemRow
    {
        public string RequestHash { get; set; } = "";
        public int StatusCode { get; set; }
        public string? Location { get; set; }
        public string ResponseBody { get; set; } = "";
    }
}
