using System.Net;
using System.Net.Http.Headers;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Cli;
using Incidents.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests;

public sealed class CliTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    private async Task<(int Code, string Out, string Err)> RunAsync(string stdin, bool piped, params string[] args)
    {
        _ = app.Server;
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliVerbs.RunAsync(args, app.Services, new CliConsole(new StringReader(stdin), piped, o, e));
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("Unknown verb", "frobnicate")]
    [InlineData("needs a login", "users", "add")]
    [InlineData("at least one --role", "users", "add", "nobody1")]
    [InlineData("Unknown role 'boss'", "users", "add", "nobody2", "--role", "boss")]
    [InlineData("--role needs a value", "users", "add", "nobody3", "--role")]
    [InlineData("not a valid email", "users", "add", "nobody4", "--role", "complaints", "--email", "nope")]
    [InlineData("not a valid login", "users", "add", "Bad Login", "--role", "complaints")]
    [InlineData("Unexpected argument '--colour'", "users", "add", "nobody5", "--role", "complaints", "--colour", "red")]
    [InlineData("Use: tokens create", "tokens")]
    [InlineData("migrate takes no arguments", "migrate", "now")]
    [InlineData("does not exist", "workflows", "validate", "/no/such/dir")]
    public async Task BadArgumentsExitTwoWithAClearMessage(string expected, params string[] args)
    {
        var (code, _, err) = await RunAsync("", false, args);
        Assert.Equal(CliVerbs.Usage, code);
        Assert.Contains(expected, err);
        Assert.Null(await app.Services.GetRequiredService<UserStore>().FindByLoginAsync(args.Length > 2 ? args[2] : "-"));
    }

    [Fact]
    public void UnknownFirstWordIsAVerbButHostOptionsAreNot()
    {
        Assert.True(CliVerbs.IsVerb(["frobnicate"]));
        Assert.True(CliVerbs.IsVerb(["migrate"]));
        Assert.False(CliVerbs.IsVerb([]));
        Assert.False(CliVerbs.IsVerb(["--urls", "http://localhost:5999"]));
        Assert.False(CliVerbs.IsVerb(["urls=http://localhost:5999"]));
    }

    [Fact]
    public async Task UsersAddTakesAPipedPasswordOrGeneratesOne()
    {
        var (code, output, _) = await RunAsync("correct horse battery\n", true, "users", "add", "piped.user", "--role", "complaints", "--role", "leadership", "--email", "p@example.vn", "--lead");
        Assert.Equal(0, code);
        Assert.DoesNotContain("Password", output);
        var user = (await app.Services.GetRequiredService<UserStore>().FindByLoginAsync("piped.user"))!;
        Assert.True(user.Roles.SetEquals(["complaints", "leadership"]));
        Assert.Equal("p@example.vn", user.Email);
        Assert.True(user.IsLead);
        Assert.True(Passwords.Verify(user.PasswordHash!, "correct horse battery"));

        var (code2, output2, _) = await RunAsync("", false, "users", "add", "generated.user", "--role", "security");
        Assert.Equal(0, code2);
        var printed = output2.Split("Password (shown once): ")[1].Trim();
        var generated = (await app.Services.GetRequiredService<UserStore>().FindByLoginAsync("generated.user"))!;
        Assert.True(Passwords.Verify(generated.PasswordHash!, printed));
        Assert.False(generated.IsLead);

        var (dup, _, dupErr) = await RunAsync("", false, "users", "add", "generated.user", "--role", "security");
        Assert.Equal(CliVerbs.Failed, dup);
        Assert.Contains("already exists", dupErr);
        var (shortPw, _, shortErr) = await RunAsync("short\n", true, "users", "add", "short.pw", "--role", "security");
        Assert.Equal(CliVerbs.Usage, shortPw);
        Assert.Contains("must be at least 12 characters long", shortErr);
    }

    [Fact]
    public async Task TokensCreatePrintsATokenThatAuthenticatesAndIsStoredHashed()
    {
        Assert.Equal(0, (await RunAsync("", false, "users", "add", "token.user", "--role", "complaints")).Code);
        var (code, output, _) = await RunAsync("", false, "tokens", "create", "token.user");
        Assert.Equal(0, code);
        var token = output.Trim();
        Assert.StartsWith("inc_", token);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/cases")).StatusCode);
        var stored = app.Services.GetRequiredService<ApiTokenStore>();
        Assert.Equal("token.user", (await stored.FindUserAsync(ApiTokenStore.Hash(token)))!.Login);
        var info = Assert.Single(await stored.ListAsync((await app.Services.GetRequiredService<UserStore>().FindByLoginAsync("token.user"))!.Id));
        Assert.Equal((null, TokenVia.Cli), (info.CreatedBy, info.Via)); // made on the server, by no user

        var (missing, _, err) = await RunAsync("", false, "tokens", "create", "ghost");
        Assert.Equal(CliVerbs.Failed, missing);
        Assert.Contains("no user 'ghost'", err);
    }

    [Fact]
    public async Task WorkflowsValidateReportsEveryErrorWithItsFile()
    {
        var (ok, okOut, _) = await RunAsync("", false, "workflows", "validate");
        Assert.Equal(0, ok);
        Assert.Contains("valid", okOut);

        var dir = Path.Combine(app.Dir, "broken-workflows");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a.json"), "{ \"id\": \"a\", ");
        File.WriteAllText(Path.Combine(dir, "b.json"), "[1, 2]");
        var (code, output, _) = await RunAsync("", false, "workflows", "validate", dir);
        Assert.Equal(CliVerbs.Failed, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("a.json: $", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("b.json: $", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MigrateIsSafeToRepeat()
    {
        var (code, output, _) = await RunAsync("", false, "migrate");
        Assert.Equal(0, code);
        Assert.Contains("up to date", output);
    }
}

public sealed class StartupTests
{
    /// <summary>The real host process (Program), started as an operator would, against a broken workflow directory.</summary>
    [Fact]
    public async Task HostRefusesToStartOnAnInvalidWorkflowSetAndSaysWhy()
    {
        var dir = Path.Combine(Path.GetTempPath(), "incidents-broken-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(dir, "workflows"));
        File.WriteAllText(Path.Combine(dir, "workflows", "complaint.json"), "{ \"id\": ");
        try
        {
            var config = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
            var dll = Path.Combine(Repo.Dir("src/Incidents.Web"), "bin", config, "net10.0", "Incidents.Web.dll");
            var psi = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true,
            };
            psi.Environment["Incidents__Workflows__Directory"] = Path.Combine(dir, "workflows");
            psi.Environment["Incidents__Database__ConnectionString"] = $"Data Source={Path.Combine(dir, "data", "incidents.db")}";
            psi.Environment["Incidents__Smtp__PickupDirectory"] = Path.Combine(dir, "outbox"); // Production needs SMTP or this
            using var p = System.Diagnostics.Process.Start(psi)!;
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await p.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { p.Kill(entireProcessTree: true); Assert.Fail("the host started despite an invalid workflow set"); }
            Assert.Equal(1, p.ExitCode);
            var err = await stderr;
            Assert.Contains("workflow definitions", err);
            Assert.Contains("complaint.json", err);
            Assert.DoesNotContain("Now listening", await stdout);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task FirstRunCreatesTheAdministratorOnce()
    {
        await using var app = new IncidentsApp();
        _ = app.Server;
        var users = app.Services.GetRequiredService<UserStore>();
        var admin = (await users.FindByLoginAsync(FirstRun.AdminLogin))!;
        Assert.Contains("admin", admin.Roles);
        var console = new StringWriter();
        await FirstRun.EnsureAdministratorAsync(users, console, CancellationToken.None);
        Assert.Equal("", console.ToString());
        Assert.Equal(1, await users.CountAsync());
    }
}
