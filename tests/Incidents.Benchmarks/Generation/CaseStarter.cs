using Incidents.Core.Workflows;

namespace Incidents.Benchmarks.Generation;

/// <summary>Starts a generated case on the product's own workflow runtime, as intake does.</summary>
public sealed class CaseStarter(WorkflowCatalog catalog)
{
    private readonly WorkflowRuntime _runtime = new();
    public WorkflowCatalog Catalog { get; } = catalog;

    public CaseStart Start(WorkflowDefinition def, CaseFacts facts, DateTimeOffset now) => _runtime.Start(def, facts, now);
}
