namespace Incidents.Core.Cases;

/// <summary>How a case reached us. OnSite and Patrol: a security officer who saw the incident on site or on patrol.</summary>
public enum Channel { Counter, Post, Email, Web, Phone, Referral, OnSite, Patrol }

/// <summary>Who filed the case. For a confidential workflow (denunciations) it is stored apart from the case and shown only to the assigned handler and leadership.
/// IdNumber: the CCCD (or old CMND), optional, identity like the rest.</summary>
public sealed record Reporter(string? Name, string? Address, string? Phone, string? Email, string? IdNumber = null)
{
    public bool IsEmpty => Name is null && Address is null && Phone is null && Email is null && IdNumber is null;
}

/// <summary>A case as stored. Inputs holds the workflow's case fields (complex, remote, instance, ...) as strings.</summary>
public sealed record CaseRecord
{
    public long Id { get; init; }
    public required string Number { get; init; }
    public required string Type { get; init; }
    public required int WorkflowVersion { get; init; }
    public required string State { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required string LocalityCode { get; init; }
    public required Channel Channel { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public string? Severity { get; init; }
    /// <summary>Where exactly, finer than the locality (a polling station); optional free text.</summary>
    public string? Place { get; init; }
    public long? AssigneeId { get; init; }
    public string? AssigneeLogin { get; init; }
    public IReadOnlyDictionary<string, string> Inputs { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? NextDueAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public int RowVersion { get; init; }
    /// <summary>Correspondence received (mail-in entries) since the assignee last opened the case: the "new" badge.</summary>
    public int UnreadCorrespondence { get; init; }
    /// <summary>Số đến: the incoming-document register number in its body's register for the year; null before migration 0017.</summary>
    public long? RegisterNumber { get; init; }
    public int? RegisterYear { get; init; }
    /// <summary>The primary this case was merged into, while the merge stands (the case is then closed).</summary>
    public string? MergedInto { get; init; }
}

/// <summary>One line of the append-only case history.</summary>
public sealed record CaseEvent(
    long Id,
    long CaseId,
    DateTimeOffset At,
    string? Actor,
    string Kind,
    string? Action,
    string? FromState,
    string? ToState,
    IReadOnlyDictionary<string, string> Data);
