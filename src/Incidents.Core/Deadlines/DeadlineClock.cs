using Incidents.Core.Calendar;
using Incidents.Core.Workflows;

namespace Incidents.Core.Deadlines;

/// <summary>The duration, unit and ladder a deadline has for one case, after its variants are applied.</summary>
public sealed record ResolvedDeadline(DeadlineDefinition Definition, IsoDuration Duration, DurationUnit Unit, EscalationDefinition Escalation,
    DateTimeOffset? NotAfter = null);

/// <summary>
/// Computes due instants and escalation steps. Rules:
/// - Due = the Civil Code count (Arts. 147–148) of the duration in force (the original plus extensions) from StartedAt:
///   the day of the event is not counted, a day limit ends at the close of its last day, and a last day that is a rest
///   day or holiday moves to the close of the next working day, in either unit. A duration with a time part is elapsed time.
/// - Suspension (only where the definition names a legal ground) excludes whole days: count the days, add the days
///   suspended, then apply the rest-day rule once. The days suspended are the dates from the suspension to the
///   resumption, in the deadline's unit (calendar days, or the working days among them); a suspension that starts and
///   ends on one day excludes nothing. Elapsed-time limits exclude the exact span. PausedTotal keeps the excluded amount:
///   whole days (n × 24 h) for day limits, the span for elapsed ones, so a recount after a calendar edit gives the
///   same answer as the walk did.
/// - Steps: a warning at a share of the time allowed, the breach at the due instant, later levels an elapsed time after
///   the breach. Step keys carry the extension generation (".x1", ".x2") so a re-armed step never reuses the key of
///   one that may already have been sent; steps already past keep their key and instant.
/// </summary>
public sealed class DeadlineClock(BusinessCalendar calendar)
{
    public BusinessCalendar Calendar { get; } = calendar;

    public static ResolvedDeadline Resolve(DeadlineDefinition d, IReadOnlyDictionary<string, string> fields)
    {
        var variant = d.Variants.FirstOrDefault(v => v.When.All(w => fields.TryGetValue(w.Key, out var x) && x == w.Value));
        DateTimeOffset? notAfter = d.EndsBefore is { } f && fields.TryGetValue(f, out var v)
            && DateOnly.TryParseExact(v, "yyyy-MM-dd", out var day) ? BusinessCalendar.EndOfDay(day.AddDays(-1)) : null;
        return new(d,
            IsoDuration.Parse(variant?.Duration ?? d.Duration),
            variant?.Unit ?? d.Unit,
            variant?.Escalation ?? d.Escalation ?? new EscalationDefinition(),
            notAfter);
    }

    public DeadlineRecord Start(ResolvedDeadline r, DateTimeOffset startedAt)
    {
        var record = new DeadlineRecord
        {
            Key = r.Definition.Id,
            Name = r.Definition.Name.Vi,
            LegalBasis = r.Definition.LegalBasis.Vi,
            Duration = r.Duration.ToString(),
            Unit = r.Unit,
            StartedAt = startedAt,
            DueAt = startedAt,
            NotAfter = r.NotAfter,
        };
        record = record with { DueAt = Due(record) };
        return record with { Steps = Ladder(r.Escalation, record) };
    }

    /// <summary>The due instant of a record from its start, the duration in force and the time excluded by pauses.</summary>
    public DateTimeOffset Due(DeadlineRecord d)
    {
        var due = Counted(d);
        return d.NotAfter is { } cap && due > cap ? cap : due;
    }

    private DateTimeOffset Counted(DeadlineRecord d)
    {
        var duration = IsoDuration.Parse(d.Duration);
        if (duration.HasTime) return d.StartedAt + duration.Elapsed + d.PausedTotal;
        var days = duration.Days + (int)d.PausedTotal.TotalDays;
        return d.Unit == DurationUnit.Working ? Calendar.AfterWorkingDays(d.StartedAt, days) : Calendar.AfterCalendarDays(d.StartedAt, days);
    }

    /// <summary>For a suspended deadline, the due instant it would have if it were resumed at <paramref name="now"/>; else DueAt.</summary>
    public DateTimeOffset DueIfResumedAt(DeadlineRecord d, DateTimeOffset now) =>
        d.Status == DeadlineStatus.Paused ? Resume(d, new EscalationDefinition(), now).DueAt : d.DueAt;

    public static DeadlineRecord Pause(DeadlineRecord d, DateTimeOffset at) =>
        d.Status == DeadlineStatus.Running ? d with { Status = DeadlineStatus.Paused, PausedAt = at } : d;

