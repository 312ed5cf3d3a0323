using Incidents.Core.Documents;
using Incidents.Web.Workflows;

namespace Incidents.Web.Documents;

/// <summary>
/// The templates in force, read from Incidents:Documents:Directory (or workflows/documents). Checked at start-up (the host
/// refuses to start on any problem, naming file and line); an administrator's "check again" re-reads the folder and
/// takes the new templates only when every one of them is valid, so a bad edit never replaces good templates.
/// </summary>
public sealed class DocumentLibrary
{
    private readonly WorkflowSet _workflows;
    private DocumentTemplates _current;

    public DocumentLibrary(DocumentOptions options, WorkflowSet workflows)
    {
        _workflows = workflows;
        // Unset: documents/ beside the workflows in use, else the repository's (a test's copied workflows have none).
        var beside = Path.Combine(workflows.Directory, "documents");
        Directory = !string.IsNullOrWhiteSpace(options.Directory) ? Path.GetFullPath(options.Directory, Environment.CurrentDirectory)
            : System.IO.Directory.Exists(beside) ? beside
            : Path.Combine(WorkflowSetup.FindWorkflowsDirectory(AppContext.BaseDirectory, Environment.CurrentDirectory), "documents");
        _current = Read();
        LastCheck = _current;
    }

    public string Directory { get; }

    /// <summary>The templates documents are made from.</summary>
    public DocumentTemplates Current => _current;

    /// <summary>The latest reading of the folder: the one in force, or a rejected one with its problems.</summary>
    public DocumentTemplates LastCheck { get; private set; }

    /// <summary>Reads the folder again; takes it when valid. Returns the reading either way.</summary>
    public DocumentTemplates Reload()
    {
        var read = Read();
        LastCheck = read;
        if (read.IsValid) _current = read;
        return read;
    }

    private DocumentTemplates Read()
    {
        var sources = new List<TemplateSource>();
        TemplateSource? offers = null;
        if (System.IO.Directory.Exists(Directory))
            foreach (var f in System.IO.Directory.GetFiles(Directory, "*.txt").OrderBy(f => f, StringComparer.Ordinal))
            {
                var source = new TemplateSource(Path.GetFileName(f), File.ReadAllText(f));
                if (source.File == DocumentTemplates.OffersFile) offers = source;
                else sources.Add(source);
            }
        return DocumentTemplates.Load(Directory, sources, offers, _workflows.Catalog);
    }
}
