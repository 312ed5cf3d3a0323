namespace Incidents.Core.Workflows;

/// <summary>
/// Every loaded version of every definition. Open cases stay pinned to their version (Get); new cases take the latest
/// version defined in the workflows folder (Current). Archived versions, loaded back from the database for cases pinned to
/// them, never become current: not when a file goes back to a lower version, and not when a file is removed (that type
/// then takes no new cases, while its open cases go on).
/// </summary>
public sealed class WorkflowCatalog
{
    private readonly Dictionary<string, SortedList<int, WorkflowDefinition>> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkflowDefinition> _current = new(StringComparer.Ordinal);
    private readonly HashSet<(string Id, int Version)> _archived = [];

    /// <param name="definitions">The definitions in the workflows folder: the latest of each id is where new cases start.</param>
    /// <param name="archived">Versions kept only for pinned cases; a version also in <paramref name="definitions"/> is not archived.</param>
    public WorkflowCatalog(IEnumerable<WorkflowDefinition> definitions, IEnumerable<WorkflowDefinition>? archived = null)
    {
        foreach (var d in definitions)
        {
            Add(d);
            if (!_current.TryGetValue(d.Id, out var c) || c.Version < d.Version) _current[d.Id] = d;
        }
        foreach (var d in archived ?? [])
            if (Get(d.Id, d.Version) is null)
            {
                Add(d);
                _archived.Add((d.Id, d.Version));
            }
    }

    private void Add(WorkflowDefinition d)
    {
        if (!_byId.TryGetValue(d.Id, out var versions))
            _byId[d.Id] = versions = new SortedList<int, WorkflowDefinition>();
        versions[d.Version] = d;
    }

    /// <summary>The current version of each type that takes new cases (from the workflows folder).</summary>
    public IEnumerable<WorkflowDefinition> Latest => _byId.Keys.Where(_current.ContainsKey).Select(id => _current[id]);

    /// <summary>
    /// The states where a case waits on leadership for an extension: one of leadership's actions extends a deadline and
    /// every other action is leadership's or goes where theirs go (the handler withdrawing the request), i.e.
    /// denunciation "extension-requested". Read by the approvals page, the desk and the extension notifications.
    /// </summary>
    public IEnumerable<(string Type, string State)> ExtensionWaitingStates() =>
        Latest.SelectMany(d => d.States
            .Where(s => s.Actions.Any(a => IsLeadership(a) && a.Effects.Any(e => e.Kind == EffectKinds.Extend))
                        && s.Actions.All(a => IsLeadership(a) || s.Actions.Any(l => IsLeadership(l) && l.Target == a.Target)))
            .Select(s => (d.Id, s.Id)));

    private static bool IsLeadership(ActionDefinition a) => a.Roles.SequenceEqual([Access.Roles.Leadership]);

    /// <summary>Every version, current and archived.</summary>
    public IEnumerable<WorkflowDefinition> All => _byId.Values.SelectMany(v => v.Values);

    /// <summary>Versions loaded only for cases pinned to them.</summary>
    public IEnumerable<WorkflowDefinition> Archived => All.Where(d => IsArchived(d.Id, d.Version));

    /// <summary>Where a new case of this type starts; null for an unknown type or one kept only for its open cases.</summary>
    public WorkflowDefinition? Current(string id) => _current.GetValueOrDefault(id);

    /// <summary>The highest version stored for this type, current or archived; null for a type never loaded.</summary>
    public WorkflowDefinition? Newest(string id) => _byId.TryGetValue(id, out var v) ? v.Values[^1] : null;

    /// <summary>A type the catalog knows only from archived versions: its open cases go on, it takes no new ones.</summary>
    public bool IsRetired(string id) => _byId.ContainsKey(id) && !_current.ContainsKey(id);

    public WorkflowDefinition? Get(string id, int version) =>
        _byId.TryGetValue(id, out var v) && v.TryGetValue(version, out var d) ? d : null;

    public bool IsArchived(string id, int version) => _archived.Contains((id, version));
}
