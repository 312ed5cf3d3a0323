namespace Incidents.Web.Roster;

/// <summary>
/// Incidents:Roster. AssignOnDuty: false (the default) offers a new case to the official on duty at its locality (the
/// case page names them, with a one-click assign); true assigns it to them at intake, in the intake's transaction.
/// </summary>
public sealed class RosterOptions
{
    public const string Section = "Incidents:Roster";

    public bool AssignOnDuty { get; set; }

    public IReadOnlyList<string> Problems() => [];
}
