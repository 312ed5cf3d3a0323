using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests;

/// <summary>
/// The host on a temp SQLite file, with a FakeTimeProvider and a workflow directory holding the repository's definitions
/// plus a confidential test type derived from complaint.json.
/// </summary>
public class IncidentsApp : SqliteHostFactory<Program>
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 3, 0, 0, TimeSpan.Zero);
    /// <summary>The host's clock; a test that needs another start sets it when it creates the host.</summary>
    public FakeTimeProvider Time { get; init; } = new(Start);
    public string WorkflowsDir => Path.Combine(Dir, "workflows");
    public const string ConfidentialType = "test-denunciation";

    public IncidentsApp() : base("web")
    {
        Directory.CreateDirectory(WorkflowsDir);
        foreach (var f in Directory.GetFiles(Repo.Dir("workflows"))) File.Copy(f, Path.Combine(WorkflowsDir, Path.GetFileName(f)));
        var d = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Dir("workflows"), "complaint.json")))!.AsObject();
        d["id"] = ConfidentialType;
        d["prefix"] = "TD";
        d["name"] = new JsonObject { ["vi"] = "Tố cáo (thử)", ["en"] = "Test denunciation" };
        d["confidentialReporter"] = true;
        d["requiredReporterFields"] = new JsonArray("name", "address");
        File.WriteAllText(Path.Combine(WorkflowsDir, ConfidentialType + ".json"), d.ToJsonString());
    }

    protected override string WorkflowDirectory => WorkflowsDir;

    /// <summary>Testing by default; Development is what `dotnet run` uses (launch profile).</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>Settings on top of the defaults below (a null value removes one).</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    protected override string HostEnvironment => EnvironmentName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder); // environment, the SQLite file, the workflow directory, the pickup folder
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(s =>
        {
            s.RemoveAll<TimeProvider>();
            s.AddSingleton<TimeProvider>(Time);
        });
    }

    private int _users;

    /// <summary>A client carrying a fresh bearer token of a new user with these roles.</summary>
    public async Task<(HttpClient Client, string Login)> UserAsync(params string[] roles)
    {
        _ = Server; // start the host (migrations)
        var login = $"u{Interlocked.Increment(ref _users)}-{string.Join("-", roles)}";
        var users = Services.GetRequiredService<UserStore>();
        var id = await users.CreateAsync(new NewUser(login, login, null, Passwords.Hash("irrelevant-password"), roles, IsLead: false));
        var token = ApiTokenStore.Generate();
        await Services.GetRequiredService<ApiTokenStore>().CreateAsync(id!.Value, ApiTokenStore.Hash(token), "test");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, login);
    }
}
