using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Incidents.Core.Access;
using Incidents.Storage;
using Incidents.Web.Tests.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Hardening;

/// <summary>Bad input never reaches a 500: bytes that are not UTF-8, escaped lone surrogates, control and bidi characters.</summary>
public sealed class BadInputTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    internal static JsonObject Intake(string title = "Khiếu nại về thu hồi đất", string name = "Nguyễn Văn An") => new()
    {
        ["type"] = "complaint", ["title"] = title, ["localityCode"] = "00004", ["channel"] = "counter",
        ["receivedAt"] = "2026-11-20T09:00:00+07:00", ["inputs"] = new JsonObject { ["complex"] = "true" },
        ["reporter"] = new JsonObject { ["name"] = name, ["address"] = "12 Hàng Bài, Hoàn Kiếm" },
    };

    private static ByteArrayContent Raw(byte[] body)
    {
        var c = new ByteArrayContent(body);
        c.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return c;
    }

    /// <summary>{"a":"..."} with the byte 0xFF (never valid UTF-8) inside the string value of the last property named.</summary>
    private static byte[] WithBadByte(string before, string after) =>
        [.. Encoding.UTF8.GetBytes(before), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(after)];

    private async Task<long> CountAsync(string table)
    {
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync();
        return await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
    }

    private async Task<string> NewCaseAsync()
    {
        var (client, _) = await app.UserAsync(Roles.Complaints);
        var r = await client.PostAsync("/api/v1/cases", new StringContent(Intake().ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        return JsonNode.Parse(await r.Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage r, HttpStatusCode status)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == status, $"{(int)r.StatusCode}: {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task Invalid_UTF8_in_the_body_of_every_endpoint_that_takes_one_is_a_400_naming_the_field()
    {
        var number = await NewCaseAsync();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.All) clients[role] = (await app.UserAsync(role)).Client;
        var endpoints = AccessMatrixTests.Expected.Keys.Where(k => k.StartsWith("POST /api/", StringComparison.Ordinal) || k.StartsWith("PUT /api/", StringComparison.Ordinal)).ToList();
        Assert.True(endpoints.Count >= 8, string.Join(", ", endpoints));
        var cases = await CountAsync("cases");
        foreach (var key in endpoints)
        {
            var space = key.IndexOf(' ');
            var url = key[(space + 1)..].Replace("{number}", number).Replace("{id:long}", "1").Replace("{action}", "accept")
                .Replace("{date}", "2026-06-15").Replace("{year:int}", "2026");
            var allowed = AccessMatrixTests.Expected[key].First(r => r != "anonymous");
            // A property inside an object ("inputs.reason") and one at the top ("title").
            foreach (var (body, field) in new[]
            {
                (WithBadByte("{\"rowVersion\":1,\"inputs\":{\"reason\":\"lý do ", "\"}}"), "inputs.reason"),
                (WithBadByte("{\"title\":\"Đơn ", "\",\"name\":\"x\"}"), "title"),
            })
            {
                using var req = new HttpRequestMessage(new HttpMethod(key[..space]), url) { Content = Raw(body) };
                var p = await ProblemAsync(await clients[allowed].SendAsync(req), HttpStatusCode.BadRequest);
                Assert.True(p["errors"]?[field] is not null, $"{key}: {p.ToJsonString()}");
                Assert.Equal("không phải văn bản UTF-8 hợp lệ / is not valid UTF-8 text", p["errors"]![field]![0]!.GetValue<string>());
                Assert.Equal("not-utf8", p["codes"]![field]!.GetValue<string>());
            }
        }
        Assert.Equal(cases, await CountAsync("cases"));
    }

    [Fact]
    public async Task Intake_says_a_title_is_not_valid_UTF8_rather_than_the_wrong_JSON_type_and_stores_nothing()
    {
        var (client, _) = await app.UserAsync(Roles.Complaints);
        var json = Intake().ToJsonString();
        var at = json.IndexOf("\"title\":\"", StringComparison.Ordinal) + 9;
        var before = await CountAsync("cases");
        var p = await ProblemAsync(await client.PostAsync("/api/v1/cases", Raw(WithBadByte(json[..at], json[at..]))), HttpStatusCode.BadRequest);
        Assert.Equal("không phải văn bản UTF-8 hợp lệ / is not valid UTF-8 text", p["errors"]!["title"]![0]!.GetValue<string>());
        Assert.DoesNotContain("JSON type", p.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("cases"));
    }

    [Fact]
    public async Task An_escaped_lone_surrogate_in_an_actions_input_is_a_400_naming_the_input_not_a_500()
    {
        var number = await NewCaseAsync();
        var (client, _) = await app.UserAsync(Roles.Leadership);
        var r = await client.PostAsync($"/api/v1/cases/{number}/actions/accept",
            new StringContent("{\"rowVersion\":1,\"inputs\":{\"reason\":\"a\\ud800b\"}}", Encoding.UTF8, "application/json"));
        var p = await ProblemAsync(r, HttpStatusCode.BadRequest);
        Assert.Equal("not-unicode", p["codes"]!["inputs.reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\u0000", "title", "control-character")]
    [InlineData("\u001b[2J\u001b[31mĐơn", "title", "control-character")]
    [InlineData("Đơn \u202Efdp.exe", "title", "bidi-control")]
    public async Task A_title_of_a_NUL_an_escape_sequence_or_with_a_right_to_left_override_is_refused_and_nothing_is_stored(string title, string field, string code)
    {
        var (client, _) = await app.UserAsync(Roles.Complaints);
        var before = await CountAsync("cases");
        var r = await client.PostAsync("/api/v1/cases", new StringContent(Intake(title).ToJsonString(), Encoding.UTF8, "application/json"));
        var p = await ProblemAsync(r, HttpStatusCode.BadRequest);
        Assert.Contains(code, p["codes"]![field]!.AsArray().Select(c => c!.GetValue<string>()));
        var message = p["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>()).Single(m => m.Contains("U+", StringComparison.Ordinal));
        Assert.StartsWith("Tiêu đề ", message, StringComparison.Ordinal);
        Assert.Contains(" / The title ", message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("cases"));
    }

    [Fact]
    public async Task A_reporter_name_with_a_right_to_left_override_is_refused_by_name()
    {
        var (client, _) = await app.UserAsync(Roles.Complaints);
        var r = await client.PostAsync("/api/v1/cases", new StringContent(Intake(name: "An \u202Egnp.exe").ToJsonString(), Encoding.UTF8, "application/json"));
        var p = await ProblemAsync(r, HttpStatusCode.BadRequest);
        Assert.Equal("bidi-control", p["codes"]!["reporter.name"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task An_actions_text_input_with_a_control_character_is_refused_and_the_case_is_unchanged()
    {
        var number = await NewCaseAsync();
        var (client, _) = await app.UserAsync(Roles.Complaints);
        var actions = JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases/{number}/actions"))!;
        var withText = actions["actions"]!.AsArray().FirstOrDefault(a => a!["inputs"]!.AsArray().Any(i => i!["type"]!.GetValue<string>() == "text"));
        Assert.NotNull(withText);
        var input = withText!["inputs"]!.AsArray().First(i => i!["type"]!.GetValue<string>() == "text")!["id"]!.GetValue<string>();
        var body = new JsonObject { ["rowVersion"] = actions["rowVersion"]!.GetValue<int>(), ["inputs"] = new JsonObject { [input] = "lý do\u0007" } };
        var r = await client.PostAsync($"/api/v1/cases/{number}/actions/{withText["id"]!.GetValue<string>()}",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var p = await ProblemAsync(r, HttpStatusCode.BadRequest);
        Assert.Equal("control-character", p["codes"]![$"inputs.{input}"]!.GetValue<string>());
        Assert.Contains("U+0007", p["errors"]![$"inputs.{input}"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        var after = JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases/{number}"))!;
        Assert.Equal(actions["rowVersion"]!.GetValue<int>(), after["rowVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_token_name_with_an_escape_sequence_is_refused_in_both_languages()
    {
        var (client, _) = await app.UserAsync(Roles.Complaints);
        var r = await client.PostAsync("/api/v1/tokens", new StringContent("{\"name\":\"\\u001b]0;pwned\\u0007\"}", Encoding.UTF8, "application/json"));
        var p = await ProblemAsync(r, HttpStatusCode.BadRequest);
        Assert.Equal("Tên mã chứa ký tự điều khiển U+001B, không được phép. / The token name contains a control character (U+001B), which is not allowed.",
            p["errors"]!["name"]![0]!.GetValue<string>());
        Assert.Equal("control-character", p["codes"]!["name"]!.GetValue<string>());
    }
}
