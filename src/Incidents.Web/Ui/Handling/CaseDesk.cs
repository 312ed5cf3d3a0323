using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Access;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Links;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Handling;

namespace Incidents.Web.Ui.Handling;

public enum DeskStatus { Done, Conflict, NotFound, Forbidden, Invalid }

/// <summary>What happened to a request on a case: Message for the user, FieldErrors per input, Created for a reclassification.</summary>
public sealed record DeskOutcome(DeskStatus Status, string? Message = null, IReadOnlyDictionary<string, string>? FieldErrors = null,
    string? Created = null);

/// <summary>
/// The case page's reads and writes: workflow actions (through CaseActions, shared with the API), assignment, links and the
/// audited identity view. A lost race is a Conflict and nothing is written.
/// </summary>
public sealed class CaseDesk(CaseActions actions, CaseQueries queries, CaseUpdateStore updates, CaseEventStore events, CaseLinkStore links,
    UserStore users, TimeProvider time)
{
    /// <summary>The definition the case runs on: the version it started with.</summary>
    public WorkflowDefinition? Definition(CaseRecord c) => actions.Definition(c);

    /// <summary>The case if this actor may see it (other teams' cases are treated as unknown).</summary>
    public async Task<CaseDetail?> ReadAsync(string number, Actor actor, CancellationToken ct)
    {
        var d = await queries.GetDetailAsync(number, ct);
        return d is not null && Visibility.SeesTeam(actor, d.Team) ? d : null;
    }

    /// <summary>The actions this user may take now (the same list as GET /api/v1/cases/{number}/actions).</summary>
    public async Task<IReadOnlyList<ActionView>> AvailableAsync(string number, Actor actor, CancellationToken ct) =>
        (await actions.AvailableAsync(number, actor, ct))?.Actions ?? [];

    /// <summary>Performs a workflow action through CaseActions, the API's code path (pinned version, one transaction, 409 on a stale row version).</summary>
    public async Task<DeskOutcome> PerformAsync(string number, string actionId, int rowVersion, IReadOnlyDictionary<string, string> inputs,
        EffectiveDate? effective, Actor actor, CancellationToken ct)
    {
        var r = await actions.PerformAsync(number, actor, actionId, inputs, rowVersion, effective, ct);
        return r.Status switch
        {
            CaseActionStatus.Done => new(DeskStatus.Done, actionId, Created: r.Opened),
            CaseActionStatus.Conflict => new(DeskStatus.Conflict),
            CaseActionStatus.NotFound => new(DeskStatus.NotFound),
            CaseActionStatus.Forbidden => new(DeskStatus.Forbidden, r.Message),
            _ => new(DeskStatus.Invalid, r.Message, r.FieldErrors),
        };
    }

    /// <summary>Users who may be assigned a case of this team: its members and leadership, active only.</summary>
    public async Task<IReadOnlyList<UserAccount>> AssignableAsync(string? team, CancellationToken ct)
    {
        var all = await users.ListAsync(ct);
        return [.. all.Where(u => u.IsActive && (team is null
            ? u.Roles.Contains(Roles.Complaints) || u.Roles.Contains(Roles.Security) || u.Roles.Contains(Roles.Leadership)
            : Visibility.MayBeAssigned(u, team)))];
    }

    public async Task<DeskOutcome> AssignAsync(string number, int rowVersion, string? login, Actor actor, CancellationToken ct)
    {
        var d = await ReadAsync(number, actor, ct);
        if (d is null) return new(DeskStatus.NotFound);
        if (!Visibility.MayHandle(actor, d.Team)) return new(DeskStatus.Forbidden);
        UserAccount? assignee = null;
        if (!string.IsNullOrWhiteSpace(login))
        {
            assignee = await users.FindByLoginAsync(login.Trim(), ct);
            if (assignee is null || !Visibility.MayBeAssigned(assignee, d.Team))
                return new(DeskStatus.Invalid, "assignee");
        }
        var r = await updates.AssignAsync(d.Case.Id, rowVersion, assignee?.Id, assignee?.Login, actor.Login, time.GetUtcNow(), ct);
        return r.Status switch
        {
            UpdateStatus.Updated => new(DeskStatus.Done, assignee?.Login),
            UpdateStatus.Conflict => new(DeskStatus.Conflict),
            _ => new(DeskStatus.NotFound),
        };
    }

    public async Task<DeskOutcome> LinkAsync(string number, string otherNumber, string kind, Actor actor, CancellationToken ct)
    {
        var d = await ReadAsync(number, actor, ct);
        if (d is null) return new(DeskStatus.NotFound);
        if (!Visibility.MayHandle(actor, d.Team)) return new(DeskStatus.Forbidden);
        var other = await ReadAsync(otherNumber.Trim().ToUpperInvariant(), actor, ct);
        if (other is null) return new(DeskStatus.Invalid, "unknown");
        if (other.Case.Id == d.Case.Id) return new(DeskStatus.Invalid, "self");
        kind = kind == "duplicate" ? "duplicate" : "related";
        await links.LinkAsync(d.Case.Id, other.Case.Id, kind, actor.Login, ct);
        var now = time.GetUtcNow();
        await events.AppendAsync(d.Case.Id, new NewCaseEvent(now, actor.Login, "linked",
            Data: new Dictionary<string, string> { ["kind"] = kind, ["number"] = other.Case.Number }), ct);
        await events.AppendAsync(other.Case.Id, new NewCaseEvent(now, actor.Login, "linked",
            Data: new Dictionary<string, string> { ["kind"] = kind, ["number"] = d.Case.Number }), ct);
        return new(DeskStatus.Done);
    }

    /// <summary>
    /// The reporter for this reader. A confidential one is returned only to the assigned handler and leadership, and only
    /// when reveal is asked for: each reveal writes "identity-viewed" to the case history.
    /// </summary>
    public async Task<(Reporter? Reporter, bool Withheld, bool MayReveal)> ReporterAsync(CaseDetail d, Actor actor, bool reveal, CancellationToken ct)
    {
        var may = d.ConfidentialReporter && Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId);
        if (d.ConfidentialReporter && (!may || !reveal)) return (null, true, may);
        return (await Reporters.ReadAsync(d, actor, "page", queries, events, time.GetUtcNow(), ct), false, may);
    }
}
