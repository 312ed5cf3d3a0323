using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Core.Notifications;
using Incidents.Storage.Access;
using Incidents.Storage.Notifications;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Tests.Pages;
using Incidents.Web.Triage;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;
using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Notifications;

/// <summary>/api/v1/notifications and the pages over the same NotificationDesk: mine only, in words, preferences checked.</summary>
public sealed class NotificationApiTests : OwnHostTest
{
    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private async Task<(HttpClient Api, UserAccount User)> UserAsync(string role)
    {
        var (api, login) = await _app.UserAsync(role);
        return (api, (await Get<UserStore>().FindByLoginAsync(login))!);
    }

    [Fact]
    public async Task Preferences_refuse_each_unknown_kind_and_mode_by_name_and_store_nothing()
    {
        var (api, _) = await UserAsync(Roles.Complaints);

        var r = await api.PutAsJsonAsync("/api/v1/notifications/preferences", new JsonObject
        {
            ["assigned"] = "digest", ["birthday"] = "digest", ["mentioned"] = "weekly", ["correspondence"] = null,
        });
        var problem = await ProblemAsync(r, HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["birthday", "correspondence", "mentioned"], problem["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Equal("not-a-field", problem["codes"]!["birthday"]!.GetValue<string>());
        Assert.Equal("not-a-choice", problem["codes"]!["mentioned"]!.GetValue<string>());
        Assert.Equal("required", problem["codes"]!["correspondence"]!.GetValue<string>());
        Assert.StartsWith("phải là immediate", problem["errors"]!["mentioned"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await api.PutAsJsonAsync("/api/v1/notifications/preferences", new JsonArray())).StatusCode);
        var twice = await api.PutAsync("/api/v1/notifications/preferences",
            new StringContent("""{"assigned":"digest","assigned":"immediate"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal("duplicate", (await ProblemAsync(twice, HttpStatusCode.BadRequest))["codes"]!["assigned"]!.GetValue<string>());
        // The reliability fuzz's find: a body that is no text, sent with no content type, so the JSON guard in front does
        // not see it.
        var noText = await api.PutAsync("/api/v1/notifications/preferences",
            new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes("""{"assigned":"digest","\ud800":"digest"}""")));
        Assert.Equal("not-unicode", (await ProblemAsync(noText, HttpStatusCode.BadRequest))["codes"]!["body"]!.GetValue<string>());

        var unchanged = JsonNode.Parse(await api.GetStringAsync("/api/v1/notifications/preferences"))!.AsObject();
        Assert.All(NotificationKinds.All, k => Assert.Equal(NotificationModes.Immediate, unchanged[k]!.GetValue<string>()));

        var saved = JsonNode.Parse(await (await api.PutAsJsonAsync("/api/v1/notifications/preferences", new JsonObject { ["assigned"] = "digest" }))
            .EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        Assert.Equal(("digest", "immediate"), (saved["assigned"]!.GetValue<string>(), saved["mentioned"]!.GetValue<string>()));
    }

    [Fact]
    public async Task I_list_my_notifications_in_words_and_mark_only_mine_read()
    {
        var (_, lead) = await UserAsync(Roles.Leadership);
        var (api, me) = await UserAsync(Roles.Complaints);
        var (otherApi, _) = await UserAsync(Roles.Complaints);
        var number = (await CreateAsync(api, NewCase("complaint")))["number"]!.GetValue<string>();
        var rv = (await Get<CaseQueries>().GetAsync(number))!.RowVersion;
        await Get<CaseAssignment>().AssignAsync(number, lead.ToActor(), me.Login, rv);

        var list = JsonNode.Parse(await api.GetStringAsync("/api/v1/notifications"))!.AsArray();
        var n = Assert.Single(list)!;
        Assert.Equal(("assigned", number), (n["kind"]!.GetValue<string>(), n["caseNumber"]!.GetValue<string>()));
        Assert.Equal("Khiếu nại", n["caseType"]!["vi"]!.GetValue<string>());
        Assert.Equal($"/cases/{number}", n["link"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(await otherApi.GetStringAsync("/api/v1/notifications"))!.AsArray());

        var id = n["id"]!.GetValue<long>();
        await ProblemAsync(await otherApi.PostAsync($"/api/v1/notifications/{id}/read", null), HttpStatusCode.NotFound);
        Assert.Equal(1, await Get<NotificationStore>().UnreadCountAsync(me.Id));
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"/api/v1/notifications/{id}/read", null)).StatusCode);
        Assert.Empty(JsonNode.Parse(await api.GetStringAsync("/api/v1/notifications?unread=true"))!.AsArray());
    }

    [Fact]
    public async Task The_nav_badge_counts_my_unread_notifications_and_the_page_marks_them_all_read()
    {
        await Get<UserStore>().CreateAsync(new NewUser("lanhdao", "Phạm Văn Lãnh", null, Passwords.Hash(Password), [Roles.Leadership]));
        await Get<UserStore>().CreateAsync(new NewUser("lan", "Trần Thị Lan", null, Passwords.Hash(Password), [Roles.Complaints]));
        var lead = (await Get<UserStore>().FindByLoginAsync("lanhdao"))!;
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var number = (await CreateAsync(api, NewCase("complaint")))["number"]!.GetValue<string>();
        await Get<CaseAssignment>().AssignAsync(number, lead.ToActor(), "lan", (await Get<CaseQueries>().GetAsync(number))!.RowVersion);

        var page = await SignedInAsync(_app, "lan");
        Assert.Contains("id=\"notifications-unread\"", await page.GetStringAsync("/cases"));
        var html = await page.GetStringAsync("/notifications");
        Assert.Contains($"Phạm Văn Lãnh đã giao cho bạn hồ sơ {number}.", html);
        Assert.DoesNotContain(">assigned<", html);

        var r = await page.PostAsync("/notifications?handler=ReadAll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(html),
        }));
        Assert.True(r.IsSuccessStatusCode || (int)r.StatusCode is >= 300 and < 400, $"{r.StatusCode}");
        Assert.Equal(0, await Get<NotificationStore>().UnreadCountAsync((await Get<UserStore>().FindByLoginAsync("lan"))!.Id));
        Assert.DoesNotContain("id=\"notifications-unread\"", await page.GetStringAsync("/cases"));
    }
    [Fact]
    public async Task The_settings_page_saves_a_choice_per_kind_and_a_bad_value_gets_a_message_on_the_form_and_stores_nothing()
    {
        var lan = await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var page = await SignedInAsync(_app, "lan");
        var html = await page.GetStringAsync("/account/notifications");
        Assert.Contains("Gộp trong thư tổng hợp hằng ngày", html);
        Assert.DoesNotContain(">digest<", html);

        var form = NotificationKinds.All.ToDictionary(k => "mode-" + k, _ => NotificationModes.Immediate);
        form["__af"] = Token(html);
        form["mode-" + NotificationKinds.Mentioned] = "weekly";
        var refused = await page.PostAsync("/account/notifications", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"error-mentioned\"", body);
        Assert.Contains("Hãy chọn gửi thư ngay hoặc gộp trong thư tổng hợp hằng ngày.", body);
        Assert.All((await Get<NotificationStore>().PreferencesAsync(lan.Id)).Values, m => Assert.Equal(NotificationModes.Immediate, m));

        form["mode-" + NotificationKinds.Mentioned] = NotificationModes.Digest;
        var saved = await page.PostAsync("/account/notifications", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var modes = await Get<NotificationStore>().PreferencesAsync(lan.Id);
        Assert.Equal((NotificationModes.Digest, NotificationModes.Immediate), (modes[NotificationKinds.Mentioned], modes[NotificationKinds.Assigned]));
    }
}
