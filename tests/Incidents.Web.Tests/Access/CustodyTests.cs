using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Access;

/// <summary>
/// A denouncer's identity (Law on Denunciations 2018, Arts. 47, 48, 56) reaches only its custodians, and nobody can walk
/// around that: not by assigning the case to themselves (API, case page or bulk), and not through a token minted for them.
/// </summary>
public sealed class CustodyTests : OwnHostTest
{
    private const string Denouncer = "Hoàng Văn Kín";

    /// <summary>A user (password <see cref="PageSession.Password"/>) and a client with a bearer token of their own.</summary>
    private async Task<(HttpClient Api, UserAccount User)> UserAsync(string login, string role, bool lead = false)
    {
        _ = _app.Server;
        var users = _app.Services.GetRequiredService<UserStore>();
        var id = (await users.CreateAsync(new NewUser(login, login, null, Passwords.Hash(Password), [role], IsLead: lead)))!.Value;
        var token = ApiTokenStore.Generate();
        await _app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(id, ApiTokenStore.Hash(token), "test");
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, (await users.FindByIdAsync(id))!);
    }

    private static async Task<string> TakeInDenunciationAsync(HttpClient api)
    {
        var created = await api.PostAsJsonAsync("/api/v1/cases", new
        {
            type = IncidentsApp.ConfidentialType, title = "Tố cáo cán bộ", description = "Nội dung tố cáo", localityCode = "00004",
            channel = "counter", receivedAt = "2026-11-20T09:00:00+07:00", reporter = new { name = Denouncer, address = "1 Phố Kín" },
            inputs = new { complex = "true" },
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        Assert.DoesNotContain(Denouncer, body);
        Assert.True(JsonNode.Parse(body)!["reporterConfidential"]!.GetValue<bool>());
        return JsonNode.Parse(body)!["number"]!.GetValue<string>();
    }

    private async Task<(string? Assignee, int RowVersion)> StoredAsync(string number)
    {
        var d = (await _app.Services.GetRequiredService<CaseQueries>().GetDetailAsync(number))!;
        return (d.Case.AssigneeLogin, d.Case.RowVersion);
    }

    /// <summary>The case as this reader gets it when asking, with a reason, to see the reporter.</summary>
    private static async Task<JsonNode> CaseAsync(HttpClient api, string number)
    {
        var r = await api.GetAsync($"/api/v1/cases/{number}?reason=verification");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task A_clerk_cannot_read_a_denouncer_by_assigning_the_denunciation_to_themselves()
    {
        var (clerk, _) = await UserAsync("clerk", Roles.Complaints);
        var number = await TakeInDenunciationAsync(clerk);
        var before = await StoredAsync(number);

        var r = await clerk.PutAsJsonAsync($"/api/v1/cases/{number}/assignee", new { assignee = "clerk", rowVersion = before.RowVersion });
        var body = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Only a lead of the case's team or leadership", body);
        Assert.DoesNotContain(Denouncer, body);
        Assert.Equal(before, await StoredAsync(number));

        var view = await CaseAsync(clerk, number);
        Assert.Null(view["reporter"]);
        Assert.True(view["reporterConfidential"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_lead_assigns_a_denunciation_and_only_then_the_handler_sees_the_identity_while_reporterConfidential_stays_true()
    {
        var (lead, _) = await UserAsync("lead", Roles.Complaints, lead: true);
        var (handler, _) = await UserAsync("handler", Roles.Complaints);
        var (other, _) = await UserAsync("other", Roles.Complaints);
        var (leadership, _) = await UserAsync("chief", Roles.Leadership);
        var number = await TakeInDenunciationAsync(other);

        var unassigned = await CaseAsync(handler, number);
        Assert.Null(unassigned["reporter"]);

        var r = await lead.PutAsJsonAsync($"/api/v1/cases/{number}/assignee", new { assignee = "handler", rowVersion = (await StoredAsync(number)).RowVersion });
        var answer = JsonNode.Parse(await r.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Null(answer["reporter"]); // the lead is no custodian by default
        Assert.True(answer["reporterConfidential"]!.GetValue<bool>());

        foreach (var (reader, sees) in new[] { (handler, true), (leadership, true), (other, false), (lead, false) })
        {
            var view = await CaseAsync(reader, number);
            Assert.True(view["reporterConfidential"]!.GetValue<bool>());
            Assert.Equal(sees, view["reporter"]?["name"]?.GetValue<string>() == Denouncer);
        }
    }

    [Fact]
    public async Task Nobody_assigns_a_denunciation_to_themselves_not_even_a_lead_or_leadership()
    {
        var (lead, _) = await UserAsync("lead", Roles.Complaints, lead: true);
        var (leadership, _) = await UserAsync("chief", Roles.Leadership);
        var number = await TakeInDenunciationAsync(lead);
        var before = await StoredAsync(number);

        foreach (var (client, login) in new[] { (lead, "lead"), (leadership, "chief") })
        {
            var r = await client.PutAsJsonAsync($"/api/v1/cases/{number}/assignee", new { assignee = login, rowVersion = before.RowVersion });
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Contains("to themselves", await r.Content.ReadAsStringAsync());
        }
        Assert.Equal(before, await StoredAsync(number));

        // A lead of another team and an administrator may not assign it either.
        var (securityLead, _) = await UserAsync("guard-lead", Roles.Security, lead: true);
        var (admin, _) = await UserAsync("root", Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await securityLead.PutAsJsonAsync($"/api/v1/cases/{number}/assignee", new { assignee = "lead", rowVersion = before.RowVersion })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PutAsJsonAsync($"/api/v1/cases/{number}/assignee", new { assignee = "lead", rowVersion = before.RowVersion })).StatusCode);
        Assert.Equal(before, await StoredAsync(number));
    }

    [Fact]
    public async Task The_case_page_and_bulk_assignment_refuse_a_clerk_with_a_message_and_store_nothing()
    {
        var (clerkApi, _) = await UserAsync("clerk", Roles.Complaints);
        var number = await TakeInDenunciationAsync(clerkApi);
        var before = await StoredAsync(number);
        var page = await SignedInAsync(_app, "clerk");

        var html = await page.GetStringAsync($"/cases/{number}");
        Assert.DoesNotContain("handler=Assign", html); // no assignment form for a clerk on this case
        var direct = await page.PostAsync($"/cases/{number}?handler=Assign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(html), ["assignee"] = "clerk", ["rowVersion"] = before.RowVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.Redirect, direct.StatusCode);
        var after = await page.GetStringAsync($"/cases/{number}");
        Assert.Contains("Chỉ trưởng nhóm hoặc lãnh đạo mới được phân công hồ sơ có thông tin người tố cáo được giữ bí mật.", after);
        Assert.DoesNotContain(Denouncer, after);

        var queue = await page.GetStringAsync("/cases");
        var bulk = await page.PostAsync("/cases?handler=Assign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(queue), ["selected"] = $"{number}:{before.RowVersion}", ["assignTo"] = "clerk",
        }));
        Assert.Equal(HttpStatusCode.Redirect, bulk.StatusCode);
        Assert.Contains($"1 hồ sơ có thông tin người tố cáo được giữ bí mật nên chưa được phân công", await page.GetStringAsync("/cases"));
        Assert.Equal(before, await StoredAsync(number));
    }

    [Fact]
    public async Task A_lead_on_the_case_page_is_not_offered_themselves_for_a_denunciation()
    {
        var (leadApi, _) = await UserAsync("lead", Roles.Complaints, lead: true);
        await UserAsync("handler", Roles.Complaints);
        var number = await TakeInDenunciationAsync(leadApi);
        var page = await SignedInAsync(_app, "lead");
        var html = await page.GetStringAsync($"/cases/{number}");
        Assert.Contains("handler=Assign", html);
        Assert.Contains("<option value=\"handler\"", html);
        Assert.DoesNotContain("<option value=\"lead\"", html);

        var self = await page.PostAsync($"/cases/{number}?handler=Assign", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(html), ["assignee"] = "lead", ["rowVersion"] = (await StoredAsync(number)).RowVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.Redirect, self.StatusCode);
        Assert.Contains("Không được tự phân công cho mình hồ sơ có thông tin người tố cáo được giữ bí mật.", await page.GetStringAsync($"/cases/{number}"));
        Assert.Null((await StoredAsync(number)).Assignee);
    }
}

public sealed class RevealReasonTests : OwnHostTest
{
    [Fact]
    public async Task A_custodian_sees_a_denouncer_only_when_giving_a_reason_and_the_reason_is_written_to_the_history()
    {
        var (clerk, _) = await _app.UserAsync(Roles.Complaints);
        await CreateUserAsync(_app, "chief", "Chief", Roles.Leadership);
        var (chiefApi, _) = await _app.UserAsync(Roles.Leadership);
        var created = await clerk.PostAsJsonAsync("/api/v1/cases", new
        {
            type = IncidentsApp.ConfidentialType, title = "Tố cáo", description = "Nội dung", localityCode = "00004", channel = "counter",
            receivedAt = "2026-11-20T09:00:00+07:00", reporter = new { name = "Người Có Tên", address = "3 Phố Kín" }, inputs = new { complex = "true" },
        });
        var number = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
        var queries = _app.Services.GetRequiredService<CaseQueries>();
        var id = (await queries.GetDetailAsync(number))!.Case.Id;
        async Task<IReadOnlyList<string>> ViewsAsync() =>
            [.. (await queries.GetEventsAsync(id)).Where(e => e.Kind == "identity-viewed").Select(e => e.Data.GetValueOrDefault("reason") ?? "")];

        // API: no reason, no identity, nothing written; a reason over 500 characters is refused naming the field.
        Assert.DoesNotContain("Người Có Tên", await chiefApi.GetStringAsync($"/api/v1/cases/{number}"));
        var tooLong = await chiefApi.GetAsync($"/api/v1/cases/{number}?reason=" + new string('x', 501));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(["reason"], JsonNode.Parse(await tooLong.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty(await ViewsAsync());
        Assert.Contains("Người Có Tên", await chiefApi.GetStringAsync($"/api/v1/cases/{number}?reason=" + Uri.EscapeDataString("kiểm tra đơn")));
        Assert.Equal(["kiểm tra đơn"], await ViewsAsync());

        // Page: the reveal form without a reason answers with a message on the form and shows nothing.
        var page = await SignedInAsync(_app, "chief");
        var html = await page.GetStringAsync($"/cases/{number}");
        var blank = await page.PostAsync($"/cases/{number}?handler=Identity", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = Token(html), ["reason"] = " " }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, blank.StatusCode);
        var blankHtml = await blank.Content.ReadAsStringAsync();
        Assert.Contains("Hãy nêu lý do cần xem danh tính.", blankHtml);
        Assert.DoesNotContain("Người Có Tên", blankHtml);
        Assert.Equal(["kiểm tra đơn"], await ViewsAsync());
        var shown = await page.PostAsync($"/cases/{number}?handler=Identity", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = Token(html), ["reason"] = "xác minh" }));
        var shownHtml = await shown.Content.ReadAsStringAsync();
        Assert.Contains("Người Có Tên", shownHtml);
        Assert.Contains("Lý do: xác minh", shownHtml); // the history under the reveal says why
        Assert.Equal(["kiểm tra đơn", "xác minh"], await ViewsAsync());
    }
}

/// <summary>The custodians are a setting: here the assigned handler only, so leadership no longer sees the identity.</summary>
public sealed class CustodiansSettingTests : IAsyncLifetime
{
    private readonly IncidentsApp _app = new() { Settings = new() { ["Incidents:Access:IdentityCustodians:0"] = "assignee" } };
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task With_the_assignee_as_the_only_custodian_leadership_does_not_see_the_denouncer()
    {
        var (clerk, _) = await _app.UserAsync(Roles.Complaints);
        var (leadership, _) = await _app.UserAsync(Roles.Leadership);
        var created = await clerk.PostAsJsonAsync("/api/v1/cases", new
        {
            type = IncidentsApp.ConfidentialType, title = "Tố cáo", description = "Nội dung", localityCode = "00004", channel = "counter",
            receivedAt = "2026-11-20T09:00:00+07:00", reporter = new { name = "Người Tố Cáo", address = "2 Phố Kín" }, inputs = new { complex = "true" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["number"]!.GetValue<string>();
        var view = await leadership.GetStringAsync($"/api/v1/cases/{number}?reason=check");
        Assert.DoesNotContain("Người Tố Cáo", view);
        Assert.True(JsonNode.Parse(view)!["reporterConfidential"]!.GetValue<bool>());
    }
}
