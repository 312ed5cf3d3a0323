using Incidents.Core.Cases;
using Stateless.Graph;

namespace Incidents.Core.Workflows;

/// <summary>Draws a definition with Stateless's Mermaid writer. All transitions are PermitIf (never async), so all are drawn.</summary>
public static class WorkflowDiagram
{
    public static string Mermaid(WorkflowDefinition def)
    {
        var probe = new CaseRecord
        {
            Number = "", Type = def.Id, WorkflowVersion = def.Version, State = def.InitialState, Title = "",
            LocalityCode = "", Channel = Channel.Counter, ReceivedAt = default, CreatedAt = default,
        };
        var machine = WorkflowRuntime.Build(def, new CaseSnapshot(probe, []), actor: null, inputs: null, out _, out _);
        return MermaidGraph.Format(machine.GetInfo());
    }
}
