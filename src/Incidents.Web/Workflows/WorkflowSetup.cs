using Incidents.Core.Workflows;

namespace Incidents.Web.Workflows;

/// <summary>The loaded definition set: the catalog, the files' text (recorded in workflow_versions) and any errors.</summary>
public sealed record WorkflowSet(string Directory, WorkflowCatalog Catalog, IReadOnlyList<WorkflowSource> Sources,
    IReadOnlyList<WorkflowError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Reads workflows/*.json (schema files excluded) and validates them with the core's loader.</summary>
    public static WorkflowSet Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            return new(directory, new WorkflowCatalog([]), [], [new WorkflowError(directory, "$", "directory not found")]);
        var sources = System.IO.Directory.GetFiles(directory, "*.json")
            .Where(f => !Path.GetFileName(f).Contains("schema", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new WorkflowSource(Path.GetFileName(f), File.ReadAllText(f)))
            .ToList();
        var result = WorkflowLoader.Load(sources);
        var errors = result.Errors.ToList();
        if (sources.Count == 0) errors.Add(new WorkflowError(directory, "$", "no workflow definitions (*.json) found"));
        return new(directory, result.Catalog, sources, errors);
    }
}

public static class WorkflowSetup
{
    /// <summary>
    /// Incidents:Workflows:Directory, or the repository's workflows/ found by walking up from the content root and the
    /// current directory. The files are read on first use; the start-up step checks them and loads the catalog before serving.
    /// </summary>
    public static WebApplicationBuilder AddIncidentsWorkflows(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp =>
        {
            var env = sp.GetRequiredService<IHostEnvironment>();
            var configured = sp.GetRequiredService<IConfiguration>()["Incidents:Workflows:Directory"];
            var dir = string.IsNullOrWhiteSpace(configured)
                ? FindWorkflowsDirectory(env.ContentRootPath, Environment.CurrentDirectory, AppContext.BaseDirectory)
                : Path.GetFullPath(configured, Environment.CurrentDirectory);
            return WorkflowSet.Load(dir);
        });
        builder.Services.AddSingleton<WorkflowVersions>();
        // Files plus versions kept in workflow_versions, so open cases stay on the version they started with. Filled by the
        // start-up step: resolving it earlier throws, so services built before start-up take WorkflowVersions and read Catalog later.
        builder.Services.AddSingleton(sp => sp.GetRequiredService<WorkflowVersions>().Catalog);
        // Over the current holiday table (Calendar/BusinessCalendars): an edit takes effect without a restart.
        builder.Services.AddTransient(sp => sp.GetRequiredService<Calendar.BusinessCalendars>().Runtime);
        return builder;
    }

    public static string FindWorkflowsDirectory(params string[] starts)
    {
        foreach (var start in starts)
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "workflows");
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.json").Any()) return candidate;
            }
        return Path.Combine(starts[0], "workflows");
    }
}
