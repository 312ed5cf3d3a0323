using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Web.Tests.Handling;
using Incidents.Web.Tests.Pages;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Desk;

/// <summary>Saved views: personal ones for their owner only, shared ones for whoever sees the team's queue; bad input named.</summary>
public sealed class SavedViewTests : OwnHostTest
{
    private static async Task<string[]> NamesAsync(HttpClient c) =>
        [.. JsonNode.Parse(await c.GetStringAsync("/api/v1/views"))!.AsArray().Select(v => v!["name"]!.GetValue<string>())];

    [Fact]
    public async Task A_personal_view_is_its_owners_alone_and_a_shared_one_is_seen_by_the_team_but_deleted_only_by_its_owner()
    {
        var (owner, _) = await _app.UserAsync(Roles.Complaints);
        var (colleague, _) = await _app.UserAsync(Roles.Complaints);
        var (guard, _) = await _app.UserAsync(Roles.Security);
        var (leader, _) = await _app.UserAsync(Roles.Leadership);

        var mine = await owner.PostAsJsonAsync("/api/v1/views", new { name = "Của tôi", query = "overdue=true&Type=complaint", shared = false });
        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        var created = JsonNode.Parse(await mine.Content.ReadAsStringAsync())!;
        // Stored as the queue reads it: known names, in one order.
        Assert.Equal("Type=complaint&Overdue=true", created["query"]!.GetValue<string>());
        Assert.Equal("/cases?Type=complaint&Overdue=true", created["url"]!.GetValue<string>());
        var shared = JsonNode.Parse(await (await owner.PostAsJsonAsync("/api/v1/views", new { name = "Cả tổ", query = "Sort=-received", shared = true }))
            .Content.ReadAsStringAsync())!;

        Assert.Equal(["Cả tổ", "Của tôi"], await NamesAsync(owner)); // own first, then by name
        Assert.Equal(["Cả tổ"], await NamesAsync(colleague));
        Assert.Equal(["Cả tổ"], await NamesAsync(leader));
        Assert.Empty(await NamesAsync(guard));

        var id = shared["id"]!.GetValue<long>();
        Assert.Equal(HttpStatusCode.Forbidden, (await colleague.DeleteAsync($"/api/v1/views/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await guard.DeleteAsync($"/api/v1/views/{id}")).StatusCode);
        Assert.Equal(["Cả tổ"], await NamesAsync(colleague));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/views/{id}")).StatusCode);
        Assert.Empty(await NamesAsync(colleague));
        Assert.Equal(["Của tôi"], await NamesAsync(owner));
    }

    [Fact]
    public async Task An_empty_name_an_unknown_filter_or_a_value_the_queue_refuses_is_a_400_naming_the_field_and_nothing_is_saved()
    {
        var (owner, _) = await _app.UserAsync(Roles.Complaints);
        async Task<JsonObject> RefusedAsync(object body)
        {
            var r = await owner.PostAsJsonAsync("/api/v1/views", body);
            return (await CaseApi.ProblemAsync(r, HttpStatusCode.BadRequest))["errors"]!.AsObject();
        }
        Assert.Equal(["name"], (await RefusedAsync(new { name = "  ", query = "Type=complaint" })).Select(e => e.Key));
        Assert.Equal(["name"], (await RefusedAsync(new { name = new string('x', 81), query = "" })).Select(e => e.Key));
        Assert.Equal(["query.colour"], (await RefusedAsync(new { name = "Màu", query = "colour=red" })).Select(e => e.Key));
        Assert.Equal(["query.Sort"], (await RefusedAsync(new { name = "Sắp xếp", query = "Sort=title" })).Select(e => e.Key));
        Assert.Equal(["query.Overdue"], (await RefusedAsync(new { name = "Quá hạn", query = "Overdue=maybe" })).Select(e => e.Key));
        Assert.Empty(await NamesAsync(owner));
        // The same name twice (any letter case) is refused for the same owner.
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/v1/views", new { name = "Khẩn", query = "" })).StatusCode);
        Assert.Equal(["name"], (await RefusedAsync(new { name = "KHẨN", query = "" })).Select(e => e.Key));

        // The queue page says it on the save form, in Vietnamese, and saves nothing.
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var page = await SignedInAsync(_app, "clerk");
        var r = await page.PostAsync("/cases?handler=SaveView", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(await page.GetStringAsync("/cases")), ["viewName"] = "", ["Overdue"] = "true",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("Hãy đặt tên cho bộ lọc.", await r.Content.ReadAsStringAsync());
        var saved = await page.PostAsync("/cases?handler=SaveView", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(await page.GetStringAsync("/cases")), ["viewName"] = "Quá hạn của tổ", ["Overdue"] = "true", ["viewShared"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/cases?Overdue=true", saved.Headers.Location?.ToString());
        Assert.Contains("Quá hạn của tổ", string.Join(",", await NamesAsync(owner)));
    }
}
