using System.ComponentModel;
using System.Text.Json;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;

namespace Incidents.Core.Intake;

/// <summary>The reporter as sent: all optional; the case type says which are required. IdNumber: CCCD (12 digits) or old CMND (9).</summary>
public sealed record ReporterInput(string? Name, string? Address, string? Phone, string? Email, string? IdNumber = null);

/// <summary>
/// A new case as received from the API or the intake page. Scalars are strings so that every bad field can be named in
/// one answer instead of failing on the first type error.
/// </summary>
public sealed record IntakeRequest
{
    [Description("Case type: the id of a workflow definition (complaint, denunciation, security-incident, ...). Required.")]
    public string? Type { get; init; }
    [Description("Short subject, 1-500 characters. Required.")]
    public string? Title { get; init; }
    [Description("Free text, up to 20000 characters.")]
    public string? Description { get; init; }
    [Description("Code of an administrative unit valid on the day of receipt (e.g. 00004). Required.")]
    public string? LocalityCode { get; init; }
    [Description("How the case arrived: counter, post, email, web, phone, referral, onsite or patrol. Required.")]
    public string? Channel { get; init; }
    /// <summary>ISO 8601 with offset, e.g. 2026-11-20T09:00:00+07:00.</summary>
    [Description("When it was received, ISO 8601 with offset; not in the future. Required.")]
    public string? ReceivedAt { get; init; }
    [Description("Who filed it. Which fields are required depends on the type; confidential for denunciations.")]
    public ReporterInput? Reporter { get; init; }
    [Description("Where exactly, finer than the locality: a polling station or a place, up to 200 characters. Optional.")]
    public string? Place { get; init; }
    [Description("Only for types with severities (incidents): one of the type's values, then required.")]
    public string? Severity { get; init; }
    [Description("Số đến: the incoming-document register number for this year, a whole number from 1, when the paper register gave one; " +
        "otherwise the next number is assigned. Unique per receiving body and year.")]
    public string? RegisterNumber { get; init; }
    /// <summary>The workflow's case fields (complex, remote, ...); values are strings, numbers or booleans.</summary>
    public Dictionary<string, JsonElement>? Inputs { get; init; }
}

/// <summary>A request that passed validation, NFC-normalised and typed.</summary>
public sealed record ValidIntake(
    WorkflowDefinition Definition,
    string Title,
    string? Description,
    string LocalityCode,
    Channel Channel,
    DateTimeOffset ReceivedAt,
    Reporter Reporter,
    string? Severity,
    IReadOnlyDictionary<string, string> Inputs,
    string? Place = null,
    long? RegisterNumber = null);

/// <summary>Either a valid intake or the problems per field (field name -> codes with arguments; Errors: as "vi / en").</summary>
public sealed record IntakeValidation(ValidIntake? Value, IReadOnlyDictionary<string, IntakeProblem[]> Problems)
{
    public bool IsValid => Value is not null;
    public IReadOnlyDictionary<string, string[]> Errors => IntakeProblems.Messages(Problems);
}
