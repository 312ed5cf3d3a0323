using Incidents.Mail.Outbox;
using Incidents.Web.Access;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Incidents.Web.Telemetry;

/// <summary>
/// OpenTelemetry: metrics for HTTP (server and client), SQL Server (SqlClient) and our own (<see cref="IncidentsMetrics"/>,
/// <see cref="MailMetrics"/>) at /metrics (Prometheus text, administrators); with OTEL_EXPORTER_OTLP_ENDPOINT set (the
/// standard OTEL_* variables configure it), the metrics and traces of the same plus the jobs (<see cref="JobTracing"/>)
/// are exported by OTLP.
/// </summary>
public static class TelemetrySetup
{
    public const string ServiceName = "incidents";

    public static WebApplicationBuilder AddIncidentsTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentsMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        // Only a pushing exporter needs the figures kept fresh; a scrape reads them itself. Counting cases by type every
        // 30 s for nobody cost a second of CPU each time at 1M cases.
        if (otlp) builder.Services.AddHostedService<MetricsRefresh>();
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithMetrics(m => m
                .AddMeter(IncidentsMetrics.MeterName, MailMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation()
                .AddPrometheusExporter());
        // Traces only where they go somewhere: recording a span per request and statement that no exporter reads
        // would cost intake for nothing.
        if (otlp)
            otel.WithTracing(t => t
                    .AddSource(JobTracing.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/metrics"))
                    .AddHttpClientInstrumentation()
                    .AddSqlClientInstrumentation())
                .UseOtlpExporter();
        return builder;
    }

    /// <summary>GET /metrics (Prometheus text), administrators only; each scrape reads the figures fresh.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.UseWhen(ctx => ctx.Request.Path.StartsWithSegments("/metrics") && HttpMethods.IsGet(ctx.Request.Method), b => b.Use(async (ctx, next) =>
        {
            if (ctx.User.IsInRole(Core.Access.Roles.Admin))
                await ctx.RequestServices.GetRequiredService<IncidentsMetrics>().RefreshAsync(ctx.RequestAborted);
            await next(ctx);
        }));
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(Policies.Admin);
        return app;
    }
}
