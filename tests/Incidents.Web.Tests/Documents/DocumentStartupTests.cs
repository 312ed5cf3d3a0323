using Incidents.Web.Hosting;
using Incidents.Web.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Incidents.Web.Tests.Documents;

/// <summary>Templates an administrator broke stop the host, with the file and line to fix.</summary>
[Collection(nameof(HostsBuiltAndDisposedQuickly))]
public sealed class DocumentStartupTests : IDisposable
{
    private readonly SqliteFile _db = new("templates");

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task A_template_with_an_unknown_placeholder_stops_the_host_naming_file_and_line()
    {
        var folder = Path.Combine(_db.Dir, "documents");
        Directory.CreateDirectory(folder);
        foreach (var f in Directory.GetFiles(Repo.Dir("workflows/documents"))) File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        var path = Path.Combine(folder, "refusal.vi.txt");
        var lines = File.ReadAllLines(path).ToList();
        var line = lines.IndexOf("---") + 2; // the body's first line
        lines.Insert(line - 1, "Kính báo {ho.ten}.");
        File.WriteAllLines(path, lines);

        var b = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ApplicationName = typeof(Program).Assembly.GetName().Name });
        b.WebHost.UseTestServer();
        b.Logging.ClearProviders();
        b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Incidents:Database:ConnectionString"] = $"Data Source={Path.Combine(_db.Dir, "incidents.db")}",
            ["Incidents:Workflows:Directory"] = Repo.Dir("workflows"),
            ["Incidents:Documents:Directory"] = folder,
            ["Incidents:Smtp:PickupDirectory"] = Path.Combine(_db.Dir, "outbox"),
            ["Incidents:Escalation:SweepAtStartup"] = "false",
            ["Incidents:Escalation:RecurringJobs"] = "false",
        });
        b.AddIncidents();
        await using var app = b.Build();
        app.UseIncidents();
        var e = await Assert.ThrowsAsync<StartupRefusedException>(() => app.StartAsync());
        Assert.Contains($"refusal.vi.txt:{line}: unknown placeholder {{ho.ten}}", e.Message, StringComparison.Ordinal);
        Assert.Contains(folder, e.Message, StringComparison.Ordinal);
    }
}
