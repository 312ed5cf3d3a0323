using System.Diagnostics;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Incidents.Benchmarks.Escalation;

/// <summary>
/// The SMTP server's own pace, the base of the escalation burst's ratio: a plain MailKit loop sends N messages the size
/// of an escalation notice (text and HTML, Vietnamese) over C connections, each in a loop of Send calls (MailKit
/// pipelines MAIL/RCPT/DATA when the server offers PIPELINING). Returns the seconds from the first connect to the last
/// accepted message.
/// </summary>
public static class SmtpLoop
{
    /// <param name="noDelay">Connect a socket with Nagle's algorithm off, as the product's SmtpTransport does; MailKit
    /// leaves it on, which costs about 40 ms per message (the server's delayed ACK).</param>
    public static async Task<double> RunAsync(string host, int port, int count, int connections, bool noDelay = false)
    {
        var body = string.Concat(Enumerable.Repeat("Hồ sơ KN-2026-000123 đã quá hạn thụ lý (Luật Khiếu nại 2011, Điều 27). ", 20));
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, connections)).Select(async _ =>
        {
            using var smtp = new SmtpClient();
            if (noDelay)
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(host, port);
                await smtp.ConnectAsync(socket, host, port, SecureSocketOptions.None);
            }
            else await smtp.ConnectAsync(host, port, SecureSocketOptions.None);
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var m = new MimeMessage();
                m.From.Add(MailboxAddress.Parse("loop@bench.invalid"));
                m.To.Add(MailboxAddress.Parse("gen.kn01@bench.invalid"));
                m.To.Add(MailboxAddress.Parse("gen.lead.kn@bench.invalid"));
                m.Subject = $"[Quá hạn] KN-2026-{i:D6}: Thời hạn thụ lý";
                m.Headers.Add("X-Bench-Loop", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                m.Body = new BodyBuilder { TextBody = body, HtmlBody = "<p>" + body + "</p>" }.ToMessageBody();
                await smtp.SendAsync(m);
            }
            await smtp.DisconnectAsync(true);
        }));
        return sw.Elapsed.TotalSeconds;
    }
}
