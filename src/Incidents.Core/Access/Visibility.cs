namespace Incidents.Core.Access;

/// <summary>Who sees which cases and whose identity: one rule for the API and the pages. A case's team is its
/// workflow's team (complaints or security).</summary>
public static class Visibility
{
    /// <summary>Leadership and admin see every team's cases.</summary>
    public static bool SeesAllTeams(Actor a) => a.Has(Roles.Leadership) || a.Has(Roles.Admin);

    public static bool SeesTeam(Actor a, string team) => SeesAllTeams(a) || a.Has(team);

    /// <summary>The team filter for lists: null = all teams; "" = none.</summary>
    public static string? TeamFilter(Actor a)
    {
        if (SeesAllTeams(a) || (a.Has(Roles.Complaints) && a.Has(Roles.Security))) return null;
        if (a.Has(Roles.Complaints)) return Roles.Complaints;
        if (a.Has(Roles.Security)) return Roles.Security;
        return "";
    }

    /// <summary>
    /// A confidential reporter (Law on Denunciations 2018, Art. 56) is shown only to its custodians: by default the
    /// leadership and the assigned handler (<see cref="IdentityCustodians.Default"/>). Admin is never one by role.
    /// </summary>
    public static bool SeesConfidentialIdentity(Actor a, long? assigneeId, string team, IdentityCustodians custodians) =>
        (custodians.Leadership && a.Has(Roles.Leadership))
        || (custodians.Assignee && assigneeId is { } id && id == a.Id)
        || (custodians.TeamLead && a.IsLead && a.Has(team));

    /// <summary>
    /// Who may change the assignee of a case whose reporter is confidential: a team lead of its team, or leadership, and
    /// never to themselves, since being assigned is what shows a handler the identity. Admin may not: an administrator
    /// is no custodian and must not choose one.
    /// </summary>
    public static bool MayAssignConfidential(Actor a, string team) => a.Has(Roles.Leadership) || (a.IsLead && a.Has(team));

    /// <summary>May take in a case of a type owned by this team.</summary>
    public static bool MayTakeIn(Actor a, string team) => a.Has(Roles.Admin) || a.Has(team);

    /// <summary>May be made the assignee of a case of this team: an active member of the team, or leadership.</summary>
    public static bool MayBeAssigned(IReadOnlySet<string> roles, bool isActive, string team) =>
        isActive && (roles.Contains(team) || roles.Contains(Roles.Leadership));

    /// <summary>May assign or act on a case of this team.</summary>
    public static bool MayHandle(Actor a, string team) => a.Has(Roles.Admin) || a.Has(Roles.Leadership) || a.Has(team);

    /// <summary>
    /// A security officer who logs or acknowledges an incident holds it unless someone already does (issue #13): the
    /// officer on the scene, not a queue, follows it up.
    /// </summary>
    public static bool TakesOwnIncident(Actor a, string team, bool confidential) =>
        team == Roles.Security && a.Has(Roles.Security) && !confidential;
}
