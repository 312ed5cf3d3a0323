using System.Globalization;
using Incidents.Core.Workflows;

namespace Incidents.Web.Handling;

/// <summary>
/// The configured election day (Incidents:Election:Day, yyyy-MM-dd) written into the "election-day" case field of the
/// types that have one (candidate complaints), so the definition's window rule ("received before election day minus
/// 10 days") is evaluated against the committee's date, not one the sender chose.
/// </summary>
public sealed class ElectionDay(IConfiguration config)
{
    public const string Field = "election-day";
    public const string Setting = "Incidents:Election:Day";

    /// <summary>The configured day, or null when unset or not a date (then the field is left as intake gave it).</summary>
    public DateOnly? Day => DateOnly.TryParseExact(config[Setting]?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
        ? d : null;

    public IReadOnlyDictionary<string, string> Apply(WorkflowDefinition def, IReadOnlyDictionary<string, string> inputs)
    {
        if (Day is not { } day || def.Fields.All(f => f.Id != Field)) return inputs;
        return new Dictionary<string, string>(inputs) { [Field] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
    }
}
