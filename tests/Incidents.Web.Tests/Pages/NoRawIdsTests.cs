using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Core.Documents;
using Incidents.Storage.Access;
using Incidents.Web.Access;
using Incidents.Web.Handling;
using Incidents.Web.Ui.Display;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Pages;

/// <summary>
/// Issue #12: words, not ids. Cases of every type are walked a few steps through the API; then every Razor page the host
/// maps (read from the endpoint data source, so a page added tomorrow is walked too) is read by a user of each role in
/// Vietnamese and in English, and its visible text must carry no workflow id, history event key, ISO duration, raw
/// version, UTC timestamp with fractions or login of a seeded user. The queue's CSV export is held to the same rule.
/// </summary>
public sealed partial class NoRawIdsTests : IAsyncLifetime
{
    // Logins that read like no word in either language, so that finding one on a page means a login was printed.
    private static readonly (string Login, string Name, string[] Roles)[] People =
    [
        ("kn7lan", "Nguyễn Thị Lan", [Roles.Complaints]),
        ("an7hoa", "Trần Văn Hoa", [Roles.Security]),
        ("ld7minh", "Lê Đức Minh", [Roles.Leadership]),
        ("qt7khoa", "Phạm Quốc Khoa", [Roles.Admin]),
        ("xl7binh", "Đỗ Xuân Bình", [Roles.Complaints, Roles.Security]),
    ];
    private const string Handler = "xl7binh";

    /// <summary>Pages whose subject is the login itself: the administrators manage accounts by it.</summary>
    private static readonly HashSet<string> LoginPages = ["/admin/users", "/admin/tokens"];

    private readonly IncidentsApp _app = new();
    private readonly List<string> _numbers = [];
    private string _screenToken = "";

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        var users = _app.Services.GetRequiredService<UserStore>();
        var tokens = _app.Services.GetRequiredService<ApiTokenStore>();
        var api = new Dictionary<string, HttpClient>();
        foreach (var (login, name, roles) in People)
        {
            var id = (await users.CreateAsync(new NewUser(login, name, null, Passwords.Hash(PageSession.Password), roles, IsLead: true)))!.Value;
            var token = ApiTokenStore.Generate();
            await tokens.CreateAsync(id, ApiTokenStore.Hash(token), "walk");
            var c = _app.CreateClient();
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            api[login] = c;
        }
        var lead = api["ld7minh"];
        var handler = api[Handler];
        var catalog = _app.Services.GetRequiredService<Incidents.Core.Workflows.WorkflowCatalog>();
        foreach (var def in catalog.All.Where(d => catalog.Current(d.Id) == d))
            for (var route = 0; route < 2; route++)
            {
                var body = Handling.CaseApi.NewCase(def.Id, severity: def.Severities.Count > 0 ? def.Severities[^1] : null, title: "Đơn đi qua các trang");
                var res = await handler.PostAsync("/api/v1/cases", Handling.CaseApi.Json(body));
                Assert.True(res.StatusCode == HttpStatusCode.Created, def.Id + ": " + await res.Content.ReadAsStringAsync());
                var number = JsonNode.Parse(await res.Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
                _numbers.Add(number);
                var rv = (await Handling.CaseApi.GetCaseAsync(lead, number))["rowVersion"]!.GetValue<int>();
                await lead.PutAsync($"/api/v1/cases/{number}/assignee", Handling.CaseApi.Json(new JsonObject { ["assignee"] = Handler, ["rowVersion"] = rv }));
                await WalkAsync(handler, number, route);
                var note = await handler.PostAsync($"/api/v1/cases/{number}/notes", Handling.CaseApi.Json(new JsonObject { ["body"] = "Đã gọi điện cho @ld7minh" }));
                Assert.True(note.IsSuccessStatusCode, await note.Content.ReadAsStringAsync());
            }
        Assert.True(_numbers.Count >= 10, "seeded only " + string.Join(", ", _numbers));
        // The press room's screen, walked through its link.
        _screenToken = Incidents.Storage.Screen.ScreenLinkStore.Generate();
        var admin = (await users.FindByLoginAsync(People[0].Login))!;
        await _app.Services.GetRequiredService<Incidents.Storage.Screen.ScreenLinkStore>().CreateAsync("Phòng báo chí", Incidents.Storage.Screen.ScreenLinkStore.Hash(_screenToken), admin.Id);
    }

