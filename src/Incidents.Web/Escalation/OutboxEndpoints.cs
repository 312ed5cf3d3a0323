using Incidents.Mail.Outbox;
using Incidents.Storage.Outbox;
using Incidents.Web.Access;

namespace Incidents.Web.Escalation;

/// <summary>One outbox row as operators see it: delivery state, attempts and the last error; never the body.</summary>
public sealed record OutboxItem(long Id, string MessageId, string Kind, long? CaseId, IReadOnlyList<string> Recipients, string Subject,
    string State, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SentAt)
{
    public static OutboxItem From(OutboxEntry e) => new(e.Id, e.MessageId, OutboxWords.Of(e.Kind), e.CaseId, e.Recipients, e.Subject,
        OutboxWords.Of(e.State), e.Attempts, e.NextAttemptAt, e.LastError, e.CreatedAt, e.SentAt);
}

public sealed record OutboxList(IReadOnlyList<OutboxItem> Items, int Total, int Offset, int Limit);

/// <summary>GET /api/v1/outbox and POST /api/v1/outbox/{id}/retry, for administrators.</summary>
public static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/v1/outbox").RequireAuthorization(Policies.Admin);
        g.MapGet("", ListAsync).WithTags("Outbox")
            .WithSummary("Outgoing mail, newest first: state, attempts and the last error (administrators)")
            .WithDescription("Filters: state (pending, sending, sent, dead), caseId; paging: offset (from 0), limit (1-500, default 50).")
            .Produces<OutboxList>().ProducesValidationProblem();
        g.MapPost("/{id:long}/retry", RetryAsync).WithTags("Outbox")
            .WithSummary("Makes a dead or waiting message due now (administrators)")
            .Produces<OutboxItem>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return routes;
    }

    private static async Task<IResult> ListAsync(OutboxStore store, string? state, long? caseId, int? offset, int? limit, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        OutboxState? s = null;
        if (!string.IsNullOrEmpty(state))
        {
            try { s = OutboxWords.ParseState(state); }
            catch (FormatException) { errors["state"] = ["must be one of pending, sending, sent, dead"]; }
        }
        if (offset is < 0) errors["offset"] = ["must be 0 or more"];
        if (limit is < 1 or > 500) errors["limit"] = ["must be between 1 and 500"];
        if (errors.Count > 0) return Results.ValidationProblem(errors);
        var page = await store.ListAsync(s, caseId, offset ?? 0, limit ?? 50, ct);
        return Results.Ok(new OutboxList(page.Items.Select(OutboxItem.From).ToList(), page.Total, page.Offset, page.Limit));
    }

    /// <summary>A dead or waiting row becomes due now; 409 for a row that is sent or being sent.</summary>
    private static async Task<IResult> RetryAsync(long id, OutboxStore store, OutboxPump pump, TimeProvider time, CancellationToken ct)
    {
        var row = await store.GetAsync(id, ct);
        if (row is null) return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such outbox message.");
        if (!await store.RetryAsync(id, time.GetUtcNow(), ct))
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The message is {OutboxWords.Of(row.State)}; only pending or dead messages can be retried.");
        pump.Nudge();
        return Results.Ok(OutboxItem.From((await store.GetAsync(id, ct))!));
    }
}
