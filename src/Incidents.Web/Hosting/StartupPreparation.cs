using System.Security.Cryptography;
using Incidents.Core.Access;
using Incidents.Storage;
using Incidents.Storage.Access;
using Incidents.Storage.Migrations;
using Incidents.Web.Access;
using Incidents.Web.Workflows;

namespace Incidents.Web.Hosting;

/// <summary>Raised when the host must not start; the message says why.</summary>
public sealed class StartupRefusedException(string message) : Exception(message);

/// <summary>
/// Runs before anything is served (IHostedLifecycleService.StartingAsync): checks the workflow set, applies migrations
/// (or, with Incidents:Database:MigrateOnStart=false, refuses to start while one is missing), records the definitions in workflow_versions and, on the first run, creates the administrator.
/// </summary>
public sealed class StartupPreparation(
    WorkflowSet workflows, MigrationRunner migrations, DatabaseOptions database, WorkflowVersions versions, UserStore users,
    ILogger<StartupPreparation> log) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken ct)
    {
        if (!workflows.IsValid)
            throw new StartupRefusedException($"The workflow definitions in {workflows.Directory} are invalid:{Environment.NewLine}" +
                string.Join(Environment.NewLine, workflows.Errors.Select(e => "  " + e)));
        if (database.MigrateOnStart)
        {
            var applied = await migrations.MigrateAsync(ct);
            if (applied.Count > 0) log.LogInformation("Applied migrations {Versions}", string.Join(", ", applied));
        }
        else await RefuseWhilePendingAsync(migrations, ct);
        // Records each definition version and refuses one changed without a new version (Workflows/WorkflowVersions).
        if ((await versions.LoadAsync(ct)).Errors is { Count: > 0 } versionErrors)
            throw new StartupRefusedException($"The workflow definitions in {workflows.Directory} are invalid:{Environment.NewLine}" +
                string.Join(Environment.NewLine, versionErrors.Select(e => "  " + e)));
        await FirstRun.EnsureAdministratorAsync(users, Console.Out, ct);
    }

    /// <summary>With MigrateOnStart=false the DBA applies migrations; the host only checks that none is missing.</summary>
    public static async Task RefuseWhilePendingAsync(MigrationRunner migrations, CancellationToken ct)
    {
        if (await migrations.ChangedAsync(ct) is { Count: > 0 } changed) throw new MigrationChangedException(string.Join(Environment.NewLine, changed));
        if (await migrations.PendingAsync(ct) is { Count: > 0 } pending)
            throw new StartupRefusedException($"Migrations {string.Join(", ", pending)} are not applied and {DatabaseOptions.Section}:MigrateOnStart is false. " +
                "Apply them with: dotnet run --project src/Incidents.Web -- migrate");
    }

    /// <summary>
    /// Starts, on the other core, start-up work that needs only the built container: reading and checking the workflow
    /// files and the first database connection (SQLite's native library). The main thread meanwhile builds the pipeline
    /// and the endpoints, and this step then finds both done. A failure is left for this step to meet again and report.
    /// </summary>
    public static void BeginWarmUp(IServiceProvider services) => _ = Task.Run(async () =>
    {
        try
        {
            services.GetRequiredService<WorkflowSet>();
            await using var c = await services.GetRequiredService<Database>().OpenAsync();
        }
        catch (Exception) { } // StartingAsync resolves the same services and stops the host naming the problem
    });

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
