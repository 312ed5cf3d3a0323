using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Storage.Cases;
using Incidents.Storage.Links;
using Incidents.Web.Access;

namespace Incidents.Web.Triage;

public enum LinkStatus { Done, NotFound, Forbidden, UnknownOther, Self }

/// <summary>Linking two cases (related, or a duplicate): both histories say so. A case the actor may not see counts as unknown.</summary>
public sealed class CaseLinking(CaseAssignment cases, CaseLinkStore links, CaseEventStore events, TimeProvider time)
{
    public async Task<LinkStatus> LinkAsync(string number, string otherNumber, string kind, Actor actor, CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return LinkStatus.NotFound;
        if (!Visibility.MayHandle(actor, d.Team)) return LinkStatus.Forbidden;
        var other = await cases.ReadAsync(otherNumber.Trim().ToUpperInvariant(), actor, ct);
        if (other is null) return LinkStatus.UnknownOther;
        if (other.Case.Id == d.Case.Id) return LinkStatus.Self;
        kind = kind == "duplicate" ? "duplicate" : "related";
        await links.LinkAsync(d.Case.Id, other.Case.Id, kind, actor.Login, ct);
        var now = time.GetUtcNow();
        await events.AppendAsync(d.Case.Id, new NewCaseEvent(now, actor.Login, "linked",
            Data: new Dictionary<string, string> { ["kind"] = kind, ["number"] = other.Case.Number }), ct);
        await events.AppendAsync(other.Case.Id, new NewCaseEvent(now, actor.Login, "linked",
            Data: new Dictionary<string, string> { ["kind"] = kind, ["number"] = d.Case.Number }), ct);
        return LinkStatus.Done;
    }
}
