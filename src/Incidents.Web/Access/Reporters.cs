using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Storage.Cases;
using Incidents.Storage.Triage;

namespace Incidents.Web.Access;

/// <summary>Reading a case's reporter, for the API and the pages alike.</summary>
public static class Reporters
{
    /// <summary>
    /// The reporter; reading a confidential one writes "identity-viewed" (actor, via) to the case history. Callers decide
    /// first, with Visibility.SeesConfidentialIdentity, whether this reader may see it at all.
    /// </summary>
    public static async Task<Reporter?> ReadAsync(CaseDetail d, Actor actor, string via, CaseQueries queries, CaseEventStore events,
        DateTimeOffset now, CancellationToken ct)
    {
        var reporter = await queries.GetReporterAsync(d.Case.Id, ct);
        if (d.ConfidentialReporter)
            await events.AppendAsync(d.Case.Id, new NewCaseEvent(now, actor.Login, "identity-viewed",
                Data: new Dictionary<string, string> { ["via"] = via }), ct);
        return reporter;
    }
}
