using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Web.Tests.Handling;
using Incidents.Web.Tests.Pages;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Desk;

/// <summary>The queue's column sort, labels and bulk operations (issue #12), through the API and the queue page.</summary>
public sealed class QueueToolsTests : OwnHostTest
{
    private static async Task<(string Number, int RowVersion)> NewAsync(HttpClient api, string title, string receivedAt = "2026-11-20T09:00:00+07:00")
    {
        var c = await CaseApi.CreateAsync(api, CaseApi.NewCase("complaint", receivedAt, title: title));
        return (c["number"]!.GetValue<string>(), c["rowVersion"]!.GetValue<int>());
    }

    private static async Task<string[]> NumbersAsync(HttpClient api, string query) =>
        [.. JsonNode.Parse(await api.GetStringAsync("/api/v1/cases?" + query))!["items"]!.AsArray().Select(i => i!["number"]!.GetValue<string>())];

    [Fact]
    public async Task Only_the_listed_columns_sort_the_queue_and_an_order_pages_without_repeating_or_skipping_a_case()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var a = await NewAsync(api, "Đơn A", "2026-11-18T09:00:00+07:00");
        var b = await NewAsync(api, "Đơn B", "2026-11-20T09:00:00+07:00");
        var c = await NewAsync(api, "Đơn C", "2026-11-19T09:00:00+07:00");

        var refused = await CaseApi.ProblemAsync(await api.GetAsync("/api/v1/cases?sort=title"), HttpStatusCode.BadRequest);
        Assert.Equal(["sort"], refused["errors"]!.AsObject().Select(e => e.Key));
        await CaseApi.ProblemAsync(await api.GetAsync("/api/v1/cases?sort=number;DROP%20TABLE%20cases"), HttpStatusCode.BadRequest);
        await CaseApi.ProblemAsync(await api.GetAsync("/api/v1/cases?sort=--received"), HttpStatusCode.BadRequest);

        Assert.Equal([a.Number, b.Number, c.Number], await NumbersAsync(api, "sort=number"));
        Assert.Equal([c.Number, b.Number, a.Number], await NumbersAsync(api, "sort=-number"));
        Assert.Equal([b.Number, c.Number, a.Number], await NumbersAsync(api, "sort=-received"));
        // Equal states: the case order breaks the tie, so one case a page walks all three once each.
        var walked = new List<string>();
        for (var p = 1; p <= 3; p++) walked.AddRange(await NumbersAsync(api, $"sort=state&pageSize=1&page={p}"));
        Assert.Equal([a.Number, b.Number, c.Number], walked);

