using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Storage.Triage;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Triage;

/// <summary>The API and the pages share one queue reading (CaseQueue) and one assignment (CaseAssignment): same rules, same answers.</summary>
public sealed class QueueAndAssignmentTests : OwnHostTest
{
    private static readonly string LongQuery = new('a', 201);

    private async Task<string> TakeInAsync(HttpClient api, string title)
    {
        var created = await api.PostAsJsonAsync("/api/v1/cases", new
        {
            type = "complaint", title, description = "Nội dung đơn", localityCode = "00004", channel = "counter",
            receivedAt = "2026-11-20T09:00:00+07:00", reporter = new { name = "Nguyễn Văn An", address = "Ba Đình, Hà Nội" },
            inputs = new { complex = "true" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonNode.Parse(await created.Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
    }

    [Fact]
    public async Task A_search_lists_the_newest_case_first_on_the_API_and_the_queue_page_which_says_so_unless_a_column_is_chosen()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        await CreateUserAsync(_app, "reader", "Reader", Roles.Complaints);
        var page = await SignedInAsync(_app, "reader");
        var word = new string(Guid.NewGuid().ToString("N").Select(c => (char)('a' + c % 16)).ToArray())[..12]; // letters: the index
        var older = await TakeInAsync(api, $"Đơn {word} thứ nhất");
        var newer = await TakeInAsync(api, $"Đơn {word} thứ hai");

        var items = JsonNode.Parse(await api.GetStringAsync("/api/v1/cases?q=" + word))!["items"]!.AsArray();
        Assert.Equal([newer, older], items.Select(i => i!["number"]!.GetValue<string>()));
        var html = await page.GetStringAsync("/cases?Q=" + word);
        Assert.True(html.IndexOf($"/cases/{newer}", StringComparison.Ordinal) < html.IndexOf($"/cases/{older}", StringComparison.Ordinal));
        Assert.Contains("Khi tìm kiếm, hồ sơ mới nhất đứng trước.", html);
        var byNumber = await page.GetStringAsync($"/cases?Q={word}&Sort=number");
        Assert.True(byNumber.IndexOf($"/cases/{older}", StringComparison.Ordinal) < byNumber.IndexOf($"/cases/{newer}", StringComparison.Ordinal));
        Assert.DoesNotContain("Khi tìm kiếm, hồ sơ mới nhất đứng trước.", byNumber);
        Assert.DoesNotContain("Khi tìm kiếm, hồ sơ mới nhất đứng trước.", await page.GetStringAsync("/cases"));
        Assert.Contains("With a search, the newest cases come first.", await page.GetStringAsync($"/search?q={word}&culture=en"));
    }

    [Fact]
    public async Task A_search_longer_than_200_characters_is_refused_by_the_API_and_the_queue_page_alike()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var page = await SignedInAsync(_app, "clerk");
        var number = await TakeInAsync(api, "Đơn trong hàng đợi");

        var refused = await api.GetAsync("/api/v1/cases?q=" + LongQuery);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var errors = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["q"], errors.Select(e => e.Key));
        Assert.Equal("q is longer than 200 characters.", errors["q"]![0]!.GetValue<string>());

        // The page answers the same: a 400 with the message on the form and no rows, never the unfiltered queue.
        var onPage = await page.GetAsync("/cases?Q=" + LongQuery);
        Assert.Equal(HttpStatusCode.BadRequest, onPage.StatusCode);
        var html = await onPage.Content.ReadAsStringAsync();
        Assert.Contains("Nội dung tìm kiếm dài quá 200 ký tự.", html);
        Assert.DoesNotContain($"/cases/{number}", html);
        var export = await page.GetAsync("/cases?handler=Export&Q=" + LongQuery);
        Assert.Equal(HttpStatusCode.BadRequest, export.StatusCode);
        Assert.Equal("text/html", export.Content.Headers.ContentType!.MediaType);
        Assert.Single(Regex.Matches(await export.Content.ReadAsStringAsync(), "Nội dung tìm kiếm dài quá 200 ký tự."));
        await CreateUserAsync(_app, "guard", "Guard", Roles.Security);
        var security = await (await SignedInAsync(_app, "guard")).GetAsync("/incidents?Q=" + LongQuery);
        Assert.Equal(HttpStatusCode.BadRequest, security.StatusCode);
        Assert.Contains("Nội dung tìm kiếm dài quá 200 ký tự.", await security.Content.ReadAsStringAsync());
        var english = await page.GetAsync("/cases?culture=en&Q=" + LongQuery);
        Assert.Contains("The search text is longer than 200 characters.", await english.Content.ReadAsStringAsync());

        // At the limit both answer with the case.
        var atLimit = new string('a', 200);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/cases?q=" + atLimit)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await page.GetAsync("/cases?Q=" + atLimit)).StatusCode);
        Assert.Contains($"/cases/{number}", await page.GetStringAsync("/cases"));
    }

    [Fact]
    public async Task Assignment_through_the_page_and_the_API_obeys_the_same_rule_and_writes_the_same_history_event()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        await CreateUserAsync(_app, "handler", "Handler", Roles.Complaints);
        await CreateUserAsync(_app, "guard", "Guard", Roles.Security);
        var page = await SignedInAsync(_app, "clerk");
        var viaApi = await TakeInAsync(api, "Đơn phân công qua API");
        var viaPage = await TakeInAsync(api, "Đơn phân công qua trang");

        async Task<HttpResponseMessage> PostAssignAsync(string assignee, int rowVersion) =>
            await page.PostAsync($"/cases/{viaPage}?handler=Assign", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__af"] = Token(await page.GetStringAsync($"/cases/{viaPage}")), ["assignee"] = assignee,
                ["rowVersion"] = rowVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }));

        // Someone outside the case's team may not be assigned, on either path.
        var outsider = await api.PutAsJsonAsync($"/api/v1/cases/{viaApi}/assignee", new { assignee = "guard", rowVersion = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, outsider.StatusCode);
        Assert.Equal("'guard' is not in the complaints team.",
            JsonNode.Parse(await outsider.Content.ReadAsStringAsync())!["errors"]!["assignee"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, (await PostAssignAsync("guard", 1)).StatusCode);
        Assert.Contains("Hãy chọn người xử lý thuộc đội phụ trách hồ sơ.", await page.GetStringAsync($"/cases/{viaPage}"));

        // A member of the team may, on either path.
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/v1/cases/{viaApi}/assignee", new { assignee = "handler", rowVersion = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAssignAsync("handler", 1)).StatusCode);

        // A stale row version changes nothing, on either path.
        Assert.Equal(HttpStatusCode.Conflict, (await api.PutAsJsonAsync($"/api/v1/cases/{viaApi}/assignee", new { assignee = "clerk", rowVersion = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostAssignAsync("clerk", 1)).StatusCode);
        Assert.Contains("Người khác đã thay đổi hồ sơ này", await page.GetStringAsync($"/cases/{viaPage}"));

        var queries = _app.Services.GetRequiredService<CaseQueries>();
        async Task<(string? Assignee, IReadOnlyList<string> Events)> StoredAsync(string number)
        {
            var d = (await queries.GetDetailAsync(number))!;
            var events = await queries.GetEventsAsync(d.Case.Id);
            return (d.Case.AssigneeLogin, [.. events.Where(e => e.Kind == "assigned").Select(e => string.Join(",", e.Data.Select(kv => $"{kv.Key}={kv.Value}")))]);
        }
        var fromApi = await StoredAsync(viaApi);
        var fromPage = await StoredAsync(viaPage);
        Assert.Equal("handler", fromApi.Assignee);
        Assert.Equal("handler", fromPage.Assignee);
        Assert.Equal(["assignee=handler"], fromApi.Events);
        Assert.Equal(fromApi.Events, fromPage.Events);
    }
}
