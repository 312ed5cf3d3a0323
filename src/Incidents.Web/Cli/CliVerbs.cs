using System.Net.Mail;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Storage.Migrations;
using Incidents.Web.Access;
using Incidents.Web.Hosting;
using Incidents.Web.Workflows;

namespace Incidents.Web.Cli;

/// <summary>Where a verb reads and writes; tests pass their own.</summary>
public sealed record CliConsole(TextReader In, bool InputRedirected, TextWriter Out, TextWriter Error)
{
    public static CliConsole System => new(Console.In, Console.IsInputRedirected, Console.Out, Console.Error);
}

/// <summary>
/// Operator verbs, run instead of the web host when the first argument names one:
///   migrate | users add &lt;login&gt; --role &lt;role&gt; [--role ...] [--email &lt;addr&gt;] [--name &lt;display name&gt;] [--lead]
///   | users passwd &lt;login&gt;
///   | tokens create &lt;login&gt; [--name &lt;label&gt;] | workflows validate [dir] | workflows diagram &lt;id&gt; [--version n]
/// Exit codes: 0 done, 1 failed, 2 bad arguments.
/// </summary>
public static partial class CliVerbs
{
    public const int Ok = 0, Failed = 1, Usage = 2;
    private static readonly string[] Verbs = ["migrate", "users", "tokens", "workflows", "help"];

    public const string Help = """
        Usage: Incidents.Web [verb]
          (no verb)                                   serve the web app and API
          migrate                                     apply database migrations
          users add <login> --role <role> [--role <role>] [--email <addr>] [--name <display name>] [--lead]
                                                      add a user; the password is read from stdin when piped,
                                                      otherwise generated and printed once
          users passwd <login>                        set a new password (stdin when piped, else generated and
                                                      printed once); ends the user's sessions and lifts a lock
        Passwords: at least 12 characters, not a common password, not the login.
          tokens create <login> [--name <label>]      create an API token and print it once
          workflows validate [dir]                    check workflow definitions (default: the configured directory)
          workflows diagram <id> [--version <n>]      print a workflow as a Mermaid state diagram
        Roles: complaints, security, leadership, admin.
        """;

    /// <summary>
    /// A first argument that is not a host option (--urls x, /urls x, urls=x) is a verb; an unknown one is an error rather
    /// than silently starting the server.
    /// </summary>
    public static bool IsVerb(string[] args) =>
        args.Length > 0 && (Verbs.Contains(args[0]) || (args[0].Length > 0 && args[0][0] is not ('-' or '/') && !args[0].Contains('=')));

