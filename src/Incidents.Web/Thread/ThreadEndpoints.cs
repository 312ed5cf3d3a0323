using Incidents.Core.Thread;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Incidents.Web.Intake;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Incidents.Web.Thread;

/// <summary>/api/v1/cases/{number}/notes, /correspondence and /attachments: the case's thread over HTTP (CaseThread).</summary>
public static class ThreadEndpoints
{
    private const long MaxUpload = AttachmentRules.MaxBytes * AttachmentRules.MaxFiles + 1024 * 1024;

    private const string Confidential = "On a case whose reporter is confidential, correspondence (its other side, subject, text and " +
        "document) is the reporter's identity: it is shown only to the identity's custodians (Incidents:Access:IdentityCustodians; by default " +
        "leadership and the assigned handler), and only when they give ?reason= (at most 500 characters), each such view written to the case " +
        "history with its reason, as GET /cases/{number} does for the reporter. Otherwise the entry comes with withheld: true and its file is left out.";

    public static RouteGroupBuilder MapThread(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/{number}/notes", NotesAsync)
            .WithName("ListCaseNotes").WithTags("Thread")
            .WithSummary("The case's internal notes, newest first")
            .WithDescription("Notes and corrections. A note is never changed: a correction is a new note whose refersTo names it, and the " +
                "corrected note lists its corrections in correctedBy.")
            .RequireAuthorization(Policies.Reader);

        api.MapPost("/cases/{number}/notes", AddNoteAsync)
            .WithName("AddCaseNote").WithTags("Thread")
            .WithSummary("Add a note, or correct one")
            .WithDescription($"Body {{body, refersTo?}}. body: 1 to {ThreadRules.MaxBody} characters; it may name colleagues as @login: each must be an " +
                "active user who may see the case (else 400, and nothing is stored); each gets a line in their mentions list and, with an email " +
                "address, one email (a link to the case, never the note's text). refersTo: the id of a note of this case, for a correction. " +
                "The note, its history line, its mentions and their emails are written in one transaction.")
            .Accepts<NoteRequest>("application/json")
            .RequireAuthorization(Policies.Triage);

        api.MapGet("/cases/{number}/correspondence", CorrespondenceAsync)
            .WithName("ListCaseCorrespondence").WithTags("Thread")
            .WithSummary("The case's correspondence, newest first")
            .WithDescription("Mail in and out, notices sent, and calls and letters logged by hand. " + Confidential)
            .RequireAuthorization(Policies.Reader);

        api.MapPost("/cases/{number}/correspondence", LogAsync)
            .WithName("LogCaseCorrespondence").WithTags("Thread")
            .WithSummary("Log a call or a paper letter")
            .WithDescription("Body {kind: call|letter, direction: in|out, occurredAt, counterpart, subject?, summary}. occurredAt is an ISO 8601 " +
                "instant (without an offset it is Vietnam time), not in the future and not before the case was received. 400 names each field " +
                "that is wrong; nothing is stored then.")
            .Accepts<CorrespondenceRequest>("application/json")
            .RequireAuthorization(Policies.Triage);

        api.MapGet("/cases/{number}/attachments", FilesAsync)
            .WithName("ListCaseAttachments").WithTags("Thread")
            .WithSummary("The case's files: name, type, size, SHA-256, who added them and when")
            .WithDescription("Files taken in with the case and added since. " + Confidential)
            .RequireAuthorization(Policies.Reader);

        api.MapPost("/cases/{number}/attachments", AttachAsync)
            .WithName("AddCaseAttachments").WithTags("Thread")
            .WithSummary("Add files to a case")
            .WithDescription($"multipart/form-data: one or more parts named 'attachments' (PDF, JPEG or PNG, at most {AttachmentRules.MaxMegabytes} MB " +
                $"each, at most {AttachmentRules.MaxFiles}), and an optional 'note' saying what they are. The type is read from the file's first " +
                "bytes and must match its name (a .pdf that is a PNG is refused). One thread entry per file, with the uploader and the SHA-256; " +
                "any refused file stores none of them (400).")
            .AddOpenApiOperationTransformer((op, _, _) =>
            {
                // Not Accepts<>: its content-type match answers 415 before authorization, telling strangers the route exists.
                op.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new Microsoft.OpenApi.OpenApiSchema
                            {
                                Type = Microsoft.OpenApi.JsonSchemaType.Object,
                                Properties = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>
                                {
                                    [AttachmentRules.Field] = new Microsoft.OpenApi.OpenApiSchema
                                    {
                                        Type = Microsoft.OpenApi.JsonSchemaType.Array,
                                        Items = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary" },
                                    },
                                    ["note"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                                },
                            },
                        },
                    },
                };
                return Task.CompletedTask;
            })
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithMetadata(new RequestSizeLimitAttribute(MaxUpload), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxUpload })
            .RequireAuthorization(Policies.Triage);

        api.MapGet("/cases/{number}/attachments/{file:long}", DownloadAsync)
            .WithName("GetCaseAttachment").WithTags("Thread")
            .WithSummary("Download one file of the case")
            .WithDescription("The bytes with their content type (X-Content-Type-Options: nosniff). A withheld file (a confidential reporter's " +
                "correspondence, without a custodian's ?reason=) answers 404.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .RequireAuthorization(Policies.Reader);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<EntryView>>, NotFoundProblem>> NotesAsync(string number, HttpContext http, CaseThread thread,
        CancellationToken ct) =>
        await thread.ReadAsync(number, http.User.ToActor(), ThreadFilter.Notes, ct: ct) is { } r ? TypedResults.Ok(r.Entries) : Problems.CaseNotFound(number);

    private static async Task<Results<Ok<IReadOnlyList<EntryView>>, NotFoundProblem, ValidationProblem>> CorrespondenceAsync(string number,
        HttpContext http, CaseThread thread, CancellationToken ct, string? reason = null)
    {
        if (reason is { Length: > Reporters.MaxReasonLength }) return ReasonTooLong();
        return await thread.ReadAsync(number, http.User.ToActor(), ThreadFilter.Correspondence, reason, ct) is { } r
            ? TypedResults.Ok(r.Entries) : Problems.CaseNotFound(number);
    }

    private static async Task<Results<Ok<IReadOnlyList<FileView>>, NotFoundProblem, ValidationProblem>> FilesAsync(string number, HttpContext http,
        CaseThread thread, CancellationToken ct, string? reason = null)
    {
        if (reason is { Length: > Reporters.MaxReasonLength }) return ReasonTooLong();
        return await thread.FilesAsync(number, http.User.ToActor(), reason, ct) is { } r ? TypedResults.Ok(r.Files) : Problems.CaseNotFound(number);
    }

    private static ValidationProblem ReasonTooLong() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"reason is longer than {Reporters.MaxReasonLength} characters."] });

    private static async Task<Results<Created<EntryView>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> AddNoteAsync(string number,
        NoteRequest? body, HttpContext http, CaseThread thread, CancellationToken ct)
    {
        var r = await thread.AddNoteAsync(number, http.User.ToActor(), body?.Body, body?.RefersTo, ct);
        return Answer(number, r);
    }

    private static async Task<Results<Created<EntryView>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> LogAsync(string number,
        CorrespondenceRequest? body, HttpContext http, CaseThread thread, CancellationToken ct)
    {
        var r = await thread.LogAsync(number, http.User.ToActor(),
            new LoggedContact(body?.Kind, body?.Direction, body?.OccurredAt, body?.Counterpart, body?.Subject, body?.Summary), ct);
        return Answer(number, r);
    }

    private static async Task<Results<Created<IReadOnlyList<EntryView>>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> AttachAsync(
        string number, HttpContext http, CaseThread thread, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        // The case first: a reader who may not see it learns nothing, whatever they send.
        if (await thread.ReadAsync(number, actor, ThreadFilter.Attachments, ct: ct) is not { } read) return Problems.CaseNotFound(number);
        if (!read.MayWrite) return Forbidden();
        if (!http.Request.HasFormContentType)
            return TypedResults.Problem(statusCode: 415, title: "Unsupported media type", detail: "Send the files as multipart/form-data, in parts named 'attachments'.");
        IFormCollection form;
        // A form body that does not decode (a NUL in a field, a broken part) is bad input, not a fault of ours.
        try { form = await http.Request.ReadFormAsync(ct); }
        catch (InvalidDataException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [AttachmentRules.Field] = ["nội dung biểu mẫu không đọc được / the form data cannot be read"] });
        }
        var files = new List<UploadedFile>();
        foreach (var f in form.Files.Where(f => f.Name == AttachmentRules.Field))
        {
            using var ms = new MemoryStream();
            await f.CopyToAsync(ms, ct);
            files.Add(new UploadedFile(f.FileName, ms.ToArray()));
        }
        var r = await thread.AttachAsync(number, actor, files, form["note"].ToString(), ct);
        return r.Status switch
        {
            ThreadStatus.Done => TypedResults.Created($"/api/v1/cases/{Uri.EscapeDataString(number)}/attachments", r.Entries!),
            ThreadStatus.Invalid => TypedResults.ValidationProblem(r.Errors()),
            ThreadStatus.Forbidden => Forbidden(),
            _ => Problems.CaseNotFound(number),
        };
    }

    private static async Task<Results<FileContentHttpResult, NotFoundProblem, ValidationProblem>> DownloadAsync(string number, long file,
        HttpContext http, CaseThread thread, CancellationToken ct, string? reason = null)
    {
        if (reason is { Length: > Reporters.MaxReasonLength }) return ReasonTooLong();
        if (await thread.FileAsync(number, http.User.ToActor(), file, reason, ct) is not { } f)
            return new NotFoundProblem(new ProblemDetails
            {
                Status = 404, Type = ProblemTypes.NotFound, Title = "File not found", Detail = $"Case {number} has no file {file} you may open.",
            });
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(f.Content, f.File.ContentType, f.File.FileName);
    }

    private static Results<Created<EntryView>, ValidationProblem, NotFoundProblem, ProblemHttpResult> Answer(string number, ThreadResult r) => r.Status switch
    {
        ThreadStatus.Done => TypedResults.Created($"/api/v1/cases/{Uri.EscapeDataString(number)}/{(EntryKinds.IsNote(r.Entries![0].Kind) ? "notes" : "correspondence")}",
            r.Entries[0]),
        ThreadStatus.Invalid => TypedResults.ValidationProblem(r.Errors()),
        ThreadStatus.Forbidden => Forbidden(),
        _ => Problems.CaseNotFound(number),
    };

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: "You may read this case but not write to it.");
}