        // The page refuses it with a message on the form, and its headers link each order.
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var page = await SignedInAsync(_app, "clerk");
        var bad = await page.GetAsync("/cases?Sort=title");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("Không sắp xếp hàng đợi theo cột đó được.", await bad.Content.ReadAsStringAsync());
        var sorted = await page.GetStringAsync("/cases?Sort=received");
        Assert.Contains("aria-sort=\"ascending\"", sorted);
        Assert.Contains("href=\"/cases?Sort=-received\"", sorted);
        Assert.True(sorted.IndexOf(a.Number, StringComparison.Ordinal) < sorted.IndexOf(c.Number, StringComparison.Ordinal));
        Assert.True(sorted.IndexOf(c.Number, StringComparison.Ordinal) < sorted.IndexOf(b.Number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_label_put_on_in_bulk_filters_the_queue_shows_as_a_chip_and_comes_off_again()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var a = await NewAsync(api, "Đơn A");
        var b = await NewAsync(api, "Đơn B");
        var c = await NewAsync(api, "Đơn C");

        var put = await api.PostAsJsonAsync("/api/v1/cases/bulk", new { cases = new[] { new { number = a.Number, rowVersion = a.RowVersion }, new { number = c.Number, rowVersion = c.RowVersion } }, op = "label", label = "Khẩn" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal([a.Number, c.Number], await NumbersAsync(api, "label=khẩn")); // any letter case
        Assert.Empty(await NumbersAsync(api, "label=khac"));
        var listed = JsonNode.Parse(await api.GetStringAsync("/api/v1/cases"))!["items"]!.AsArray();
        Assert.Equal(["Khẩn"], listed.Single(i => i!["number"]!.GetValue<string>() == a.Number)!["labels"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.Empty(listed.Single(i => i!["number"]!.GetValue<string>() == b.Number)!["labels"]!.AsArray());

        // A label that is too long or blank is refused, naming the field; nothing is put on.
        var tooLong = await api.PostAsJsonAsync("/api/v1/cases/bulk", new { cases = new[] { new { number = b.Number, rowVersion = b.RowVersion } }, op = "label", label = new string('x', 41) });
        Assert.Equal(["label"], (await CaseApi.ProblemAsync(tooLong, HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal([a.Number, c.Number], await NumbersAsync(api, "label=Khẩn"));

        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var page = await SignedInAsync(_app, "clerk");
        var html = await page.GetStringAsync("/cases?Label=Kh%E1%BA%A9n");
        Assert.Contains("class=\"chip\"", html);
        Assert.Contains(a.Number, html);
        Assert.DoesNotContain(b.Number, html);
        Assert.Contains("Khẩn", await page.GetStringAsync($"/cases/{a.Number}"));

        // Taken off through the queue's bulk bar.
        var off = await page.PostAsync("/cases?handler=Unlabel", new FormUrlEncodedContent(new List<KeyValuePair<string, string>>
        {
            new("__af", Token(await page.GetStringAsync("/cases"))), new("Selected", $"{a.Number}:{a.RowVersion}"), new("labelName", "KHẨN"), new("Label", ""),
        }));
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.Equal([c.Number], await NumbersAsync(api, "label=Khẩn"));
    }

    [Fact]
    public async Task A_bulk_action_is_offered_only_when_every_selected_case_allows_it_and_otherwise_nothing_is_done()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var a = await NewAsync(api, "Đơn A");
        var b = await NewAsync(api, "Đơn B");
        var c = await NewAsync(api, "Đơn C");
        async Task<string[]> OfferedAsync(params string[] numbers) =>
            [.. JsonNode.Parse(await api.GetStringAsync("/api/v1/cases/bulk/actions?" + string.Join("&", numbers.Select(n => "number=" + n))))!
                .AsArray().Select(x => x!["id"]!.GetValue<string>())];

        // In "received" a complaint may be accepted (no inputs) or refused (a reason: never in bulk).
        Assert.Equal(["accept"], await OfferedAsync(a.Number, b.Number));
        var accepted = await CaseApi.OkAsync(api, a.Number, "accept", a.RowVersion);
        Assert.Empty(await OfferedAsync(a.Number, b.Number));
        Assert.Equal(["accept"], await OfferedAsync(b.Number, c.Number));

        // Asked anyway: refused whole, and b stays as it was.
        var mixed = await api.PostAsJsonAsync("/api/v1/cases/bulk", new
        {
            cases = new[] { new { number = a.Number, rowVersion = accepted["rowVersion"]!.GetValue<int>() }, new { number = b.Number, rowVersion = b.RowVersion } },
            op = "action", action = "accept",
        });
        Assert.Contains(a.Number, (await CaseApi.ProblemAsync(mixed, HttpStatusCode.Conflict))["detail"]!.GetValue<string>());
        Assert.Equal("received", (await CaseApi.GetCaseAsync(api, b.Number))["state"]!.GetValue<string>());
        // A stale row version is refused before anything runs.
        var stale = await api.PostAsJsonAsync("/api/v1/cases/bulk", new { cases = new[] { new { number = b.Number, rowVersion = b.RowVersion + 5 } }, op = "action", action = "accept" });
        await CaseApi.ProblemAsync(stale, HttpStatusCode.Conflict);

        var both = await api.PostAsJsonAsync("/api/v1/cases/bulk", new
        {
            cases = new[] { new { number = b.Number, rowVersion = b.RowVersion }, new { number = c.Number, rowVersion = c.RowVersion } },
            op = "action", action = "accept",
        });
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Equal(["done", "done"], JsonNode.Parse(await both.Content.ReadAsStringAsync())!["results"]!.AsArray().Select(r => r!["status"]!.GetValue<string>()));
        Assert.Equal("accepted", (await CaseApi.GetCaseAsync(api, b.Number))["state"]!.GetValue<string>());
        Assert.Equal("accepted", (await CaseApi.GetCaseAsync(api, c.Number))["state"]!.GetValue<string>());

        // The queue page offers the same: after "choose an action" for a and a fresh case, no action; for two fresh ones, accept.
        var d = await NewAsync(api, "Đơn D");
        var e = await NewAsync(api, "Đơn E");
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var page = await SignedInAsync(_app, "clerk");
        async Task<string> OfferPageAsync(params (string Number, int RowVersion)[] selected)
        {
            var form = new List<KeyValuePair<string, string>> { new("__af", Token(await page.GetStringAsync("/cases"))) };
            form.AddRange(selected.Select(s => new KeyValuePair<string, string>("Selected", $"{s.Number}:{s.RowVersion}")));
            return await (await page.PostAsync("/cases?handler=Offer", new FormUrlEncodedContent(form))).Content.ReadAsStringAsync();
        }
        var none = await OfferPageAsync((a.Number, accepted["rowVersion"]!.GetValue<int>()), d);
        Assert.Contains("id=\"bulk-none\"", none);
        Assert.DoesNotContain("id=\"bulk-action\"", none);
        var offered = await OfferPageAsync(d, e);
        Assert.Matches("<select id=\"bulk-action\" name=\"bulkAction\">\\s*<option value=\"accept\">", offered);
        Assert.DoesNotContain("value=\"refuse\"", offered);
    }

    [Fact]
    public async Task Linking_in_bulk_links_every_selected_case_to_the_first()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var a = await NewAsync(api, "Đơn A");
        var b = await NewAsync(api, "Đơn B");
        var c = await NewAsync(api, "Đơn C");
        var one = await api.PostAsJsonAsync("/api/v1/cases/bulk", new { cases = new[] { new { number = a.Number, rowVersion = a.RowVersion } }, op = "link" });
        Assert.Equal(["cases"], (await CaseApi.ProblemAsync(one, HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        var linked = await api.PostAsJsonAsync("/api/v1/cases/bulk", new
        {
            cases = new[] { new { number = a.Number, rowVersion = a.RowVersion }, new { number = b.Number, rowVersion = b.RowVersion }, new { number = c.Number, rowVersion = c.RowVersion } },
            op = "link",
        });
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var links = _app.Services.GetService(typeof(Incidents.Storage.Links.CaseLinkStore)) as Incidents.Storage.Links.CaseLinkStore;
        var queries = (Incidents.Storage.Triage.CaseQueries)_app.Services.GetService(typeof(Incidents.Storage.Triage.CaseQueries))!;
        var hub = (await queries.GetAsync(a.Number))!;
        Assert.Equal([b.Number, c.Number], (await links!.ListAsync(hub.Id)).Select(l => l.OtherNumber).Order());
    }
}
