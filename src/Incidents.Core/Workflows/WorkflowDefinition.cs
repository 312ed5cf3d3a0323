namespace Incidents.Core.Workflows;

public sealed record LocalizedText(string Vi, string En)
{
    public string In(string culture) => culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : Vi;
    public override string ToString() => Vi;
}

/// <summary>
/// A versioned workflow definition loaded from workflows/*.json. The members below are the contract that intake and
/// storage rely on; the workflow runtime adds states, actions, deadlines and extensions.
/// </summary>
public sealed partial record WorkflowDefinition
{
    public required string Id { get; init; }
    public required int Version { get; init; }
    public required LocalizedText Name { get; init; }
    /// <summary>Case-number prefix: KN-2026-000123.</summary>
    public required string Prefix { get; init; }
    /// <summary>Owning team: a role name (complaints or security).</summary>
    public required string Team { get; init; }
    /// <summary>Denunciations: the reporter's identity is confidential.</summary>
    public bool ConfidentialReporter { get; init; }
    /// <summary>Incidents carry a severity; allowed values, empty when the type has none.</summary>
    public IReadOnlyList<string> Severities { get; init; } = [];
    /// <summary>Reporter fields this type requires (name, address, phone, email).</summary>
    public IReadOnlyList<string> RequiredReporterFields { get; init; } = [];
}
