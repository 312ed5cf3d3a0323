namespace Incidents.Mail;

public enum SmtpSecurity { None, StartTls, Ssl, Auto }

public enum MailCulture { Vi, En }

/// <summary>
/// Mail settings, bound from Incidents:Smtp (Incidents__Smtp__Host, ...). With no Host, messages are written as .eml
/// files under PickupDirectory instead, only when it is set: with neither, the host refuses to start in every environment,
/// so mail is never quietly parked in a folder nobody reads.
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
    /// <summary>Folder for .eml files when there is no Host; one of the two must be set explicitly.</summary>
    public string? PickupDirectory { get; set; }

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

    /// <summary>Each invalid setting, named by its configuration key, with what is wrong; empty when all are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        void Check(bool ok, string key, string message)
        {
            if (!ok) p.Add($"{Section}:{key} {message}");
        }
        Check(Port is > 0 and <= 65535, nameof(Port), $"must be a TCP port (1-65535), not {Port}.");
        Check(Enum.IsDefined(Security), nameof(Security), "must be none, starttls, ssl or auto.");
        Check(MimeKit.MailboxAddress.TryParse(From, out _), nameof(From), $"is not an email address: '{From}'.");
        Check(Uri.CheckHostName(MessageIdDomain) != UriHostNameType.Unknown, nameof(MessageIdDomain), $"is not a host name: '{MessageIdDomain}'.");
        Check(MaxAttempts >= 1, nameof(MaxAttempts), "must be at least 1.");
        Check(BatchSize >= 1, nameof(BatchSize), "must be at least 1.");
        Check(Connections >= 1, nameof(Connections), "must be at least 1.");
        Check(Timeout > TimeSpan.Zero, nameof(Timeout), "must be positive.");
        Check(RetryBaseDelay > TimeSpan.Zero, nameof(RetryBaseDelay), "must be positive.");
        Check(RetryMaxDelay >= RetryBaseDelay, nameof(RetryMaxDelay), "must not be shorter than RetryBaseDelay.");
        Check(Lease > Timeout, nameof(Lease), "must be longer than Timeout (a claimed row must outlive one send).");
        Check(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var b) && (b.Scheme == Uri.UriSchemeHttp || b.Scheme == Uri.UriSchemeHttps),
            nameof(BaseUrl), $"must be an absolute http(s) address, not '{BaseUrl}'.");
        foreach (var (a, i) in AdminAddresses.Select((a, i) => (a, i)))
            Check(MimeKit.MailboxAddress.TryParse(a, out _), $"{nameof(AdminAddresses)}:{i}", $"is not an email address: '{a}'.");
        Check(UsesSmtp || !string.IsNullOrWhiteSpace(PickupDirectory), nameof(Host),
            $"or {Section}:{nameof(PickupDirectory)} must be set: an SMTP server to send through, or a folder to write .eml files to instead.");
        return p;
    }

    /// <summary>Delay before the next attempt after <paramref name="failures"/> failures (1, 2, ...).</summary>
    public TimeSpan BackoffAfter(int failures)
    {
        var exp = Math.Clamp(failures - 1, 0, 30);
        var ticks = RetryBaseDelay.Ticks * Math.Pow(2, exp);
        return ticks >= RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }
}
