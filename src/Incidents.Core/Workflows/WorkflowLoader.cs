using System.Text.Json;

namespace Incidents.Core.Workflows;

/// <summary>A definition's file name and text; the host reads the files, the core only parses.</summary>
public sealed record WorkflowSource(string Path, string Json);

/// <summary>One problem in a definition set: the file, the JSON path and what is wrong.</summary>
public sealed record WorkflowError(string File, string JsonPath, string Message)
{
    public override string ToString() => $"{File}: {JsonPath}: {Message}";
}

public sealed record WorkflowLoadResult(WorkflowCatalog Catalog, IReadOnlyList<WorkflowError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>Parses and validates a set of definitions. Minimal until the workflow runtime lands.</summary>
public static class WorkflowLoader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static WorkflowLoadResult Load(IEnumerable<WorkflowSource> sources)
    {
        var errors = new List<WorkflowError>();
        var defs = new List<WorkflowDefinition>();
        foreach (var s in sources)
        {
            try
            {
                var d = JsonSerializer.Deserialize<WorkflowDefinition>(s.Json, Options);
                if (d is null) errors.Add(new(s.Path, "$", "empty definition"));
                else defs.Add(d);
            }
            catch (JsonException e)
            {
                errors.Add(new(s.Path, e.Path ?? "$", e.Message));
            }
        }
        return new(new WorkflowCatalog(defs), errors);
    }
}
