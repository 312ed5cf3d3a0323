using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Core.Tests;

/// <summary>The shipped workflows/ folder (copied beside the tests) and helpers to walk a case through it.</summary>
internal static class Shipped
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "workflows");

    public static IEnumerable<WorkflowSource> Sources() =>
        System.IO.Directory.GetFiles(Directory, "*.json")
            .Where(f => !f.EndsWith("workflow.schema.json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new WorkflowSource(Path.GetFileName(f), File.ReadAllText(f)));

    private static readonly Lazy<WorkflowCatalog> Lazy = new(() =>
    {
        var r = WorkflowLoader.Load(Sources());
        if (!r.IsValid) throw new InvalidOperationException(string.Join("\n", r.Errors));
        return r.Catalog;
    });

    public static WorkflowCatalog Catalog => Lazy.Value;

    public static WorkflowDefinition Get(string id) => Catalog.Current(id) ?? throw new KeyNotFoundException(id);

    public static readonly TimeSpan Vn = TimeSpan.FromHours(7);

    public static DateTimeOffset At(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, Vn);

    public static Actor User(long id, params string[] roles) => new(id, $"user{id}", roles.ToHashSet());

    public static readonly Actor Handler = User(10, Roles.Complaints);
    public static readonly Actor Leader = User(20, Roles.Leadership);
    public static readonly Actor Analyst = User(30, Roles.Security);
    public static readonly Actor Outsider = User(40, Roles.Security);

    public static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> In(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);
}

/// <summary>A case walked through its workflow on a fake clock, persisting only successful outcomes like the host does.</summary>
internal sealed class Walk
{
    private readonly WorkflowRuntime _runtime;
    public WorkflowDefinition Def { get; }
    public FakeTimeProvider Clock { get; }
    public CaseRecord Case { get; private set; }
    public IReadOnlyList<DeadlineRecord> Deadlines { get; private set; }
    public ActionResult? Last { get; private set; }

    public Walk(string type, DateTimeOffset receivedAt, IReadOnlyDictionary<string, string>? inputs = null, string? severity = null,
        WorkflowRuntime? runtime = null)
    {
        _runtime = runtime ?? new WorkflowRuntime();
        Def = Shipped.Get(type);
        Clock = new FakeTimeProvider(receivedAt);
        var facts = new CaseFacts(receivedAt, severity, inputs ?? Shipped.None);
        Assert.Empty(WorkflowRuntime.ValidateFacts(Def, facts));
        var start = _runtime.Start(Def, facts, Clock.GetUtcNow());
        Case = new CaseRecord
        {
            Id = 1, Number = $"{Def.Prefix}-2026-000001", Type = Def.Id, WorkflowVersion = Def.Version, State = start.State,
            Title = "t", LocalityCode = "00004", Channel = Channel.Counter, ReceivedAt = receivedAt, CreatedAt = receivedAt,
            Severity = severity, AssigneeId = Shipped.Handler.Id, Inputs = inputs ?? Shipped.None,
        };
        Deadlines = start.Deadlines;
    }

    public CaseSnapshot Snapshot => new(Case, Deadlines);

    public DeadlineRecord Deadline(string key) => Deadlines.Single(d => d.Key == key);

    public void AdvanceTo(DateTimeOffset t) => Clock.SetUtcNow(t);

    /// <summary>The handler sends the case to this waiting state at <paramref name="from"/> ("request-&lt;state&gt;") and resumes it at <paramref name="until"/> ("resume-&lt;state&gt;").</summary>
    public void WaitIn(string waitingState, DateTimeOffset from, DateTimeOffset until, string request = "r")
    {
        AdvanceTo(from);
        Do(Shipped.Handler, $"request-{waitingState}", Shipped.In(("request", request)));
        AdvanceTo(until);
        Do(Shipped.Handler, $"resume-{waitingState}");
    }

    public ActionOutcome Try(Actor actor, string action, IReadOnlyDictionary<string, string>? inputs = null,
        DateTimeOffset? effectiveAt = null, DateTimeOffset? lastEventAt = null) =>
        _runtime.Perform(Def, Snapshot with { LastEventAt = lastEventAt ?? Snapshot.LastEventAt }, actor, action, inputs ?? Shipped.None,
            Clock.GetUtcNow(), effectiveAt);

    /// <summary>Performs an action that must succeed and keeps its result, as the host would persist it.</summary>
    public ActionResult Do(Actor actor, string action, IReadOnlyDictionary<string, string>? inputs = null, DateTimeOffset? effectiveAt = null)
    {
        var outcome = Try(actor, action, inputs, effectiveAt);
        Assert.True(outcome.Succeeded, $"{action}: {outcome.Failure}");
        var r = outcome.Result!;
        Case = Case with { State = r.State, RowVersion = Case.RowVersion + 1, Inputs = r.Fields ?? Case.Inputs };
        Deadlines = r.Deadlines;
        Last = r;
        return r;
    }

    /// <summary>Keeps a result decided elsewhere (an automatic move), as the host would persist it.</summary>
    public void Keep(ActionResult r)
    {
        Case = Case with { State = r.State, RowVersion = Case.RowVersion + 1 };
        Deadlines = r.Deadlines;
        Last = r;
    }

    public IReadOnlyList<string> Available(Actor actor) => [.. _runtime.Available(Def, Snapshot, actor, Clock.GetUtcNow()).Select(a => a.Id)];
}
