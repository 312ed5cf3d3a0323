namespace Incidents.Web.Hosting;

/// <summary>
/// The same security headers on every response, pages, API, static files and errors alike (set when the response
/// starts, so an error handler that clears the headers does not drop them).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts only from this host (the vendored Mermaid included; no inline script or event handler on any page), no
    /// framing, no plugins, forms and &lt;base&gt; only to this host. style-src allows inline styles because Mermaid writes a
    /// &lt;style&gt; element into each diagram it draws (and Hangfire's dashboard uses style attributes); styles cannot run code.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                // Unless the endpoint chose a stricter one (the press screen: no-referrer, its token is in the URL).
                if (!headers.ContainsKey("Referrer-Policy")) headers["Referrer-Policy"] = "same-origin";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }
}
