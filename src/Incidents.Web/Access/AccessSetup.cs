using System.Security.Claims;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Incidents.Web.Access;

/// <summary>Authorization policies, one per kind of work; endpoints and pages name these, never roles directly.</summary>
public static class Policies
{
    /// <summary>Any user with a role: read cases of their team(s); leadership and admin read all.</summary>
    public const string Reader = "reader";
    /// <summary>Take in cases: complaints, security, admin (each only for its own team's types unless admin).</summary>
    public const string Intake = "intake";
    /// <summary>Assign and act on cases: the teams and leadership.</summary>
    public const string Triage = "triage";
    public const string Leadership = "leadership";
    public const string Admin = "admin";
}

public static class AccessSetup
{
    public const string SmartScheme = "Incidents";

    /// <summary>
    /// Bearer tokens for /api (and any request that sends one), cookies for the pages (sign-in comes with the UI), and the
    /// role policies. A cookie challenge on /api answers 401 instead of redirecting.
    /// </summary>
    public static WebApplicationBuilder AddIncidentsAccess(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AccessOptions>(AccessOptions.Section, o => o.Problems());
        builder.Services.AddSingleton(Passwords.Policy); // the common-passwords list is read here, once
        builder.Services.AddScoped<SignIns>();
        builder.Services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "Bearer or cookie", o => o.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                || ctx.Request.Path.StartsWithSegments("/api")
                    ? BearerTokenHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "incidents.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => Api(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => Api(ctx, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = Revalidate;
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Reader, p => p.RequireAuthenticatedUser().RequireRole(Roles.All))
            .AddPolicy(Policies.Intake, p => p.RequireAuthenticatedUser().RequireRole(Roles.Complaints, Roles.Security, Roles.Admin))
            .AddPolicy(Policies.Triage, p => p.RequireAuthenticatedUser().RequireRole(Roles.Complaints, Roles.Security, Roles.Leadership, Roles.Admin))
            .AddPolicy(Policies.Leadership, p => p.RequireAuthenticatedUser().RequireRole(Roles.Leadership))
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));
        return builder;
    }

    /// <summary>
    /// A cookie is honoured only while it carries the user's current security stamp: each request reads the stamp (one
    /// primary-key lookup, null for a deactivated user). Sign-out, a password change or reset, deactivation and a role
    /// change write a new one (UserStore), so every cookie issued before, a copied one included, is refused from then on.
    /// </summary>
    private static async Task Revalidate(CookieValidatePrincipalContext ctx)
    {
        var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = long.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var uid)
            ? await ctx.HttpContext.RequestServices.GetRequiredService<UserStore>().FindStampAsync(uid, ctx.HttpContext.RequestAborted)
            : null;
        var carried = ctx.Principal?.FindFirstValue(Claimsets.StampClaim);
        if (stamp is null || carried is null
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(stamp), System.Text.Encoding.ASCII.GetBytes(carried)))
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static Task Api(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        // A scraper (/metrics) is no browser either: it gets the status, not the sign-in page.
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/metrics")) ctx.Response.StatusCode = status;
        else ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
