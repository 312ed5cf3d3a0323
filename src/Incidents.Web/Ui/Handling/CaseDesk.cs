using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Access;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Intake;
using Incidents.Storage.Links;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Deadlines;

namespace Incidents.Web.Ui.Handling;

public enum DeskStatus { Done, Conflict, NotFound, Forbidden, Invalid }

/// <summary>What happened to a request on a case: Message for the user, FieldErrors per input, Created for a reclassification.</summary>
public sealed record DeskOutcome(DeskStatus Status, string? Message = null, IReadOnlyDictionary<string, string>? FieldErrors = null,
    string? Created = null);

/// <summary>
/// The case page's writes: workflow actions (checked by the runtime, written under the row version), assignment, links and
/// the audited identity view. A lost race is a Conflict and nothing is written.
/// </summary>
public sealed class CaseDesk(WorkflowCatalog catalog, WorkflowRuntime runtime, CaseQueries queries, CaseUpdateStore updates,
    CaseEventStore events, CaseLinkStore links, UserStore users, CaseStore store, DeadlineScheduler scheduler, TimeProvider time)
{
    public WorkflowDefinition? Definition(CaseRecord c) => catalog.Get(c.Type, c.WorkflowVersion) ?? catalog.Current(c.Type);

    /// <summary>The case if this actor may see it (other teams' cases are treated as unknown).</summary>
    public async Task<CaseDetail?> ReadAsync(string number, Actor actor, CancellationToken ct)
    {
        var d = await queries.GetDetailAsync(number, ct);
        return d is not null && Visibility.SeesTeam(actor, d.Team) ? d : null;
    }

    public IReadOnlyList<AvailableAction> Available(CaseDetail d, Actor actor) =>
        Definition(d.Case) is { } def && Visibility.MayHandle(actor, d.Team)
            ? runtime.Available(def, new CaseSnapshot(d.Case, d.Deadlines), actor)
            : [];

    public async Task<DeskOutcome> PerformAsync(string number, string actionId, int rowVersion, IReadOnlyDictionary<string, string> inputs,
        Actor actor, CancellationToken ct)
    {
        var d = await ReadAsync(number, actor, ct);
        if (d is null) return new(DeskStatus.NotFound);
        if (!Visibility.MayHandle(actor, d.Team)) return new(DeskStatus.Forbidden);
        if (d.Case.RowVersion != rowVersion) return new(DeskStatus.Conflict);
        var def = Definition(d.Case);
        if (def is null) return new(DeskStatus.NotFound);
        var now = time.GetUtcNow();
        var clean = inputs.Where(kv => !string.IsNullOrWhiteSpace(kv.Value))
            .ToDictionary(kv => kv.Key, kv => CaseText.Clean(kv.Value)!, StringComparer.Ordinal);
        var outcome = runtime.Perform(def, new CaseSnapshot(d.Case, d.Deadlines), actor, actionId, clean, now);
        if (outcome.Failure is { } f)
            return new(f.Kind == ActionFailureKind.Forbidden ? DeskStatus.Forbidden : DeskStatus.Invalid, f.Message, f.FieldErrors);
        var r = outcome.Result!;
        var update = await updates.UpdateAsync(new CaseUpdate(d.Case.Id, rowVersion, r.State, r.Deadlines,
            new NewCaseEvent(now, actor.Login, "action", r.Action, r.FromState, r.State, r.EventData), r.Final ? now : null), ct);
        if (update.Status == UpdateStatus.Conflict) return new(DeskStatus.Conflict);
        if (update.Status == UpdateStatus.NotFound) return new(DeskStatus.NotFound);
        scheduler.Arm(d.Case.Id, r.Deadlines); // near-term steps now; the sweep takes the rest

        string? created = null;
        if (r.ReclassifyTo is { } type && catalog.Current(type) is { } target)
            created = await ReclassifyAsync(d, target, actor, now, ct);
        return new(DeskStatus.Done, r.Action, Created: created);
    }

    /// <summary>A petition classified by content opens a case of the new type with the same facts, linked to the petition.</summary>
    private async Task<string> ReclassifyAsync(CaseDetail from, WorkflowDefinition target, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var c = from.Case;
        var reporter = await queries.GetReporterAsync(c.Id, ct) ?? new Reporter(null, null, null, null);
        var inputs = c.Inputs.Where(kv => target.Fields.Any(f => f.Id == kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        var start = runtime.Start(target, new CaseFacts(c.ReceivedAt, null, inputs), now);
        var outcome = await store.CreateAsync(new NewCase
        {
            Type = target.Id, Prefix = target.Prefix, Team = target.Team, WorkflowVersion = target.Version, State = start.State,
            Title = c.Title, Description = c.Description, LocalityCode = c.LocalityCode, Channel = c.Channel, ReceivedAt = c.ReceivedAt,
            CreatedAt = now, Reporter = reporter, ConfidentialReporter = target.ConfidentialReporter, Inputs = inputs,
            Deadlines = start.Deadlines, Actor = actor.Login,
        }, ct: ct);
        var created = outcome.Case!;
        scheduler.Arm(created.Id, start.Deadlines);
        await links.LinkAsync(c.Id, created.Id, "related", actor.Login, ct);
        await events.AppendAsync(c.Id, new NewCaseEvent(now, actor.Login, "reclassified",
            Data: new Dictionary<string, string> { ["type"] = target.Id, ["number"] = created.Number }), ct);
        return created.Number;
    }

    /// <summary>Users who may be assigned a case of this team: its members and leadership, active only.</summary>
    public async Task<IReadOnlyList<UserAccount>> AssignableAsync(string? team, CancellationToken ct)
    {
        var all = await users.ListAsync(ct);
        return [.. all.Where(u => u.IsActive && (team is null
            ? u.Roles.Contains(Roles.Complaints) || u.Roles.Contains(Roles.Security) || u.Roles.Contains(Roles.Leadership)
            : u.Roles.Contains(team) || u.Roles.Contains(Roles.Leadership)))];
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
            if (assignee is null || !assignee.IsActive || !(assignee.Roles.Contains(d.Team) || assignee.Roles.Contains(Roles.Leadership)))
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
        if (!d.ConfidentialReporter) return (await queries.GetReporterAsync(d.Case.Id, ct), false, false);
        var may = Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId);
        if (!may || !reveal) return (null, true, may);
        var reporter = await queries.GetReporterAsync(d.Case.Id, ct);
        await events.AppendAsync(d.Case.Id, new NewCaseEvent(time.GetUtcNow(), actor.Login, "identity-viewed",
            Data: new Dictionary<string, string> { ["via"] = "page" }), ct);
        return (reporter, false, may);
    }
}
