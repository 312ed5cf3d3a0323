using MimeKit;

namespace Incidents.Mail.Transport;

/// <summary>Where messages go: an SMTP server, or a pickup directory in the embedded default.</summary>
public interface IMailTransport
{
    /// <summary>Opens a session (one SMTP connection) for a batch of messages.</summary>
    Task<IMailSession> OpenAsync(CancellationToken ct = default);
}

public interface IMailSession : IAsyncDisposable
{
    /// <summary>Returns once the server accepted the message; throws when it did not.</summary>
    Task SendAsync(MimeMessage message, CancellationToken ct = default);
}

public static class MailTransports
{
    /// <summary>SMTP when a host is configured, otherwise the pickup directory that was set (MailOptions.Problems refuses neither).</summary>
    public static IMailTransport FromOptions(MailOptions options) =>
        options.UsesSmtp ? new SmtpTransport(options) : new PickupDirectoryTransport(PickupDirectory(options));

    public static string PickupDirectory(MailOptions options) =>
        string.IsNullOrWhiteSpace(options.PickupDirectory)
            ? throw new InvalidOperationException($"Neither {MailOptions.Section}:Host nor {MailOptions.Section}:PickupDirectory is set.")
            : options.PickupDirectory;
}
