using System.Net;
using System.Text.Json.Nodes;
using Incidents.Core.Workflows;
using Incidents.Web.Cli;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Workflows;

public sealed class WorkflowApiTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    [Fact]
    public async Task TheHostStartsOnTheShippedSetAndListsIt()
    {
        var reader = await ClientAsync(app, "complaints");
        var list = JsonNode.Parse(await reader.GetStringAsync("/api/v1/workflows"))!.AsArray();
        var ids = list.Select(w => w!["id"]!.GetValue<string>()).ToList();
        foreach (var id in new[] { "candidate-complaint", "complaint", "denunciation", "election-result-complaint", "petition", "security-incident", "voter-list-complaint" })
            Assert.Contains(id, ids);
        var complaint = list.Single(w => w!["id"]!.GetValue<string>() == "complaint")!;
        Assert.Equal("KN", complaint["prefix"]!.GetValue<string>());
        Assert.Equal("complaints", complaint["team"]!.GetValue<string>());
        Assert.Equal([2], complaint["versions"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal("Khiếu nại", complaint["name"]!["vi"]!.GetValue<string>());
    }

    [Fact]
    public async Task DefinitionAndDiagramComeFromTheCatalog()
    {
        var reader = await ClientAsync(app, "security");
        var json = await reader.GetStringAsync("/api/v1/workflows/security-incident");
        Assert.Equal(File.ReadAllText(Path.Combine(app.WorkflowsDir, "security-incident.json")), json);
        Assert.Equal(json, await reader.GetStringAsync("/api/v1/workflows/security-incident?version=1"));

        var res = await reader.GetAsync("/api/v1/workflows/security-incident/diagram");
        Assert.Equal("text/plain", res.Content.Headers.ContentType!.MediaType);
        var mermaid = await res.Content.ReadAsStringAsync();
        var def = app.Services.GetRequiredService<WorkflowCatalog>().Current("security-incident")!;
        Assert.Equal(WorkflowDiagram.Mermaid(def), mermaid);
        Assert.Contains("stateDiagram-v2", mermaid);
        Assert.Contains("extend-resolve", mermaid);

        await ProblemAsync(await reader.GetAsync("/api/v1/workflows/nothing/diagram"), HttpStatusCode.NotFound);
        await ProblemAsync(await reader.GetAsync("/api/v1/workflows/complaint?version=9"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheCliVerbDrawsTheSameDiagram()
    {
        _ = app.Server;
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new CliConsole(new StringReader(""), false, output, error);
        Assert.Equal(0, await CliVerbs.RunAsync(["workflows", "diagram", "petition"], app.Services, console));
        var def = app.Services.GetRequiredService<WorkflowCatalog>().Current("petition")!;
        Assert.Equal(WorkflowDiagram.Mermaid(def).TrimEnd(), output.ToString().TrimEnd());
        Assert.Equal(0, await CliVerbs.RunAsync(["workflows", "diagram", "petition", "--version", "1"], app.Services, console));

        var bad = new StringWriter();
        Assert.Equal(1, await CliVerbs.RunAsync(["workflows", "diagram", "nothing"], app.Services, new CliConsole(new StringReader(""), false, new StringWriter(), bad)));
        Assert.Contains("no workflow 'nothing'", bad.ToString());
        Assert.Equal(2, await CliVerbs.RunAsync(["workflows", "diagram", "petition", "--version", "x"], app.Services,
            new CliConsole(new StringReader(""), false, new StringWriter(), new StringWriter())));
    }

    [Fact]
    public async Task OpenApiDescribesTheNewEndpoints()
    {
        var doc = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject();
        foreach (var p in new[] { "/api/v1/cases/{number}/actions", "/api/v1/cases/{number}/actions/{action}", "/api/v1/workflows",
                     "/api/v1/workflows/{id}", "/api/v1/workflows/{id}/diagram", "/api/v1/holidays", "/api/v1/holidays/{date}",
                     "/api/v1/holidays/seed/{year}" })
            Assert.True(paths.ContainsKey(p), $"OpenAPI lacks {p}: {string.Join(", ", paths.Select(x => x.Key))}");
        var post = paths["/api/v1/cases/{number}/actions/{action}"]!["post"]!["responses"]!.AsObject();
        foreach (var code in new[] { "200", "400", "403", "404", "409" }) Assert.True(post.ContainsKey(code), code);
    }
}
