using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Storage.Access;
using Incidents.Storage.Handling;
using Incidents.Storage.Triage;
using Incidents.Web.Access;

namespace Incidents.Web.Triage;

/// <summary>LeadsOnly: a confidential-reporter case, and the actor is no lead of its team nor leadership. NotToOneself: a
/// confidential-reporter case assigned to the actor themselves. Both are refusals (403), nothing written.</summary>
public enum AssignmentStatus { Done, NotFound, Forbidden, Invalid, Conflict, LeadsOnly, NotToOneself }

/// <summary>
/// What an assignment came to. Done: Case is the case as stored after it. Invalid: FieldErrors (rowVersion, assignee) in
/// English, the API's words. Conflict: CurrentRowVersion is the case's version now (nothing was written).
/// </summary>
public sealed record AssignmentResult(AssignmentStatus Status, string? Message = null, IReadOnlyDictionary<string, string>? FieldErrors = null,
    CaseDetail? Case = null, int? CurrentRowVersion = null);

/// <summary>
/// Assigning a case, one code path for PUT /api/v1/cases/{number}/assignee, the case page and the queue's bulk assignment:
/// one rule for who may be assigned (Visibility.MayBeAssigned), one stale-row-version answer, one history event (written by
/// CaseUpdateStore.AssignAsync in the same statement batch as the change). Being assigned a case whose reporter is
/// confidential is what shows a handler the identity, so only a lead of its team or leadership may assign one
/// (Visibility.MayAssignConfidential), and nobody to themselves: a clerk cannot walk around the custody by self-assigning.
/// </summary>
public sealed class CaseAssignment(CaseQueries queries, CaseUpdateStore updates, UserStore users, Notifications.Notifier notifier, TimeProvider time)
{
    /// <summary>The case if this actor may see it (other teams' cases are treated as unknown).</summary>
    public async Task<CaseDetail?> ReadAsync(string number, Actor actor, CancellationToken ct = default)
    {
        var d = await queries.GetDetailAsync(number, ct);
        return d is not null && Visibility.SeesTeam(actor, d.Team) ? d : null;
    }

    /// <summary>Users who may be assigned a case of this team: its members and leadership, active only.</summary>
    public async Task<IReadOnlyList<UserAccount>> AssignableAsync(string team, CancellationToken ct = default) =>
        [.. (await users.ListAsync(ct)).Where(u => Visibility.MayBeAssigned(u.Roles, u.IsActive, team))];

    /// <summary>May this actor change the case's assignee at all (the page shows the form only then).</summary>
    public static bool MayAssign(CaseDetail d, Actor actor) =>
        Visibility.MayHandle(actor, d.Team) && (!d.ConfidentialReporter || Visibility.MayAssignConfidential(actor, d.Team));

    /// <summary>Assigns <paramref name="login"/> (blank: unassigns) if the case is still at <paramref name="rowVersion"/>.</summary>
    public async Task<AssignmentResult> AssignAsync(string number, Actor actor, string? login, int? rowVersion, CancellationToken ct = default)
    {
        var d = await ReadAsync(number, actor, ct);
        if (d is null) return new(AssignmentStatus.NotFound, $"There is no case {number}.");
        if (!Visibility.MayHandle(actor, d.Team)) return new(AssignmentStatus.Forbidden, "You may not assign this case.");
        if (d.ConfidentialReporter && !Visibility.MayAssignConfidential(actor, d.Team))
            return new(AssignmentStatus.LeadsOnly, "Only a lead of the case's team or leadership may assign a case whose reporter is confidential.");

        var errors = new Dictionary<string, string>();
        if (rowVersion is null) errors["rowVersion"] = "rowVersion is required: the version of the case you last read.";
        UserAccount? assignee = null;
        login = string.IsNullOrWhiteSpace(login) ? null : login.Trim();
        if (login is not null)
        {
            assignee = await users.FindByLoginAsync(login, ct);
            if (assignee is null || !assignee.IsActive) errors["assignee"] = $"There is no active user '{login}'.";
            else if (!Visibility.MayBeAssigned(assignee.Roles, assignee.IsActive, d.Team)) errors["assignee"] = $"'{login}' is not in the {d.Team} team.";
        }
        if (errors.Count > 0) return new(AssignmentStatus.Invalid, "The assignment is not valid.", errors);
        if (d.ConfidentialReporter && assignee is not null && assignee.Id == actor.Id)
            return new(AssignmentStatus.NotToOneself, "Nobody may assign a case whose reporter is confidential to themselves: another lead or leadership assigns it.");

        // The assignee is told in the same transaction (Notifier: once per assignment, never for assigning oneself).
        var actorName = (await users.FindByIdAsync(actor.Id, ct))?.DisplayName ?? actor.Login;
        var outcome = await updates.AssignAsync(d.Case.Id, rowVersion!.Value, assignee?.Id, assignee?.Login, actor.Login, time.GetUtcNow(),
            (c, tx, token) => assignee is null ? Task.CompletedTask
                : notifier.AssignedAsync(c, tx, d.Case with { AssigneeId = assignee.Id }, actor, actorName, assignee, rowVersion.Value + 1, token), ct);
        return outcome.Status switch
        {
            UpdateStatus.Updated when await queries.GetDetailAsync(number, ct) is { } after => new(AssignmentStatus.Done, Case: after),
            UpdateStatus.Conflict => new(AssignmentStatus.Conflict,
                $"You sent rowVersion {rowVersion}; the case is now at {outcome.RowVersion}. Reload it and try again.", CurrentRowVersion: outcome.RowVersion),
            _ => new(AssignmentStatus.NotFound, $"There is no case {number}."),
        };
    }
}
