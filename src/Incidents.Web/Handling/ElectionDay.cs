using System.Globalization;
using Incidents.Core.Workflows;

namespace Incidents.Web.Handling;

/// <summary>
/// The configured election day (Incidents:Election:Day, yyyy-MM-dd) written into the "election-day" case field of the
/// types that have one (candidate and voter-list complaints), so the definitions' rules (no consideration from 10 days
/// before election day, Art. 61(2); the voter-list answer before it, Art. 33) use the committee's date, not one the
/// sender chose.
/// </summary>
public sealed class ElectionDay(IConfiguration config)
{
    public const string Field = "election-day";
    public const string Setting = "Incidents:Election:Day";

    /// <summary>The configured day, or null when unset or not a date.</summary>
    public DateOnly? Day => DateOnly.TryParseExact(config[Setting]?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        ? d : null;

    public IReadOnlyDictionary<string, string> Apply(WorkflowDefinition def, IReadOnlyDictionary<string, string> inputs)
    {
        if (def.Fields.All(f => f.Id != Field)) return inputs;
        var applied = new Dictionary<string, string>(inputs);
        // Unset: the sender cannot supply the date either, so the case says no election day is configured (Art. 61(2)
        // cannot be applied) instead of running on a date the committee never set.
        if (Day is { } day) applied[Field] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        else applied.Remove(Field);
        return applied;
    }
}
