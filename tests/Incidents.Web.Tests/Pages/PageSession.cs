using System.Net;
using System.Text.RegularExpressions;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Pages;

/// <summary>Users and cookie sign-in for the page tests: the antiforgery token, a user with a password, a signed-in client.</summary>
public static class PageSession
{
    public const string Password = "x-password-1";

    /// <summary>The antiforgery token of the first form on the page.</summary>
    public static string Token(string html) => Regex.Match(html, "name=\"__af\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

    /// <summary>Starts the host if needed and stores a user with <see cref="Password"/>.</summary>
    public static async Task<UserAccount> CreateUserAsync(IncidentsApp app, string login, string displayName, params string[] roles)
    {
        _ = app.Server;
        var users = app.Services.GetRequiredService<UserStore>();
        return (await users.FindByIdAsync((await users.CreateAsync(new NewUser(login, displayName, null, Passwords.Hash(Password), roles)))!.Value))!;
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient c, string login, string password) =>
        await c.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(await c.GetStringAsync("/signin")), ["Login"] = login, ["Password"] = password,
        }));

    /// <summary>A client that does not follow redirects, signed in through the sign-in form (which must redirect).</summary>
    public static async Task<HttpClient> SignedInAsync(IncidentsApp app, string login, string password = Password)
    {
        var c = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await PostSignInAsync(c, login, password)).StatusCode);
        return c;
    }
}

/// <summary>A page test with a host of its own (fresh database and clock), disposed after the test.</summary>
public abstract class OwnHostTest : IAsyncLifetime
{
    protected readonly IncidentsApp _app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();
}
