using System.Globalization;
using Incidents.Core.Access;
using Incidents.Storage.Oversight;
using Incidents.Web.Access;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Localization;

namespace Incidents.Web.Ui;

/// <summary>Policies the pages add to the host's: one per desk. Admin may do everything.</summary>
public static class UiPolicies
{
    /// <summary>Complaints triage queue and export: complaints, leadership, admin.</summary>
    public const string ComplaintsDesk = "complaints-desk";
    /// <summary>Complaints intake form: complaints, admin.</summary>
    public const string ComplaintsIntake = "complaints-intake";
    /// <summary>Incident queue: security, leadership, admin.</summary>
    public const string SecurityDesk = "security-desk";
    /// <summary>Incident log form: security, admin.</summary>
    public const string SecurityIntake = "security-intake";
    /// <summary>Dashboard and extension approvals: leadership, admin.</summary>
    public const string Oversight = "oversight";
}

public static class PagesSetup
{
    public static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en")];

    /// <summary>
    /// Razor Pages (server-rendered, antiforgery on every POST by default), Vietnamese first with an English switch kept in
    /// the culture cookie, page authorization by folder, and the desks the pages use.
    /// </summary>
    public static WebApplicationBuilder AddPages(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(o =>
        {
            var c = o.Conventions;
            c.AuthorizeFolder("/", Policies.Reader);
            c.AllowAnonymousToPage("/Account/SignIn");
            c.AllowAnonymousToPage("/Account/Denied");
            c.AllowAnonymousToPage("/Culture");
            c.AuthorizePage("/Cases/Index", UiPolicies.ComplaintsDesk);
            c.AuthorizePage("/Cases/New", UiPolicies.ComplaintsIntake);
            c.AuthorizePage("/Security/Index", UiPolicies.SecurityDesk);
            c.AuthorizePage("/Security/New", UiPolicies.SecurityIntake);
            c.AuthorizeFolder("/Dashboard", UiPolicies.Oversight);
            c.AuthorizeFolder("/Admin", Policies.Admin);
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(UiPolicies.ComplaintsDesk, p => p.RequireAuthenticatedUser().RequireRole(Roles.Complaints, Roles.Leadership, Roles.Admin))
            .AddPolicy(UiPolicies.ComplaintsIntake, p => p.RequireAuthenticatedUser().RequireRole(Roles.Complaints, Roles.Admin))
            .AddPolicy(UiPolicies.SecurityDesk, p => p.RequireAuthenticatedUser().RequireRole(Roles.Security, Roles.Leadership, Roles.Admin))
            .AddPolicy(UiPolicies.SecurityIntake, p => p.RequireAuthenticatedUser().RequireRole(Roles.Security, Roles.Admin))
            .AddPolicy(UiPolicies.Oversight, p => p.RequireAuthenticatedUser().RequireRole(Roles.Leadership, Roles.Admin));

        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "incidents.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__af";
        });
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("vi-VN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            // Only the cookie (and ?culture= for links): the browser's Accept-Language must not turn the pages English.
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        // Vietnamese letters as text, not as &#x...; entities (the encoder still escapes what HTML needs).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddSingleton<UiText>();
        builder.Services.AddScoped<Display.People>();
        builder.Services.AddSingleton<OversightQueries>();
        return builder;
    }

    public static WebApplication MapPages(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.MapRazorPages();
        return app;
    }
}
