using System.Net;
using System.Text.Json.Nodes;
using Incidents.Core.Workflows;
using Incidents.Storage.Workflows;
using Incidents.Web.Workflows;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Workflows;

/// <summary>A host over a database and workflow directory that outlive it, so a test can restart on changed files.</summary>
public sealed class SharedHost(string dir) : IncidentsApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Incidents:Database:ConnectionString", $"Data Source={Path.Combine(dir, "incidents.db")}");
        builder.UseSetting("Incidents:Workflows:Directory", Path.Combine(dir, "workflows"));
    }
}

public sealed class VersioningTests : IDisposable
{
    private readonly SqliteFile _db = new("versions");
    private string Dir => _db.Dir;
    private string Workflows => Path.Combine(Dir, "workflows");
    private string ComplaintFile => Path.Combine(Workflows, "complaint.json");

    public VersioningTests()
    {
        Directory.CreateDirectory(Workflows);
        foreach (var f in Directory.GetFiles(Repo.Dir("workflows"))) File.Copy(f, Path.Combine(Workflows, Path.GetFileName(f)));
        // The tests move files from version 1 on, whatever version the shipped files are at.
        foreach (var f in Directory.GetFiles(Workflows, "*.json").Where(f => !f.EndsWith("workflow.schema.json", StringComparison.Ordinal)))
        {
            var d = JsonNode.Parse(File.ReadAllText(f))!.AsObject();
            d["version"] = 1;
            File.WriteAllText(f, d.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        }
    }

    public void Dispose() => _db.Dispose();

    /// <summary>complaint v2: a mediation state reachable from "received", and back to "accepted".</summary>
    private void WriteComplaintV2()
    {
        var d = JsonNode.Parse(File.ReadAllText(ComplaintFile))!.AsObject();
        d["version"] = 2;
        var states = d["states"]!.AsArray();
        states[0]!["actions"]!.AsArray().Add(new JsonObject
        {
            ["id"] = "mediate", ["label"] = new JsonObject { ["vi"] = "Hòa giải", ["en"] = "Mediate" }, ["target"] = "mediation",
            ["roles"] = new JsonArray("complaints", "assignee"),
        });
        states.Add(new JsonObject
        {
            ["id"] = "mediation", ["name"] = new JsonObject { ["vi"] = "Hòa giải", ["en"] = "Mediation" },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["id"] = "accept-after-mediation", ["label"] = new JsonObject { ["vi"] = "Thụ lý", ["en"] = "Accept" }, ["target"] = "accepted",
                ["roles"] = new JsonArray("complaints", "assignee"),
            }),
        });
        File.WriteAllText(ComplaintFile, d.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private static async Task<IReadOnlyList<string>> ActionIdsAsync(HttpClient client, string number) =>
        [.. JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases/{number}/actions"))!["actions"]!.AsArray()
            .Select(a => a!["id"]!.GetValue<string>())];

    [Fact]
    public async Task OpenCasesStayOnTheirVersionAfterTheFileMovesOnAndNewCasesTakeTheLatest()
    {
        string oldCase;
        await using (var v1 = new SharedHost(Dir))
        {
            var client = await ClientAsync(v1, "complaints");
            oldCase = (await CreateAsync(client, NewCase("complaint")))["number"]!.GetValue<string>();
            var row = Assert.Single((await v1.Services.GetRequiredService<WorkflowVersionStore>().ListAsync()), r => r.Id == "complaint");
            Assert.Equal(1, row.Version);
            Assert.Equal(WorkflowLoader.ContentHash(File.ReadAllText(ComplaintFile)), row.ContentHash);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        WriteComplaintV2(); // the v1 file is gone: only workflow_versions still holds it
        await using var v2 = new SharedHost(Dir);
        var c = await ClientAsync(v2, "complaints");
        var catalog = v2.Services.GetRequiredService<WorkflowCatalog>();
        Assert.NotNull(catalog.Get("complaint", 1));
        Assert.Equal(2, catalog.Current("complaint")!.Version);

        var newCase = await CreateAsync(c, NewCase("complaint"));
        Assert.Equal(2, newCase["workflowVersion"]!.GetValue<int>());
        Assert.Contains("mediate", await ActionIdsAsync(c, newCase["number"]!.GetValue<string>()));
        var mediated = await OkAsync(c, newCase["number"]!.GetValue<string>(), "mediate", 1);
        Assert.Equal("mediation", mediated["state"]!.GetValue<string>());

        Assert.Equal(1, (await GetCaseAsync(c, oldCase))["workflowVersion"]!.GetValue<int>());
        Assert.DoesNotContain("mediate", await ActionIdsAsync(c, oldCase));
        await ProblemAsync(await ActAsync(c, oldCase, "mediate", 1), HttpStatusCode.NotFound);
        var accepted = await OkAsync(c, oldCase, "accept", 1);
        Assert.Equal("accepted", accepted["state"]!.GetValue<string>());
        Assert.Equal(1, accepted["workflowVersion"]!.GetValue<int>());

        var listed = JsonNode.Parse(await c.GetStringAsync("/api/v1/workflows"))!.AsArray().Single(w => w!["id"]!.GetValue<string>() == "complaint")!;
        Assert.Equal(2, listed["version"]!.GetValue<int>());
        Assert.Equal([1, 2], listed["versions"]!.AsArray().Select(v => v!.GetValue<int>()));
        // v1 is served from the database, exactly as it was recorded, and still drawn.
        var v1Json = await c.GetStringAsync("/api/v1/workflows/complaint?version=1");
        Assert.Equal(1, JsonNode.Parse(v1Json)!["version"]!.GetValue<int>());
        Assert.DoesNotContain("mediation", await c.GetStringAsync("/api/v1/workflows/complaint/diagram?version=1"));
        Assert.Contains("mediation", await c.GetStringAsync("/api/v1/workflows/complaint/diagram"));
        // The CLI verb draws the archived version from the database too.
        var output = new StringWriter();
        Assert.Equal(0, await Cli.CliVerbs.RunAsync(["workflows", "diagram", "complaint", "--version", "1"], v2.Services,
            new Cli.CliConsole(new StringReader(""), false, output, new StringWriter())));
        Assert.Equal(WorkflowDiagram.Mermaid(catalog.Get("complaint", 1)!).TrimEnd(), output.ToString().TrimEnd());
        Assert.DoesNotContain("mediation", output.ToString());
    }

    [Fact]
    public async Task AFileGoingBackToALowerVersionMakesNewCasesStartOnItNotOnTheArchivedHigherOne()
    {
        var v1Text = File.ReadAllText(ComplaintFile);
        WriteComplaintV2();
        string v2Case;
        await using (var v2 = new SharedHost(Dir))
        {
            var c = await ClientAsync(v2, "complaints");
            var created = await CreateAsync(c, NewCase("complaint"));
            Assert.Equal(2, created["workflowVersion"]!.GetValue<int>());
            v2Case = created["number"]!.GetValue<string>();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        File.WriteAllText(ComplaintFile, v1Text); // the operator rolls the file back to version 1
        await using var back = new SharedHost(Dir);
        var client = await ClientAsync(back, "complaints");
        var catalog = back.Services.GetRequiredService<WorkflowCatalog>();
        Assert.Equal(1, catalog.Current("complaint")!.Version);
        Assert.True(catalog.IsArchived("complaint", 2));
        Assert.False(catalog.IsArchived("complaint", 1));

        var fresh = await CreateAsync(client, NewCase("complaint"));
        Assert.Equal(1, fresh["workflowVersion"]!.GetValue<int>());
        Assert.DoesNotContain("mediate", await ActionIdsAsync(client, fresh["number"]!.GetValue<string>()));
        var listed = JsonNode.Parse(await client.GetStringAsync("/api/v1/workflows"))!.AsArray().Single(w => w!["id"]!.GetValue<string>() == "complaint")!;
        Assert.Equal(1, listed["version"]!.GetValue<int>());
        Assert.DoesNotContain("mediation", await client.GetStringAsync("/api/v1/workflows/complaint/diagram"));

        // The case pinned to the archived v2 goes on under v2.
        var mediated = await OkAsync(client, v2Case, "mediate", 1);
        Assert.Equal("mediation", mediated["state"]!.GetValue<string>());
        Assert.Equal(2, mediated["workflowVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task ARemovedFileTakesNoNewCasesOfItsTypeButItsOpenCasesGoOn()
    {
        string open;
        await using (var first = new SharedHost(Dir))
            open = (await CreateAsync(await ClientAsync(first, "complaints"), NewCase("voter-list-complaint")))["number"]!.GetValue<string>();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        // Nothing reclassifies into this type, so the rest of the set stays valid without it.
        File.Delete(Path.Combine(Workflows, "voter-list-complaint.json"));
        await using var host = new SharedHost(Dir);
        var client = await ClientAsync(host, "complaints");
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        Assert.Null(catalog.Current("voter-list-complaint"));
        Assert.True(catalog.IsArchived("voter-list-complaint", 1));
        Assert.DoesNotContain(catalog.Latest, d => d.Id == "voter-list-complaint");

        var refused = await ProblemAsync(await client.PostAsync("/api/v1/cases", Json(NewCase("voter-list-complaint"))), HttpStatusCode.BadRequest);
        Assert.Contains("'voter-list-complaint' no longer takes new cases", refused["errors"]!["type"]![0]!.GetValue<string>());
        // Nothing stored: the open case is still the only case.
        Assert.Equal(open, Assert.Single(JsonNode.Parse(await client.GetStringAsync("/api/v1/cases"))!["items"]!.AsArray())!["number"]!.GetValue<string>());

        var accepted = await OkAsync(client, open, "amend-list", 1, new JsonObject { ["answer"] = "Đã sửa danh sách cử tri" });
        Assert.Equal("answered", accepted["state"]!.GetValue<string>());
        Assert.Equal(1, accepted["workflowVersion"]!.GetValue<int>());
        // Other types still take cases.
        Assert.Equal(201, (int)(await client.PostAsync("/api/v1/cases", Json(NewCase("petition")))).StatusCode);
    }

    [Fact]
    public async Task AFileChangedWithoutANewVersionIsNamedAndTheHostRefusesToStart()
    {
        await using (var first = new SharedHost(Dir)) _ = first.Server;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var d = JsonNode.Parse(File.ReadAllText(ComplaintFile))!.AsObject();
        d["name"]!["en"] = "Complaint (edited)";
        File.WriteAllText(ComplaintFile, d.ToJsonString());

        // The check itself, over the same database: exact file, path and message.
        var db = new Storage.Database(new Storage.DatabaseOptions { Provider = Storage.DbProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(Dir, "incidents.db")}" });
        var result = await WorkflowVersions.SyncAsync(WorkflowSet.Load(Workflows), new Storage.Migrations.MigrationRunner(db, TimeProvider.System),
            new WorkflowVersionStore(db, TimeProvider.System));
        var error = Assert.Single(result.Errors);
        Assert.Equal("complaint.json", error.File);
        Assert.Equal("$.version", error.JsonPath);
        Assert.StartsWith("'complaint' version 1 changed without a new version", error.Message);

        // The real host, started as an operator would, refuses and says why.
        var (code, stderr, stdout) = await RunHostAsync();
        Assert.Equal(1, code);
        Assert.Contains("complaint.json: $.version: 'complaint' version 1 changed without a new version", stderr);
        Assert.DoesNotContain("Now listening", stdout);

        // Whitespace alone is not a change.
        File.WriteAllText(ComplaintFile, File.ReadAllText(Path.Combine(Repo.Dir("workflows"), "complaint.json")).Replace("\n", "\n  "));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var again = await WorkflowVersions.SyncAsync(WorkflowSet.Load(Workflows), new Storage.Migrations.MigrationRunner(db, TimeProvider.System),
            new WorkflowVersionStore(db, TimeProvider.System));
        Assert.Empty(again.Errors);
    }

    [Fact]
    public async Task ABrokenDefinitionRefusesStartWithFilePathAndMessage()
    {
        var d = JsonNode.Parse(File.ReadAllText(ComplaintFile))!.AsObject();
        d["states"]![0]!["actions"]![0]!["target"] = "nowhere";
        File.WriteAllText(ComplaintFile, d.ToJsonString());
        var (code, stderr, stdout) = await RunHostAsync();
        Assert.Equal(1, code);
        Assert.Contains("complaint.json: $.states[0].actions[0].target: target state 'nowhere' does not exist", stderr);
        Assert.DoesNotContain("Now listening", stdout);
    }

    /// <summary>The real host process (Program) over this test's database and workflow directory; it must exit on its own.</summary>
    private async Task<(int Code, string Stderr, string Stdout)> RunHostAsync()
    {
        var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(Repo.Dir("src/Incidents.Web"), "bin", config, "net10.0", "Incidents.Web.dll");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Dir, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["Incidents__Workflows__Directory"] = Workflows;
        psi.Environment["Incidents__Database__ConnectionString"] = $"Data Source={Path.Combine(Dir, "incidents.db")}";
        psi.Environment["Incidents__Smtp__PickupDirectory"] = Path.Combine(Dir, "outbox"); // Production needs SMTP or this
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); Assert.Fail("the host started despite the refused definitions"); }
        return (p.ExitCode, await stderr, await stdout);
    }
}
