using System.ComponentModel;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;

namespace Incidents.Web.Triage;

/// <summary>The reporter as the API shows it; null in a case view when it is confidential and the reader may not see it.</summary>
public sealed record ReporterView(string? Name, string? Address, string? Phone, string? Email,
    [property: Description("The ID-card number (CCCD, or an old 9-digit CMND); identity like the rest.")] string? IdNumber = null);

public sealed record DeadlineStepView(string StepKey, string Kind, DateTimeOffset At, IReadOnlyList<string> Recipients);

/// <summary>
/// DueIfResumedAt: for a paused limit, the due instant a resume now would give; MetAt: when it was met; Provisional: the
/// count crosses a day the year's Government notice has not confirmed yet (the due date may move).
/// </summary>
public sealed record DeadlineView(string Key, string Name, string LegalBasis, string Duration, string Unit, DateTimeOffset StartedAt,
    DateTimeOffset DueAt, string Status, int ExtensionsUsed, IReadOnlyList<DeadlineStepView> Steps, DateTimeOffset? DueIfResumedAt = null,
    DateTimeOffset? MetAt = null, bool Provisional = false);

/// <summary>One case. Instants are UTC. reporterConfidential: the reporter's identity is confidential (Law on Denunciations
/// 2018, Art. 56), the same for every reader; reporter carries it only for a custodian.</summary>
public sealed record CaseView(
    string Number, string Type, int WorkflowVersion, string State, string Title, string? Description, string LocalityCode,
    string Channel, DateTimeOffset ReceivedAt, DateTimeOffset CreatedAt, string? Severity, string? Assignee,
    IReadOnlyDictionary<string, string> Inputs, DateTimeOffset? NextDueAt, bool Overdue, DateTimeOffset? ClosedAt, int RowVersion,
    ReporterView? Reporter, bool ReporterConfidential, IReadOnlyList<DeadlineView> Deadlines,
    [property: Description("Computed, never stored: the citizen's filing limit passed (the letter is still registered), or an action a missing date shuts (no election day configured).")]
    IReadOnlyList<Intake.WarningView> Warnings)
{
    /// <param name="calendar">The calendar the deadlines were counted on: marks those counted across provisional days and
    /// gives a paused one the due instant a resume now would give.</param>
    public static CaseView From(CaseRecord c, IReadOnlyList<DeadlineRecord> deadlines, Reporter? reporter, bool confidential, DateTimeOffset now,
        BusinessCalendar? calendar = null, IReadOnlyList<Intake.WarningView>? warnings = null) => new(
        c.Number, c.Type, c.WorkflowVersion, c.State, c.Title, c.Description, c.LocalityCode, c.Channel.Name(), c.ReceivedAt, c.CreatedAt,
        c.Severity, c.AssigneeLogin, c.Inputs, c.NextDueAt, c.NextDueAt < now, c.ClosedAt, c.RowVersion,
        reporter is null || reporter.IsEmpty ? null : new ReporterView(reporter.Name, reporter.Address, reporter.Phone, reporter.Email, reporter.IdNumber),
        confidential,
        deadlines.Select(d => new DeadlineView(d.Key, d.Name, d.LegalBasis, d.Duration, d.Unit.ToString().ToLowerInvariant(), d.StartedAt,
            d.DueAt, d.Status.ToString().ToLowerInvariant(), d.ExtensionsUsed,
            d.Steps.Select(s => new DeadlineStepView(s.StepKey, s.Kind, s.At, s.Recipients)).ToList(),
            calendar is not null && d.Status == DeadlineStatus.Paused ? new DeadlineClock(calendar).DueIfResumedAt(d, now) : null, d.MetAt,
            Provisional(calendar, d))).ToList(),
        warnings ?? []) { Place = c.Place, RegisterNumber = c.RegisterNumber, RegisterYear = c.RegisterYear, MergedInto = c.MergedInto };

    [Description("Where exactly, finer than the locality (a polling station); null when not given.")]
    public string? Place { get; init; }

    [Description("Số đến: the incoming-document register number in the receiving body's register of registerYear.")]
    public long? RegisterNumber { get; init; }
    public int? RegisterYear { get; init; }

    [Description("The primary this duplicate is merged into, while the merge stands; the case is then closed.")]
    public string? MergedInto { get; init; }

    /// <summary>A day-counted deadline (no time part: PT4H is elapsed time) counted across a day not yet confirmed.</summary>
    public static bool Provisional(BusinessCalendar? calendar, DeadlineRecord d) =>
        calendar is not null && !d.Duration.Contains('T', StringComparison.Ordinal) && calendar.CountsAcrossProvisional(d.StartedAt, d.DueAt);
}

/// <summary>A queue row: never carries the reporter.</summary>
public sealed record CaseListItem(string Number, string Type, string State, string Title, string LocalityCode, string Channel,
    DateTimeOffset ReceivedAt, string? Severity, string? Assignee, DateTimeOffset? NextDueAt, bool Overdue, int RowVersion,
    [property: Description("Mail received since the assignee last opened the case.")] int UnreadCorrespondence = 0)
{
    public static CaseListItem From(CaseRecord c, DateTimeOffset now, IReadOnlyDictionary<long, IReadOnlyList<string>>? labels = null) => new(c.Number, c.Type, c.State, c.Title, c.LocalityCode,
        c.Channel.Name(), c.ReceivedAt, c.Severity, c.AssigneeLogin, c.NextDueAt, c.NextDueAt < now, c.RowVersion, c.UnreadCorrespondence)
    { Labels = labels?.GetValueOrDefault(c.Id) ?? [] };

    [Description("The case's labels, by name.")]
    public IReadOnlyList<string> Labels { get; init; } = [];
}

/// <summary>
/// A queue page. Total is exact up to 10,000 matching cases (or the end of the requested page, when further); beyond that
/// Total is that bound and TotalIsLowerBound is true: show "10,000+".
/// </summary>
public sealed record CaseListView(
    IReadOnlyList<CaseListItem> Items,
    [property: Description("Matching cases: exact, or a lower bound when totalIsLowerBound is true (counting stops at 10,000, or at the end of the requested page when further).")]
    long Total,
    int Page,
    int PageSize,
    [property: Description("True when more cases match than were counted: show the total as \"10,000+\".")]
    bool TotalIsLowerBound);

/// <summary>Assign (login) or unassign (null), guarded by the row version the client last read.</summary>
public sealed record AssignRequest(string? Assignee, int? RowVersion);
