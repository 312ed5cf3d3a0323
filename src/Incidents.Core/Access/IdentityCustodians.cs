namespace Incidents.Core.Access;

/// <summary>
/// Who keeps a denouncer's identity (setting Incidents:Access:IdentityCustodians, a list of the names below): "leadership"
/// (the leadership of the body resolving the case), "assignee" (the assigned handler, once a lead or leadership assigned
/// them) and "team-lead" (a lead of the case's team). Default: leadership and assignee.
/// </summary>
public sealed record IdentityCustodians(bool Leadership, bool Assignee, bool TeamLead)
{
    public const string LeadershipName = "leadership";
    public const string AssigneeName = "assignee";
    public const string TeamLeadName = "team-lead";
    public static readonly IReadOnlyList<string> Names = [LeadershipName, AssigneeName, TeamLeadName];

    public static readonly IdentityCustodians Default = new(Leadership: true, Assignee: true, TeamLead: false);

    /// <summary>The custodians a setting names; null when a name is unknown or none is given (nobody could then see it).</summary>
    public static IdentityCustodians? Parse(IEnumerable<string>? names)
    {
        var list = (names ?? []).Select(n => n.Trim().ToLowerInvariant()).Where(n => n.Length > 0).ToList();
        if (list.Count == 0 || list.Any(n => !Names.Contains(n))) return null;
        return new(list.Contains(LeadershipName), list.Contains(AssigneeName), list.Contains(TeamLeadName));
    }
}
