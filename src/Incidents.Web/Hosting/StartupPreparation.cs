using System.Security.Cryptography;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Storage.Migrations;
using Incidents.Storage.Workflows;
using Incidents.Web.Access;
using Incidents.Web.Workflows;

namespace Incidents.Web.Hosting;

/// <summary>Raised when the host must not start; the message says why.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);

/// <summary>
/// Runs before anything is served (IHostedLifecycleService.StartingAsync): checks the workflow set, applies migrations,
/// records the definitions in workflow_versions and, on the first run, creates the administrator.
/// </summary>
public sealed class StartupPreparation(
    WorkflowSet workflows, MigrationRunner migrations, WorkflowVersionStore versions, UserStore users,
    ILogger<StartupPreparation> log) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken ct)
    {
        if (!workflows.IsValid)
            throw new StartupRefusedException($"The workflow definitions in {workflows.Directory} are invalid:{Environment.NewLine}" +
                string.Join(Environment.NewLine, workflows.Errors.Select(e => "  " + e)));
        var applied = await migrations.MigrateAsync(ct);
        if (applied.Count > 0) log.LogInformation("Applied migrations {Versions}", string.Join(", ", applied));
        foreach (var (def, source) in Pair(workflows))
            if (await versions.RecordAsync(def.Id, def.Version, source.Json, ct) == WorkflowVersionStatus.ContentDiffers)
                log.LogWarning("Workflow {Id} version {Version} differs from the stored text of that version; bump the version when changing a definition", def.Id, def.Version);
        await FirstRun.EnsureAdministratorAsync(users, Console.Out, ct);
    }

    private static IEnumerable<(Core.Workflows.WorkflowDefinition, Core.Workflows.WorkflowSource)> Pair(WorkflowSet set)
    {
        // Sources and definitions come from the same files; match on the id/version the file declares.
        foreach (var s in set.Sources)
        {
            var one = Core.Workflows.WorkflowLoader.Load([s]);
            foreach (var d in one.Catalog.All) yield return (d, s);
        }
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}

public static class FirstRun
{
    public const string AdminLogin = "admin";

    /// <summary>Creates 'admin' with a generated password when there are no users, and prints it once.</summary>
    public static async Task EnsureAdministratorAsync(UserStore users, TextWriter console, CancellationToken ct)
    {
        if (await users.CountAsync(ct) > 0) return;
        var password = Passwords.Generate();
        var id = await users.CreateAsync(new NewUser(AdminLogin, "Quản trị viên", null, Passwords.Hash(password), [Roles.Admin]), ct);
        if (id is null) return; // another host got there first
        console.WriteLine($"""

            ================================================================
            First run: created the administrator account.
              login:    {AdminLogin}
              password: {password}
            This password is shown only once. Sign in at /signin, or get an API token with
              dotnet run --project src/Incidents.Web -- tokens create {AdminLogin}
            ================================================================

            """);
    }
}
