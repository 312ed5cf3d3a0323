using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Incidents.Benchmarks.Startup;

/// <summary>
/// Process start to the first 200 from /health, polled every 5 ms over loopback. Each run starts the host dll as a new
/// process against the given database (or a new one), so the figure includes runtime start, JIT, migrations check and
/// composition.
/// </summary>
public static class ColdStart
{
    public static async Task<List<double>> RunAsync(string dll, int runs, Func<int, string> connectionStringForRun,
        IDictionary<string, string> extraEnv, TimeSpan limit)
    {
        var times = new List<double>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        for (var i = 0; i < runs; i++)
        {
            var port = FreePort();
            // --urls as well: appsettings.json's "Urls" outranks ASPNETCORE_URLS; the command line outranks both.
            var psi = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll))!,
            };
            psi.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            psi.Environment["Incidents__Database__ConnectionString"] = connectionStringForRun(i);
            // Production (no environment set) needs an SMTP host or an explicit pickup folder.
            psi.Environment["Incidents__Smtp__PickupDirectory"] = Path.Combine(Path.GetTempPath(), "incidents-coldstart-outbox");
            foreach (var (k, v) in extraEnv) psi.Environment[k] = v;

            var sw = Stopwatch.StartNew();
            using var p = Process.Start(psi)!;
            p.OutputDataReceived += (_, _) => { };
            p.ErrorDataReceived += (_, _) => { };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            var url = $"http://127.0.0.1:{port}/health";
            double? ms = null;
            while (sw.Elapsed < limit && !p.HasExited)
            {
                try
                {
                    using var r = await http.GetAsync(url);
                    if (r.StatusCode == HttpStatusCode.OK) { ms = sw.Elapsed.TotalMilliseconds; break; }
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(5);
            }
            try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            await p.WaitForExitAsync();
            if (ms is null) throw new InvalidOperationException($"host did not answer /health with 200 within {limit.TotalSeconds} s (run {i + 1})");
            times.Add(ms.Value);
            Console.Error.WriteLine($"cold start run {i + 1}: {ms.Value:F0} ms");
        }
        return times;
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
