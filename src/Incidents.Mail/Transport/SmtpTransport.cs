using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Incidents.Mail.Transport;

/// <summary>Sends through an SMTP server with MailKit: connect, authenticate when a user is set, send.</summary>
public sealed class SmtpTransport(MailOptions options) : IMailTransport
{
    public async Task<IMailSession> OpenAsync(CancellationToken ct = default)
    {
        var host = options.Host ?? throw new InvalidOperationException("Incidents:Smtp:Host is not set.");
        var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(host, options.Port, options.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Ssl => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.Auto,
            }, ct);
            if (!string.IsNullOrEmpty(options.User))
                await client.AuthenticateAsync(options.User, options.Password ?? "", ct);
            return new Session(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private sealed class Session(SmtpClient client) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct = default) => await client.SendAsync(message, ct);

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(true);
            }
            catch (Exception)
            {
                // A failed QUIT changes nothing about what was sent.
            }
            client.Dispose();
        }
    }
}
