using System.Threading.RateLimiting;
using Incidents.Storage.Screen;
using Incidents.Web.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Incidents.Web.Screen;

/// <summary>
/// The press room's wall screen (issue #13): /screen/{token} and its event stream /screen/{token}/events, open without
/// sign-in to whoever holds a live link (Pages/Admin/Screens makes and revokes them), rate-limited per client address.
/// </summary>
public static class ScreenSetup
{
    public const string RateLimit = "screen";
    /// <summary>Page loads and stream (re)connections per client address and minute: a wall screen needs a handful.</summary>
    public const int RequestsPerMinute = 120;
    /// <summary>A stream with nothing new says so this often (an SSE comment), so proxies keep it open and the page knows it is alive.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    /// <summary>How often a stream looks again without a wake-up: writes made by other hosts show within this.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(2500);
    /// <summary>A stream ends after this; the browser reconnects by itself (with Last-Event-ID, so nothing is resent).</summary>
    public static readonly TimeSpan StreamLifetime = TimeSpan.FromMinutes(10);
    /// <summary>A link is 43 characters; anything much longer is not one, and is not hashed.</summary>
    public const int MaxTokenLength = 100;
    private static readonly TimeSpan SeenEvery = TimeSpan.FromMinutes(1);

    public static WebApplicationBuilder AddPressScreen(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<ScreenOptions>(ScreenOptions.Section, o => o.Problems());
        builder.Services.AddSingleton<ScreenLinkStore>();
        builder.Services.AddSingleton<ScreenQueries>();
        builder.Services.AddSingleton<PressScreen>();
        // After the pages' own conventions: an AllowAnonymous placed before the "/" folder's Authorize would not count.
        builder.Services.PostConfigure<RazorPagesOptions>(o =>
        {
            // The link's token is the key: a wall screen has nobody to sign in.
            o.Conventions.AllowAnonymousToFolder("/Screen");
            o.Conventions.AddFolderApplicationModelConvention("/Screen", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimit)));
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimit, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = RequestsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
        return builder;
    }

    public static WebApplication MapPressScreen(this WebApplication app)
    {
        app.UseRateLimiter();
        app.MapGet("/screen/{token}/events", EventsAsync).AllowAnonymous().RequireRateLimiting(RateLimit).ExcludeFromDescription();
        return app;
    }

    /// <summary>What every answer of the screen carries, found or not: no referrer (the token is in the URL), not indexed,
    /// not cached.</summary>
    public static void Private(HttpResponse response)
    {
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers["X-Robots-Tag"] = "noindex, nofollow";
        response.Headers.CacheControl = "no-store";
    }

    /// <summary>
    /// Server-sent events: "figures" with the aggregate JSON whenever its version changes (id: the version), a comment as
    /// heartbeat, and "revoked" before the stream ends when the link is revoked. Wakes at each commit in this process and
    /// polls every <see cref="Poll"/> for the others.
    /// </summary>
    private static async Task EventsAsync(string token, HttpContext http, ScreenLinkStore links, PressScreen screen,
        IHostApplicationLifetime lifetime)
    {
        Private(http.Response);
        var id = token.Length <= MaxTokenLength ? await links.FindLiveAsync(ScreenLinkStore.Hash(token), http.RequestAborted) : null;
        if (id is not { } link)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound; // unknown or revoked alike
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        stop.CancelAfter(StreamLifetime);
        var ct = stop.Token;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers["X-Accel-Buffering"] = "no";

        string? sent = http.Request.Headers["Last-Event-ID"].FirstOrDefault();
        var lastWrite = TimeSpan.Zero;
        TimeSpan? lastSeen = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            await WriteAsync(http, "retry: 3000\n\n", ct);
            while (!ct.IsCancellationRequested)
            {
                var changed = screen.Changed; // taken before reading, so a commit during the read wakes the next wait
                if (!await links.IsLiveAsync(link, ct))
                {
                    await WriteAsync(http, "event: revoked\ndata: {}\n\n", ct);
                    return;
                }
                if (lastSeen is null || clock.Elapsed - lastSeen >= SeenEvery)
                {
                    await links.SeenAsync(link, ct);
                    lastSeen = clock.Elapsed;
                }
                var figures = await screen.FiguresAsync(ct);
                if (figures.Version != sent)
                {
                    await WriteAsync(http, $"id: {figures.Version}\nevent: figures\ndata: {figures.ToJson()}\n\n", ct);
                    (sent, lastWrite) = (figures.Version, clock.Elapsed);
                }
                else if (clock.Elapsed - lastWrite >= Heartbeat)
                {
                    await WriteAsync(http, ": heartbeat\n\n", ct);
                    lastWrite = clock.Elapsed;
                }
                await Task.WhenAny(changed, Task.Delay(Poll, ct));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The screen went away, the host is stopping, or the stream's lifetime is up: the browser reconnects.
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken ct)
    {
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
