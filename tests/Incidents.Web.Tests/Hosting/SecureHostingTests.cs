using System.Net;
using Dapper;
using Incidents.Core.Access;
using Incidents.Storage;
using Incidents.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Hosting;

/// <summary>Data Protection keys in the database; forwarded headers, Secure cookies and HSTS behind a proxy.</summary>
public sealed class SecureHostingTests
{
    /// <summary>A browser of our own: cookies carried by hand, so one jar can go to two hosts.</summary>
    private sealed class Jar
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public async Task<HttpResponseMessage> SendAsync(HttpClient c, HttpMethod method, string url, Dictionary<string, string>? form = null)
        {
            using var req = new HttpRequestMessage(method, url);
            if (form is not null) req.Content = new FormUrlEncodedContent(form);
            if (_cookies.Count > 0) req.Headers.Add("Cookie", string.Join("; ", _cookies.Select(kv => $"{kv.Key}={kv.Value}")));
            var res = await c.SendAsync(req);
            foreach (var set in res.Headers.TryGetValues("Set-Cookie", out var v) ? v : [])
            {
                var pair = set.Split(';')[0].Split('=', 2);
                _cookies[pair[0]] = pair[1];
            }
            return res;
        }
    }

    private static HttpClient Browser(IncidentsApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Host two starts after the key was made and holds nothing of host one's: it stands for a restart too.</summary>
    [Fact]
    public async Task Signed_in_on_one_host_a_form_from_it_posts_on_another_host()
    {
        await using var one = new IncidentsApp();
        await PageSession.CreateUserAsync(one, "lan", "Trần Thị Lan", Roles.Complaints);
        var cs = one.Services.GetRequiredService<Database>().ConnectionString;
        await using var two = new IncidentsApp { Settings = { ["Incidents:Database:ConnectionString"] = cs } };
        var (a, b) = (Browser(one), Browser(two));
        var jar = new Jar();

        var signIn = await jar.SendAsync(a, HttpMethod.Get, "/signin");
        var token = PageSession.Token(await signIn.Content.ReadAsStringAsync());
        var signedIn = await jar.SendAsync(a, HttpMethod.Post, "/signin",
            new() { ["__af"] = token, ["Login"] = "lan", ["Password"] = PageSession.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // Host one's page and its form token; the cookie and the token are then read by host two.
        var page = await jar.SendAsync(a, HttpMethod.Get, "/cases");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var formToken = PageSession.Token(await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await jar.SendAsync(b, HttpMethod.Get, "/cases")).StatusCode); // not sent to /signin
        var signOut = await jar.SendAsync(b, HttpMethod.Post, "/signout", new() { ["__af"] = formToken });
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode); // a token two could not read would be 400
        Assert.Equal("/signin", signOut.Headers.Location!.OriginalString);

        await using var c = await one.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM data_protection_keys"));
    }

    [Theory]
    [InlineData(true, "https", true)]
    [InlineData(true, null, false)]
    [InlineData(false, "https", false)]
    public async Task Cookies_are_secure_when_the_proxy_forwarded_https(bool proxy, string? forwardedProto, bool secure)
    {
        await using var app = new IncidentsApp { Settings = { ["Incidents:Proxy:Enabled"] = proxy ? "true" : "false" } };
        using var req = new HttpRequestMessage(HttpMethod.Get, "/signin");
        if (forwardedProto is not null) req.Headers.Add("X-Forwarded-Proto", forwardedProto);
        var res = await Browser(app).SendAsync(req);
        var antiforgery = Assert.Single(res.Headers.GetValues("Set-Cookie"), v => v.StartsWith("incidents.af=", StringComparison.Ordinal));
        Assert.Equal(secure, antiforgery.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Https_through_the_proxy_gets_strict_transport_security_outside_development()
    {
        await using var app = new IncidentsApp { EnvironmentName = "Production", Settings = { ["Incidents:Proxy:Enabled"] = "true" } };
        using var req = new HttpRequestMessage(HttpMethod.Get, "/health");
        req.Headers.Add("X-Forwarded-Proto", "https");
        req.Headers.Host = "incidents.example.vn"; // HSTS is never sent for localhost
        var res = await Browser(app).SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.StartsWith("max-age=31536000", Assert.Single(res.Headers.GetValues("Strict-Transport-Security")));
    }
}
