using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Web.Tests.Handling;
using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>Issue #12 on single pages: the history newest first and filtered on the server, the assignee by name, the
/// holidays and units columns, and an intake form that chooses no type for the clerk.</summary>
public sealed class WordsPagesTests : OwnHostTest
{
    private static List<string> Kinds(string html) =>
        [.. Regex.Matches(html[html.IndexOf("id=\"history\"", StringComparison.Ordinal)..], "<li data-kind=\"([^\"]+)\"").Select(m => m.Groups[1].Value)];

    [Fact]
    public async Task The_history_reads_newest_first_and_its_filter_works_without_scripts()
    {
        var lan = await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var api = await CaseApi.ClientAsync(_app, Roles.Complaints);
        var number = (await CaseApi.CreateAsync(api, CaseApi.NewCase("petition")))["number"]!.GetValue<string>();
        var rv = (await CaseApi.GetCaseAsync(api, number))["rowVersion"]!.GetValue<int>();
        var assigned = await api.PutAsync($"/api/v1/cases/{number}/assignee", CaseApi.Json(new JsonObject { ["assignee"] = "lan", ["rowVersion"] = rv }));
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync());
        _app.Time.Advance(TimeSpan.FromMinutes(5));
        var note = await api.PostAsync($"/api/v1/cases/{number}/notes", CaseApi.Json(new JsonObject { ["body"] = "Đã gọi cho @lan" }));
        Assert.True(note.IsSuccessStatusCode, await note.Content.ReadAsStringAsync());

        var c = await SignedInAsync(_app, "lan");
        var all = await c.GetStringAsync($"/cases/{number}");
        Assert.Equal(["note-added", "assigned", "created"], Kinds(all));
        // The assignee, the history's line and the note's mention by name; the login nowhere in the text.
        Assert.Contains("<dd id=\"case-assignee\">Trần Thị Lan</dd>", all);
        Assert.Contains("@Trần Thị Lan", WebUtility.HtmlDecode(all));
        Assert.DoesNotMatch(@">[^<]*\blan\b[^<]*<", all);

        Assert.Equal(["note-added"], Kinds(await c.GetStringAsync($"/cases/{number}?history=correspondence")));
        Assert.Equal(["assigned", "created"], Kinds(await c.GetStringAsync($"/cases/{number}?history=actions")));
        Assert.Empty(Kinds(await c.GetStringAsync($"/cases/{number}?history=deadlines")));
        var filters = await c.GetStringAsync($"/cases/{number}?history=actions");
        Assert.Contains($"href=\"/cases/{number}?history=actions#history-h\" aria-current=\"true\"", filters);
        Assert.Equal(["note-added", "assigned", "created"], Kinds(await c.GetStringAsync($"/cases/{number}?history=nonsense")));
        _ = lan;
    }

    [Fact]
    public async Task The_holidays_page_names_its_columns_and_writes_weekdays_in_Vietnamese()
    {
        await CreateUserAsync(_app, "root", "Root", Roles.Admin);
        var c = await SignedInAsync(_app, "root");
        var page = WebUtility.HtmlDecode(await c.GetStringAsync("/admin/holidays?Year=2026"));
        Assert.Contains("<th scope=\"col\">Ngày</th><th scope=\"col\">Thứ</th><th scope=\"col\">Tên ngày nghỉ</th><th scope=\"col\">Loại ngày</th>", page);
        Assert.Contains(">Thứ Tư<", page); // 02/09/2026, Quốc khánh
        Assert.DoesNotContain("(Wed)", page);
        Assert.DoesNotContain("Loại liên kết", page);
        var units = WebUtility.HtmlDecode(await c.GetStringAsync("/admin/units"));
        Assert.Contains("<th scope=\"col\">Tên đơn vị</th><th scope=\"col\">Cấp đơn vị</th><th scope=\"col\">Thuộc</th>", units);
        Assert.Contains("data-label=\"Thuộc\">Thành phố Hà Nội<", units); // a district's parent by its name, not its code
    }

    [Fact]
    public async Task The_intake_form_chooses_no_type_and_marks_the_reporter_fields_each_type_requires()
    {
        await CreateUserAsync(_app, "clerk", "Văn thư", Roles.Complaints);
        var c = await SignedInAsync(_app, "clerk");
        var form = WebUtility.HtmlDecode(await c.GetStringAsync("/cases/new"));
        Assert.DoesNotMatch("name=\"Form.Classification\"[^>]*checked", form);
        Assert.Matches("data-required-for=\"[^\"]*complaint[^\"]*\"[^>]*>\\(bắt buộc với: [^)]*Khiếu nại", form);
        Assert.Contains("/js/intake.js", form);

        var r = await c.PostAsync("/cases/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(form), ["Form.Channel"] = "counter", ["Form.ReceivedAt"] = "2026-11-24T09:00", ["Form.LocalityCode"] = "00004",
            ["Form.Title"] = "Đơn không chọn loại",
        }));
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("class=\"errors\"", html);
        Assert.Contains("<a href=\"#contents\">", html); // the message for the type links to the choice
    }
}
