namespace Incidents.Core.Workflows;

/// <summary>Every loaded version of every definition. Open cases stay pinned to their version; new cases take the latest.</summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<string, SortedList<int, WorkflowDefinition>> _byId = new(StringComparer.Ordinal);

    public WorkflowCatalog(IEnumerable<WorkflowDefinition> definitions)
    {
        foreach (var d in definitions)
        {
            if (!_byId.TryGetValue(d.Id, out var versions))
                _byId[d.Id] = versions = new SortedList<int, WorkflowDefinition>();
            versions[d.Version] = d;
        }
    }

    /// <summary>The latest version of each definition.</summary>
    public IEnumerable<WorkflowDefinition> Latest => _byId.Values.Select(v => v.Values[^1]);

    public IEnumerable<WorkflowDefinition> All => _byId.Values.SelectMany(v => v.Values);

    public WorkflowDefinition? Current(string id) => _byId.TryGetValue(id, out var v) ? v.Values[^1] : null;

    public WorkflowDefinition? Get(string id, int version) =>
        _byId.TryGetValue(id, out var v) && v.TryGetValue(version, out var d) ? d : null;
}