    public DeadlineRecord Resume(DeadlineRecord d, EscalationDefinition ladder, DateTimeOffset at)
    {
        if (d.Status != DeadlineStatus.Paused || d.PausedAt is not { } pausedAt) return d;
        var excluded = IsoDuration.Parse(d.Duration).HasTime
            ? (at > pausedAt ? at - pausedAt : TimeSpan.Zero)
            : TimeSpan.FromDays(DaysSuspended(d.Unit, pausedAt, at));
        var resumed = d with { Status = DeadlineStatus.Running, PausedAt = null, PausedTotal = d.PausedTotal + excluded };
        resumed = resumed with { DueAt = Due(resumed) };
        return resumed with { Steps = Rearm(resumed, ladder, pausedAt, keepWarningsInPast: true) };
    }

    /// <summary>The dates from the suspension's day up to (not including) the resumption's day, in the deadline's unit.</summary>
    private int DaysSuspended(DurationUnit unit, DateTimeOffset from, DateTimeOffset to)
    {
        var (a, b) = (BusinessCalendar.LocalDate(from), BusinessCalendar.LocalDate(to));
        if (unit == DurationUnit.Calendar) return Math.Max(0, b.DayNumber - a.DayNumber);
        var n = 0;
        for (var x = a; x < b; x = x.AddDays(1)) if (Calendar.IsWorkingDay(x)) n++;
        return n;
    }

    /// <summary>One more extension of <paramref name="length"/>; the ladder is re-armed under the new generation's keys.</summary>
    public DeadlineRecord Extend(DeadlineRecord d, IsoDuration length, EscalationDefinition ladder, DateTimeOffset now)
    {
        var extended = d with
        {
            ExtensionsUsed = d.ExtensionsUsed + 1,
            Duration = IsoDuration.Parse(d.Duration).Add(length).ToString(),
        };
        extended = extended with { DueAt = Due(extended) };
        return extended with { Steps = Rearm(extended, ladder, now, keepWarningsInPast: false) };
    }

    /// <summary>
    /// A case field that selects the limit changed (complexity found while resolving): the limit is counted again from
    /// its own start with the new base duration, keeping the extensions already granted and the days suspended.
    /// </summary>
    public DeadlineRecord Reassess(DeadlineRecord d, ResolvedDeadline before, ResolvedDeadline after)
    {
        if (d.Status is DeadlineStatus.Met or DeadlineStatus.Cancelled || (before.Duration == after.Duration && before.Unit == after.Unit)) return d;
        var current = IsoDuration.Parse(d.Duration);
        var granted = new IsoDuration(current.Days - before.Duration.Days, current.Time - before.Duration.Time);
        return Recount(d with { Duration = after.Duration.Add(granted).ToString(), Unit = after.Unit }, after.Escalation);
    }

    /// <summary>
    /// After a calendar edit: a day-counted deadline still open (calendar or working days: Civil Code Art. 148 moves a
    /// last day that is a day off whatever the unit) gets its due instant and current steps again. Elapsed-time limits
    /// (PT15M) do not depend on the calendar.
    /// </summary>
    public DeadlineRecord Recompute(DeadlineRecord d, EscalationDefinition ladder)
    {
        if (IsoDuration.Parse(d.Duration).HasTime || d.Status is DeadlineStatus.Met or DeadlineStatus.Cancelled) return d;
        return Recount(d, ladder);
    }

    /// <summary>The due instant counted again, and the current generation's steps replaced by the ladder's.</summary>
    private DeadlineRecord Recount(DeadlineRecord d, EscalationDefinition ladder)
    {
        var r = d with { DueAt = Due(d) };
        var current = Ladder(ladder, r);
        var keys = current.Select(s => s.StepKey).ToHashSet();
        return r with { Steps = [.. d.Steps.Where(s => !keys.Contains(s.StepKey) && !IsCurrentGeneration(s.StepKey, r)), .. current] };
    }

    /// <summary>Met or cancelled: steps still ahead are dropped (the host cancels them); steps already due stay as history.</summary>
    public static DeadlineRecord Close(DeadlineRecord d, DeadlineStatus status, DateTimeOffset now) =>
        d.Status is DeadlineStatus.Met or DeadlineStatus.Cancelled
            ? d
            : d with
            {
                Status = status,
                MetAt = status == DeadlineStatus.Met ? now : d.MetAt,
                PausedAt = null,
                Steps = [.. d.Steps.Where(s => s.At <= now)],
            };

