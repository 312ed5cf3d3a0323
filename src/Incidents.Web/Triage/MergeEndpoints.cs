using System.ComponentModel;
using Incidents.Core.Cases;
using Incidents.Core.Duplicates;
using Incidents.Web.Access;
using Incidents.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Incidents.Web.Triage;

public sealed record MergeRequest(
    [property: Description("The primary's case number.")] string? Primary,
    [property: Description("Why the case repeats the primary; written to both histories. Required, at most 500 characters.")] string? Reason);

public sealed record UnmergeRequest([property: Description("Optional, written to both histories.")] string? Reason);

public sealed record MergeView(string Number, string? MergedInto);

public sealed record ReasonView(string Code, string Message);

public sealed record DuplicateView(string Number, string Title, IReadOnlyList<ReasonView> Reasons);

/// <summary>GET /cases/duplicates, GET /cases/{number}/duplicates, POST /cases/{number}/merge and /unmerge.</summary>
public static class MergeEndpoints
{
    /// <summary>409: the case is closed or merged, a primary of others, or the primary is itself merged.</summary>
    public const string MergeRefused = "https://incidents.local/problems/merge-refused";

    public static RouteGroupBuilder MapMerging(this RouteGroupBuilder api)
    {
        api.MapGet("/cases/duplicates", ProbeAsync)
            .WithName("FindDuplicates").WithTags("Duplicates")
            .WithSummary("Candidate duplicates of a letter being taken in")
            .WithDescription("Matched on the reporter's phone (any form: +84, spaces), email, ID-card number (idNumber), the name in the same " +
                "locality, and the title's words (diacritics-insensitive, Vietnamese function syllables left out). At most " +
                $"{DuplicateScoring.MaxShown}, best first, each with its reasons (code and words). A reason based on an identity is given only " +
                "when the caller may see that identity on the other case; a case found only through an identity the caller may not see is not listed.")
            .RequireAuthorization(Policies.Triage);

        api.MapGet("/cases/{number}/duplicates", ForCaseAsync)
            .WithName("CaseDuplicates").WithTags("Duplicates")
            .WithSummary("Candidate duplicates of a case")
            .WithDescription("As /cases/duplicates, for a stored case; its own identity counts only for a caller who may see it.")
            .RequireAuthorization(Policies.Triage);

        api.MapPost("/cases/{number}/merge", MergeAsync)
            .WithName("MergeCase").WithTags("Duplicates")
            .WithSummary("Merge a duplicate into its primary")
            .WithDescription("Body {primary, reason}. The case closes with a reference to the primary, its pending deadline steps stop, and its " +
                "thread, letters and history show on the primary; GET of its number answers 302 to the primary. A case whose reporter is " +
                "confidential merges only into another such case, by a custodian of both (403). 409: closed, already merged, a primary of others, " +
                "or the primary itself merged.")
            .Accepts<MergeRequest>("application/json")
            .RequireAuthorization(Policies.Triage);

        api.MapPost("/cases/{number}/unmerge", UnmergeAsync)
            .WithName("UnmergeCase").WithTags("Duplicates")
            .WithSummary("Undo a merge (leadership)")
            .WithDescription("Body {reason} (optional). The duplicate reopens with its deadlines as they were; both histories record it.")
            .Accepts<UnmergeRequest>("application/json")
            .RequireAuthorization(Policies.Leadership);
        return api;
    }

    private static async Task<Results<Ok<IReadOnlyList<DuplicateView>>, ValidationProblem>> ProbeAsync(HttpContext http, CaseMerging merging,
        CancellationToken ct, string? phone = null, string? email = null, string? idNumber = null, string? name = null, string? locality = null,
        string? title = null, string? description = null)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, value, max) in new[] { ("phone", phone, 40), ("email", email, 320), ("idNumber", idNumber, 20), ("name", name, 200),
            ("locality", locality, 20), ("title", title, 500), ("description", description, 20_000) })
        {
            if (value is { } v && v.Length > max) errors[field] = [$"{field} is longer than {max} characters."];
            else if (PlainText.Check(value, longText: field == "description") is { } f) errors[field] = [PlainText.Message(f, new(field, field))];
        }
        var (id, valid) = IdNumber.Parse(idNumber);
        if (!valid) errors.TryAdd("idNumber", ["Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số). / The ID-card number has 12 digits (an old CMND: 9)."]);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var probe = DuplicateProbe.Of(new Reporter(CaseText.Clean(name), null, phone, email, id), CaseText.Clean(locality), CaseText.Clean(title),
            CaseText.Clean(description));
        return TypedResults.Ok(Views(await merging.ForIntakeAsync(probe, http.User.ToActor(), ct)));
    }

    private static async Task<Results<Ok<IReadOnlyList<DuplicateView>>, NotFoundProblem>> ForCaseAsync(string number, HttpContext http,
        CaseAssignment assignment, CaseMerging merging, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        if (await assignment.ReadAsync(number, actor, ct) is not { } d) return Problems.CaseNotFound(number);
        return TypedResults.Ok(Views(await merging.ForCaseAsync(d, actor, ct)));
    }

    private static IReadOnlyList<DuplicateView> Views(IReadOnlyList<DuplicateOffer> offers) => [.. offers.Select(o => new DuplicateView(o.Number, o.Title,
        [.. o.Reasons.Select(r => new ReasonView(DuplicateScoring.Code(r), $"{DuplicateScoring.Words(r).Vi} / {DuplicateScoring.Words(r).En}"))]))];

    private static async Task<Results<Ok<MergeView>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> MergeAsync(string number, MergeRequest? body,
        HttpContext http, CaseMerging merging, CancellationToken ct)
    {
        var outcome = await merging.MergeAsync(number, body?.Primary, body?.Reason, http.User.ToActor(), ct);
        return outcome == MergeOutcome.Done ? TypedResults.Ok(new MergeView(number, body!.Primary!.Trim().ToUpperInvariant())) : Refusal(number, outcome);
    }

    private static async Task<Results<Ok<MergeView>, ValidationProblem, NotFoundProblem, ProblemHttpResult>> UnmergeAsync(string number, UnmergeRequest? body,
        HttpContext http, CaseMerging merging, CancellationToken ct)
    {
        var outcome = await merging.UnmergeAsync(number, body?.Reason, http.User.ToActor(), ct);
        return outcome == MergeOutcome.Done ? TypedResults.Ok(new MergeView(number, null)) : Refusal(number, outcome);
    }

    private static Results<Ok<MergeView>, ValidationProblem, NotFoundProblem, ProblemHttpResult> Refusal(string number, MergeOutcome o)
    {
        var words = CaseMerging.Words(o);
        var message = $"{words.Vi} / {words.En}";
        return o switch
        {
            MergeOutcome.NotFound => Problems.CaseNotFound(number),
            MergeOutcome.ReasonInvalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [message] }),
            MergeOutcome.UnknownPrimary or MergeOutcome.Self => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["primary"] = [message] }),
            MergeOutcome.Forbidden or MergeOutcome.Confidential or MergeOutcome.LeadershipOnly =>
                TypedResults.Problem(statusCode: 403, type: ProblemTypes.Forbidden, title: "Forbidden", detail: message),
            _ => TypedResults.Problem(statusCode: 409, type: MergeRefused, title: "The merge is refused", detail: message),
        };
    }
}
