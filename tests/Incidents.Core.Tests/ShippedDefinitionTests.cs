using Incidents.Core.Workflows;

namespace Incidents.Core.Tests;

public class ShippedDefinitionTests
{
    [Fact]
    public void The_shipped_folder_loads_without_errors()
    {
        var result = WorkflowLoader.Load(Shipped.Sources());
        Assert.Equal([], result.Errors.Select(e => e.ToString()));
        Assert.Equal(
            ["candidate-complaint", "complaint", "denunciation", "election-result-complaint", "petition", "security-incident", "voter-list-complaint"],
            result.Catalog.Latest.Select(d => d.Id).Order());
        Assert.Equal(
            ["KN", "KNCT", "KQ", "PA", "SC", "TC", "UV"],
            result.Catalog.Latest.Select(d => d.Prefix).Order());
    }
}

public class ShippedSuspensionTests
{
    // Statutory limits the law gives no ground to suspend (legal-deadlines.md, "Suspending a statutory clock").
    public static TheoryData<string, string> NeverSuspended => new()
    {
        { "complaint", "acceptance" },
        { "denunciation", "acceptance" },
        { "denunciation", "forwarding" },
        { "voter-list-complaint", "answer" },
        { "election-result-complaint", "resolution" },
        { "candidate-complaint", "resolution" },
        { "petition", "processing" },
    };

    [Theory]
    [MemberData(nameof(NeverSuspended))]
    public void A_limit_the_law_does_not_suspend_runs_in_every_state(string type, string deadline) =>
        Assert.Null(Shipped.Get(type).Deadline(deadline)!.Suspension);

    [Fact]
    public void Every_shipped_suspension_names_its_ground_and_waiting_states_stop_nothing()
    {
        var defs = Shipped.Catalog.Latest.ToList();
        var suspended = defs.SelectMany(d => d.Deadlines.Where(x => x.Suspension is not null).Select(x => $"{d.Id}.{x.Id}")).Order();
        Assert.Equal(["complaint.resolution", "denunciation.resolution", "security-incident.resolve"], suspended);
        Assert.All(defs.SelectMany(d => d.Deadlines).Select(x => x.Suspension).OfType<SuspensionDefinition>(), s =>
        {
            Assert.Matches(@"Điều \d+|Nghị định \d+/\d{4}|Quy định vận hành", s.Ground.Vi);
            Assert.False(string.IsNullOrWhiteSpace(s.Ground.En));
        });
        foreach (var d in defs)
            Assert.All(d.States.Where(s => s.Waiting), s => Assert.False(d.Suspends(s.Id), $"{d.Id}.{s.Id} waits and suspends"));
        Assert.Contains(defs, d => d.States.Any(s => s.Waiting));
    }
}
