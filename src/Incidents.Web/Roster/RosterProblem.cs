using Incidents.Core.Workflows;

namespace Incidents.Web.Roster;

/// <summary>
/// One refused field of a posting, an import row or a situation report: the API's field name (rows[5].phone for row 5
/// of a file) and the message in both languages. The API says "Vietnamese / English"; the pages say the reader's language.
/// </summary>
public sealed record RosterProblem(string Field, LocalizedText Text)
{
    public RosterProblem(string field, string vi, string en) : this(field, new LocalizedText(vi, en)) { }

    public string Message => $"{Text.Vi} / {Text.En}";

    public static IReadOnlyDictionary<string, string[]> ByField(IEnumerable<RosterProblem> problems) =>
        problems.GroupBy(p => p.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray(), StringComparer.Ordinal);
}
