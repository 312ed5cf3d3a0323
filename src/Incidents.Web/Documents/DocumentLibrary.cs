using Incidents.Core.Documents;
using Incidents.Web.Workflows;

namespace Incidents.Web.Documents;

/// <summary>
/// The templates in force, read from Incidents:Documents:Directory (or workflows/documents). Read and checked at start-up,
/// after the workflow versions are loaded, so that offers.txt may name a type whose file was removed but whose archived
/// versions still carry open cases (the host refuses to start on any problem, naming file and line); an administrator's
/// "check again" re-reads the folder and takes the new templates only when every one of them is valid, so a bad edit
/// never replaces good templates.
/// </summary>
public sealed class DocumentLibrary
{
    private readonly WorkflowVersions _versions;
    private DocumentTemplates? _current;

    public DocumentLibrary(DocumentOptions options, WorkflowSet workflows, WorkflowVersions versions)
    {
        _versions = versions;
        // Unset: documents/ beside the workflows in use, else the repository's (a test's copied workflows have none).
        var beside = Path.Combine(workflows.Directory, "documents");
        Directory = !string.IsNullOrWhiteSpace(options.Directory) ? Path.GetFullPath(options.Directory, Environment.CurrentDirectory)
            : System.IO.Directory.Exists(beside) ? beside
            : Path.Combine(WorkflowSetup.FindWorkflowsDirectory(AppContext.BaseDirectory, Environment.CurrentDirectory), "documents");
    }

    public string Directory { get; }

    /// <summary>The templates documents are made from.</summary>
    public DocumentTemplates Current => _current ?? throw new InvalidOperationException("The document templates are read at start-up.");

    /// <summary>The latest reading of the folder: the one in force, or a rejected one with its problems.</summary>
    public DocumentTemplates LastCheck => _lastCheck ?? Current;
    private DocumentTemplates? _lastCheck;

    /// <summary>Reads the folder (again); takes it when valid, and at start-up in any case so that the host can refuse
    /// naming its problems. Returns the reading either way.</summary>
    public DocumentTemplates Reload()
    {
        var read = Read();
        _lastCheck = read;
        if (read.IsValid || _current is null) _current = read;
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
        return DocumentTemplates.Load(Directory, sources, offers, _versions.Catalog);
    }
}
