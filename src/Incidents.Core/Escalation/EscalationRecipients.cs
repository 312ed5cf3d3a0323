using Incidents.Core.Access;

namespace Incidents.Core.Escalation;

/// <summary>Addresses per symbolic recipient, on top of the users table (Incidents:Escalation:Recipients).</summary>
public sealed record RecipientExtras(IReadOnlyDictionary<string, IReadOnlyList<string>> BySymbol)
{
    public static readonly RecipientExtras None = new(new Dictionary<string, IReadOnlyList<string>>());
    public IReadOnlyList<string> For(string symbol) => BySymbol.TryGetValue(symbol, out var a) ? a : [];
}

/// <summary>An active user with an address, as escalation may address them. A null locality means the whole country.</summary>
public sealed record Addressee(string Email, IReadOnlySet<string> Roles, bool IsLead, string? LocalityCode)
{
    public bool Has(string role) => Roles.Contains(role);
}

/// <summary>
/// What a firing step knows about its case: the assignee's address (null when unassigned or inactive), the case's
/// team, its unit and every unit above it, the step's symbolic recipients, and the users it may address. OnDuty: the
/// addresses of the officials on duty at the case's locality today (issue #13), who get every step whatever its symbols.
/// </summary>
public sealed record EscalationFacts(
    string? AssigneeEmail,
    string Team,
    IReadOnlyCollection<string> LocalityChain,
    IReadOnlyList<string> Symbols,
    IReadOnlyList<Addressee> Users,
    RecipientExtras Extras,
    IReadOnlyList<string>? OnDuty = null);

/// <summary>Who a step goes to. Unrouted: nobody could be resolved, so the administrators are told instead.</summary>
public sealed record EscalationRouting(IReadOnlyList<string> Recipients, IReadOnlyList<string> Administrators)
{
    public bool Unrouted => Recipients.Count == 0;
}

/// <summary>
/// Who receives an escalation. A step names symbols: "assignee", "team-lead" (leads of the case's team), "leadership"
/// (leaders of the case's unit or any unit above it; a leader with no unit covers all), or another fixed role (all its
/// members). Each symbol also gets its configured extra addresses. Addresses are trimmed and counted once, whatever
/// their case.
/// </summary>
public static class EscalationRecipients
{
    public const string Assignee = "assignee";
    public const string TeamLead = "team-lead";

    public static EscalationRouting Route(EscalationFacts f)
    {
        var found = new List<string>();
        foreach (var symbol in f.Symbols)
        {
            switch (symbol)
            {
                case Assignee:
                    if (f.AssigneeEmail is not null) found.Add(f.AssigneeEmail);
                    break;
                case TeamLead:
                    found.AddRange(f.Users.Where(u => u.IsLead && u.Has(f.Team)).Select(u => u.Email));
                    break;
                case Roles.Leadership:
                    found.AddRange(f.Users.Where(u => u.Has(Roles.Leadership)
                        && (u.LocalityCode is null || f.LocalityChain.Contains(u.LocalityCode))).Select(u => u.Email));
                    break;
                default:
                    if (Roles.IsKnown(symbol)) found.AddRange(f.Users.Where(u => u.Has(symbol)).Select(u => u.Email));
                    break;
            }
            found.AddRange(f.Extras.For(symbol));
        }
        found.AddRange(f.OnDuty ?? []);
        return new EscalationRouting(Distinct(found), Administrators(f.Users, f.Extras));
    }

    /// <summary>Active administrators and the configured "admin" addresses: who hears of unrouted steps and dead mail.</summary>
    public static IReadOnlyList<string> Administrators(IEnumerable<Addressee> users, RecipientExtras extras) =>
        Distinct(users.Where(u => u.Has(Roles.Admin)).Select(u => u.Email).Concat(extras.For(Roles.Admin)));

    private static List<string> Distinct(IEnumerable<string> addresses) =>
        addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
}
