using Incidents.Core.Workflows;

namespace Incidents.Core.Documents;

/// <summary>A template file as read from the templates folder.</summary>
public sealed record TemplateSource(string File, string Text);

/// <summary>
/// Every document's template in every language, and the offers file, checked together: a missing file, an unknown
/// placeholder or header, a line of offers.txt naming an unknown workflow or action, each comes back as an error with
/// its file and line. The host refuses to start with any; the templates admin page shows them.
/// </summary>
public sealed class DocumentTemplates
{
    public const string OffersFile = "offers.txt";

    private readonly Dictionary<(string Kind, string Culture), DocumentTemplate> _templates;

    private DocumentTemplates(string directory, Dictionary<(string, string), DocumentTemplate> templates, DocumentOffers offers,
        IReadOnlyList<TemplateError> errors)
    {
        Directory = directory;
        _templates = templates;
        Offers = offers;
        Errors = errors;
    }

    public string Directory { get; }
    public DocumentOffers Offers { get; }
    public IReadOnlyList<TemplateError> Errors { get; }
    public bool IsValid => Errors.Count == 0;

    /// <summary>The template of a kind in a language ("vi" or "en"); null when it is missing or invalid.</summary>
    public DocumentTemplate? Get(string kind, string culture) => _templates.GetValueOrDefault((kind, culture));

    public IEnumerable<DocumentTemplate> All => _templates.Values.OrderBy(t => t.Kind, StringComparer.Ordinal).ThenBy(t => t.Culture, StringComparer.Ordinal);

    /// <summary>The file name of a kind's template in a language: acceptance.vi.txt.</summary>
    public static string FileName(string kind, string culture) => $"{kind}.{culture}.txt";

    /// <param name="sources">The folder's files (name and text); <paramref name="offers"/> is offers.txt, null when missing.</param>
    public static DocumentTemplates Load(string directory, IReadOnlyList<TemplateSource> sources, TemplateSource? offers, WorkflowCatalog catalog)
    {
        var errors = new List<TemplateError>();
        var templates = new Dictionary<(string, string), DocumentTemplate>();
        foreach (var kind in DocumentKinds.All)
            foreach (var culture in DocumentKinds.Cultures)
            {
                var name = FileName(kind.Id, culture);
                if (sources.FirstOrDefault(s => s.File == name) is not { } source)
                {
                    errors.Add(new(name, 0, $"the template is missing from {directory}"));
                    continue;
                }
                var (template, problems) = DocumentTemplate.Parse(name, kind.Id, culture, source.Text);
                errors.AddRange(problems);
                if (template is not null) templates[(kind.Id, culture)] = template;
            }
        var known = DocumentKinds.All.SelectMany(k => DocumentKinds.Cultures.Select(c => FileName(k.Id, c))).ToHashSet();
        foreach (var s in sources.Where(s => s.File.EndsWith(".txt", StringComparison.Ordinal) && s.File != OffersFile && !known.Contains(s.File)))
            errors.Add(new(s.File, 0, "not a template of any document kind: name it <kind>.vi.txt or <kind>.en.txt " +
                $"(kinds: {string.Join(", ", DocumentKinds.All.Select(k => k.Id))})"));
        var parsed = DocumentOffers.None;
        if (offers is null) errors.Add(new(OffersFile, 0, $"the offers file is missing from {directory}"));
        else
        {
            (parsed, var problems) = DocumentOffers.Parse(offers.File, offers.Text, catalog);
            errors.AddRange(problems);
        }
        return new DocumentTemplates(directory, templates, parsed, errors);
    }
}
