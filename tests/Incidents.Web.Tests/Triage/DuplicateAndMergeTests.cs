using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Triage;

/// <summary>Duplicates offered at intake and on the case, merge into the primary and leadership's undo (issue #12).</summary>
public sealed class DuplicateAndMergeTests : OwnHostTest
{
    private static object Letter(string title, string phone, string type = "complaint", string? idNumber = null, string? registerNumber = null) => new
    {
        type, title, description = "Nội dung đơn", localityCode = "00004", channel = "counter",
        receivedAt = "2026-11-20T09:00:00+07:00", reporter = new { name = "Nguyễn Văn An", address = "Ba Đình, Hà Nội", phone, idNumber },
        inputs = new { complex = "true" }, registerNumber,
    };

    private static async Task<JsonNode> TakeInAsync(HttpClient api, object letter)
    {
        var created = await api.PostAsJsonAsync("/api/v1/cases", letter);
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!;
    }

    /// <summary>An API client of these roles that does not follow redirects.</summary>
    private async Task<HttpClient> ApiAsync(params string[] roles)
    {
        var (followed, _) = await _app.UserAsync(roles);
        var c = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        c.DefaultRequestHeaders.Authorization = followed.DefaultRequestHeaders.Authorization;
        return c;
    }

    [Fact]
    public async Task A_repeated_letter_from_the_same_phone_is_offered_merged_into_the_primary_and_its_number_redirects_until_leadership_undoes_it()
    {
        var clerk = await ApiAsync(Roles.Complaints);
        var boss = await ApiAsync(Roles.Leadership);
        var primary = (await TakeInAsync(clerk, Letter("Khiếu nại về việc thu hồi đất", "0912 345 678")))["number"]!.GetValue<string>();

        var offered = JsonNode.Parse(await clerk.GetStringAsync("/api/v1/cases/duplicates?phone=%2B84912345678&title=Thu%20hoi%20dat&locality=00004"))!.AsArray();
        Assert.Equal(primary, offered[0]!["number"]!.GetValue<string>());
        Assert.Contains(offered[0]!["reasons"]!.AsArray(), r => r!["code"]!.GetValue<string>() == "phone"
            && r["message"]!.GetValue<string>() == "Cùng số điện thoại / Same phone number");

        var dup = (await TakeInAsync(clerk, Letter("Khiếu nại lần hai về thu hồi đất", "+84 912 345 678")))["number"]!.GetValue<string>();
        var onCase = JsonNode.Parse(await clerk.GetStringAsync($"/api/v1/cases/{dup}/duplicates"))!.AsArray();
        Assert.Equal(primary, onCase[0]!["number"]!.GetValue<string>());

        var noReason = await clerk.PostAsJsonAsync($"/api/v1/cases/{dup}/merge", new { primary });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("application/problem+json", noReason.Content.Headers.ContentType!.MediaType);
        Assert.True(JsonNode.Parse(await noReason.Content.ReadAsStringAsync())!["errors"]!.AsObject().ContainsKey("reason"));

        var merged = await clerk.PostAsJsonAsync($"/api/v1/cases/{dup}/merge", new { primary = primary.ToLowerInvariant(), reason = "Cùng nội dung, không có tình tiết mới" });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var redirect = await clerk.GetAsync($"/api/v1/cases/{dup}");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/api/v1/cases/{primary}", redirect.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync($"/api/v1/cases/{dup}/merge", new { primary, reason = "lần nữa" })).StatusCode);
        // The duplicate's history shows on the primary; a clerk may not undo the merge.
        var history = await _app.Services.GetRequiredService<Storage.Triage.CaseQueries>().GetEventsAsync(
            (await _app.Services.GetRequiredService<Storage.Triage.CaseQueries>().GetAsync(primary))!.Id);
        Assert.Contains(history, e => e.Kind == "merged-into" && e.Data["number"] == primary);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync($"/api/v1/cases/{dup}/unmerge", new { })).StatusCode);

        var undone = await boss.PostAsJsonAsync($"/api/v1/cases/{dup}/unmerge", new { reason = "Có tình tiết mới" });
        Assert.Equal(HttpStatusCode.OK, undone.StatusCode);
        var reopened = JsonNode.Parse(await clerk.GetStringAsync($"/api/v1/cases/{dup}"))!;
        Assert.Null(reopened["mergedInto"]);
        Assert.Null(reopened["closedAt"]);
    }

    [Fact]
    public async Task A_case_found_only_by_a_denouncers_phone_is_not_offered_to_a_clerk_who_may_not_see_the_identity()
    {
        var clerk = await ApiAsync(Roles.Complaints);
        var boss = await ApiAsync(Roles.Leadership);
        var denunciation = (await TakeInAsync(clerk, Letter("Tố cáo cán bộ địa chính", "0987 000 111", type: IncidentsApp.ConfidentialType)))["number"]!.GetValue<string>();

        const string probe = "/api/v1/cases/duplicates?phone=0987000111&title=M%E1%BA%A5t%20%C4%91i%E1%BB%87n&locality=00004";
        Assert.Empty(JsonNode.Parse(await clerk.GetStringAsync(probe))!.AsArray());
        var forBoss = JsonNode.Parse(await boss.GetStringAsync(probe))!.AsArray();
        Assert.Equal(denunciation, forBoss.Single()!["number"]!.GetValue<string>());
        // Nor does a search by the denouncer's phone find it, for anyone.
        Assert.Equal(0, JsonNode.Parse(await boss.GetStringAsync("/api/v1/cases?q=0987000111"))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_denouncers_case_merges_only_into_another_such_case_and_only_by_someone_who_may_see_both_identities()
    {
        var clerk = await ApiAsync(Roles.Complaints);
        var boss = await ApiAsync(Roles.Leadership);
        var open = (await TakeInAsync(clerk, Letter("Khiếu nại về đất", "0933 000 111")))["number"]!.GetValue<string>();
        var first = (await TakeInAsync(clerk, Letter("Tố cáo cán bộ xã", "0933 000 222", type: IncidentsApp.ConfidentialType)))["number"]!.GetValue<string>();
        var again = (await TakeInAsync(clerk, Letter("Tố cáo cán bộ xã lần hai", "0933 000 222", type: IncidentsApp.ConfidentialType)))["number"]!.GetValue<string>();

        // The clerk is no custodian of either denouncer; nobody may merge a denouncer's case into an open one.
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync($"/api/v1/cases/{again}/merge", new { primary = first, reason = "trùng" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await boss.PostAsJsonAsync($"/api/v1/cases/{again}/merge", new { primary = open, reason = "trùng" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await boss.PostAsJsonAsync($"/api/v1/cases/{again}/merge", new { primary = first, reason = "trùng" })).StatusCode);
    }

    [Fact]
    public async Task An_open_reporters_phone_typed_any_way_finds_the_case_in_the_queue()
    {
        var clerk = await ApiAsync(Roles.Complaints);
        var number = (await TakeInAsync(clerk, Letter("Đơn về tiếng ồn", "0966 555 444")))["number"]!.GetValue<string>();
        foreach (var q in new[] { "%2B84%20966%20555%20444", "0966.555.444", "0966555444" })
        {
            var found = JsonNode.Parse(await clerk.GetStringAsync("/api/v1/cases?q=" + q))!;
            Assert.Equal(number, found["items"]!.AsArray().Single()!["number"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_register_number_is_assigned_in_turn_and_an_entered_one_used_twice_is_refused_naming_the_field()
    {
        var clerk = await ApiAsync(Roles.Complaints);
        var first = await TakeInAsync(clerk, Letter("Đơn một", "0911000001"));
        var second = await TakeInAsync(clerk, Letter("Đơn hai", "0911000002", registerNumber: "120"));
        Assert.Equal(1, first["registerNumber"]!.GetValue<long>());
        Assert.Equal(120, second["registerNumber"]!.GetValue<long>());

        var again = await clerk.PostAsJsonAsync("/api/v1/cases", Letter("Đơn ba", "0911000003", registerNumber: "120"));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var problem = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        Assert.Equal("register-number-taken", problem["codes"]!["registerNumber"]![0]!.GetValue<string>());
        var badId = await clerk.PostAsJsonAsync("/api/v1/cases", Letter("Đơn bốn", "0911000004", idNumber: "12345"));
        Assert.Equal("not-an-id-number", JsonNode.Parse(await badId.Content.ReadAsStringAsync())!["codes"]!["reporter.idNumber"]![0]!.GetValue<string>());
        Assert.Equal(2, JsonNode.Parse(await clerk.GetStringAsync("/api/v1/cases"))!["total"]!.GetValue<int>()); // nothing stored half-way
        Assert.Equal(121, (await TakeInAsync(clerk, Letter("Đơn năm", "0911000005")))["registerNumber"]!.GetValue<long>());
    }

    [Fact]
    public async Task On_the_case_page_a_duplicate_is_offered_merged_and_its_page_leads_to_the_primary_where_leadership_undoes_it()
    {
        var api = await ApiAsync(Roles.Complaints);
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        await CreateUserAsync(_app, "boss", "Boss", Roles.Leadership);
        var primary = (await TakeInAsync(api, Letter("Khiếu nại về việc thu hồi đất", "0912 345 678")))["number"]!.GetValue<string>();
        var dup = (await TakeInAsync(api, Letter("Khiếu nại lần hai về thu hồi đất", "0912345678")))["number"]!.GetValue<string>();

        var page = await SignedInAsync(_app, "clerk");
        var html = await page.GetStringAsync($"/cases/{dup}");
        Assert.Contains("Có thể trùng", html);
        Assert.Contains($"data-number=\"{primary}\"", html);
        Assert.Contains("Cùng số điện thoại", html);
        var posted = await page.PostAsync($"/cases/{dup}?handler=Merge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(html), ["primary"] = primary, ["reason"] = "Đơn trùng",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var led = await page.GetAsync($"/cases/{dup}");
        Assert.Equal(HttpStatusCode.Redirect, led.StatusCode);
        Assert.Equal($"/cases/{primary}?from={dup}", led.Headers.Location!.ToString());
        var onPrimary = await page.GetStringAsync(led.Headers.Location.ToString());
        Assert.Contains("Hồ sơ trùng đã gộp", onPrimary);
        Assert.Contains($"Hồ sơ {dup} đã được gộp vào hồ sơ này", onPrimary);
        Assert.DoesNotContain($"id=\"unmerge-{dup}\"", onPrimary); // only leadership undoes

        var boss = await SignedInAsync(_app, "boss");
        var bossHtml = await boss.GetStringAsync($"/cases/{primary}");
        Assert.Contains($"id=\"unmerge-{dup}\"", bossHtml);
        var undo = await boss.PostAsync($"/cases/{primary}?handler=Unmerge", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(bossHtml), ["duplicate"] = dup,
        }));
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync($"/cases/{dup}")).StatusCode);
    }
}
