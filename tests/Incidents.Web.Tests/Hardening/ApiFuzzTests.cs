using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Access;
using Incidents.Storage.Handling;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Incidents.Web.Tests.Access;
using Incidents.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Hardening;

/// <summary>
/// A property-based fuzz (CsCheck) over every endpoint of the access table and every role: generated route values,
/// queries, content types and bodies (valid-looking ones with one field made nasty, broken JSON, raw bytes that are not
/// UTF-8). The property: no answer is 5xx, no answer carries a stack trace, and the seeded denouncer appears in no
/// answer to anyone outside its custody. INCIDENTS_FUZZ_REQUESTS sets the count (tests/reliability.sh runs 10,000);
/// INCIDENTS_FUZZ_REPORT names a file for the figures; INCIDENTS_FUZZ_SEED replays a run.
/// </summary>
public sealed partial class ApiFuzzTests : IAsyncLifetime
{
    private const string Denouncer = "Trịnh Thị Kín";
    private const string DenouncerAddress = "77 Ngõ Bí Mật";
    private const string Marker = "<script>alert('fz')</script>";
    private static readonly string[] Principals = ["anonymous", .. Roles.All];

    private readonly IncidentsApp _app = new();
    private readonly Dictionary<string, HttpClient> _cookie = [];
    private readonly Dictionary<string, HttpClient> _bearer = [];
    private string _number = "";

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        var users = _app.Services.GetRequiredService<UserStore>();
        foreach (var p in Principals)
        {
            _cookie[p] = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            _bearer[p] = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            if (p == "anonymous") continue;
            var login = "fuzz-" + p;
            var id = (await users.CreateAsync(new NewUser(login, login, null, Passwords.Hash(PageSession.Password), [p])))!.Value;
            Assert.Equal(HttpStatusCode.Redirect, (await PageSession.PostSignInAsync(_cookie[p], login, PageSession.Password)).StatusCode);
            var token = ApiTokenStore.Generate();
            await _app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(id, ApiTokenStore.Hash(token), "fuzz");
            _bearer[p].DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        // A denunciation whose custodians are its handler (no fuzz user) and leadership.
        var handlerId = (await users.CreateAsync(new NewUser("fuzz-handler", "Handler", null, Passwords.Hash(PageSession.Password), [Roles.Complaints])))!.Value;
        var handler = (await users.FindByIdAsync(handlerId))!;
        var taken = await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "denunciation", Title = "Tố cáo cán bộ", LocalityCode = "00004", Channel = "counter",
            ReceivedAt = IncidentsApp.Start.AddHours(-2).ToString("O"), Reporter = new ReporterInput(Denouncer, DenouncerAddress, "0912345678", null),
        }], [], handler.ToActor());
        Assert.True(taken.Ok);
        _number = taken.Numbers[0];
        var d = (await _app.Services.GetRequiredService<CaseQueries>().GetDetailAsync(_number))!;
        await _app.Services.GetRequiredService<CaseUpdateStore>().AssignAsync(d.Case.Id, d.Case.RowVersion, handlerId, handler.Login, "fuzz", IncidentsApp.Start);
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _cookie.Values.Concat(_bearer.Values)) c.Dispose();
        await _app.DisposeAsync();
    }

    public sealed record Probe(string Endpoint, string Principal, string Route, string Query, string? ContentType, byte[]? Body)
    {
        public override string ToString() => $"{Endpoint} as {Principal}: {Route}{Query} [{ContentType}] {(Body is null ? "" : Encoding.UTF8.GetString(Body.Take(160).ToArray()))}";
    }

    private static readonly string[] Nasty =
    [
        "", " ", "\0", "\u001b[2J\u001b[31m", "tiêu\u202Eđề", "\u2066x\u2069", "' OR 1=1 --", Marker, "../../etc/passwd", "%00", "%ff",
        "9999999999999999999999", "-1", "0", "1e309", "NaN", "true", "2026-02-30", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
        "2026-11-20T09:00:00+07:00", "Nguyễn Văn An", "😀", "KN-2026-000001", "complaint", "denunciation", "counter", "00004", "accept",
        new string('x', 5000), "{{7*7}}", "${jndi:ldap://x}", "\r\n\r\nX-Injected: 1", "null", "lan", "fuzz-complaints",
    ];

    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.OneOf(Nasty)),
        (2, Gen.String[Gen.Char, 0, 40]),
        (1, Gen.String[Gen.Char['\u0000', '\u00ff'], 0, 20]));

    /// <summary>A JSON value: mostly strings, also every other JSON type, sometimes an escaped lone surrogate.</summary>
    private static readonly Gen<string> Value = Gen.Frequency(
        (6, Text.Select(Json)),
        (1, Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("true", "false", "null", "[]", "{}", "[1,\"a\",null]", "{\"a\":{\"b\":[]}}", "\"\\ud800\"", "1.5", "-0", "1e400")));

    private static readonly string[] Fields =
    [
        "type", "title", "description", "localityCode", "channel", "receivedAt", "severity", "rowVersion", "effectiveAt", "assignee",
        "name", "kind", "text", "notice", "date", "reason", "inputs", "reporter",
    ];

    private static readonly Gen<string> ObjectBody =
        Gen.Select(Gen.OneOf(Fields).Array[1, 8], Value.Array[8], Gen.OneOf(Fields).Array[0, 4], Value.Array[4],
            (keys, values, inputKeys, inputValues) =>
            {
                var parts = keys.Distinct().Select((k, i) => $"{Json(k)}:{values[i]}").ToList();
                if (inputKeys.Length > 0)
                    parts.Add("\"inputs\":{" + string.Join(",", inputKeys.Distinct().Select((k, i) => $"{Json(k)}:{inputValues[i]}")) + "}");
                return "{" + string.Join(",", parts) + "}";
            });

    private static readonly Gen<byte[]> Body = Gen.Frequency(
        (6, ObjectBody.Select(s => Encoding.UTF8.GetBytes(s))),
        (1, Gen.OneOf("{", "[]", "null", "\"x\"", "{\"title\":", new string('[', 200) + new string(']', 200), "{\"a\":1,\"a\":2}").Select(s => Encoding.UTF8.GetBytes(s))),
        (2, Gen.Select(ObjectBody, Gen.Byte.Array[1, 4], (s, bad) => Encoding.UTF8.GetBytes(s)[..^2].Concat(bad.Select(b => (byte)(b | 0x80))).Concat("\"}"u8.ToArray()).ToArray())),
        (1, Gen.Byte.Array[0, 64]));

    private static readonly string[] QueryKeys = ["q", "page", "pageSize", "type", "state", "locality", "assignee", "overdue", "reason", "handler", "Year", "On", "ReturnUrl", "culture", "year", "from", "to", "state"];

    private static readonly Gen<string> Query = Gen.Select(Gen.OneOf(QueryKeys).Array[0, 4], Text.Array[4], Gen.Bool,
        (keys, values, raw) => keys.Length == 0 ? "" :
            "?" + string.Join("&", keys.Select((k, i) => k + "=" + (raw && i == 0 ? "%ff%fe" : Uri.EscapeDataString(values[i])))));

    private Gen<Probe> Probes(IReadOnlyList<string> endpoints) =>
        Gen.Select(Gen.OneOf([.. endpoints]), Gen.OneOf(Principals), Gen.OneOf(_number, "KN-2026-999999", "%ff", "..%2f..", "x"),
                Gen.OneOf("accept", "refuse", "withdraw", "decide", "nope"), Query,
                Gen.OneOf<string?>("application/json", "application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded", null),
                Body,
            (key, who, number, action, query, type, body) =>
            {
                var method = key[..key.IndexOf(' ')];
                var route = key[(key.IndexOf(' ') + 1)..].Replace("{number}", number).Replace("{action}", action)
                    .Replace("{id:long}", "1").Replace("{id}", number == _number ? "complaint" : number).Replace("{date}", "2026-06-15")
                    .Replace("{year:int}", "2026").Replace("{documentName}", "v1").Replace("/{**path}", "");
                var hasBody = method is "POST" or "PUT";
                return new Probe(key, who, route, query, hasBody ? type : null, hasBody ? body : null);
            });

    /// <summary>A frame ("   at Incidents.X.Y(...)"), the runtime's separator, or an exception's "Type: message" head. Exception
    /// type names alone are not traces: /metrics labels failed requests with them (error_type), for administrators.</summary>
    [GeneratedRegex(@"(^|\n|\\n)\s*at [\w.<>`$+]+\.[\w<>`$]+\(|--- End of stack trace|[\w.]+Exception: |StackTrace")]
    private static partial Regex StackTrace();

    private static string Json(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    [Fact]
    public async Task Generated_requests_to_every_endpoint_as_every_role_never_get_a_5xx_a_stack_trace_or_someone_elses_confidential_identity()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("INCIDENTS_FUZZ_REQUESTS"), out var v) ? v : 400;
        var seed = Environment.GetEnvironmentVariable("INCIDENTS_FUZZ_SEED");
        var endpoints = AccessMatrixTests.Expected.Keys.Where(k => !k.Contains("/hangfire", StringComparison.Ordinal)).ToList();
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();
        var perEndpoint = new ConcurrentDictionary<string, int>();
        var sw = Stopwatch.StartNew();

        await Probes(endpoints).SampleAsync(async p =>
        {
            // Every outcome is recorded, never thrown: a failing run lists what failed instead of stopping at the first.
            try
            {
                var client = p.Route.StartsWith("/api/", StringComparison.Ordinal) ? _bearer[p.Principal] : _cookie[p.Principal];
                using var req = new HttpRequestMessage(new HttpMethod(p.Endpoint[..p.Endpoint.IndexOf(' ')]), p.Route + p.Query);
                if (p.Body is not null)
                {
                    req.Content = new ByteArrayContent(p.Body);
                    if (p.ContentType is not null) req.Content.Headers.TryAddWithoutValidation("Content-Type", p.ContentType);
                }
                using var res = await client.SendAsync(req);
                var body = await res.Content.ReadAsStringAsync();
                var status = (int)res.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
                perEndpoint.AddOrUpdate(p.Endpoint, 1, (_, c) => c + 1);
                if (status >= 500) failures.Enqueue($"{status}: {p}");
                if (StackTrace().IsMatch(body)) failures.Enqueue($"stack trace: {p}: {body[..Math.Min(300, body.Length)]}");
                if (p.Principal != Roles.Leadership && (body.Contains(Denouncer, StringComparison.Ordinal) || body.Contains(DenouncerAddress, StringComparison.Ordinal)))
                    failures.Enqueue($"confidential identity shown: {p}");
                if (res.Content.Headers.ContentType?.MediaType == "text/html" && body.Contains(Marker, StringComparison.Ordinal))
                    failures.Enqueue($"unencoded markup reflected: {p}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException or IOException)
            {
                failures.Enqueue($"{e.GetType().Name}: {e.Message}: {p}");
            }
        }, seed: seed, iter: n, threads: 2);

        var total = statuses.Values.Sum();
        var report = Environment.GetEnvironmentVariable("INCIDENTS_FUZZ_REPORT");
        if (!string.IsNullOrEmpty(report))
            await File.WriteAllTextAsync(report, string.Join("\n",
                $"requests\t{total}",
                $"endpoints\t{perEndpoint.Count} of {endpoints.Count}",
                $"principals\t{string.Join(",", Principals)}",
                $"statuses\t{string.Join(" ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}:{s.Value}"))}",
                $"5xx\t{statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}",
                $"failures\t{failures.Count}",
                $"seconds\t{sw.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)}",
                $"first failures\t{string.Join(" || ", failures.Take(5)).ReplaceLineEndings(" ")}") + "\n");
        Assert.True(failures.IsEmpty, $"{failures.Count} failures of {total} requests:\n" + string.Join("\n", failures.Take(30)));
        Assert.Equal(n, total);
    }
}
