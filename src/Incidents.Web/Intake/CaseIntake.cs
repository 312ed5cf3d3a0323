using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using Incidents.Storage.Attachments;
using Incidents.Storage.Inbox;
using Incidents.Storage.Intake;
using Incidents.Web.Access;
using Incidents.Web.Calendar;
using Incidents.Web.Deadlines;
using Incidents.Web.Handling;
using Incidents.Web.Hosting;

namespace Incidents.Web.Intake;

public enum IntakeStatus { Created, Invalid, Forbidden, CalendarNotCovered, Replayed, KeyReused }

/// <summary>A case as intake created it: the stored row, its deadlines, the reporter as received and the warnings that did not stop it.</summary>
public sealed record IntakeCase(CaseRecord Case, IReadOnlyList<DeadlineRecord> Deadlines, Reporter Reporter, bool Confidential,
    IReadOnlyList<CaseWarning> Warnings);

/// <summary>
/// An API request's Idempotency-Key, the hash of the body it came with, and the answer a repeat gets (written in the
/// transaction that creates the case).
/// </summary>
public sealed record IntakeKey(string Key, string RequestHash, Func<IntakeCase, StoredResponse> Answer);

/// <summary>
/// What an intake came to. Created: Cases in the order of the requests. Invalid, Forbidden, CalendarNotCovered: Problems by
/// field (the API's problem field names; codes with arguments, Errors has them "Vietnamese / English"), nothing written; Forbidden also has Message (English, the
/// API's detail), CalendarNotCovered the exception (its year). Answer: with a key, the answer stored for it (Created: the
/// one just written; Replayed: the first one, nothing created). KeyReused: the key came before with another body.
/// </summary>
public sealed record IntakeResult(IntakeStatus Status)
{
    public IReadOnlyList<IntakeCase> Cases { get; init; } = [];
    public IReadOnlyDictionary<string, IntakeProblem[]> Problems { get; init; } = new Dictionary<string, IntakeProblem[]>();
    public IReadOnlyDictionary<string, string[]> Errors => IntakeProblems.Messages(Problems);
    public string? Message { get; init; }
    public CalendarNotCoveredException? Calendar { get; init; }
    public StoredResponse? Answer { get; init; }

    public bool Ok => Status == IntakeStatus.Created;
    public IReadOnlyList<string> Numbers => [.. Cases.Select(c => c.Case.Number)];
    public IReadOnlyList<(string Number, CaseWarning Warning)> Warnings => [.. Cases.SelectMany(c => c.Warnings.Select(w => (c.Case.Number, w)))];
}