    /// <summary>Builds the same services as the host (without serving) and runs the verb.</summary>
    public static async Task<int> MainAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddIncidents();
        await using var app = builder.Build();
        return await RunAsync(args, app.Services, CliConsole.System);
    }

    public static async Task<int> RunAsync(string[] args, IServiceProvider services, CliConsole console, CancellationToken ct = default)
    {
        try
        {
            return args switch
            {
                ["help" or "--help" or "-h", ..] => Print(console.Out, Help, Ok),
                ["migrate"] => await MigrateAsync(services, console, ct),
                ["migrate", ..] => Bad(console, "migrate takes no arguments."),
                ["users", "add", var login, .. var rest] when !login.StartsWith("--", StringComparison.Ordinal) =>
                    await AddUserAsync(login, rest, services, console, ct),
                ["users", "add", ..] => Bad(console, "users add needs a login: users add <login> --role <role> [--email <addr>]"),
                ["users", "passwd", var login] => await SetPasswordAsync(login, services, console, ct),
                ["users", "passwd", ..] => Bad(console, "Use: users passwd <login> (the password from stdin, or generated)"),
                ["users", ..] => Bad(console, "Unknown users command. Use: users add <login> --role <role> [--email <addr>] | users passwd <login>"),
                ["tokens", "create", var login, .. var rest] when !login.StartsWith("--", StringComparison.Ordinal) =>
                    await CreateTokenAsync(login, rest, services, console, ct),
                ["tokens", ..] => Bad(console, "Use: tokens create <login> [--name <label>]"),
                ["workflows", "validate"] => Validate(services.GetRequiredService<WorkflowSet>(), console),
                ["workflows", "validate", var dir] => Directory.Exists(dir)
                    ? Validate(WorkflowSet.Load(Path.GetFullPath(dir)), console)
                    : Bad(console, $"workflows validate: directory '{dir}' does not exist."),
                ["workflows", "diagram", .. var rest] => await WorkflowDiagramVerb.RunAsync(rest, services.GetRequiredService<WorkflowSet>(),
                    services.GetRequiredService<Storage.Workflows.WorkflowVersionStore>(), console.Out, console.Error, ct),
                ["workflows", ..] => Bad(console, "Use: workflows validate [dir] | workflows diagram <id> [--version <n>]"),
                _ => Bad(console, $"Unknown verb '{string.Join(' ', args)}'."),
            };
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return Failed;
        }
    }

    private static int Print(TextWriter w, string text, int code) { w.WriteLine(text); return code; }

    private static int Bad(CliConsole c, string message)
    {
        c.Error.WriteLine("error: " + message);
        c.Error.WriteLine("Run with 'help' for usage.");
        return Usage;
    }

    private static async Task<int> MigrateAsync(IServiceProvider sp, CliConsole c, CancellationToken ct)
    {
        var applied = await sp.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        c.Out.WriteLine(applied.Count == 0 ? "Database is up to date." : $"Applied migrations: {string.Join(", ", applied)}.");
        return Ok;
    }

    private static async Task<int> AddUserAsync(string login, string[] rest, IServiceProvider sp, CliConsole c, CancellationToken ct)
    {
        if (!LoginPattern().IsMatch(login))
            return Bad(c, $"'{login}' is not a valid login: 2-64 characters, lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        var roles = new List<string>();
        string? email = null, name = null;
        var lead = false;
        for (var i = 0; i < rest.Length; i++)
        {
            var value = i + 1 < rest.Length ? rest[i + 1] : null;
            switch (rest[i])
            {
                case "--role" when value is not null:
                    if (!Roles.IsKnown(value)) return Bad(c, $"Unknown role '{value}'. Roles: {string.Join(", ", Roles.All)}.");
                    roles.Add(value); i++; break;
                case "--email" when value is not null:
                    if (!MailAddress.TryCreate(value, out var a) || a.Address != value) return Bad(c, $"'{value}' is not a valid email address.");
                    email = value; i++; break;
                case "--name" when value is not null:
                    name = value; i++; break;
                case "--lead":
                    lead = true; break;
                case "--role" or "--email" or "--name":
                    return Bad(c, $"{rest[i]} needs a value.");
                default:
                    return Bad(c, $"Unexpected argument '{rest[i]}'.");
            }
        }
        if (roles.Count == 0) return Bad(c, "users add needs at least one --role <role>.");

        var (password, generated, refused) = await ReadPasswordAsync(login, sp, c, ct);
        if (refused is not null) return Bad(c, refused);

        var runner = sp.GetRequiredService<MigrationRunner>();
        await runner.MigrateAsync(ct);
        var users = sp.GetRequiredService<UserStore>();
        var id = await users.CreateAsync(new NewUser(login, name ?? login, email, Passwords.Hash(password), roles,
            IsLead: lead), ct);
        if (id is null)
        {
            c.Error.WriteLine($"error: user '{login}' already exists.");
            return Failed;
        }
        c.Out.WriteLine($"Created user '{login}' with roles {string.Join(", ", roles.Distinct())}{(lead ? " (team lead)" : "")}.");
        if (generated) c.Out.WriteLine($"Password (shown once): {password}");
        return Ok;
    }

    /// <summary>
    /// The password piped on stdin, checked by the one policy (the refusal names each rule broken), or a generated one when
    /// nothing is piped.
    /// </summary>
    private static async Task<(string Password, bool Generated, string? Refused)> ReadPasswordAsync(string login, IServiceProvider sp, CliConsole c,
        CancellationToken ct)
    {
        var piped = c.InputRedirected ? (await c.In.ReadLineAsync(ct))?.TrimEnd('\r', '\n') : null;
        if (string.IsNullOrEmpty(piped)) return (Passwords.Generate(), true, null); // nothing piped (or empty input): generate one
        var problems = sp.GetRequiredService<PasswordPolicy>().Check(piped, login);
        return problems.Count == 0
            ? (piped, false, null)
            : ("", false, "The password read from standard input " + string.Join("; ", problems.Select(p => p.Text.En)) + ".");
    }

    private static async Task<int> SetPasswordAsync(string login, IServiceProvider sp, CliConsole c, CancellationToken ct)
    {
        var (password, generated, refused) = await ReadPasswordAsync(login, sp, c, ct);
        if (refused is not null) return Bad(c, refused);
        await sp.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        var users = sp.GetRequiredService<UserStore>();
        var user = await users.FindByLoginAsync(login, ct);
        if (user is null)
        {
            c.Error.WriteLine($"error: there is no user '{login}'.");
            return Failed;
        }
        await users.SetPasswordHashAsync(user.Id, Passwords.Hash(password), by: null, reset: true, ct: ct);
        c.Out.WriteLine($"New password set for '{login}'; their sessions are ended.");
        if (generated) c.Out.WriteLine($"Password (shown once): {password}");
        return Ok;
    }

    private static async Task<int> CreateTokenAsync(string login, string[] rest, IServiceProvider sp, CliConsole c, CancellationToken ct)
    {
        string? label = null;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == "--name" && i + 1 < rest.Length) { label = rest[++i]; continue; }
            return Bad(c, $"Unexpected argument '{rest[i]}'.");
        }
        await sp.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        var user = await sp.GetRequiredService<UserStore>().FindByLoginAsync(login, ct);
        if (user is null)
        {
            c.Error.WriteLine($"error: there is no user '{login}'. Create one with: users add {login} --role <role>");
            return Failed;
        }
        var token = ApiTokenStore.Generate();
        await sp.GetRequiredService<ApiTokenStore>().CreateAsync(user.Id, ApiTokenStore.Hash(token), label, TokenVia.Cli, ct);
        c.Out.WriteLine(token);
        c.Error.WriteLine($"Token for '{login}' created. It is shown only once; send it as 'Authorization: Bearer <token>'.");
        return Ok;
    }

    private static int Validate(WorkflowSet set, CliConsole c)
    {
        foreach (var e in set.Errors) c.Out.WriteLine(e.ToString());
        if (!set.IsValid)
        {
            c.Error.WriteLine($"{set.Errors.Count} error(s) in {set.Directory}.");
            return Failed;
        }
        c.Out.WriteLine($"{set.Catalog.All.Count()} workflow definition(s) in {set.Directory} are valid.");
        return Ok;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex LoginPattern();
}
