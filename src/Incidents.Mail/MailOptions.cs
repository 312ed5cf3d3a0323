namespace Incidents.Mail;

public enum SmtpSecurity { None, StartTls, Ssl, Auto }

public enum MailCulture { Vi, En }

/// <summary>
/// Mail settings, bound from Incidents:Smtp (Incidents__Smtp__Host, ...). With no Host the embedded default writes each
/// message as an .eml file under PickupDirectory instead of talking SMTP.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Incidents:Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>none | starttls | ssl | auto (STARTTLS when offered).</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "incidents@incidents.local";
    public string FromName { get; set; } = "Incidents";
    /// <summary>Right-hand side of Message-Ids and thread ids.</summary>
    public string MessageIdDomain { get; set; } = "incidents.local";
    /// <summary>Attempts before a message is dead and the administrators are told.</summary>
    public int MaxAttempts { get; set; } = 8;
    public List<string> AdminAddresses { get; set; } = [];
    /// <summary>vi (default) or en.</summary>
    public MailCulture Culture { get; set; } = MailCulture.Vi;
    /// <summary>Public address of the web host, for links in messages.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5000";
    public string PickupDirectory { get; set; } = "data/outbox";

    /// <summary>First retry delay; doubled on each further failure up to RetryMaxDelay.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long a claimed row stays with its dispatcher. Must exceed one send (see Timeout).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Rows claimed at once and sent over one SMTP connection; large enough for bursts (thousands due in one second).</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>SMTP connections a dispatch uses in parallel, each sending its own claimed batches.</summary>
    public int Connections { get; set; } = 2;
    /// <summary>SMTP connect/command timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);

    /// <summary>Delay before the next attempt after <paramref name="failures"/> failures (1, 2, ...).</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        var exp = Math.Clamp(failures - 1, 0, 30);
        var ticks = RetryBaseDelay.Ticks * Math.Pow(2, exp);
        return ticks >= RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
