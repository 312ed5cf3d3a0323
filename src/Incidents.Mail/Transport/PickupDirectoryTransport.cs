using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Utils;

namespace Incidents.Mail.Transport;

/// <summary>
/// The embedded default when no SMTP host is configured: each message becomes an .eml file in a directory.
/// The file name derives from the Message-Id, so a resend of the same row overwrites its file instead of adding one,
/// and each file is written under a temporary name and moved into place so a reader never sees half a message.
/// </summary>
public sealed class PickupDirectoryTransport(string directory) : IMailTransport
{
    public string Directory { get; } = Path.GetFullPath(directory);

    public Task<IMailSession> OpenAsync(CancellationToken ct = default)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return Task.FromResult<IMailSession>(new Session(Directory));
    }

    /// <summary>The file a message with this Message-Id is written to.</summary>
    public string PathFor(string messageId)
    {
        var id = messageId.Trim('<', '>');
        var safe = new string(id.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());
        if (safe.Length > 80) safe = safe[..80];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12];
        return Path.Combine(Directory, $"{safe}-{hash}.eml");
    }

    private sealed class Session(string directory) : IMailSession
    {
        public async Task SendAsync(MimeMessage message, CancellationToken ct = default)
        {
            var path = new PickupDirectoryTransport(directory).PathFor(message.MessageId ?? MimeUtils.GenerateMessageId());
            var tmp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await using (var f = File.Create(tmp))
                await message.WriteToAsync(f, ct);
            File.Move(tmp, path, overwrite: true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
