using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;

namespace Incidents.Benchmarks.Generation;

/// <summary>One action a generated case went through, for its history.</summary>
public sealed record Move(DateTimeOffset At, string Action, string From, string To);

/// <summary>Where a generated case ended up after its walk through the workflow.</summary>
public sealed record Walked(string State, bool Final, IReadOnlyList<DeadlineRecord> Deadlines, DateTimeOffset? ClosedAt, IReadOnlyList<Move> Moves);

/// <summary>
/// Starts a generated case on the product's own workflow runtime, as intake does, then walks it through a few of the
/// actions its definition offers, so states, deadlines and steps are the ones real use would have produced.
/// </summary>
public sealed class CaseStarter
{
    private static readonly Actor Admin = new(0, "gen.admin", new HashSet<string> { Roles.Admin });
    private readonly WorkflowRuntime _runtime = new();

    public CaseStart Start(WorkflowDefinition def, CaseFacts facts) => _runtime.Start(def, facts, facts.ReceivedAt);

    /// <param name="close">Walk towards a final state (up to 8 actions); otherwise take 0 to 2 non-final actions.</param>
    public Walked Walk(WorkflowDefinition def, CaseRecord record, CaseStart start, bool close, Random rng, DateTimeOffset now)
    {
        var state = start.State;
        var deadlines = start.Deadlines;
        var moves = new List<Move>();
        var t = record.ReceivedAt;
        var budget = close ? 8 : rng.Next(0, 3);
        for (var i = 0; i < budget; i++)
        {
            var snapshot = new CaseSnapshot(record with { State = state }, deadlines);
            var available = _runtime.Available(def, snapshot, Admin, DateTimeOffset.UtcNow);
            var finals = available.Where(a => def.State(a.Target)?.Final == true).ToList();
            var others = available.Where(a => def.State(a.Target)?.Final != true && a.Target != state).ToList();
            var pool = close ? (finals.Count > 0 && (others.Count == 0 || rng.Next(3) > 0) ? finals : others) : others;
            if (pool.Count == 0) break;
            var action = pool[rng.Next(pool.Count)];
            var at = t + TimeSpan.FromHours(rng.Next(2, 24 * 6));
            if (at >= now) break;
            var outcome = _runtime.Perform(def, snapshot, Admin, action.Id, Inputs(action.Inputs, at, rng), at);
            if (outcome.Result is not { } r) continue;
            moves.Add(new Move(at, action.Id, state, r.State));
            t = at;
            state = r.State;
            deadlines = r.Deadlines;
            if (r.Final) return new Walked(state, true, deadlines, at, moves);
        }
        return new Walked(state, false, deadlines, null, moves);
    }

    private static Dictionary<string, string> Inputs(IReadOnlyList<InputDefinition> inputs, DateTimeOffset at, Random rng)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in inputs)
        {
            values[i.Id] = i.Type switch
            {
                InputTypes.Bool => rng.Next(2) == 0 ? "true" : "false",
                InputTypes.Choice when i.Choices.Count > 0 => i.Choices[rng.Next(i.Choices.Count)].Value,
                InputTypes.Date => DateOnly.FromDateTime(at.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => "Đã xem xét hồ sơ và ghi nhận ý kiến.",
            };
        }
        return values;
    }
}
