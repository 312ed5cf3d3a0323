using Incidents.Core.Workflows;

namespace Incidents.Core.Documents;

/// <summary>
/// Which workflow action issues which documents: workflows/documents/offers.txt, one line "workflow action kind [kind…]".
/// Kept beside the definitions rather than in them, so offering a document does not change a workflow's version.
/// </summary>
public sealed class DocumentOffers
{
    private readonly Dictionary<(string Type, string Action), IReadOnlyList<string>> _offers;

    private DocumentOffers(Dictionary<(string, string), IReadOnlyList<string>> offers) => _offers = offers;

    public static readonly DocumentOffers None = new([]);

    /// <summary>The kinds the action issues, in the file's order; empty when none.</summary>
    public IReadOnlyList<string> For(string type, string action) => _offers.GetValueOrDefault((type, action)) ?? [];

    public IEnumerable<(string Type, string Action, IReadOnlyList<string> Kinds)> All =>
        _offers.Select(o => (o.Key.Type, o.Key.Action, o.Value));

    /// <summary>Reads the file and checks each line against the loaded workflows (any version) and the document kinds.</summary>
    public static (DocumentOffers Offers, IReadOnlyList<TemplateError> Errors) Parse(string file, string text, WorkflowCatalog catalog)
    {
        var errors = new List<TemplateError>();
        var offers = new Dictionary<(string, string), IReadOnlyList<string>>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3) { errors.Add(new(file, i + 1, $"expected 'workflow action kind [kind…]', not '{line}'")); continue; }
            var (type, action, kinds) = (parts[0], parts[1], parts[2..]);
            var versions = catalog.All.Where(d => d.Id == type).ToList();
            if (versions.Count == 0) errors.Add(new(file, i + 1, $"no workflow '{type}' is loaded"));
            else if (!versions.Any(d => d.States.Any(s => s.Actions.Any(a => a.Id == action))))
                errors.Add(new(file, i + 1, $"workflow '{type}' has no action '{action}'"));
            foreach (var k in kinds.Where(k => DocumentKinds.Find(k) is null))
                errors.Add(new(file, i + 1, $"'{k}' is not a document kind (known: {string.Join(", ", DocumentKinds.All.Select(x => x.Id))})"));
            if (!offers.TryAdd((type, action), kinds)) errors.Add(new(file, i + 1, $"'{type} {action}' is listed twice"));
        }
        return (new DocumentOffers(offers), errors);
    }
}
