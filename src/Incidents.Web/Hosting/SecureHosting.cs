using System.Net;
using System.Xml.Linq;
using Incidents.Storage.Access;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Incidents.Web.Hosting;

/// <summary>Incidents:Proxy: the host behind a reverse proxy that ends TLS.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Incidents:Proxy";

    /// <summary>Honour X-Forwarded-For and X-Forwarded-Proto, so an HTTPS request through the proxy is HTTPS here
    /// (Secure cookies, https links, HSTS).</summary>
    public bool Enabled { get; set; }

    /// <summary>Addresses of the proxies to trust; empty trusts whichever peer connects, so keep the host unreachable
    /// except through the proxy.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Send Strict-Transport-Security on HTTPS responses (outside Development).</summary>
    public bool Hsts { get; set; } = true;

    public IReadOnlyList<string> Problems() => KnownProxies
        .Select((p, i) => (p, i))
        .Where(x => !IPAddress.TryParse(x.p, out _))
        .Select(x => $"{Section}:{nameof(KnownProxies)}:{x.i} is not an IP address: '{x.p}'.")
        .ToList();
}

/// <summary>
/// Data Protection keys in the database (cookies and antiforgery tokens survive a restart and work on every host), and
/// forwarded headers and HSTS for a reverse proxy. Auth and antiforgery cookies are Secure whenever the request is HTTPS
/// (CookieSecurePolicy.SameAsRequest in AccessSetup and PagesSetup).
/// </summary>
public static class SecureHosting
{
    public static WebApplicationBuilder AddSecureHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("Incidents");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<DataProtectionKeyStore>((o, store) => o.XmlRepository = new DatabaseXmlRepository(store));
        builder.Services.AddValidatedOptions<ProxyOptions>(ProxyOptions.Section, o => o.Problems());
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var p in proxy.Value.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(p));
        });
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    /// <summary>First in the pipeline: the security headers on every response, and everything after sees the scheme and
    /// client address the proxy forwarded.</summary>
    public static WebApplication UseSecureHosting(this WebApplication app)
    {
        app.UseSecurityHeaders();
        var proxy = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value;
        if (proxy.Enabled) app.UseForwardedHeaders();
        if (proxy.Hsts && !app.Environment.IsDevelopment()) app.UseHsts();
        return app;
    }

    /// <summary>
    /// IXmlRepository is synchronous; the key ring is read at start-up and when it is refreshed (about daily) and written
    /// when a key is created (every 90 days), so blocking on the store here costs nothing a request would notice.
    /// </summary>
    private sealed class DatabaseXmlRepository(DataProtectionKeyStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() =>
            store.ListAsync().GetAwaiter().GetResult().Select(x => XElement.Parse(x)).ToList();

        public void StoreElement(XElement element, string friendlyName) =>
            store.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting)).GetAwaiter().GetResult();
    }
}
