using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Storage.Access;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Access;

/// <summary>
/// Whoever holds a token acts as its owner, leadership included: so only the owner mints one (page or API), or the operator
/// on the server (CLI). Administrators list and revoke every token but never see or mint one for somebody else.
/// </summary>
public sealed class TokenCustodyTests : OwnHostTest
{
    private ApiTokenStore Tokens => _app.Services.GetRequiredService<ApiTokenStore>();

    [Fact]
    public async Task An_administrator_mints_a_token_only_for_themselves_whoever_the_form_names()
    {
        var admin = await CreateUserAsync(_app, "root", "Root", Roles.Admin);
        var chief = await CreateUserAsync(_app, "chief", "Chief", Roles.Leadership);
        var page = await SignedInAsync(_app, "root");
        var html = await page.GetStringAsync("/admin/tokens");
        Assert.DoesNotContain("name=\"UserId\"", html); // no user to choose

        var r = await page.PostAsync("/admin/tokens?handler=Create&UserId=" + chief.Id, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(html), ["name"] = "ci", ["UserId"] = chief.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var token = Regex.Match(await r.Content.ReadAsStringAsync(), "id=\"new-token\">([^<]+)<").Groups[1].Value;
        var owner = await Tokens.FindUserAsync(ApiTokenStore.Hash(token));
        Assert.Equal("root", owner!.Login);
        Assert.Empty(await Tokens.ListAsync(chief.Id));
        var stored = Assert.Single(await Tokens.ListAsync(admin.Id));
        Assert.Equal(("root", "root", TokenVia.Page), (stored.Owner, stored.CreatedBy, stored.Via));

        // The token acts as the administrator, never as leadership.
        Assert.DoesNotContain(Roles.Leadership, owner.Roles);
    }

    [Fact]
    public async Task Administrators_list_every_token_with_its_owner_and_maker_and_revoke_any_but_never_see_a_secret()
    {
        await CreateUserAsync(_app, "root", "Root", Roles.Admin);
        var chief = await CreateUserAsync(_app, "chief", "Chief", Roles.Leadership);
        var secret = ApiTokenStore.Generate();
        var id = await Tokens.CreateAsync(chief.Id, ApiTokenStore.Hash(secret), "chief-laptop", TokenVia.Page);
        var cli = await Tokens.CreateAsync(chief.Id, ApiTokenStore.Hash(ApiTokenStore.Generate()), "import", TokenVia.Cli);
        var page = await SignedInAsync(_app, "root");

        var html = await page.GetStringAsync("/admin/tokens");
        Assert.Contains("chief-laptop", html);
        Assert.Contains("máy chủ (dòng lệnh)", html);
        Assert.DoesNotContain(secret, html);
        Assert.DoesNotContain(ApiTokenStore.Hash(secret), html);
        Assert.DoesNotContain("id=\"new-token\"", html);

        var chiefApi = _app.CreateClient();
        chiefApi.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await chiefApi.GetAsync("/api/v1/cases")).StatusCode);
        var revoke = await page.PostAsync("/admin/tokens?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(html), ["tokenId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["confirm"] = "yes",
        }));
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await chiefApi.GetAsync("/api/v1/cases")).StatusCode);
        Assert.Null((await Tokens.ListAsync(chief.Id)).Single(t => t.Id == cli).RevokedAt);
    }

    [Fact]
    public async Task A_user_mints_their_own_token_through_the_API_and_it_records_that_they_made_it()
    {
        var (api, login) = await _app.UserAsync(Roles.Complaints);
        var r = await api.PostAsJsonAsync("/api/v1/tokens", new { name = "script" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal("no-store", r.Headers.CacheControl?.ToString());
        var token = JsonNode.Parse(await r.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
        Assert.Equal(login, (await Tokens.FindUserAsync(ApiTokenStore.Hash(token)))!.Login);

        var mine = JsonNode.Parse(await api.GetStringAsync("/api/v1/tokens"))!.AsArray();
        var made = mine.Single(t => t!["name"]?.GetValue<string>() == "script")!;
        Assert.Equal((login, "api"), (made["createdBy"]!.GetValue<string>(), made["via"]!.GetValue<string>()));
        Assert.DoesNotContain(token, mine.ToJsonString());
    }

    [Fact]
    public async Task A_token_name_longer_than_100_characters_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var (api, login) = await _app.UserAsync(Roles.Complaints);
        var r = await api.PostAsJsonAsync("/api/v1/tokens", new { name = new string('x', 101) });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["name"], JsonNode.Parse(await r.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
        var user = await _app.Services.GetRequiredService<UserStore>().FindByLoginAsync(login);
        Assert.Single(await Tokens.ListAsync(user!.Id)); // only the one the test host gave it
    }
}
