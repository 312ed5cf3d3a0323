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
