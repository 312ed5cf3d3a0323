using Incidents.Core.Workflows;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Incidents.Web.Pages.Admin;

/// <summary>The workflow catalog: every loaded version, its states, transitions and deadlines, drawn with Mermaid (vendored script).</summary>
public sealed class WorkflowsModel(WorkflowCatalog catalog) : PageModel
{
    public IReadOnlyList<WorkflowDefinition> Definitions { get; private set; } = [];

    public void OnGet() => Definitions = [.. catalog.All.OrderBy(d => d.Id).ThenByDescending(d => d.Version)];

    /// <summary>The same text as GET /api/v1/workflows/{id}/diagram and `workflows diagram`, drawn unchanged.</summary>
    /// <summary>The diagram in the reader's language: names and labels, roles in words, never ids.</summary>
    public static string Diagram(WorkflowDefinition d, UiText t) => WorkflowDiagram.Mermaid(d, UiText.Culture, t.Word);
}
