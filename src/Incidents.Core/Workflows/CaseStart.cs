using Incidents.Core.Deadlines;

namespace Incidents.Core.Workflows;

/// <summary>The facts of a new case the runtime needs to start it: its case fields and severity.</summary>
public sealed record CaseFacts(DateTimeOffset ReceivedAt, string? Severity, IReadOnlyDictionary<string, string> Inputs);

/// <summary>What starting a case yields: its first state and its running deadlines.</summary>
public sealed record CaseStart(string State, IReadOnlyList<DeadlineRecord> Deadlines);
