using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Intake;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Incidents.Web.Tests.Handling;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>Incidents from a phone (issue #13): the incident form, who holds an incident, and the incident list's order.</summary>
public sealed class PhoneIncidentTests : OwnHostTest
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 1, 2, 3, 4, 5];

    private static MultipartFormDataContent Form(string page, string? key = null, string description = "Đám đông tụ tập trước điểm bỏ phiếu",
        string? place = "Điểm bỏ phiếu số 3, Trường THCS Nguyễn Trãi", bool photo = false, string? channel = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__af" },
            { new StringContent(key ?? Regex.Match(page, "name=\"Key\" value=\"([^\"]+)\"").Groups[1].Value), "Key" },
            { new StringContent("security-incident"), "Type" },
            { new StringContent("critical"), "Severity" },
            { new StringContent("ba dinh"), "Locality" },
            { new StringContent(description), "Description" },
            { new StringContent("2026-11-25T09:30"), "At" },
            // What the drawn form holds unless changed: the channel chosen and the officer as reporter.
            { new StringContent(channel ?? Regex.Match(page, "name=\"Channel\" value=\"([a-z]+)\" checked").Groups[1].Value), "Channel" },
            { new StringContent(WebUtility.HtmlDecode(Regex.Match(page, "name=\"ReporterName\" type=\"text\" value=\"([^\"]*)\"").Groups[1].Value)), "ReporterName" },
        };
        if (place is not null) form.Add(new StringContent(place), "Place");
        if (photo) form.Add(new ByteArrayContent(Jpeg), "Photo", "anh.jpg");
        return form;
    }

    private async Task<CaseRecord> CaseAsync(string number) =>
        (await _app.Services.GetRequiredService<CaseQueries>().GetDetailAsync(number))!.Case;

    private async Task<int> IncidentCountAsync() =>
        (int)(await _app.Services.GetRequiredService<CaseQueries>().ListAsync(new CaseFilter { Team = Roles.Security })).Total;

    [Fact]
    public async Task An_incident_logged_on_the_page_is_on_site_by_default_reported_by_its_officer_held_by_them_and_shows_its_place()
    {
        await CreateUserAsync(_app, "officer", "Officer", Roles.Security);
        var c = await SignedInAsync(_app, "officer");
        var page = await c.GetStringAsync("/incidents/new");
        // The officer's three ways of learning of an incident, on site first; words, not ids.
        Assert.Equal(["onsite", "phone", "patrol"], Regex.Matches(page, "name=\"Channel\" value=\"([a-z]+)\"").Select(m => m.Groups[1].Value));
        Assert.Matches("name=\"Channel\" value=\"onsite\" checked", page);
        foreach (var words in new[] { "Tại hiện trường", "Cuộc gọi điện thoại", "Tuần tra", "Điểm bỏ phiếu hoặc địa điểm" }) Assert.Contains(words, page);
        Assert.Contains("capture=\"environment\"", page);
        Assert.Contains("name=\"ReporterName\" type=\"text\" value=\"officer\"", page);

        var r = await c.PostAsync("/incidents/new", Form(page, photo: true));

        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var number = r.Headers.Location!.OriginalString["/cases/".Length..];
        var stored = await CaseAsync(number);
        Assert.Equal(Channel.OnSite, stored.Channel);
        Assert.Equal("00004", stored.LocalityCode); // "ba dinh" typed without its marks
        Assert.Equal("Điểm bỏ phiếu số 3, Trường THCS Nguyễn Trãi", stored.Place);
        Assert.Equal("officer", stored.AssigneeLogin);
        Assert.Equal("officer", (await _app.Services.GetRequiredService<CaseQueries>().GetReporterAsync(stored.Id))!.Name);
        Assert.Single(await _app.Services.GetRequiredService<Incidents.Storage.Attachments.AttachmentStore>().ListAsync(stored.Id));

        var shown = WebUtility.HtmlDecode(await c.GetStringAsync($"/cases/{number}"));
        Assert.Contains("<dd id=\"case-place\">Điểm bỏ phiếu số 3, Trường THCS Nguyễn Trãi</dd>", shown);
        Assert.Contains("Tại hiện trường", shown);
        Assert.DoesNotContain(">onsite<", shown);
        var api = await CaseApi.GetCaseAsync((await _app.UserAsync(Roles.Security)).Client, number);
        Assert.Equal("Điểm bỏ phiếu số 3, Trường THCS Nguyễn Trãi", api["place"]!.GetValue<string>());
        Assert.Equal("onsite", api["channel"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_retried_submit_with_the_same_key_makes_one_incident_and_the_key_with_other_content_makes_none()
    {
        await CreateUserAsync(_app, "officer", "Officer", Roles.Security);
        var c = await SignedInAsync(_app, "officer");
        var page = await c.GetStringAsync("/incidents/new");

        var first = await c.PostAsync("/incidents/new", Form(page, photo: true));
        var retry = await c.PostAsync("/incidents/new", Form(page, photo: true)); // the answer to the first was lost in the field

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(1, await IncidentCountAsync());

        var other = await c.PostAsync("/incidents/new", Form(page, description: "Một sự việc khác"));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Contains("Biểu mẫu này đã được gửi với nội dung khác.", WebUtility.HtmlDecode(await other.Content.ReadAsStringAsync()));
        Assert.Equal(1, await IncidentCountAsync());

        // A form drawn anew has a key of its own: a second incident.
        var again = await c.PostAsync("/incidents/new", Form(await c.GetStringAsync("/incidents/new"), description: "Một sự việc khác"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(2, await IncidentCountAsync());
    }

    [Fact]
    public async Task A_bad_channel_or_a_long_place_is_named_on_the_form_and_nothing_is_stored()
    {
        await CreateUserAsync(_app, "officer", "Officer", Roles.Security);
        var c = await SignedInAsync(_app, "officer");
        var page = await c.GetStringAsync("/incidents/new");

        var r = await c.PostAsync("/incidents/new", Form(page, place: new string('x', 201), channel: "pigeon"));

        var html = WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
        Assert.Contains("id=\"err-place\">Địa điểm dài quá 200 ký tự.", html);
        Assert.Contains("id=\"err-channel\"", html);
        Assert.Equal(0, await IncidentCountAsync());
    }

    private async Task<string> LogAsync(Actor by, string severity, string receivedAt) =>
        (await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "security-incident", Title = $"Sự cố {severity} {receivedAt}", LocalityCode = "00004", Channel = "phone",
            ReceivedAt = receivedAt, Severity = severity,
        }], [], by)).Numbers[0];

    [Fact]
    public async Task Acknowledging_an_unheld_incident_gives_it_to_the_officer_by_api_and_page_and_leaves_someone_elses_alone()
    {
        var admin = (await CreateUserAsync(_app, "chief", "Chief", Roles.Admin)).ToActor();
        var other = (await CreateUserAsync(_app, "other", "Other", Roles.Security)).ToActor();
        await CreateUserAsync(_app, "officer", "Officer", Roles.Security);
        var (api, apiLogin) = await _app.UserAsync(Roles.Security);

        // An administrator who logs an incident does not hold it; an officer does.
        var viaApi = await LogAsync(admin, "high", "2026-11-25T09:40:00+07:00");
        var viaPage = await LogAsync(admin, "high", "2026-11-25T09:41:00+07:00");
        var held = await LogAsync(other, "high", "2026-11-25T09:42:00+07:00");
        Assert.Null((await CaseAsync(viaApi)).AssigneeLogin);
        Assert.Equal("other", (await CaseAsync(held)).AssigneeLogin);

        await CaseApi.OkAsync(api, viaApi, "acknowledge", 1);
        Assert.Equal(apiLogin, (await CaseAsync(viaApi)).AssigneeLogin);

        var page = await SignedInAsync(_app, "officer");
        foreach (var number in new[] { viaPage, held })
        {
            var r = await page.PostAsync($"/cases/{number}?handler=Act", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__af"] = Token(await page.GetStringAsync($"/cases/{number}")), ["actionId"] = "acknowledge", ["rowVersion"] = "1",
            }));
            Assert.True(r.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK, $"acknowledge answered {r.StatusCode}");
            Assert.Equal("investigating", (await CaseAsync(number)).State);
        }
        Assert.Equal("officer", (await CaseAsync(viaPage)).AssigneeLogin);
        Assert.Equal("other", (await CaseAsync(held)).AssigneeLogin);

        // The taking is in the history, in the same transaction as the action.
        var history = await _app.Services.GetRequiredService<CaseQueries>().GetEventsAsync((await CaseAsync(viaPage)).Id);
        Assert.Contains(history, e => e.Kind == "assigned" && e.Actor == "officer" && e.Data["assignee"] == "officer");
        Assert.DoesNotContain(await _app.Services.GetRequiredService<CaseQueries>().GetEventsAsync((await CaseAsync(held)).Id),
            e => e.Kind == "assigned" && e.Actor == "officer");
    }

    [Fact]
    public async Task The_incident_list_puts_critical_before_medium_then_the_nearest_deadline()
    {
        var admin = (await CreateUserAsync(_app, "chief", "Chief", Roles.Admin)).ToActor();
        await CreateUserAsync(_app, "officer", "Officer", Roles.Security);
        // The medium one is due first (09:00 local); both critical ones come before it, the one due sooner first.
        var medium = await LogAsync(admin, "medium", "2026-11-25T08:00:00+07:00");
        var laterCritical = await LogAsync(admin, "critical", "2026-11-25T09:50:00+07:00");
        var soonerCritical = await LogAsync(admin, "critical", "2026-11-25T09:40:00+07:00");

        var html = await (await SignedInAsync(_app, "officer")).GetStringAsync("/incidents");

        Assert.Equal([soonerCritical, laterCritical, medium],
            Regex.Matches(html, "<li class=\"incident-card[^\"]*\" data-number=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        // Severity as a word beside the colour; the filters are behind one button.
        Assert.Contains("Nghiêm trọng", WebUtility.HtmlDecode(html));
        Assert.Contains("Trung bình", WebUtility.HtmlDecode(html));
        Assert.Matches("<details class=\"filters-fold folded\">\\s*<summary", html);
    }
}