    /// <summary>Up to three actions: each time the first (route 0) or the last (route 1) available action that takes the
    /// inputs filled in from its definition; choices take the last value (a hyphenated outcome such as partly-upheld).</summary>
    private static async Task WalkAsync(HttpClient c, string number, int route)
    {
        for (var step = 0; step < 3; step++)
        {
            var view = JsonNode.Parse(await c.GetStringAsync($"/api/v1/cases/{number}/actions"))!;
            var actions = view["actions"]!.AsArray().Select(a => a!).ToList();
            if (route == 1) actions.Reverse();
            var done = false;
            foreach (var a in actions)
            {
                var inputs = new JsonObject();
                foreach (var i in a["inputs"]!.AsArray())
                    inputs[i!["id"]!.GetValue<string>()] = i["type"]!.GetValue<string>() switch
                    {
                        "bool" => "true", "date" => "2026-11-24", "number" => "2",
                        "choice" => i["choices"]!.AsArray().Last()!["value"]!.GetValue<string>(),
                        _ => "Nội dung thử",
                    };
                var rv = JsonNode.Parse(await c.GetStringAsync($"/api/v1/cases/{number}"))!["rowVersion"]!.GetValue<int>();
                var r = await Handling.CaseApi.ActAsync(c, number, a["id"]!.GetValue<string>(), rv, inputs);
                if (r.StatusCode == HttpStatusCode.OK) { done = true; break; }
            }
            if (!done) return;
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Every id a person must never read: states, actions, fields, inputs, choice values, deadlines and types
    /// of every workflow file, and the history's event kinds.</summary>
    private static (HashSet<string> Hyphenated, HashSet<string> Words) Ids()
    {
        var all = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in Directory.GetFiles(Repo.Dir("workflows"), "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal)))
        {
            var d = JsonNode.Parse(File.ReadAllText(f))!;
            all.Add(d["id"]!.GetValue<string>());
            foreach (var node in Descendants(d))
            {
                if (node is not JsonObject o) continue;
                if (o["id"] is JsonValue id && id.TryGetValue<string>(out var s)) all.Add(s);
                if (o["value"] is JsonValue v && v.TryGetValue<string>(out var value)) all.Add(value);
            }
            foreach (var sev in d["severities"]?.AsArray() ?? []) all.Add(sev!.GetValue<string>());
        }
        all.UnionWith(History.Kinds);
        all.Add("action");
        // Words Vietnamese borrows as they are (gửi email, trang web); ids of one letter or digit say nothing.
        all.ExceptWith(["email", "web", "first", "second"]);
        all.RemoveWhere(s => s.Length < 3 || s.All(char.IsDigit));
        return (all.Where(s => s.Contains('-')).ToHashSet(), all.Where(s => !s.Contains('-')).ToHashSet());
    }

    /// <summary>The words of the definitions' English labels: "hand-over" written by a label is English, not an id.</summary>
    private static HashSet<string> EnglishWords() =>
    [
        .. Directory.GetFiles(Repo.Dir("workflows"), "*.json").Where(f => !f.EndsWith(".schema.json", StringComparison.Ordinal))
            .SelectMany(f => Descendants(JsonNode.Parse(File.ReadAllText(f))!))
            .OfType<JsonObject>().Select(o => o["en"]).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : "")
            .SelectMany(s => Regex.Matches(s, @"[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]").Select(m => m.Value.ToLowerInvariant())),
    ];

    private static IEnumerable<JsonNode> Descendants(JsonNode n)
    {
        yield return n;
        var children = n switch { JsonObject o => o.Select(kv => kv.Value), JsonArray a => a.AsEnumerable(), _ => [] };
        foreach (var c in children.OfType<JsonNode>())
            foreach (var d in Descendants(c)) yield return d;
    }

    [GeneratedRegex(@"\bP(T?\d+[DHMWS])+\b")] private static partial Regex IsoDuration();
    private static readonly Regex Version = new(@"(?<![\p{L}\d])v\d+\b");
    private static readonly Regex UtcFraction = new(@"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?|\d\d:\d\d:\d\d\.\d{3,}");

    /// <summary>What a person reads: no scripts, styles, tags or attributes; no &lt;code&gt; (a file name or placeholder the
    /// administrator types as it is); a Mermaid source is reduced to the words it draws.</summary>
    public static string Visible(string html)
    {
        html = Regex.Replace(html, @"<(script|style|code)\b.*?</\1>", " ", RegexOptions.Singleline | RegexOptions.IgnoreCase);
        html = Regex.Replace(html, @"<pre\b[^>]*>(.*?)</pre>", m => m.Groups[1].Value.Contains("stateDiagram", StringComparison.Ordinal)
            ? string.Join(" ", Regex.Matches(WebUtility.HtmlDecode(m.Groups[1].Value), @"""([^""]*)""| : (.*)$", RegexOptions.Multiline).Select(x => x.Groups[1].Value + x.Groups[2].Value))
            : m.Value, RegexOptions.Singleline);
        return WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", " "));
    }

    /// <summary>The leaks in one page's text; single-word ids count only in Vietnamese, where no English word belongs.</summary>
    private static readonly HashSet<string> English = EnglishWords();
    private static readonly (HashSet<string> Hyphenated, HashSet<string> Words) IdSets = Ids();

    /// <summary>The words around a leak, so that the failure says where on the page it is.</summary>
    private static string Around(string text, string token)
    {
        var m = Regex.Match(text, $@"(?<![A-Za-z0-9_-]){Regex.Escape(token)}(?![A-Za-z0-9_-])");
        var from = Math.Max(0, m.Index - 40);
        return Regex.Replace(text.Substring(from, Math.Min(text.Length - from, token.Length + 80)), @"\s+", " ").Trim();
    }

    internal static IEnumerable<string> Leaks(string text, bool vietnamese, bool loginsAllowed)
    {
        var (hyphenated, words) = IdSets;
        var tokens = Regex.Matches(text, @"[A-Za-z0-9][A-Za-z0-9_-]*[A-Za-z0-9]").Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            if ((hyphenated.Contains(t) && (vietnamese || !English.Contains(t))) || (vietnamese && words.Contains(t)))
                yield return $"id '{t}' in \"{Around(text, t)}\"";
            if (!loginsAllowed && People.Any(p => p.Login == t)) yield return $"login '{t}'";
        }
        foreach (Match m in IsoDuration().Matches(text)) yield return $"ISO duration '{m.Value}'";
        foreach (Match m in Version.Matches(text)) yield return $"raw version '{m.Value}'";
        foreach (Match m in UtcFraction.Matches(text)) yield return $"ISO timestamp '{m.Value}'";
    }

    /// <summary>Every GET page the host maps, with its route values filled from the seeded data. A parameter with no
    /// value here fails the test: a new page's parameters get a line, and the page is walked.</summary>
    private List<string> PageUrls()
    {
        var urls = new List<string>();
        var missing = new List<string>();
        foreach (var e in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is null && e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.CompiledPageActionDescriptor>() is null) continue;
            var pattern = "/" + (e.RoutePattern.RawText ?? "").Trim('/');
            if (pattern is "/signout" or "/culture") continue; // signs the reader out; only redirects
            IEnumerable<string> expanded = [pattern];
            foreach (var p in e.RoutePattern.Parameters)
            {
                string[] values = p.Name switch
                {
                    "number" => [.. _numbers],
                    "kind" => [.. DocumentKinds.All.Select(k => k.Id)],
                    "token" => [_screenToken],
                    _ => [],
                };
                if (values.Length == 0) { missing.Add($"{pattern} {{{p.Name}}}"); expanded = []; break; }
                var raw = Regex.Match(pattern, $@"\{{{p.Name}[^}}]*\}}").Value;
                expanded = [.. expanded.SelectMany(u => values.Select(v => u.Replace(raw, v, StringComparison.Ordinal)))];
                // A document page per kind is enough for one case of each type; every case gets the other pages.
                if (p.Name == "kind") expanded = expanded.Where(u => _numbers.Where((_, i) => i % 2 == 0).Any(n => u.Contains(n, StringComparison.Ordinal)));
            }
            urls.AddRange(expanded);
        }
        Assert.True(missing.Count == 0, "no seeded value for: " + string.Join(", ", missing));
        // The case page's history filters, and the queue with its filters open.
        urls.AddRange(_numbers.SelectMany(n => new[] { "actions", "correspondence", "deadlines" }.Select(f => $"/cases/{n}?history={f}")));
        return [.. urls.Distinct()];
    }

    private async Task<HttpClient> SignedInAsync(string login, string culture)
    {
        var c = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        c.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Culture=c={culture}|uic={culture}");
        Assert.Equal(HttpStatusCode.Redirect, (await PageSession.PostSignInAsync(c, login, PageSession.Password)).StatusCode);
        return c;
    }

    [Fact]
    public async Task No_page_shows_a_raw_id_an_iso_duration_a_utc_time_or_a_login_in_either_language()
    {
        var urls = PageUrls();
        Assert.True(urls.Count > 25, "walked only " + string.Join(", ", urls));
        var failures = new List<string>();
        var read = 0;
        foreach (var culture in new[] { "vi-VN", "en" })
            foreach (var (login, _, _) in People)
            {
                using var c = await SignedInAsync(login, culture);
                foreach (var url in urls)
                {
                    var r = await c.GetAsync(url);
                    if ((int)r.StatusCode >= 500) failures.Add($"{culture} {login} {url}: {(int)r.StatusCode}");
                    if (r.StatusCode != HttpStatusCode.OK || r.Content.Headers.ContentType?.MediaType != "text/html") continue;
                    read++;
                    var html = await r.Content.ReadAsStringAsync();
                    // Text marked as English (an English template's title) is English on a Vietnamese page by intent.
                    if (culture == "vi-VN") html = Regex.Replace(html, @"<(td|span|p|li)\b[^>]*\blang=""en""[^>]*>.*?</\1>", " ", RegexOptions.Singleline);
                    var text = Visible(html);
                    var path = url.Split('?')[0];
                    failures.AddRange(Leaks(text, culture == "vi-VN", LoginPages.Contains(path)).Distinct().Select(l => $"{culture} {login} {url}: {l}"));
                }
            }
        Assert.True(read > 100, $"read only {read} pages");
        // One line per page pattern and leak: the same leak on every case's page is one fault.
        var faults = failures.Select(f => Regex.Replace(f, @"\b[A-Z]+-\d{4}-\d{6}\b", "{number}")).Distinct().ToList();
        Assert.True(faults.Count == 0, $"{faults.Count} leaks:\n" + string.Join("\n", faults.Take(300)));
    }

    [Fact]
    public async Task The_queue_export_has_worded_headers_and_values_in_either_language()
    {
        foreach (var culture in new[] { "vi-VN", "en" })
        {
            using var c = await SignedInAsync("ld7minh", culture);
            var csv = await c.GetStringAsync("/cases?handler=Export");
            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain("number,", lines[0]);
            Assert.True(lines.Length > 5, csv);
            var leaks = Leaks(csv, culture == "vi-VN", loginsAllowed: false).Distinct().ToList();
            Assert.True(leaks.Count == 0, culture + ": " + string.Join(", ", leaks) + "\n" + csv);
            Assert.Contains(culture == "en" ? "Number" : "Số hồ sơ", lines[0]);
        }
    }
}

/// <summary>The walk's own reading: what counts as visible text and as a leak.</summary>
public sealed class NoRawIdsRulesTests
{
    [Fact]
    public void The_walk_sees_the_words_a_person_reads_and_not_the_markup()
    {
        var text = NoRawIdsTests.Visible("""<p data-kind="escalation-unrouted">Đã chuyển <a href="/cases/KN-1?x=P10D">hồ sơ</a></p><script>var s="partly-upheld";</script>""");
        Assert.DoesNotContain("escalation-unrouted", text);
        Assert.DoesNotContain("P10D", text);
        Assert.Contains("Đã chuyển", text);
        var leaks = NoRawIdsTests.Leaks("kết quả: partly-upheld, hạn P10D, v3, 2026-11-25T03:00:00.0000000+00:00 bởi kn7lan", vietnamese: true, loginsAllowed: false).ToList();
        Assert.Equal(5, leaks.Count);
    }
}
