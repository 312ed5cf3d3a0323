using System.Diagnostics;
using System.Text;

namespace Incidents.Web.Tests.Screen;

/// <summary>A press screen's event stream read over HTTP as the browser would: every line kept, events parsed.</summary>
public sealed class ScreenStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly StringBuilder _all = new();

    private ScreenStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Everything the stream has sent so far, as text.</summary>
    public string Text => _all.ToString();

    public static async Task<ScreenStream> OpenAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        return new ScreenStream(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The next event (comments skipped): its name and data; null when the stream ends or nothing comes in time.</summary>
    public async Task<(string Event, string Data)?> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        string name = "message";
        var data = new StringBuilder();
        try
        {
            while (await _reader.ReadLineAsync(cts.Token) is { } line)
            {
                _all.Append(line).Append('\n');
                if (line.Length == 0)
                {
                    if (data.Length > 0 || name != "message") return (name, data.ToString());
                    continue;
                }
                if (line.StartsWith(':')) continue;
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line[6..]);
            }
        }
        catch (OperationCanceledException)
        {
        }
        return null;
    }

    /// <summary>The first "figures" event whose JSON satisfies the condition, and how long it took; null after the timeout.</summary>
    public async Task<(string Data, TimeSpan After)?> FiguresAsync(Func<System.Text.Json.Nodes.JsonNode, bool> until, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await NextAsync(timeout - clock.Elapsed) is not { } e) return null;
            if (e.Event == "figures" && until(System.Text.Json.Nodes.JsonNode.Parse(e.Data)!)) return (e.Data, clock.Elapsed);
        }
        return null;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
