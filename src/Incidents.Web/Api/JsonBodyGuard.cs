using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Incidents.Web.Api;

/// <summary>
/// Every JSON body, before any endpoint binds it: text that cannot be read as a string (bytes that are not UTF-8, an
/// escaped lone surrogate) answers 400 naming the field ("inputs.reason", or "body" when no field holds it), instead of
/// a 500 wherever a handler first reads it. Bodies are bounded here too, so one check covers every endpoint.
/// </summary>
public static class JsonBodyGuard
{
    public const int MaxBytes = 1024 * 1024;
    public const string NotUtf8 = "not-utf8";
    public const string NotUnicode = Core.Cases.PlainText.NotUnicode;

    public static WebApplication UseJsonBodyGuard(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            var req = http.Request;
            if (!HttpMethods.IsPost(req.Method) && !HttpMethods.IsPut(req.Method) && !HttpMethods.IsPatch(req.Method)
                || !(req.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false))
            {
                await next(http);
                return;
            }
            var body = await ReadAsync(req, http.RequestAborted);
            if (body is null)
            {
                await Results.Problem(statusCode: 413, title: "Request too large", detail: $"The body is larger than {MaxBytes} bytes.").ExecuteAsync(http);
                return;
            }
            if (Unreadable(body) is { } bad)
            {
                await Results.ValidationProblem(new Dictionary<string, string[]> { [bad.Field] = [Message(bad.Code)] },
                    extensions: new Dictionary<string, object?> { ["codes"] = new Dictionary<string, string> { [bad.Field] = bad.Code } }).ExecuteAsync(http);
                return;
            }
            req.Body = new MemoryStream(body, writable: false);
            req.ContentLength = body.Length;
            await next(http);
        });
        return app;
    }

    public static string Message(string code) => code == NotUtf8
        ? "không phải văn bản UTF-8 hợp lệ / is not valid UTF-8 text"
        : "không phải văn bản Unicode hợp lệ / is not valid Unicode text";

    private static async Task<byte[]?> ReadAsync(HttpRequest req, CancellationToken ct)
    {
        if (req.ContentLength > MaxBytes) return null;
        using var ms = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int n;
            while ((n = await req.Body.ReadAsync(buffer, ct)) > 0)
            {
                ms.Write(buffer, 0, n);
                if (ms.Length > MaxBytes) return null;
            }
        }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
        return ms.ToArray();
    }

    /// <summary>The first string (name or value) that cannot be read, with its field; null when all can, or when the JSON
    /// itself is malformed past that point (the endpoint then says so).</summary>
    internal static (string Field, string Code)? Unreadable(ReadOnlySpan<byte> json)
    {
        var code = System.Text.Unicode.Utf8.IsValid(json) ? NotUnicode : NotUtf8;
        var path = new List<string>();       // one entry per open container: its property name ("" in arrays and at the top)
        string? pending = null;              // the property whose value comes next
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        path.Add(pending ?? (path.Count == 0 ? "" : "[]"));
                        pending = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        path.RemoveAt(path.Count - 1);
                        pending = null;
                        break;
                    case JsonTokenType.PropertyName:
                        if (!TryRead(ref reader, out pending)) return (Field(path, null), code);
                        break;
                    case JsonTokenType.String:
                        if (!TryRead(ref reader, out _)) return (Field(path, pending), code);
                        pending = null;
                        break;
                    default:
                        pending = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: invalid UTF-8 the reader tripped on is still named; anything else is the endpoint's to answer.
            if (code == NotUtf8) return (Field(path, pending), code);
        }
        return code == NotUtf8 ? ("body", code) : null;
    }

    private static bool TryRead(ref Utf8JsonReader reader, out string? value)
    {
        try { value = reader.GetString(); return true; }
        catch (InvalidOperationException) { value = null; return false; }
    }

    /// <summary>"reporter.name", "inputs.reason"; "body" at the top level.</summary>
    private static string Field(List<string> path, string? last)
    {
        var sb = new StringBuilder();
        foreach (var p in path.Skip(1).Append(last ?? ""))
        {
            if (p.Length == 0) continue;
            if (p == "[]") { sb.Append("[]"); continue; }
            if (sb.Length > 0) sb.Append('.');
            sb.Append(p);
        }
        return sb.Length == 0 ? "body" : sb.ToString();
    }
}
