using System.Diagnostics;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace Incidents.Testing.Imap;

/// <summary>
/// A real IMAP server for tests: Debian's Dovecot (dovecot-imapd) on a free loopback port, with a throwaway config, a
/// passwd-file user and a Maildir in a temp folder. Messages are delivered by appending through IMAP. Tests that use it
/// carry [Trait("Category", "Imap")]. Construction FAILS when Dovecot is missing: tests that need it must not pass or
/// skip without it (tests/run.sh installs dovecot-imapd).
/// </summary>
public sealed class DovecotServer : IDisposable
{
    public const string Binary = "/usr/sbin/dovecot";

    private readonly StringBuilder _output = new();
    private readonly Process _process;

    public string Host => "127.0.0.1";
    public int Port { get; }
    public string User => "letters";
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N")[..12];
    /// <summary>The temp folder: dovecot.conf, passwd, the log, the state and the user's Maildir.</summary>
    public string Dir { get; }

    public DovecotServer()
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing; the IMAP tests need Debian's dovecot-imapd (apt-get install dovecot-imapd, or run tests/run.sh).");
        Port = Loopback.FreePort();
        Dir = Path.Combine(Path.GetTempPath(), "dovecot-" + Guid.NewGuid().ToString("N"));
        foreach (var sub in new[] { "base", "state", "home" }) Directory.CreateDirectory(Path.Combine(Dir, sub));
        File.WriteAllText(Path.Combine(Dir, "passwd"), $"{User}:{{PLAIN}}{Password}::::::\n");

        // Dovecot refuses to deliver mail as root and runs its login processes unprivileged: as root, the mail belongs to
        // nobody and the package's own users run the services; as anyone else, everything runs as that user.
        var root = Id("-u") == "0";
        var (uid, gid) = root ? ("65534", "65534") : (Id("-u"), Id("-g"));
        var (internalUser, loginUser) = root ? ("dovecot", "dovenull") : (Id("-un"), Id("-un"));
        File.WriteAllText(ConfigPath, $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{Dir}}/base
            state_dir = {{Dir}}/state
            log_path = {{Dir}}/dovecot.log
            ssl = no
            auth_mechanisms = plain
            disable_plaintext_auth = no
            default_internal_user = {{internalUser}}
            default_login_user = {{loginUser}}
            first_valid_uid = 1
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{Port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            passdb {
              driver = passwd-file
              args = scheme=PLAIN {{Dir}}/passwd
            }
            userdb {
              driver = static
              args = uid={{uid}} gid={{gid}} home={{Dir}}/home/%u
            }
            mail_location = maildir:{{Dir}}/home/%u/Maildir
            namespace inbox {
              inbox = yes
              separator = /
            }
            """);
        if (root)
        {
            Run("chmod", "755", Dir);
            Run("chown", "65534:65534", Path.Combine(Dir, "home"));
        }

        var psi = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-F", "-c", ConfigPath }) psi.ArgumentList.Add(a);
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Greets())
        {
            if (_process.HasExited) throw new InvalidOperationException($"dovecot exited with code {_process.ExitCode}: {Output}");
            if (DateTime.UtcNow > deadline)
            {
                Dispose();
                throw new TimeoutException($"dovecot did not answer on {Host}:{Port} within 20 s: {Output}");
            }
            Thread.Sleep(50);
        }
    }

    public string ConfigPath => Path.Combine(Dir, "dovecot.conf");

    /// <summary>What Dovecot printed and logged (logins refused, errors).</summary>
    public string Output
    {
        get
        {
            var log = Path.Combine(Dir, "dovecot.log");
            lock (_output) return _output + (File.Exists(log) ? File.ReadAllText(log) : "");
        }
    }

    /// <summary>A logged-in client of the test user, for delivering and looking.</summary>
    public async Task<ImapClient> ConnectAsync()
    {
        var c = new ImapClient();
        await c.ConnectAsync(Host, Port, SecureSocketOptions.None);
        await c.AuthenticateAsync(User, Password);
        return c;
    }

    /// <summary>Delivers a message to a folder (INBOX by default) with the given arrival time (INTERNALDATE).</summary>
    public async Task AppendAsync(MimeMessage message, DateTimeOffset arrived, string folder = "INBOX")
    {
        using var c = await ConnectAsync();
        var f = await c.GetFolderAsync(folder);
        await f.AppendAsync(new AppendRequest(message) { InternalDate = arrived });
        await c.DisconnectAsync(true);
    }

    /// <summary>How many messages a folder holds; 0 when it does not exist.</summary>
    public async Task<int> CountAsync(string folder = "INBOX")
    {
        using var c = await ConnectAsync();
        try
        {
            var f = await c.GetFolderAsync(folder);
            await f.OpenAsync(FolderAccess.ReadOnly);
            return f.Count;
        }
        catch (FolderNotFoundException) { return 0; }
        finally { await c.DisconnectAsync(true); }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private bool Greets() => Loopback.Greets(Port, "* OK", "a LOGOUT\r\n"u8);

    private static string Id(string flag) => Run("id", flag).Trim();

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {error.Trim()}");
        return output;
    }

}