/// <summary>
/// Taking in cases, one code path for POST /api/v1/cases and the intake pages: the core's IntakeValidator, the configured
/// election day, who may take in which team's cases, one attachment check, the workflow's start, one transaction for the
/// cases, their letters and the "related" links between the contents of a mixed petition, and the near-term deadline steps
/// armed at once (a critical incident's first warning is minutes away; the minute sweep is only the net).
/// </summary>
public sealed class CaseIntake(WorkflowCatalog catalog, BusinessCalendars calendars, AdminUnitDirectory units, CaseStore store,
    DeadlineScheduler scheduler, ElectionDay election, IntakeWarnings warnings, Roster.RosterOptions roster, TimeProvider time,
    Documents.DocumentOptions documents)
{
    /// <summary>
    /// One case per request (a petition with several contents: several, linked as related); every request and file is
    /// checked before anything is written. <paramref name="key"/>: the API's Idempotency-Key, for a single request.
    /// <paramref name="mail"/>: the message a letter came in (a single request), claimed in the case's transaction; a
    /// message already taken gives Replayed (no answer) and creates nothing. <paramref name="kept"/>: files stored as they
    /// are, without the upload checks (the original .eml of a letter, which the system itself keeps as the record).
    /// </summary>
    public async Task<IntakeResult> TakeInAsync(IReadOnlyList<IntakeRequest> requests, IReadOnlyList<UploadedFile> files, Actor actor,
        IntakeKey? key = null, CancellationToken ct = default, MailReceipt? mail = null, IReadOnlyList<NewAttachment>? kept = null)
    {
        if (requests.Count == 0 || ((key is not null || mail is not null) && requests.Count != 1))
            throw new ArgumentException("One request or more; an Idempotency-Key or a mail goes with exactly one.", nameof(requests));

        var now = time.GetUtcNow();
        var unitValid = await units.ValidatorAsync(ct);
        var errors = new Dictionary<string, IntakeProblem[]>(StringComparer.Ordinal);
        var valid = new List<ValidIntake>();
        foreach (var r in requests)
        {
            var v = IntakeValidator.Validate(r, catalog, now, unitValid);
            foreach (var (k, problems) in v.Problems) errors.TryAdd(k, problems);
            // Candidate complaints: the committee's configured election day, never a date the sender chose.
            if (v.Value is { } ok) valid.Add(ok with { Inputs = election.Apply(ok.Definition, ok.Inputs) });
        }
        var (attachments, fileErrors) = AttachmentRules.Check(files);
        if (fileErrors.Length > 0) errors.TryAdd(AttachmentRules.Field, fileErrors);
        if (valid.FirstOrDefault(v => !Visibility.MayTakeIn(actor, v.Definition.Team)) is { } refused)
        {
            var (id, team) = (refused.Definition.Id, refused.Definition.Team);
            errors.TryAdd("type", [IntakeProblem.Of(IntakeProblem.TakenInByTeam, ("type", id), ("team", team))]);
            // A wrong field comes first (400); a right request of another team's type is refused (403).
            if (errors.Count == 1) return new(IntakeStatus.Forbidden) { Problems = errors, Message = $"Cases of type '{id}' are taken in by the {team} team." };
        }
        if (errors.Count > 0) return new(IntakeStatus.Invalid) { Problems = errors };

        List<CaseStart> starts;
        try { starts = [.. valid.Select(v => calendars.Runtime.Start(v.Definition, new CaseFacts(v.ReceivedAt, v.Severity, v.Inputs), now))]; }
        catch (CalendarNotCoveredException e)
        {
            return new(IntakeStatus.CalendarNotCovered) { Calendar = e, Problems = new Dictionary<string, IntakeProblem[]> { ["receivedAt"] = [CalendarProblems.Problem(e)] } };
        }

        // One petition, one person: if any content is a denunciation, the identity is confidential on every linked case,
        // or the sibling complaint would show the denouncer's name.
        var confidential = valid.Any(v => v.Definition.ConfidentialReporter);
        // The officer who logs an incident holds it from the start.
        var newCases = valid.Select((v, i) => NewCases.From(v, starts[i], now, actor.Login, confidential, [.. kept ?? [], .. attachments],
            Visibility.TakesOwnIncident(actor, v.Definition.Team, confidential) ? (actor.Id, actor.Login) : null,
            // Số đến: one letter, one line in the receiving body's register (the body that issues the documents); the
            // other contents of a mixed petition are linked to the first, which holds the number.
            registerBody: i == 0 ? documents.Symbol : null)
            with { RouteToDuty = roster.AssignOnDuty }).ToList();
        IntakeCase Created(CaseRecord c, int i) => new(c, starts[i].Deadlines, valid[i].Reporter, confidential, warnings.For(c));

        try { return await StoreAsync(newCases, starts, key, mail, actor, Created, ct); }
        catch (RegisterNumberTakenException e)
        {
            return new(IntakeStatus.Invalid)
            {
                Problems = new Dictionary<string, IntakeProblem[]>
                {
                    ["registerNumber"] = [IntakeProblem.Of(IntakeProblem.RegisterNumberTaken, ("number", e.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        ("year", e.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("case", e.CaseNumber))],
                },
            };
        }
    }

    private async Task<IntakeResult> StoreAsync(List<NewCase> newCases, List<CaseStart> starts, IntakeKey? key, MailReceipt? mail, Actor actor,
        Func<CaseRecord, int, IntakeCase> made, CancellationToken ct)
    {
        IReadOnlyList<CaseRecord> created;
        StoredResponse? answer = null;
        if (mail is not null)
        {
            var outcome = await store.CreateAsync(newCases[0], ct: ct, mail: mail);
            if (outcome.Status == CreateStatus.Replayed) return new(IntakeStatus.Replayed);
            created = [outcome.Case!];
        }
        else if (key is null) created = await store.CreateRelatedAsync(newCases, Storage.Handling.CaseUpdateStore.RelatedKind, ct);
        else
        {
            var outcome = await store.CreateAsync(newCases[0], new IdempotencyClaim(actor.Id, key.Key, key.RequestHash),
                (c, _) => key.Answer(made(c, 0)), ct);
            if (outcome.Status == CreateStatus.Replayed) return new(IntakeStatus.Replayed) { Answer = outcome.Response };
            if (outcome.Status == CreateStatus.KeyReused) return new(IntakeStatus.KeyReused);
            created = [outcome.Case!];
            answer = outcome.Response;
        }
        // After the commit: jobs for the steps due within the horizon now, the sweep takes the later ones.
        for (var i = 0; i < created.Count; i++) scheduler.Arm(created[i].Id, starts[i].Deadlines);
        return new(IntakeStatus.Created) { Cases = [.. created.Select(made)], Answer = answer };
    }
}

public static class IntakeSetup
{
    public static WebApplicationBuilder AddIncidentsIntake(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CaseIntake>();
        builder.Services.AddSingleton<IntakeWarnings>();
        return builder;
    }
}
