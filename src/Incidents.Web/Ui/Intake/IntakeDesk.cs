using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using Incidents.Storage.Attachments;
using Incidents.Storage.Intake;
using Incidents.Web.Access;
using Incidents.Web.Calendar;
using Incidents.Web.Deadlines;
using Incidents.Web.Hosting;
using Incidents.Web.Intake;

namespace Incidents.Web.Ui.Intake;

/// <summary>A file as uploaded, already read into memory (size-checked by the page).</summary>
public sealed record UploadedFile(string FileName, byte[] Content);

/// <summary>
/// Either the numbers of the cases created, or the errors by field (the same names as the API's problem fields). Warnings:
/// per created case, what does not stop it (a filing limit passed, no election day configured).
/// </summary>
public sealed record IntakeResult(IReadOnlyList<string> Numbers, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Ok => Errors.Count == 0;
    public IReadOnlyList<(string Number, CaseWarning Warning)> Warnings { get; init; } = [];
}

/// <summary>
/// Intake from the pages. Validation is the core's IntakeValidator, the same path as POST /api/v1/cases; a mixed petition
/// (several contents) creates one case per content and links them as related. Every request is validated, attachments
/// included, before anything is written; then the cases, their attachments and links are written in one transaction.
/// </summary>
public sealed class IntakeDesk(WorkflowCatalog catalog, BusinessCalendars calendars, AdminUnitDirectory units, CaseStore store,
    DeadlineScheduler scheduler, Incidents.Web.Handling.ElectionDay election, IntakeWarnings warnings, TimeProvider time)
{
    public async Task<IntakeResult> TakeInAsync(IReadOnlyList<IntakeRequest> requests, IReadOnlyList<UploadedFile> files, Actor actor,
        CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var unitValid = await units.ValidatorAsync(ct);
        var valid = new List<ValidIntake>();
        foreach (var r in requests)
        {
            var v = IntakeValidator.Validate(r, catalog, now, unitValid);
            foreach (var (k, msgs) in v.Errors) errors.TryAdd(k, msgs);
            if (v.Value is { } validated)
            {
                var ok = validated with { Inputs = election.Apply(validated.Definition, validated.Inputs) }; // as the API does
                if (!Visibility.MayTakeIn(actor, ok.Definition.Team))
                    errors.TryAdd("type", [IntakeValidator.Bilingual($"Loại hồ sơ '{ok.Definition.Id}' do đội {ok.Definition.Team} tiếp nhận.",
                        $"Cases of type '{ok.Definition.Id}' are taken in by the {ok.Definition.Team} team.")]);
                valid.Add(ok);
            }
        }
        var typed = new List<(UploadedFile File, string ContentType)>();
        foreach (var f in files)
        {
            if (f.Content.Length > AttachmentRules.MaxBytes) errors.TryAdd("attachments", [IntakeValidator.Bilingual($"'{f.FileName}' lớn hơn {AttachmentRules.MaxMegabytes} MB.",
                $"'{f.FileName}' is larger than {AttachmentRules.MaxMegabytes} MB.")]);
            else if (AttachmentRules.ContentType(f.Content) is { } type) typed.Add((f, type));
            else errors.TryAdd("attachments", [IntakeValidator.Bilingual($"'{f.FileName}' không phải tệp PDF, JPEG hay PNG.",
                $"'{f.FileName}' is not a PDF, JPEG or PNG file.")]);
        }
        if (errors.Count > 0) return new([], errors);

        // One petition, one person: if any content is a denunciation, the identity is confidential on every linked case,
        // or the sibling complaint would show the denouncer's name.
        var confidential = valid.Any(v => v.Definition.ConfidentialReporter);
        var letters = typed.Select(t => new NewAttachment(Path.GetFileName(t.File.FileName), t.ContentType, t.File.Content)).ToList();
        List<CaseStart> starts;
        try { starts = valid.Select(v => calendars.Runtime.Start(v.Definition, new CaseFacts(v.ReceivedAt, v.Severity, v.Inputs), now)).ToList(); }
        catch (Core.Calendar.CalendarNotCoveredException e)
        {
            return new([], new Dictionary<string, string[]> { ["receivedAt"] = [CalendarProblems.Message(e)] });
        }
        // Every case with its letters, and the "related" links between them, in one transaction: all or nothing.
        var created = await store.CreateRelatedAsync(
            [.. valid.Select((v, i) => NewCases.From(v, starts[i], now, actor.Login, confidential, letters))],
            Storage.Handling.CaseUpdateStore.RelatedKind, ct);
        for (var i = 0; i < created.Count; i++) scheduler.Arm(created[i].Id, starts[i].Deadlines);
        var numbers = created.Select(c => c.Number).ToList();
        return new(numbers, new Dictionary<string, string[]>())
        {
            Warnings = [.. created.SelectMany(c => warnings.For(c).Select(w => (c.Number, w)))],
        };
    }
}
