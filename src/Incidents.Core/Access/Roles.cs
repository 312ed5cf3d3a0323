namespace Incidents.Core.Access;

/// <summary>The fixed roles. Workflow definitions may also name the relative roles "assignee" and "team-lead".</summary>
public static class Roles
{
    public const string Complaints = "complaints";
    public const string Security = "security";
    public const string Leadership = "leadership";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Complaints, Security, Leadership, Admin];

    public static bool IsKnown(string role) => All.Contains(role);
}

/// <summary>Who is acting: the user's id, login and roles; IsLead: a team lead of the team(s) in their roles.</summary>
public sealed record Actor(long Id, string Login, IReadOnlySet<string> Roles, bool IsLead = false)
{
    public bool Has(string role) => Roles.Contains(role);
}
