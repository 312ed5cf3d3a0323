using Incidents.Core.Workflows;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>The workflow catalog: every loaded version, its states, transitions and deadlines, drawn with Mermaid (vendored script).</summary>
public sealed class WorkflowsModel(WorkflowCatalog catalog) : PageModel
{
    public IReadOnlyList<WorkflowDefinition> Definitions { get; private set; } = [];

    public void OnGet() => Definitions = [.. catalog.All.OrderBy(d => d.Id).ThenByDescending(d => d.Version)];

    public static string Diagram(WorkflowDefinition d) => WorkflowDiagram.Mermaid(d);

    /// <summary>
    /// The diagram for mermaid.js 10: Stateless writes guard descriptions into transition labels ("accept [roles: complaints]"),
    /// and mermaid's state-diagram grammar ends a label at a second ':' (and at ';' or '#'), so those are replaced in labels.
    /// The source as Stateless wrote it is shown beside the drawing.
    /// </summary>
    public static string Drawable(string mermaid) => string.Join('\n', mermaid.Split('\n').Select(line =>
    {
        var at = line.IndexOf(" : ", StringComparison.Ordinal);
        if (at < 0 || !line.Contains("-->", StringComparison.Ordinal)) return line;
        var label = line[(at + 3)..].Replace("roles: ", "").Replace(':', '=').Replace(';', ',').Replace('#', ' ');
        return line[..(at + 3)] + label;
    }));
}
