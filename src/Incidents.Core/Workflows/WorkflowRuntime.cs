namespace Incidents.Core.Workflows;

/// <summary>Runs cases on their definitions. Minimal until the workflow runtime lands.</summary>
public sealed class WorkflowRuntime
{
    public CaseStart Start(WorkflowDefinition definition, CaseFacts facts, DateTimeOffset now) =>
        new(definition.InitialState, []);
}

public sealed partial record WorkflowDefinition
{
    public string InitialState { get; init; } = "received";
}
