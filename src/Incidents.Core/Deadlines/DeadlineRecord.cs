namespace Incidents.Core.Deadlines;

public enum DeadlineStatus { Running, Paused, Met, Cancelled }

public enum DurationUnit { Calendar, Working }

/// <summary>
/// One running clock of a case (acceptance, resolution, acknowledge, ...), keyed by the definition's deadline id.
/// It keeps what is needed to recompute DueAt when the calendar is edited or the case is paused and resumed.
/// </summary>
public sealed record DeadlineRecord
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public required string LegalBasis { get; init; }
    /// <summary>ISO 8601 duration in force, after extensions (P10D, PT15M, ...).</summary>
    public required string Duration { get; init; }
    public required DurationUnit Unit { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public DeadlineStatus Status { get; init; } = DeadlineStatus.Running;
    public DateTimeOffset? PausedAt { get; init; }
    /// <summary>
    /// Time excluded from the clock by pauses so far, in the deadline's own measure: wall-clock time for calendar
    /// deadlines, working time (the part of the pause that fell on working days) for working-day deadlines.
    /// </summary>
    public TimeSpan PausedTotal { get; init; }
    public int ExtensionsUsed { get; init; }
    /// <summary>The latest the limit may end, whatever the count gives (the close of the day before election day).</summary>
    public DateTimeOffset? NotAfter { get; init; }
    public DateTimeOffset? MetAt { get; init; }
    public IReadOnlyList<DeadlineStep> Steps { get; init; } = [];
}

/// <summary>
/// One escalation step of a deadline: a warning, the breach, or a later level. StepKey is unique per (case, deadline)
/// over the case's life (a step re-armed after an extension gets a new key), so (case, deadline, step) is the
/// exactly-once key for its email.
/// </summary>
public sealed record DeadlineStep(string StepKey, string Kind, DateTimeOffset At, IReadOnlyList<string> Recipients);
