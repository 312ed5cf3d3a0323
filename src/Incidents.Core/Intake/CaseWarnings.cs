using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;

namespace Incidents.Core.Intake;

/// <summary>Something the handler must know about a case that does not stop it being registered. Code is stable for API clients.</summary>
public sealed record CaseWarning(string Code, LocalizedText Message);

/// <summary>
/// Warnings computed from a case and its definition, never stored: the citizen's filing limits passed (the letter is
/// still registered; refusing it is a separate decision with reasons) and actions a missing date field shuts (a
/// candidate complaint with no election day configured cannot be considered, Election Law Art. 61(2)).
/// </summary>
public static class CaseWarnings
{
    public const string LatePrefix = "late-filing.", UnsetPrefix = "unset.";

    public static IReadOnlyList<CaseWarning> For(WorkflowDefinition def, CaseRecord c, BusinessCalendar calendar)
    {
        var fields = WorkflowRuntime.Fields(def, c.Inputs, c.Severity);
        var warnings = new List<CaseWarning>();
        foreach (var limit in def.FilingLimits)
            if (Late(def, limit, fields, c.ReceivedAt, calendar) is { } w) warnings.Add(w);

        if (def.State(c.State) is { Final: false })
            foreach (var cond in def.States.SelectMany(s => s.Actions).SelectMany(a => a.Conditions))
                if (cond is { Before: not null, IfUnset: { } reason } && !Has(fields, cond.Field)
                    && warnings.All(w => w.Code != UnsetPrefix + cond.Field))
                    warnings.Add(new(UnsetPrefix + cond.Field, reason));
        return warnings;
    }

    /// <summary>
    /// The close of the limit's last day: the date in the field, that day not counted, plus the days; a last day that is
    /// a rest day or holiday moves to the next working day (Civil Code Arts. 147-148).
    /// </summary>
    public static DateTimeOffset LastInstant(DateOnly from, int days, BusinessCalendar calendar) =>
        calendar.AfterCalendarDays(BusinessCalendar.StartOfDay(from), days);

    private static CaseWarning? Late(WorkflowDefinition def, FilingLimit limit, IReadOnlyDictionary<string, string> fields,
        DateTimeOffset receivedAt, BusinessCalendar calendar)
    {
        if (!Matches(limit.When, fields)) return null;
        if (!fields.TryGetValue(limit.From, out var text) || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var from)) return null;
        var duration = limit.Variants.FirstOrDefault(v => Matches(v.When, fields))?.Duration ?? limit.Duration;
        var days = IsoDuration.Parse(duration).Days;
        var end = LastInstant(from, days, calendar);
        if (receivedAt < end) return null;

        var label = def.Fields.First(f => f.Id == limit.From).Label;
        var lastDay = BusinessCalendar.LocalDate(end.AddTicks(-1));
        var received = BusinessCalendar.LocalDate(receivedAt);
        return new(LatePrefix + limit.Id, new(
            $"Đơn nhận ngày {D(received)}, quá thời hạn {days} ngày kể từ {label.Vi} ({D(from)}); ngày cuối là {D(lastDay)}. " +
            $"{limit.LegalBasis.Vi}. Đơn vẫn được tiếp nhận; không thụ lý là một quyết định riêng, có nêu lý do.",
            $"Received on {D(received)}, past the {days}-day limit from {label.En} ({D(from)}); the last day was {D(lastDay)}. " +
            $"{limit.LegalBasis.En}. The letter is registered; refusing it is a separate decision with reasons."));
    }

    private static bool Matches(IReadOnlyDictionary<string, string> when, IReadOnlyDictionary<string, string> fields) =>
        when.All(kv => fields.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static bool Has(IReadOnlyDictionary<string, string> fields, string field) =>
        fields.TryGetValue(field, out var v) && !string.IsNullOrWhiteSpace(v);

    private static string D(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
}
