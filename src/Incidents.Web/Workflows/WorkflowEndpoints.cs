using System.Globalization;
using System.Text.Json.Nodes;
using Incidents.Core.Workflows;
using Incidents.Storage.Workflows;
using Incidents.Web.Access;
using Incidents.Web.Api;

namespace Incidents.Web.Workflows;

public sealed record WorkflowSummary(string Id, int Version, IReadOnlyList<int> Versions, LocalizedText Name, string Prefix, string Team,
    bool ConfidentialReporter);

public static class WorkflowEndpoints
{
    public static RouteGroupBuilder MapWorkflows(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/workflows").WithTags("Workflows").RequireAuthorization(Policies.Reader);
        g.MapGet("", Catalog).WithName("ListWorkflows")
            .WithSummary("The workflow catalog")
            .WithDescription("Each workflow with its latest version (new cases start on it), every version still loaded (open cases " +
                "stay on theirs), names in Vietnamese and English, case-number prefix and owning team.")
            .Produces<IReadOnlyList<WorkflowSummary>>();
        g.MapGet("/{id}", DefinitionAsync).WithName("GetWorkflow")
            .WithSummary("A workflow definition as JSON")
            .WithDescription("The latest version, or ?version=n. The text is exactly what was loaded (the file, or workflow_versions " +
                "for a version no longer on disk).")
            .Produces<JsonObject>(contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        g.MapGet("/{id}/diagram", Diagram).WithName("GetWorkflowDiagram")
            .WithSummary("A workflow drawn as a Mermaid state diagram")
            .WithDescription("text/plain Mermaid stateDiagram-v2 drawn from the Stateless machine's graph info, of the latest version, or ?version=n. " +
                "States where a limit is suspended (on its legal ground) are marked ⏸ and shaded, final states lead to [*]; the admin catalog page draws this same text.")
            .Produces<string>(contentType: "text/plain")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static IReadOnlyList<WorkflowSummary> Summaries(WorkflowCatalog catalog) =>
        [.. catalog.Latest.OrderBy(d => d.Id, StringComparer.Ordinal).Select(d => new WorkflowSummary(d.Id, d.Version,
            [.. catalog.All.Where(x => x.Id == d.Id).Select(x => x.Version).Order()], d.Name, d.Prefix, d.Team, d.ConfidentialReporter))];

    public static WorkflowDefinition? Find(WorkflowCatalog catalog, string id, int? version) =>
        version is { } v ? catalog.Get(id, v) : catalog.Current(id);

    private static IResult Catalog(WorkflowCatalog catalog) => Results.Ok(Summaries(catalog));

    private static async Task<IResult> DefinitionAsync(string id, int? version, WorkflowCatalog catalog, WorkflowSet set,
        WorkflowVersionStore store, CancellationToken ct)
    {
        if (Find(catalog, id, version) is not { } def) return NotFound(id, version);
        var json = set.Sources.FirstOrDefault(s => s.Path == def.SourcePath && set.Catalog.Get(def.Id, def.Version) is not null)?.Json
            ?? (await store.ListAsync(ct)).FirstOrDefault(r => r.Id == def.Id && r.Version == def.Version)?.Json;
        return json is null ? NotFound(id, version) : Results.Text(json, "application/json");
    }

    private static IResult Diagram(string id, int? version, WorkflowCatalog catalog) =>
        Find(catalog, id, version) is { } def ? Results.Text(WorkflowDiagram.Mermaid(def), "text/plain") : NotFound(id, version);

    private static IResult NotFound(string id, int? version) => Results.Problem(statusCode: 404, type: ProblemTypes.NotFound,
        title: "Workflow not found",
        detail: version is { } v ? $"There is no version {v.ToString(CultureInfo.InvariantCulture)} of workflow '{id}'." : $"There is no workflow '{id}'.");
}

/// <summary>The CLI verb `workflows diagram &lt;id&gt; [--version n]`: the definitions on disk, then versions kept in the database.</summary>
public static class WorkflowDiagramVerb
{
    public static async Task<int> RunAsync(string[] rest, WorkflowSet set, WorkflowVersionStore store, TextWriter output, TextWriter error,
        CancellationToken ct = default)
    {
        int? version = null;
        if (rest.Length is not (1 or 3) || rest[0].StartsWith("--", StringComparison.Ordinal)
            || (rest.Length == 3 && (rest[1] != "--version" || !int.TryParse(rest[2], NumberStyles.None, CultureInfo.InvariantCulture, out var v) || (version = v) < 1)))
        {
            error.WriteLine("error: Use: workflows diagram <id> [--version <n>]");
            return 2;
        }
        var id = rest[0];
        var def = WorkflowEndpoints.Find(set.Catalog, id, version);
        if (def is null && version is not null)
        {
            try
            {
                var row = (await store.ListAsync(ct)).FirstOrDefault(r => r.Id == id && r.Version == version);
                if (row is not null) def = WorkflowLoader.Load([new WorkflowSource($"workflow_versions({id}, {version})", row.Json)]).Catalog.Get(id, version.Value);
            }
            catch (System.Data.Common.DbException) { } // no database yet: only the files count
        }
        if (def is null)
        {
            error.WriteLine(version is null ? $"error: no workflow '{id}' in {set.Directory}." : $"error: no version {version} of workflow '{id}'.");
            return 1;
        }
        output.WriteLine(WorkflowDiagram.Mermaid(def));
        return 0;
    }
}
