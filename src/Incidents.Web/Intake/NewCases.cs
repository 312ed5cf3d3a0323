using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using Incidents.Storage.Attachments;
using Incidents.Storage.Intake;

namespace Incidents.Web.Intake;

/// <summary>The one way a validated intake, started on its workflow, becomes the case the store writes: API and intake page alike.</summary>
public static class NewCases
{
    public static NewCase From(ValidIntake v, CaseStart start, DateTimeOffset now, string actor, bool confidential,
        IReadOnlyList<NewAttachment>? attachments = null, (long Id, string Login)? assignee = null, string? registerBody = null) => new()
    {
        Type = v.Definition.Id, Prefix = v.Definition.Prefix, Team = v.Definition.Team, WorkflowVersion = v.Definition.Version,
        State = start.State, Title = v.Title, Description = v.Description, LocalityCode = v.LocalityCode, Channel = v.Channel,
        ReceivedAt = v.ReceivedAt, CreatedAt = now, Severity = v.Severity, Place = v.Place, Reporter = v.Reporter,
        ConfidentialReporter = confidential, Inputs = v.Inputs, Deadlines = start.Deadlines, Attachments = attachments ?? [], Actor = actor,
        AssigneeId = assignee?.Id, AssigneeLogin = assignee?.Login, RegisterBody = registerBody, RegisterNumber = v.RegisterNumber,
    };
}
