using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Web.Ui.Localization;

namespace Incidents.Web.Ui.Display;

/// <summary>
/// The detail lines under a history entry, as sentences: an action's inputs with their labels and words, dates as
/// dd/MM/yyyy, due dates as "hết ngày …", durations in words. Stored ids, ISO instants and ISO durations stay in the data.
/// </summary>
public static class History
{
    // A history line's kind is a stored id; people read its words (English here, the catalogue gives the Vietnamese).
    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["created"] = "Case taken in", ["assigned"] = "Assigned", ["identity-viewed"] = "Identity viewed",
        ["linked"] = "Case linked", ["attachment-added"] = "Attachment added", ["deadlines-recomputed"] = "Deadlines recounted",
        ["deadline-moved"] = "Deadline moved", ["reclassified"] = "Reclassified", ["reclassified-from"] = "Reclassified from",
        ["escalation"] = "Escalated to the level above", ["escalation-unrouted"] = "Escalation with nobody to send it to",
        ["automatic"] = "Moved automatically",
        ["merged-into"] = "Merged into", ["merged-from"] = "Duplicate merged in", ["unmerged"] = "Merge undone",
        // The case's thread (Core/Thread/EntryKinds.HistoryKind)
        ["note-added"] = "Note added", ["note-corrected"] = "Note corrected", ["mail-received"] = "Email received",
        ["mail-sent"] = "Email sent", ["notice-sent"] = "Notice sent", ["correspondence-logged"] = "Call or letter logged",
        ["thread-entry"] = "Thread entry",
    };

    /// <summary>The case page's history filters, in the order offered; "all" first.</summary>
    public static readonly IReadOnlyList<string> Filters = ["all", "actions", "correspondence", "deadlines"];

    /// <summary>The words of a history filter.</summary>
    public static string FilterName(string filter, UiText t) => filter switch
    {
        "actions" => t["Actions"], "correspondence" => t["Correspondence"], "deadlines" => t["Deadlines"], _ => t["All"],
    };

    private static readonly HashSet<string> Correspondence = new(StringComparer.Ordinal)
        { "note-added", "note-corrected", "mail-received", "mail-sent", "notice-sent", "correspondence-logged", "thread-entry", "attachment-added" };

    private static readonly HashSet<string> Deadlines = new(StringComparer.Ordinal)
        { "deadlines-recomputed", "deadline-moved", "escalation", "escalation-unrouted" };

    /// <summary>Whether a line belongs under a filter: the thread's lines are correspondence; recounts, moves, escalations
    /// and any line that extends or resets a limit are deadlines; the rest (intake, assignment, actions) are actions. An
    /// action that extends a limit is under both.</summary>
    public static bool Under(CaseEvent e, string? filter) => filter switch
    {
        "correspondence" => Correspondence.Contains(e.Kind),
        "deadlines" => Deadlines.Contains(e.Kind) || e.Data.Keys.Any(k => k.StartsWith("extended.", StringComparison.Ordinal) || k.StartsWith("due.", StringComparison.Ordinal)),
        "actions" => !Correspondence.Contains(e.Kind) && !Deadlines.Contains(e.Kind),
        _ => true,
    };

    /// <summary>Every history line kind that has words (the page walk makes sure none reaches a reader as it is).</summary>
    public static IReadOnlyCollection<string> Kinds => Titles.Keys;

    /// <summary>The words for a history line's kind in the reader's language; an unknown kind shows as it is.</summary>
    public static string Title(string kind, UiText t) => Titles.TryGetValue(kind, out var english) ? t[english] : kind;

    public static IReadOnlyList<string> Lines(CaseEvent e, WorkflowDefinition? def, UiText t)
    {
        var lines = new List<string>();
        var action = e.Action is null ? null : def?.States.SelectMany(s => s.Actions).FirstOrDefault(a => a.Id == e.Action);
        foreach (var (k, v) in e.Data.Where(kv => kv.Key.StartsWith("input.", StringComparison.Ordinal)))
        {
            var input = action?.Inputs.FirstOrDefault(i => i.Id == k[6..]);
            lines.Add($"{(input is null ? k[6..] : Show.Text(input.Label))}: {Value(input, v)}");
        }
        if (Instant(e.Data.GetValueOrDefault("effectiveAt")) is { } effective)
            lines.Add(t.F("effective {0}", DeadlineWords.Date(DateOnly.FromDateTime(Show.Local(effective).DateTime))));
        foreach (var (k, v) in e.Data.Where(kv => kv.Key.StartsWith("extended.", StringComparison.Ordinal)))
        {
            var dd = def?.Deadline(k[9..]);
            // The days granted are the decision's (an input named by the effect), else the policy's fixed length.
            var length = action?.Effects.FirstOrDefault(x => x.Kind == EffectKinds.Extend && x.Deadline == k[9..])?.Length;
            var by = dd is null ? null
                : length is not null && e.Data.GetValueOrDefault($"input.{length}") is { } days ? Show.Duration($"P{days}D", dd.Unit)
                : dd.Extensions is { } x ? Show.Duration(x.Duration, dd.Unit) : null;
            var to = Instant(v) is { } at ? Show.Due(at) : v;
            lines.Add(by is null ? t.F("{0} extended to {1}", Name(dd, k[9..]), to) : t.F("{0} extended by {1}, to {2}", Name(dd, k[9..]), by, to));
        }
        if (e.Kind == "deadline-moved")
        {
            var key = e.Data.GetValueOrDefault("deadline") ?? "";
            var line = t.F("{0} moved from {1} to {2}", Name(def?.Deadline(key), key), DueText(e.Data.GetValueOrDefault("from")), DueText(e.Data.GetValueOrDefault("to")));
            if (e.Data.GetValueOrDefault("cause") is { Length: > 0 } cause) line += " " + t.F("(because: {0})", cause);
            lines.Add(line);
        }
        // Who looked at a denouncer, and why: the auditor reads the reason given at the reveal.
        if (e.Kind is "identity-viewed" or "merged-into" or "merged-from" or "unmerged" && e.Data.GetValueOrDefault("reason") is { Length: > 0 } reason)
            lines.Add(t.F("Reason: {0}", reason));
        foreach (var (k, v) in e.Data.Where(kv => kv.Key.StartsWith("due.", StringComparison.Ordinal)))
            lines.Add(t.F("{0} now runs to {1}", Name(def?.Deadline(k[4..]), k[4..]), DueText(v)));
        return lines;
    }

    /// <summary>An input value as words: a choice's label, Có/Không, a date as dd/MM/yyyy, an instant in Vietnam time.</summary>
    private static string Value(InputDefinition? input, string v)
    {
        if (input?.Type is InputTypes.Choice or InputTypes.Bool or InputTypes.Date) return Show.Value(input, v);
        return v.Length >= 20 && Instant(v) is { } at ? Show.Time(at) : v;
    }

    private static string Name(DeadlineDefinition? d, string key) => d is null ? key : Show.Text(d.Name);

    private static string DueText(string? iso) => Instant(iso) is { } at ? Show.Due(at) : iso ?? "—";

    private static DateTimeOffset? Instant(string? iso) =>
        iso is not null && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
}
