using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;

namespace Incidents.Core.Workflows;

/// <summary>A state a case enters by itself (<see cref="StateDefinition.EnteredAt"/>) and the instant it is due.</summary>
public sealed record AutomaticMove(StateDefinition State, DateTimeOffset At);

/// <summary>
/// Moves nobody performs: at the start of the day (date field + offset) an open case received before that instant and
/// still in one of the listed states enters the state. The host runs it on a schedule and catches up after a restart;
/// the case's row version makes it happen once.
/// </summary>
public static class AutomaticEntries
{
    public const string EventKind = "automatic";

    /// <summary>The move due for this case (at or before <paramref name="now"/> or later), or null when none applies.</summary>
    public static AutomaticMove? Next(WorkflowDefinition def, Cases.CaseRecord c)
    {
        if (def.State(c.State) is not { Final: false }) return null;
        var fields = WorkflowRuntime.Fields(def, c.Inputs, c.Severity);
        foreach (var s in def.States)
        {
            if (s.EnteredAt is not { } a || !a.From.Contains(c.State)) continue;
            if (!fields.TryGetValue(a.Field, out var text)
                || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) continue;
            var days = IsoDuration.DayOffset(a.Offset);
            var at = BusinessCalendar.StartOfDay(date.AddDays(days));
            // A letter received from then on is new: its own state's actions handle it (logged and routed on).
            if (c.ReceivedAt >= at) continue;
            return new(s, at);
        }
        return null;
    }

    /// <summary>The move as a result the host stores like an action's: deadlines met or cancelled by the new state are closed.</summary>
    public static ActionResult Enter(WorkflowDefinition def, CaseSnapshot snapshot, AutomaticMove move, DateTimeOffset now)
    {
        var target = move.State;
        var deadlines = snapshot.Deadlines.Select(d =>
        {
            if (def.Deadline(d.Key) is not { } dd) return d;
            if (dd.MetIn.Contains(target.Id)) return DeadlineClock.Close(d, DeadlineStatus.Met, now);
            if (dd.CancelledIn.Contains(target.Id) || target.Final) return DeadlineClock.Close(d, DeadlineStatus.Cancelled, now);
            return d;
        }).ToList();
        var data = new Dictionary<string, string>
        {
            ["from"] = snapshot.Case.State,
            ["to"] = target.Id,
            ["at"] = move.At.ToString("O", CultureInfo.InvariantCulture),
            ["reason"] = target.EnteredAt!.Reason.Vi,
        };
        return new(EventKind, snapshot.Case.State, target.Id, target.Final, deadlines, data, null, now);
    }
}
