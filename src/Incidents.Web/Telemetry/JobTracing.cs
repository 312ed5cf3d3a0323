using System.Diagnostics;

namespace Incidents.Web.Telemetry;

/// <summary>Spans for the background work Hangfire and the pump run (Hangfire has no OpenTelemetry support of its own).</summary>
public static class JobTracing
{
    public const string SourceName = "Incidents.Jobs";

    public static readonly ActivitySource Source = new(SourceName);
}