    /// <summary>The ladder for the record's current generation of keys.</summary>
    public IReadOnlyList<DeadlineStep> Ladder(EscalationDefinition e, DeadlineRecord d)
    {
        var suffix = d.ExtensionsUsed > 0 ? $".x{d.ExtensionsUsed}" : "";
        var steps = new List<DeadlineStep>();
        if (e.Warning is { } w) steps.Add(new($"warning{suffix}", StepKinds.Warning, WarningAt(d, w.At), w.To));
        if (e.Breach is { } b) steps.Add(new($"breach{suffix}", StepKinds.Breach, d.DueAt, b.To));
        for (var i = 0; i < e.Levels.Count; i++)
            steps.Add(new($"escalation.{i + 1}{suffix}", StepKinds.Escalation, d.DueAt + IsoDuration.Parse(e.Levels[i].After).Elapsed, e.Levels[i].To));
        return steps;
    }

    /// <summary>
    /// When the given share of the time allowed is used, the paused time assumed to lie before that point. Working-day
    /// deadlines measure working time, so a warning never falls in a weekend; times are rounded to the second.
    /// </summary>
    private DateTimeOffset WarningAt(DeadlineRecord d, double share)
    {
        if (d.Unit == DurationUnit.Working)
        {
            var allowed = Calendar.WorkingTime(d.StartedAt, d.DueAt) - d.PausedTotal;
            return Calendar.AddWorkingTime(d.StartedAt, TimeSpan.FromSeconds(Math.Round(allowed.TotalSeconds * share)) + d.PausedTotal);
        }
        var span = d.DueAt - d.StartedAt - d.PausedTotal;
        return d.DueAt - TimeSpan.FromSeconds(Math.Round(span.TotalSeconds * (1 - share)));
    }

    private static bool IsCurrentGeneration(string key, DeadlineRecord d) =>
        d.ExtensionsUsed > 0 ? key.EndsWith($".x{d.ExtensionsUsed}", StringComparison.Ordinal) : !key.Contains(".x", StringComparison.Ordinal);

    /// <summary>
    /// Steps at or before <paramref name="cutoff"/> stay as they were (they may have been sent). The rest are replaced
    /// by the current ladder; after an extension a new warning already in the past is dropped rather than sent late.
    /// </summary>
    private IReadOnlyList<DeadlineStep> Rearm(DeadlineRecord d, EscalationDefinition ladder, DateTimeOffset cutoff, bool keepWarningsInPast)
    {
        var past = d.Steps.Where(s => s.At <= cutoff).ToList();
        var pastKeys = past.Select(s => s.StepKey).ToHashSet();
        var fresh = Ladder(ladder, d)
            .Where(s => !pastKeys.Contains(s.StepKey))
            .Where(s => keepWarningsInPast || s.Kind != StepKinds.Warning || s.At > cutoff);
        return [.. past, .. fresh];
    }
}

public static class StepKinds
{
    public const string Warning = "warning", Breach = "breach", Escalation = "escalation";
}

/// <summary>A step the host's sweep should fire now.</summary>
public sealed record DueStep(string DeadlineKey, DeadlineStep Step);

/// <summary>Queries over a case's deadlines for the host's sweep and lists.</summary>
public static class DeadlineSchedule
{
    /// <summary>Steps of running deadlines due at or before <paramref name="at"/>. Paused, met and cancelled clocks never fire.</summary>
    public static IReadOnlyList<DueStep> StepsDue(IEnumerable<DeadlineRecord> deadlines, DateTimeOffset at) =>
        [.. deadlines.Where(d => d.Status == DeadlineStatus.Running)
            .SelectMany(d => d.Steps.Where(s => s.At <= at).Select(s => new DueStep(d.Key, s)))
            .OrderBy(s => s.Step.At)];

    /// <summary>
    /// For the job that wakes at a step's instant, after it re-reads the case: the step still exists with that key, its
    /// deadline is running and the instant has come. False after a pause, a resume that moved it, an extension that
    /// re-armed it under a new key, or the deadline being met or cancelled.
    /// </summary>
    public static bool StillHolds(IEnumerable<DeadlineRecord> deadlines, string deadlineKey, string stepKey, DateTimeOffset now) =>
        deadlines.FirstOrDefault(d => d.Key == deadlineKey) is { Status: DeadlineStatus.Running } d
        && d.Steps.Any(s => s.StepKey == stepKey && s.At <= now);

    /// <summary>The earliest due instant of a running deadline (CaseRecord.NextDueAt), or null.</summary>
    public static DateTimeOffset? NextDue(IEnumerable<DeadlineRecord> deadlines) =>
        deadlines.Where(d => d.Status == DeadlineStatus.Running).Select(d => (DateTimeOffset?)d.DueAt).Min();
}
