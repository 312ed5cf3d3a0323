using Incidents.Core.Documents;
using Incidents.Storage.Documents;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Web.Hosting;

namespace Incidents.Web.Documents;

/// <summary>Reads the templates once the workflow versions are loaded (it is registered after StartupPreparation), and
/// refuses to start while a template or offers.txt has a problem, naming each file and line.</summary>
public sealed class DocumentStartup(DocumentLibrary library, ILogger<DocumentStartup> log) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken ct)
    {
        var templates = library.Reload();
        if (!templates.IsValid)
            throw new StartupRefusedException($"The document templates in {templates.Directory} are invalid:{Environment.NewLine}" +
                string.Join(Environment.NewLine, templates.Errors.Select(e => "  " + e)));
        log.LogInformation("Document templates loaded from {Directory}: {Count}", templates.Directory, templates.All.Count());
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A document the case's decisions issued, as the API lists it. Signed: when each signed scan was uploaded.</summary>
public sealed record DocumentView(string Kind, Core.Workflows.LocalizedText Name, long Event, string Action, DateTimeOffset DecidedAt,
    bool NamesDenouncer, bool ToReporter, DateTimeOffset? EmailedAt, IReadOnlyList<DateTimeOffset> Signed)
{
    public static DocumentView From(OfferedDocument o) => new(o.Kind.Id, o.Kind.Name, o.EventId, o.Action, o.DecidedAt, o.CarriesIdentity, o.ToReporter,
        o.Emailed?.At, [.. o.Signed.Select(s => s.At)]);
}

public static class DocumentSetup
{
    public static WebApplicationBuilder AddIncidentsDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DocumentOptions>(DocumentOptions.Section, o => o.Problems());
        builder.Services.AddSingleton<DocumentLibrary>();
        builder.Services.AddSingleton<CaseDocumentStore>();
        builder.Services.AddSingleton<CaseDocuments>();
        builder.Services.AddHostedService<DocumentStartup>();
        return builder;
    }

    public static RouteGroupBuilder MapDocuments(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{number}/documents", ListAsync)
            .WithName("ListCaseDocuments").WithTags("Documents")
            .WithSummary("The notices and decisions the case's decisions issued")
            .WithDescription("Latest decision first: each document's kind and vi/en name, the decision's history line (event, for ?event= on the " +
                "document), its action and time, whether it names a confidential denouncer (only custodians open it, with a reason) and whether it " +
                "goes to the reporter (then it may be emailed once), when it was emailed and the signed scans uploaded.")
            .Produces<IReadOnlyList<DocumentView>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.Reader);

        api.MapGet("/cases/{number}/documents/{kind}", GetAsync)
            .WithName("GetCaseDocument").WithTags("Documents")
            .WithSummary("A notice or decision of the case, as DOCX")
            .WithDescription("kind: " + string.Join(", ", DocumentKinds.All.Select(k => $"{k.Id} ({k.Name.En})")) + ". " +
                "The document for the case's latest decision that issues it (workflows/documents/offers.txt), or for the decision whose " +
                "history line is ?event=; filled from the case and the action's inputs in the Decree 30/2020/NĐ-CP layout; ?lang=vi (default) or en. " +
                "The acceptance notice to a denouncer (denunciation-acceptance) carries the denouncer's identity: only its custodians get it, " +
                $"with ?reason= (at most {Reporters.MaxReasonLength} characters), written to the case history; every other document of such a case " +
                "says 'the denouncer'. 400: unknown kind or language, a bad event, no reason; 404: unknown case; 409: no decision issues this document yet.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), CaseDocuments.DocxType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Policies.Reader);
        return api;
    }

    private static async Task<IResult> ListAsync(string number, HttpContext http, CaseDocuments documents, CancellationToken ct) =>
        await documents.OfferedAsync(number, http.User.ToActor(), ct) is { } offered
            ? TypedResults.Ok(offered.Select(DocumentView.From).ToList())
            : Problems.CaseNotFound(number);

    private static async Task<IResult> GetAsync(string number, string kind, HttpContext http, CaseDocuments documents, CancellationToken ct,
        string? lang = null, string? reason = null, string? @event = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (lang is not null and not ("vi" or "en")) errors["lang"] = ["Ngôn ngữ phải là vi hoặc en. / lang must be vi or en."];
        if (reason is { Length: > Reporters.MaxReasonLength })
            errors["reason"] = [$"Lý do dài quá {Reporters.MaxReasonLength} ký tự. / reason is longer than {Reporters.MaxReasonLength} characters."];
        long? eventId = null;
        if (@event is not null)
        {
            if (long.TryParse(@event, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)) eventId = id;
            else errors["event"] = ["Phải là số dòng lịch sử của quyết định. / event must be the decision's history line id (a number)."];
        }
        if (DocumentKinds.Find(kind) is null)
            errors["kind"] = [$"Không phải loại văn bản. / Not a document kind; known: {string.Join(", ", DocumentKinds.All.Select(k => k.Id))}."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var r = await documents.IssueAsync(number, kind, lang ?? "vi", http.User.ToActor(), reason, eventId, "api", ct);
        return r.Status switch
        {
            DocumentStatus.Done => TypedResults.File(r.Docx!, CaseDocuments.DocxType, r.FileName),
            DocumentStatus.NotFound => Problems.CaseNotFound(number),
            DocumentStatus.ReasonRequired => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [r.Message] }),
            DocumentStatus.Forbidden => TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: r.Message),
            _ => TypedResults.Problem(statusCode: 409, type: ProblemTypes.NotPermitted, title: "Not issued", detail: r.Message),
        };
    }
}
