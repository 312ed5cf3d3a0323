using System.Diagnostics.Metrics;

namespace Incidents.Mail.Outbox;

/// <summary>What only the sending process knows, counted as it happens (the rest is read from the database).</summary>
public static class MailMetrics
{
    public const string MeterName = "Incidents.Mail";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Sends the SMTP server refused, or could not be reached for (each failed attempt of a message).</summary>
    public static readonly Counter<long> SmtpFailures = Meter.CreateCounter<long>("incidents.smtp.failures", "{failure}",
        "SMTP sends that failed (connection or refusal); each failed attempt counts");
}
