using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Mail.Outbox;

namespace Incidents.Mail.Escalation;

/// <summary>Everything the mail for a firing step may use, read in the firing transaction. No reporter field.</summary>
public sealed record FiringContext(
    CaseRecord Case,
    string Team,
    string LocalityName,
    DeadlineRecord Deadline,
    DeadlineStep Step,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<string> AdminAddresses,
    DateTimeOffset Now);

/// <summary>The case history line of a firing ("escalation" or "escalation-unrouted"), written by the store at the
/// firing's instant with no actor.</summary>
public sealed record FiringEvent(string Kind, IReadOnlyDictionary<string, string> Data);

/// <summary>What firing writes besides the escalation row: its outbox rows and its history line.</summary>
public sealed record FiringPlan(IReadOnlyList<OutboxMessage> Messages, FiringEvent Event);
