using System.Diagnostics;
using System.Text;
using MimeKit;

namespace Incidents.Testing.Smtp;

/// <summary>
/// A real SMTP server for tests: Debian's aiosmtpd (python3-aiosmtpd) on a free loopback port, storing what it receives
/// in a Maildir that this class reads back with MimeKit. Tests that use it carry [Trait("Category", "Smtp")].
/// Construction FAILS when aiosmtpd is missing: tests that need it must not pass or skip without it
/// (tests/run.sh installs python3-aiosmtpd). Stop() and Start() take the server down and up on the same port.
/// </summary>
public sealed class AiosmtpdServer : IDisposable
{
    public const string DefaultPython = "/usr/bin/python3";

    public string Python { get; }

    private readonly object _gate = new();
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Host => "127.0.0.1";
    public int Port { get; }
    /// <summary>The Maildir root (new/, cur/, tmp/).</summary>
    public string MaildirPath { get; }

    /// <param name="start">Start now (default), or leave it down until Start().</param>
    /// <param name="python">The interpreter; Debian's by default.</param>
    public AiosmtpdServer(bool start = true, string python = DefaultPython)
    {
        Python = python;
        RequireAiosmtpd(python);
        Port = Loopback.FreePort();
        MaildirPath = Path.Combine(Path.GetTempPath(), "aiosmtpd-" + Guid.NewGuid().ToString("N"));
        // Python's Maildir only creates tmp/new/cur when the root does not exist yet; make the whole layout here.
        foreach (var sub in new[] { "tmp", "new", "cur" }) Directory.CreateDirectory(Path.Combine(MaildirPath, sub));
        if (start) Start();
    }

    public bool IsRunning
    {
        get { lock (_gate) return _process is { HasExited: false }; }
    }

    /// <summary>Starts the server (if stopped) and returns once it answers with its 220 greeting.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false }) return;
            var psi = new ProcessStartInfo(Python)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"{Host}:{Port}", "-c", "aiosmtpd.handlers.Mailbox", MaildirPath })
                psi.ArgumentList.Add(a);
            var p = new Process { StartInfo = psi };
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
            p.Start();
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            _process = p;

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                if (p.HasExited)
                    throw new InvalidOperationException($"aiosmtpd exited with code {p.ExitCode} on port {Port}: {Output}");
                if (Greets()) return;
                if (DateTime.UtcNow > deadline)
                {
                    Kill(p);
                    throw new TimeoutException($"aiosmtpd did not answer on {Host}:{Port} within 20 s: {Output}");
                }
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Kills the server; connections are refused until Start().</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_process is null) return;
            Kill(_process);
            _process.Dispose();
            _process = null;
        }
    }

    /// <summary>What the server printed (errors from the handler end up here).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Every message received so far, oldest first, parsed by MimeKit.</summary>
    public IReadOnlyList<ReceivedMail> Received()
    {
        var files = new[] { "new", "cur" }
            .Select(d => Path.Combine(MaildirPath, d))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Select(f => new FileInfo(f))
            .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        return files.Select(f =>
        {
            var raw = File.ReadAllBytes(f.FullName);
            using var s = new MemoryStream(raw);
            var m = MimeMessage.Load(s);
            var rcpt = m.Headers["X-RcptTo"] ?? "";
            return new ReceivedMail(f.FullName, raw, m,
                rcpt.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), m.Headers["X-MailFrom"]);
        }).ToList();
    }

    public IReadOnlyList<MimeMessage> Messages() => Received().Select(r => r.Message).ToList();

    /// <summary>Waits until at least <paramref name="count"/> messages arrived (aiosmtpd stores them before it says 250,
    /// so after a completed send they are already there; this is for sends still in flight).</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var got = Received();
            if (got.Count >= count || DateTime.UtcNow > deadline) return got;
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until nothing more arrives for <paramref name="quiet"/> (or <paramref name="timeout"/> passes) and
    /// returns everything received: what a test asserting "exactly these, no duplicate" reads after its sends.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForQuietAsync(TimeSpan quiet, TimeSpan? timeout = null)
    {
        await Poll.UntilQuietAsync(() => Received().Count, quiet, timeout ?? TimeSpan.FromSeconds(30));
        return Received();
    }

    public void Dispose()
    {
        Stop();
        try { Directory.Delete(MaildirPath, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private bool Greets() => Loopback.Greets(Port, "220", "QUIT\r\n"u8);

    private static void Kill(Process p)
    {
        try
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
    }


    private static void RequireAiosmtpd(string python)
    {
        if (!File.Exists(python))
            throw new InvalidOperationException($"{python} is missing; the SMTP tests need Debian's python3 with python3-aiosmtpd (tests/run.sh installs it).");
        var psi = new ProcessStartInfo(python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("import aiosmtpd.handlers");
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException(
                $"{python} cannot import aiosmtpd ({err.Trim()}). Install python3-aiosmtpd (apt-get install python3-aiosmtpd, or run tests/run.sh).");
    }
}

/// <summary>One stored message: its file, raw bytes, the parsed message, and the SMTP envelope aiosmtpd recorded.</summary>
public sealed record ReceivedMail(string Path, byte[] Raw, MimeMessage Message, IReadOnlyList<string> EnvelopeRecipients, string? EnvelopeFrom);
