using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Storage.Access;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Handling;

/// <summary>Small HTTP helpers for the handling, calendar and versioning tests.</summary>
public static class CaseApi
{
    public static JsonObject NewCase(string type, string receivedAt = "2026-11-20T09:00:00+07:00", string? severity = null,
        JsonObject? inputs = null, string title = "Đơn thử nghiệm") => new()
    {
        ["type"] = type, ["title"] = title, ["description"] = "Nội dung", ["localityCode"] = "00004", ["channel"] = "counter",
        ["receivedAt"] = receivedAt,
        ["reporter"] = new JsonObject { ["name"] = "Nguyễn Văn An", ["address"] = "Ba Đình, Hà Nội", ["phone"] = "0912 345 678" },
        ["severity"] = severity, ["inputs"] = inputs ?? new JsonObject(),
    };

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static async Task<JsonNode> CreateAsync(HttpClient client, JsonObject body)
    {
        var res = await client.PostAsync("/api/v1/cases", Json(body));
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.Created, $"intake answered {res.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static Task<HttpResponseMessage> ActAsync(HttpClient client, string number, string action, int rowVersion, JsonObject? inputs = null) =>
        client.PostAsync($"/api/v1/cases/{number}/actions/{action}",
            Json(new JsonObject { ["rowVersion"] = rowVersion, ["inputs"] = inputs ?? new JsonObject() }));

    /// <summary>Performs an action that must succeed; returns the case from the answer.</summary>
    public static async Task<JsonNode> OkAsync(HttpClient client, string number, string action, int rowVersion, JsonObject? inputs = null)
    {
        var res = await ActAsync(client, number, action, rowVersion, inputs);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{action} answered {res.StatusCode}: {text}");
        var body = JsonNode.Parse(text)!;
        Assert.Equal(action, body["action"]!.GetValue<string>());
        return body["case"]!;
    }

    public static async Task<JsonNode> ProblemAsync(HttpResponseMessage res, HttpStatusCode expected)
    {
        var text = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == expected, $"expected {expected}, got {res.StatusCode}: {text}");
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetCaseAsync(HttpClient client, string number) =>
        JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases/{number}"))!;

    /// <summary>An instant written in ISO 8601 (the expected due instants, worked out by hand).</summary>
    public static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static JsonNode Deadline(JsonNode c, string key) =>
        c["deadlines"]!.AsArray().Single(d => d!["key"]!.GetValue<string>() == key)!;

    public static DateTimeOffset Due(JsonNode c, string key) => Deadline(c, key)["dueAt"]!.GetValue<DateTimeOffset>();

    public static string Status(JsonNode c, string key) => Deadline(c, key)["status"]!.GetValue<string>();

    /// <summary>The kinds of a case's history lines, in order.</summary>
    public static async Task<IReadOnlyList<string>> HistoryAsync(IServiceProvider services, string number)
    {
        var queries = services.GetRequiredService<CaseQueries>();
        var c = (await queries.GetAsync(number))!;
        return [.. (await queries.GetEventsAsync(c.Id)).Select(e => e.Action is null ? e.Kind : $"{e.Kind}:{e.Action}")];
    }

    /// <summary>A client for a new user with a unique login (safe when several hosts share one database).</summary>
    public static async Task<HttpClient> ClientAsync<T>(WebApplicationFactory<T> app, params string[] roles) where T : class
    {
        _ = app.Server;
        var login = $"h{Guid.NewGuid():N}"[..20];
        var id = await app.Services.GetRequiredService<UserStore>().CreateAsync(
            new NewUser(login, login, null, Passwords.Hash("irrelevant-password"), roles, IsLead: false));
        var token = ApiTokenStore.Generate();
        await app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(id!.Value, ApiTokenStore.Hash(token), "test");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpResponseMessage> PutJsonAsync(HttpClient client, string url, JsonObject body) => client.PutAsJsonAsync(url, body);
}
