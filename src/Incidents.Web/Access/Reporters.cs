using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Storage.Cases;
using Incidents.Storage.Triage;

namespace Incidents.Web.Access;

/// <summary>Reading a case's reporter, for the API and the pages alike.</summary>
public static class Reporters
{
    /// <summary>
    /// The reporter; reading a confidential one writes "identity-viewed" (actor, via, reason) to the case history. Callers
    /// decide first, with Visibility.SeesConfidentialIdentity, whether this reader may see it at all.
    /// </summary>
    public static async Task<Reporter?> ReadAsync(CaseDetail d, Actor actor, string via, string? reason, CaseQueries queries, CaseEventStore events,
        DateTimeOffset now, CancellationToken ct)
    {
        var reporter = await queries.GetReporterAsync(d.Case.Id, ct);
        if (d.ConfidentialReporter)
        {
            var data = new Dictionary<string, string> { ["via"] = via };
            if (!string.IsNullOrWhiteSpace(reason)) data["reason"] = reason.Trim();
            await events.AppendAsync(d.Case.Id, new NewCaseEvent(now, actor.Login, "identity-viewed", Data: data), ct);
        }
        return reporter;
    }

    /// <summary>The longest reason a reveal may give.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>The reason as a message names it; it is written to the history, so it is under the one text rule.</summary>
    public static readonly Core.Workflows.LocalizedText ReasonWords = new("Lý do xem danh tính", "The reason for the view");

    /// <summary>
    /// The reporter as this reader may see it. A confidential one is returned only to its custodians (MayReveal: by default
    /// the assigned handler and leadership, setting Incidents:Access:IdentityCustodians), and only when it gives a
    /// <paramref name="reason"/> (the API's ?reason=, the case page's reveal form): each reveal is written to the history
    /// with its reason by <see cref="ReadAsync"/>.
    /// </summary>
    public static async Task<(Reporter? Reporter, bool Withheld, bool MayReveal)> ShownAsync(CaseDetail d, Actor actor, string? reason, string via,
        IdentityCustodians custodians, CaseQueries queries, CaseEventStore events, DateTimeOffset now, CancellationToken ct)
    {
        var may = d.ConfidentialReporter && Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId, d.Team, custodians);
        if (d.ConfidentialReporter && (!may || string.IsNullOrWhiteSpace(reason))) return (null, true, may);
        return (await ReadAsync(d, actor, via, reason, queries, events, now, ct), false, may);
    }
}
