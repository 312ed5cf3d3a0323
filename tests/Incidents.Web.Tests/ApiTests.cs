using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Incidents.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests;

public sealed class ApiTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    private static JsonObject Body(string title = "Khiếu nại về việc cấp giấy chứng nhận", string type = "complaint", string? severity = null) => new()
    {
        ["type"] = type, ["title"] = title, ["description"] = "Nội dung đơn", ["localityCode"] = "00004", ["channel"] = "counter",
        ["receivedAt"] = "2026-11-20T09:00:00+07:00",
        ["reporter"] = new JsonObject { ["name"] = "Nguyễn Văn An", ["address"] = "Ba Đình, Hà Nội", ["phone"] = "0912 345 678", ["email"] = "an@example.vn" },
        ["severity"] = severity, ["inputs"] = type is "complaint" or IncidentsApp.ConfidentialType ? new JsonObject { ["complex"] = "true" } : new JsonObject(),
    };

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    private async Task<long> CountCasesAsync()
    {
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases");
    }

    [Fact]
    public async Task IntakeReturns201WithLocationAndNumberAndTheCaseReadsBack()
    {
        var (client, login) = await app.UserAsync("complaints");
        var res = await client.PostAsync("/api/v1/cases", Json(Body()));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var created = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
        var number = created["number"]!.GetValue<string>();
        Assert.Matches(@"^KN-2026-\d{6}$", number);
        Assert.Equal("/api/v1/cases/" + number, res.Headers.Location!.OriginalString);
        Assert.Equal(1, created["rowVersion"]!.GetValue<int>());
        Assert.Equal("received", created["state"]!.GetValue<string>());

        var read = JsonNode.Parse(await client.GetStringAsync(res.Headers.Location))!;
        Assert.Equal(number, read["number"]!.GetValue<string>());
        Assert.Equal("counter", read["channel"]!.GetValue<string>());
        Assert.Equal("Nguyễn Văn An", read["reporter"]!["name"]!.GetValue<string>());
        Assert.False(read["reporterConfidential"]!.GetValue<bool>());
        Assert.Equal(DateTimeOffset.Parse("2026-11-20T02:00:00Z"), read["receivedAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal(IncidentsApp.Start, read["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("true", read["inputs"]!["complex"]!.GetValue<string>());
        Assert.NotNull(login);
    }

    [Fact]
    public async Task VietnameseTextRoundTripsNfc()
    {
        var (client, _) = await app.UserAsync("complaints");
        var nfd = "Đơn của bà Trần Thị Thuỷ về quyết định thu hồi đất ở phường Ngọc Hà".Normalize(NormalizationForm.FormD);
        var res = await client.PostAsync("/api/v1/cases", Json(Body(nfd)));
        Assert.Equal(HttpStatusCode.Created, res.StatusCode);
        var read = JsonNode.Parse(await client.GetStringAsync(res.Headers.Location))!;
        var title = read["title"]!.GetValue<string>();
        Assert.Equal(nfd.Normalize(NormalizationForm.FormC), title);
        Assert.True(title.IsNormalized(NormalizationForm.FormC));
        // and it is found without diacritics
        var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/cases?q=" + Uri.EscapeDataString("tran thi thuy ve quyet dinh")))!;
        Assert.Contains(list["items"]!.AsArray(), i => i!["number"]!.GetValue<string>() == read["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadInputIsRejectedFieldByFieldAndNothingIsStored()
    {
        var (client, _) = await app.UserAsync("complaints", "security");
        var before = await CountCasesAsync();
        var bad = new JsonObject
        {
            ["type"] = "no-such-type", ["title"] = new string('x', 501), ["localityCode"] = "99999", ["channel"] = "fax",
            ["receivedAt"] = "2026-12-01T00:00:00+07:00", ["reporter"] = new JsonObject { ["email"] = "not-an-email", ["phone"] = "call me" },
        };
        var res = await client.PostAsync("/api/v1/cases", Json(bad));
        Assert.Equal(HttpStatusCode.BadRequest, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        var errors = JsonNode.Parse(await res.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["channel", "localityCode", "receivedAt", "reporter.email", "reporter.phone", "title", "type"], errors.Select(e => e.Key).Order());
        // Every message is Vietnamese first, then English: the pages show the very same text.
        Assert.Equal("Tiêu đề dài quá 500 ký tự. / The title is longer than 500 characters.", errors["title"]![0]!.GetValue<string>());
        Assert.Equal("Địa chỉ thư điện tử không hợp lệ. / The email address is not valid.", errors["reporter.email"]![0]!.GetValue<string>());
        Assert.StartsWith("Hình thức tiếp nhận phải là một trong ", errors["channel"]![0]!.GetValue<string>());

        // Type-specific rules: an incident needs an allowed severity; a complaint has none; the confidential type needs name+address.
        var incident = Body("Mất điện phòng máy", "security-incident", "apocalyptic");
        var r2 = JsonNode.Parse(await (await client.PostAsync("/api/v1/cases", Json(incident))).Content.ReadAsStringAsync())!;
        Assert.Equal(["severity"], r2["errors"]!.AsObject().Select(e => e.Key));
        var complaint = Body(severity: "high");
        var r3 = JsonNode.Parse(await (await client.PostAsync("/api/v1/cases", Json(complaint))).Content.ReadAsStringAsync())!;
        Assert.Equal(["severity"], r3["errors"]!.AsObject().Select(e => e.Key));
        // Case fields select the limits: a value the definition does not know is refused, never stored with the default limit.
        var fields = Body();
        fields["inputs"] = new JsonObject { ["complex"] = "yes", ["instance"] = "2nd", ["urgent"] = true };
        var rf = JsonNode.Parse(await (await client.PostAsync("/api/v1/cases", Json(fields))).Content.ReadAsStringAsync())!;
        Assert.Equal(["inputs.complex", "inputs.instance", "inputs.urgent"], rf["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Contains("must be one of first (First), second (Second)", rf["errors"]!["inputs.instance"]![0]!.GetValue<string>());
        Assert.StartsWith("Vụ việc phức tạp: phải là true", rf["errors"]!["inputs.complex"]![0]!.GetValue<string>());
        var secret = Body(type: IncidentsApp.ConfidentialType);
        secret["reporter"] = new JsonObject { ["phone"] = "0912345678" };
        var r4 = JsonNode.Parse(await (await client.PostAsync("/api/v1/cases", Json(secret))).Content.ReadAsStringAsync())!;
        Assert.Equal(["reporter.address", "reporter.name"], r4["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Contains(" / A ", r4["errors"]!["reporter.name"]![0]!.GetValue<string>());
        Assert.Contains("phải có họ tên của người gửi", r4["errors"]!["reporter.name"]![0]!.GetValue<string>());
        // A unit that no longer existed on the day of receipt (district 001 ended 2025-06-30).
        var old = Body();
        old["localityCode"] = "001";
        var r5 = JsonNode.Parse(await (await client.PostAsync("/api/v1/cases", Json(old))).Content.ReadAsStringAsync())!;
        Assert.Equal(["localityCode"], r5["errors"]!.AsObject().Select(e => e.Key));

        var broken = await client.PostAsync("/api/v1/cases", new StringContent("{\"type\": \"complaint\", ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var wrongType = Body();
        wrongType["receivedAt"] = 12345;
        var r6 = JsonNode.Parse(await (await client.PostAsync("/api/v1/cases", Json(wrongType))).Content.ReadAsStringAsync())!;
        Assert.Equal(["receivedAt"], r6["errors"]!.AsObject().Select(e => e.Key));
        var form = await client.PostAsync("/api/v1/cases", new StringContent("type=complaint", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);

        Assert.Equal(before, await CountCasesAsync());
    }

    [Fact]
    public async Task RepeatedIdempotencyKeyCreatesOneCaseAndOtherBodyGets422()
    {
        var (client, _) = await app.UserAsync("complaints");
        var before = await CountCasesAsync();
        async Task<HttpResponseMessage> Post(JsonNode body, string key)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = Json(body) };
            req.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(req);
        }
        var key = Guid.NewGuid().ToString();
        var first = await Post(Body("Đơn gửi lại do mạng chập chờn"), key);
        var again = await Post(Body("Đơn gửi lại do mạng chập chờn"), key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(before + 1, await CountCasesAsync());

        var other = await Post(Body("Một đơn khác"), key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType!.MediaType);
        Assert.Equal(before + 1, await CountCasesAsync());

        // The key is the user's own: another user's identical key is a new case.
        var (otherUser, _) = await app.UserAsync("complaints");
        var req2 = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = Json(Body("Đơn gửi lại do mạng chập chờn")) };
        req2.Headers.Add("Idempotency-Key", key);
        Assert.Equal(HttpStatusCode.Created, (await otherUser.SendAsync(req2)).StatusCode);
        Assert.Equal(before + 2, await CountCasesAsync());
    }

    [Fact]
    public async Task NothingWithoutAToken()
    {
        var anonymous = app.CreateClient();
        var before = await CountCasesAsync();
        var post = await anonymous.PostAsync("/api/v1/cases", Json(Body()));
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
        Assert.Equal("application/problem+json", post.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/cases/KN-2026-000001")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "inc_not-a-real-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/cases", Json(Body()))).StatusCode);
        Assert.Equal(before, await CountCasesAsync());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task TeamsTakeInOnlyTheirOwnTypes()
    {
        var (security, _) = await app.UserAsync("security");
        Assert.Equal(HttpStatusCode.Forbidden, (await security.PostAsync("/api/v1/cases", Json(Body()))).StatusCode);
        var (leader, _) = await app.UserAsync("leadership");
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.PostAsync("/api/v1/cases", Json(Body()))).StatusCode);
        var ok = await security.PostAsync("/api/v1/cases", Json(Body("Truy cập trái phép", "security-incident", "high")));
        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        Assert.StartsWith("/api/v1/cases/SC-2026-", ok.Headers.Location!.OriginalString);
        // Complaints staff do not see security incidents; leadership does.
        var (complaints, _) = await app.UserAsync("complaints");
        Assert.Equal(HttpStatusCode.NotFound, (await complaints.GetAsync(ok.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(ok.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task UnknownNumberIs404Problem()
    {
        var (client, _) = await app.UserAsync("complaints");
        var res = await client.GetAsync("/api/v1/cases/KN-2026-999999");
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Equal("application/problem+json", res.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, JsonNode.Parse(await res.Content.ReadAsStringAsync())!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task StaleRowVersionIs409AndChangesNothing()
    {
        var (client, _) = await app.UserAsync("complaints");
        var (_, handlerA) = await app.UserAsync("complaints");
        var (_, handlerB) = await app.UserAsync("complaints");
        var created = await client.PostAsync("/api/v1/cases", Json(Body("Đơn để phân công")));
        var url = created.Headers.Location!.OriginalString + "/assignee";
        var first = await client.PutAsJsonAsync(url, new { assignee = handlerA, rowVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, JsonNode.Parse(await first.Content.ReadAsStringAsync())!["rowVersion"]!.GetValue<int>());

        var stale = await client.PutAsJsonAsync(url, new { assignee = handlerB, rowVersion = 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType!.MediaType);
        Assert.Equal(2, JsonNode.Parse(await stale.Content.ReadAsStringAsync())!["currentRowVersion"]!.GetValue<int>());

        var read = JsonNode.Parse(await client.GetStringAsync(created.Headers.Location))!;
        Assert.Equal(handlerA, read["assignee"]!.GetValue<string>());
        Assert.Equal(2, read["rowVersion"]!.GetValue<int>());
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM case_events e JOIN cases k ON k.id = e.case_id WHERE k.number = @n AND e.kind = 'assigned'",
            new { n = read["number"]!.GetValue<string>() }));

        var missing = await client.PutAsJsonAsync(url, new { assignee = "nobody-here", rowVersion = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var noVersion = await client.PutAsJsonAsync(url, new { assignee = handlerB });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);
    }

    [Fact]
    public async Task ListFiltersSortsByNearestDeadlineAndPages()
    {
        var (client, _) = await app.UserAsync("complaints");
        var (_, handler) = await app.UserAsync("complaints");
        var marker = "Lô" + Guid.NewGuid().ToString("N")[..8];
        var numbers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var b = Body($"{marker} đơn số {i}");
            if (i == 4) b["localityCode"] = "00008";
            var r = await client.PostAsync("/api/v1/cases", Json(b));
            numbers.Add(JsonNode.Parse(await r.Content.ReadAsStringAsync())!["number"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/cases/{numbers[0]}/assignee", new { assignee = handler, rowVersion = 1 })).StatusCode);

        var all = JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases?q={marker}&pageSize=3"))!;
        Assert.Equal(5, all["total"]!.GetValue<long>());
        Assert.False(all["totalIsLowerBound"]!.GetValue<bool>()); // 5 is exact: far below the count cap
        Assert.Equal(3, all["items"]!.AsArray().Count);
        Assert.Equal(3, all["pageSize"]!.GetValue<int>());
        var page2 = JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases?q={marker}&pageSize=3&page=2"))!;
        var order = all["items"]!.AsArray().Concat(page2["items"]!.AsArray()).Select(i => i!["number"]!.GetValue<string>()).ToList();
        Assert.Equal(Enumerable.Reverse(numbers), order); // with q the newest case first, assigned or not (README, "Search")
        var queueOrder = JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases?q={marker}&sort=number"))!["items"]!.AsArray();
        Assert.Equal(numbers, queueOrder.Select(i => i!["number"]!.GetValue<string>())); // a column order asked for wins
        Assert.All(all["items"]!.AsArray(), i => Assert.Null(i!.AsObject()["reporter"]));

        var mine = JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases?q={marker}&assignee={handler}"))!;
        Assert.Equal([numbers[0]], mine["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()));
        var loc = JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases?q={marker}&locality=00008&type=complaint&state=received"))!;
        Assert.Equal([numbers[4]], loc["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>()));
        var notOverdue = JsonNode.Parse(await client.GetStringAsync($"/api/v1/cases?q={marker}&overdue=false"))!;
        Assert.Equal(5, notOverdue["total"]!.GetValue<long>());

        var bad = await client.GetAsync("/api/v1/cases?overdue=maybe&page=0&pageSize=1000");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["overdue", "page", "pageSize"], errors.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task ConfidentialReporterOnlyForAssigneeAndLeadership()
    {
        var (intake, _) = await app.UserAsync("complaints");
        var (other, _) = await app.UserAsync("complaints");
        var (assignee, assigneeLogin) = await app.UserAsync("complaints");
        var (leader, _) = await app.UserAsync("leadership");
        var b = Body("Tố cáo cán bộ nhận hối lộ", IncidentsApp.ConfidentialType);
        b["reporter"] = new JsonObject { ["name"] = "Người Tố Cáo Bí Mật", ["address"] = "Số 1 phố Bí Mật" };
        var created = await intake.PostAsync("/api/v1/cases", Json(b));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdBody = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Bí Mật", createdBody);
        var url = created.Headers.Location!;

        var asOther = await other.GetStringAsync(url);
        Assert.DoesNotContain("Bí Mật", asOther);
        var otherView = JsonNode.Parse(asOther)!;
        Assert.Null(otherView["reporter"]);
        Assert.True(otherView["reporterConfidential"]!.GetValue<bool>());
        Assert.DoesNotContain("Bí Mật", await other.GetStringAsync("/api/v1/cases?q=" + Uri.EscapeDataString("Nguoi To Cao Bi Mat")));
        Assert.Equal(0, JsonNode.Parse(await other.GetStringAsync("/api/v1/cases?q=" + Uri.EscapeDataString("Nguoi To Cao Bi Mat")))!["total"]!.GetValue<long>());

        Assert.Null(JsonNode.Parse(await leader.GetStringAsync(url))!["reporter"]); // no reason, no reveal
        var leaderView = JsonNode.Parse(await leader.GetStringAsync(url + "?reason=" + Uri.EscapeDataString("xác minh")))!;
        Assert.Equal("Người Tố Cáo Bí Mật", leaderView["reporter"]!["name"]!.GetValue<string>());

        Assert.Null(JsonNode.Parse(await assignee.GetStringAsync(url))!["reporter"]);
        var assigned = await leader.PutAsJsonAsync(url + "/assignee", new { assignee = assigneeLogin, rowVersion = 1 });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal("Số 1 phố Bí Mật", JsonNode.Parse(await assignee.GetStringAsync(url + "?reason=handling"))!["reporter"]!["address"]!.GetValue<string>());
        Assert.Null(JsonNode.Parse(await other.GetStringAsync(url + "?reason=handling"))!["reporter"]);

        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync();
        var number = otherView["number"]!.GetValue<string>();
        var views = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM case_events e JOIN cases k ON k.id = e.case_id WHERE k.number = @number AND e.kind = 'identity-viewed'", new { number });
        Assert.Equal(2L, views); // each reveal, with its reason, is audited; views without a reason reveal nothing
        Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE number = @number AND search_text LIKE '%bi mat%'", new { number }));
    }

    [Fact]
    public async Task ConcurrentIntakeOverHttpGivesUniqueGapFreeNumbers()
    {
        var (client, _) = await app.UserAsync("security");
        var numbers = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var res = await client.PostAsync("/api/v1/cases", Json(Body($"Sự cố {w}-{i}", "security-incident", "low")));
                Assert.Equal(HttpStatusCode.Created, res.StatusCode);
                numbers.Add(JsonNode.Parse(await res.Content.ReadAsStringAsync())!["number"]!.GetValue<string>());
            }
        })));
        Assert.Equal(1600, numbers.Distinct().Count());
        var seqs = numbers.Select(n => int.Parse(n.Split('-')[2])).Order().ToList();
        // Gap-free: the sequence continues from wherever other tests left SC, with no hole and no repeat.
        Assert.Equal(Enumerable.Range(seqs[0], 1600), seqs);
        await using var c = await app.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal((long)seqs[^1], await c.ExecuteScalarAsync<long>("SELECT last_value FROM case_sequences WHERE prefix = 'SC' AND year = 2026"));
        Assert.Equal((long)seqs[^1], await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE type = 'security-incident'"));
    }

    [Fact]
    public async Task OpenApiDescribesFieldsStatusCodesAndProblems()
    {
        var doc = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var post = doc["paths"]!["/api/v1/cases"]!["post"]!;
        Assert.Equal("Take in a new case", post["summary"]!.GetValue<string>());
        var codes = post["responses"]!.AsObject().Select(r => r.Key).ToList();
        foreach (var code in new[] { "201", "400", "401", "403", "422" }) Assert.Contains(code, codes);
        Assert.Contains("application/problem+json", post["responses"]!["422"]!["content"]!.AsObject().Select(c => c.Key));
        var assign = doc["paths"]!["/api/v1/cases/{number}/assignee"]!["put"]!["responses"]!.AsObject().Select(r => r.Key).ToList();
        Assert.Contains("409", assign);
        // The case endpoints' answers come from their Results<...> signatures: each problem as problem+json.
        foreach (var code in new[] { "200", "400", "401", "403", "404" }) Assert.Contains(code, assign);
        var assignResponses = doc["paths"]!["/api/v1/cases/{number}/assignee"]!["put"]!["responses"]!;
        foreach (var code in new[] { "404", "409" })
            Assert.Contains("application/problem+json", assignResponses[code]!["content"]!.AsObject().Select(c => c.Key));
        var list = doc["paths"]!["/api/v1/cases"]!["get"]!["responses"]!.AsObject().Select(r => r.Key).ToList();
        foreach (var code in new[] { "200", "400", "401", "403" }) Assert.Contains(code, list);
        Assert.Contains("404", doc["paths"]!["/api/v1/cases/{number}"]!["get"]!["responses"]!.AsObject().Select(r => r.Key));
        var schemas = doc["components"]!["schemas"]!.AsObject();
        var intake = schemas["IntakeRequest"]!["properties"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var f in new[] { "type", "title", "description", "localityCode", "channel", "receivedAt", "reporter", "severity", "inputs" })
            Assert.Contains(f, intake);
        Assert.Contains("rowVersion", schemas["CaseView"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("referral", schemas["IntakeRequest"]!["properties"]!["channel"]!["description"]!.GetValue<string>());
        Assert.Equal("bearer", doc["components"]!["securitySchemes"]!["Bearer"]!["scheme"]!.GetValue<string>());
    }

    [Fact]
    public async Task HealthReportsTheDatabase()
    {
        var res = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        var body = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
        Assert.Equal("reachable", body["database"]!.GetValue<string>());
        var unreachable = new Storage.Health.DatabaseProbe(new Database(new DatabaseOptions
        {
            Provider = DbProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(app.Dir, "nope.db")};Mode=ReadOnly",
        }), TimeProvider.System);
        Assert.False(await unreachable.IsReachableAsync());
    }
}
