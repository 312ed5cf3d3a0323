using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Core.Thread;
using Incidents.Storage.Roster;
using Incidents.Storage.Screen;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Incidents.Web.Tests.Pages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Screen;

/// <summary>
/// The press room's wall screen (issue #13): a link grants this screen and nothing else, the page and its event stream
/// carry counts and words only, and a new incident reaches an open stream within seconds.
/// </summary>
public sealed class PressScreenTests : OwnHostTest
{
    /// <summary>In every seeded text: found nowhere on the screen, whatever the field it was in.</summary>
    private const string Marker = "Quyxotic";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private async Task<(string Token, long Id)> LinkAsync()
    {
        var admin = await PageSession.CreateUserAsync(_app, "screen-admin", "Quản Trị Viên", Roles.Admin);
        var token = ScreenLinkStore.Generate();
        var id = await _app.Services.GetRequiredService<ScreenLinkStore>().CreateAsync("Phòng báo chí", ScreenLinkStore.Hash(token), admin.Id);
        return (token, id);
    }

    private HttpClient Anonymous() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static string Today(int hoursAgo = 1) => IncidentsApp.Start.AddHours(-hoursAgo).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz");

    private async Task<string> TakeInAsync(Actor by, IntakeRequest request, params UploadedFile[] files)
    {
        var r = await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([request], files, by);
        Assert.True(r.Ok, string.Join("; ", r.Errors.Select(e => e.Key + ": " + string.Join(" ", e.Value))));
        return r.Numbers[0];
    }

    [Fact]
    public async Task An_unknown_or_revoked_link_answers_404_alike_on_the_page_and_the_stream()
    {
        var (token, id) = await LinkAsync();
        var admin = await _app.Services.GetRequiredService<Incidents.Storage.Access.UserStore>().FindByLoginAsync("screen-admin");
        using var c = Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await c.GetAsync($"/screen/{token}")).StatusCode);
        Assert.True(await _app.Services.GetRequiredService<ScreenLinkStore>().RevokeAsync(id, admin!.Id));

        var unknown = ScreenLinkStore.Generate();
        var pages = new List<string>();
        foreach (var t in new[] { token, unknown })
        {
            var page = await c.GetAsync($"/screen/{t}");
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            pages.Add((await page.Content.ReadAsStringAsync()).Replace(t, ""));
            var events = await c.GetAsync($"/screen/{t}/events");
            Assert.Equal(HttpStatusCode.NotFound, events.StatusCode);
            Assert.NotEqual("text/event-stream", events.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(pages[0], pages[1]); // the same answer: nothing says the revoked link ever existed
        Assert.Contains("Liên kết không hợp lệ hoặc đã bị thu hồi.", WebUtility.HtmlDecode(pages[0]));
        // An API token is not a screen link either.
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync($"/screen/{Incidents.Storage.Access.ApiTokenStore.Generate()}")).StatusCode);
    }

    [Fact]
    public async Task The_screen_sets_no_cookie_sends_no_referrer_and_is_neither_cached_nor_indexed()
    {
        var (token, _) = await LinkAsync();
        using var c = Anonymous();
        var page = await c.GetAsync($"/screen/{token}");
        await using var stream = await ScreenStream.OpenAsync(c, $"/screen/{token}/events");
        foreach (var r in new[] { page, stream.Response })
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.False(r.Headers.Contains("Set-Cookie"), r.RequestMessage!.RequestUri + " set a cookie");
            Assert.Equal("no-referrer", string.Join(",", r.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("noindex, nofollow", string.Join(",", r.Headers.GetValues("X-Robots-Tag")));
            Assert.True(r.Headers.CacheControl?.NoStore, r.RequestMessage!.RequestUri + " may be cached");
            Assert.Contains("default-src 'self'", string.Join(",", r.Headers.GetValues("Content-Security-Policy")));
        }
        Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("src=\"/js/screen.js", html);
        Assert.DoesNotMatch(new Regex(@"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("<form", html); // nothing to post, so no antiforgery cookie either
        Assert.NotNull(await stream.FiguresAsync(_ => true, Wait));
    }

    [Fact]
    public async Task No_personal_or_case_text_reaches_the_screen_or_its_event_stream()
    {
        var (token, _) = await LinkAsync();
        var clerk = (await PageSession.CreateUserAsync(_app, "quyxotic-lambda", $"Cán bộ {Marker} Kappa", Roles.Complaints, Roles.Security)).ToActor();
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();
        var numbers = new List<string>
        {
            await TakeInAsync(clerk, new IntakeRequest
            {
                Type = "petition", Title = $"Tiêu đề {Marker} Alpha", Description = $"Mô tả {Marker} Beta", LocalityCode = "00004", Channel = "counter",
                ReceivedAt = Today(), Reporter = new ReporterInput($"Phạm {Marker} Gamma", $"77 Ngõ {Marker} Delta", "0977 531 864", "quyxotic.epsilon@example.test"),
            }, new UploadedFile($"{Marker.ToLowerInvariant()}-eta.pdf", pdf)),
            await TakeInAsync(clerk, new IntakeRequest
            {
                Type = "denunciation", Title = $"Tố cáo {Marker} Mu", Description = $"Nội dung {Marker} Nu", LocalityCode = "00004", Channel = "post",
                ReceivedAt = Today(2), Reporter = new ReporterInput($"Hoàng {Marker} Xi", $"9 Phố {Marker} Omicron", "0966 420 135", "quyxotic.pi@example.test"),
            }),
            await TakeInAsync(clerk, new IntakeRequest
            {
                Type = "security-incident", Title = $"Sự cố {Marker} Rho", Description = $"Diễn biến {Marker} Sigma", LocalityCode = "00004", Channel = "phone",
                ReceivedAt = Today(), Severity = "high", Place = $"Điểm bỏ phiếu {Marker} Zeta",
            }),
        };
        var queries = _app.Services.GetRequiredService<CaseQueries>();
        var thread = _app.Services.GetRequiredService<CaseThreadStore>();
        var first = (await queries.GetDetailAsync(numbers[0]))!.Case.Id;
        await thread.AppendAsync(first, new NewEntry(EntryKinds.Note, clerk.Login, $"Ghi chú {Marker} Theta"));
        await thread.AppendAsync(first, new NewEntry(EntryKinds.Call, clerk.Login, $"Gọi điện {Marker} Iota", IncidentsApp.Start.AddMinutes(-30),
            Directions.In, $"{Marker} Tau", $"{Marker} Upsilon"));
        await thread.AppendAsync(first, new NewEntry(EntryKinds.Attachment, clerk.Login, null,
            File: new Incidents.Storage.Attachments.NewAttachment($"bien-ban-{Marker}-phi.pdf", "application/pdf", pdf)));

        // A situation report from the official on duty there: its figures are shown, its text, filer and phone are not.
        var roster = _app.Services.GetRequiredService<DutyRosterStore>();
        var reports = _app.Services.GetRequiredService<SituationReportStore>();
        var day = DateOnly.FromDateTime(IncidentsApp.Start.ToOffset(TimeSpan.FromHours(7)).DateTime);
        var posting = (await roster.AddAsync([new NewPosting(clerk.Id, "00004", day, day, "0913 579 246")], "screen-admin"))[0];
        await reports.SaveFigureAsync(new SitrepFigure("turnout", "Cử tri đã bỏ phiếu", "Voters who have voted", "người", 1, true));
        await reports.AddAsync(new NewSituationReport(posting, clerk.Id, "00004", IncidentsApp.Start.AddMinutes(-20),
            new Dictionary<string, decimal> { ["turnout"] = 1234 }, $"Tình hình {Marker} Phi-Báo-Cáo"));

        using var c = Anonymous();
        var page = await c.GetAsync($"/screen/{token}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Cử tri đã bỏ phiếu (người)", html);
        Assert.Contains("<th scope=\"row\">Phường Ba Đình</th><td>09:40</td><td>1.234</td>", html);
        // The screen counts what was seeded (so the check below looked at real figures), in words.
        Assert.Contains("Phường Ba Đình", html);
        Assert.Contains("Sự cố an ninh", html);

        await using var stream = await ScreenStream.OpenAsync(c, $"/screen/{token}/events");
        var before = await stream.FiguresAsync(f => f["totals"]!["receivedToday"]!.GetValue<long>() == 3, Wait);
        Assert.NotNull(before);
        numbers.Add(await TakeInAsync(clerk, new IntakeRequest
        {
            Type = "petition", Title = $"Kiến nghị {Marker} Chi", Description = $"Nội dung {Marker} Psi", LocalityCode = "00004", Channel = "web",
            ReceivedAt = Today(), Reporter = new ReporterInput($"Lý {Marker} Omega", null, null, "quyxotic.omega@example.test"),
        }));
        Assert.NotNull(await stream.FiguresAsync(f => f["totals"]!["receivedToday"]!.GetValue<long>() == 4, Wait));

        foreach (var (what, text) in new[] { ("page", html), ("event stream", stream.Text) })
        {
            Assert.True(text.IndexOf(Marker, StringComparison.OrdinalIgnoreCase) < 0, $"the {what} carries seeded text: {Around(text, Marker)}");
            foreach (var seeded in numbers.Concat(["0977 531 864", "0977531864", "0966 420 135", "0913 579 246", "quyxotic-lambda", "00004"]))
                Assert.True(text.IndexOf(seeded, StringComparison.OrdinalIgnoreCase) < 0, $"the {what} carries '{seeded}': {Around(text, seeded)}");
            // Nor a raw id: types, severities and localities are in words.
            foreach (var id in new[] { "security-incident", "petition", "denunciation", "high" }.SelectMany(id => new[] { $"\"{id}\"", $">{id}<" }))
                Assert.True(text.IndexOf(id, StringComparison.Ordinal) < 0, $"the {what} carries the id '{id}': {Around(text, id, StringComparison.Ordinal)}");
        }
    }

    private static string Around(string text, string what, StringComparison comparison = StringComparison.OrdinalIgnoreCase)
    {
        var i = text.IndexOf(what, comparison);
        return i < 0 ? "" : text[Math.Max(0, i - 80)..Math.Min(text.Length, i + what.Length + 80)];
    }

    [Fact]
    public async Task A_new_incident_logged_through_the_api_reaches_an_open_stream_within_five_seconds()
    {
        var (token, _) = await LinkAsync();
        var (api, _) = await _app.UserAsync(Roles.Security);
        using var c = Anonymous();
        await using var stream = await ScreenStream.OpenAsync(c, $"/screen/{token}/events");
        var first = await stream.FiguresAsync(_ => true, Wait);
        Assert.NotNull(first);
        var open = JsonNode.Parse(first.Value.Data)!["totals"]!["open"]!.GetValue<long>();

        var clock = Stopwatch.StartNew();
        var body = new JsonObject
        {
            ["type"] = "security-incident", ["title"] = "Mất điện tại điểm bỏ phiếu", ["localityCode"] = "00004", ["channel"] = "phone",
            ["receivedAt"] = Today(), ["severity"] = "critical",
        };
        var created = await api.PostAsync("/api/v1/cases", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var next = await stream.FiguresAsync(f => f["totals"]!["open"]!.GetValue<long>() == open + 1, TimeSpan.FromSeconds(5));
        Assert.True(next is not null, $"no new figures within 5 s of the incident ({clock.Elapsed.TotalSeconds:0.0} s)");
        var critical = JsonNode.Parse(next.Value.Data)!["severities"]!.AsArray().Single(r => r!["vi"]!.GetValue<string>() == "Nghiêm trọng")!;
        Assert.Equal(1, critical["open"]!.GetValue<long>());
        Assert.Equal("Critical", critical["en"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_case_closed_today_counts_as_resolved_and_one_received_before_the_period_still_counts_as_open()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        await Handling.CaseApi.CreateAsync(api, Handling.CaseApi.NewCase("petition", receivedAt: Today(24 * 40))); // before the last 30 days
        var today = (await Handling.CaseApi.CreateAsync(api, Handling.CaseApi.NewCase("petition", receivedAt: Today())))["number"]!.GetValue<string>();
        var version = (await Handling.CaseApi.GetCaseAsync(api, today))["rowVersion"]!.GetValue<int>();
        await Handling.CaseApi.OkAsync(api, today, "archive", version, new JsonObject { ["reason"] = "Đơn trùng" });

        var f = await _app.Services.GetRequiredService<Incidents.Web.Screen.PressScreen>().FiguresAsync();
        Assert.Equal(new Incidents.Web.Screen.ScreenTotals(ReceivedToday: 1, ResolvedToday: 1, Received: 1, Resolved: 1, Open: 1), f.Totals);
        var petitions = f.Types.Single(t => t.En == "Petition");
        Assert.Equal((1, 1, 1), (petitions.Received, petitions.Resolved, petitions.Open));
        Assert.Equal(("30 ngày qua", "Last 30 days"), (f.PeriodVi, f.PeriodEn));
        Assert.Equal("Phường Ba Đình", Assert.Single(f.Localities).Vi);
    }

    [Fact]
    public async Task The_period_starts_on_the_configured_day_and_says_so()
    {
        await using var app = new IncidentsApp { Settings = { ["Incidents:Screen:Since"] = "2026-11-24" } };
        var (api, _) = await app.UserAsync(Roles.Complaints);
        await Handling.CaseApi.CreateAsync(api, Handling.CaseApi.NewCase("petition", receivedAt: "2026-11-23T23:30:00+07:00")); // the evening before
        await Handling.CaseApi.CreateAsync(api, Handling.CaseApi.NewCase("petition", receivedAt: "2026-11-24T00:10:00+07:00"));
        var f = await app.Services.GetRequiredService<Incidents.Web.Screen.PressScreen>().FiguresAsync();
        Assert.Equal(("Từ 24/11/2026", "Since 24/11/2026"), (f.PeriodVi, f.PeriodEn));
        Assert.Equal((1L, 2L), (f.Totals.Received, f.Totals.Open));
    }

    [Fact]
    public async Task Revoking_a_link_tells_the_open_screen_and_ends_its_stream()
    {
        var (token, id) = await LinkAsync();
        using var c = Anonymous();
        await using var stream = await ScreenStream.OpenAsync(c, $"/screen/{token}/events");
        Assert.NotNull(await stream.FiguresAsync(_ => true, Wait));
        var admin = await _app.Services.GetRequiredService<Incidents.Storage.Access.UserStore>().FindByLoginAsync("screen-admin");
        await _app.Services.GetRequiredService<ScreenLinkStore>().RevokeAsync(id, admin!.Id);
        var e = await stream.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("revoked", e?.Event);
        Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(5))); // the server ended it
    }

    [Fact]
    public async Task An_unchanged_screen_is_not_sent_again_and_a_reconnect_with_the_last_version_gets_only_heartbeats()
    {
        var (token, _) = await LinkAsync();
        using var c = Anonymous();
        await using var stream = await ScreenStream.OpenAsync(c, $"/screen/{token}/events");
        var first = await stream.FiguresAsync(_ => true, Wait);
        Assert.NotNull(first);
        var version = JsonNode.Parse(first.Value.Data)!["version"]!.GetValue<string>();
        // A write that changes no count (a user) wakes the stream, which finds the same version and stays quiet.
        await PageSession.CreateUserAsync(_app, "someone", "Someone", Roles.Complaints);
        Assert.Null(await stream.NextAsync(TimeSpan.FromSeconds(4)));

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/screen/{token}/events");
        again.Headers.Add("Last-Event-ID", version);
        using var c2 = Anonymous();
        var response = await c2.SendAsync(again, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var lines = new List<string>();
        try { while (await reader.ReadLineAsync(cts.Token) is { } line) lines.Add(line); }
        catch (OperationCanceledException) { }
        Assert.Contains("retry: 3000", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("event: figures", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_administrator_creates_a_link_shown_once_and_revokes_it_after_confirming()
    {
        await PageSession.CreateUserAsync(_app, "chief", "Nguyễn Thị Quản", Roles.Admin);
        using var admin = await PageSession.SignedInAsync(_app, "chief");
        var form = PageSession.Token(await admin.GetStringAsync("/admin/screens"));

        var empty = await admin.PostAsync("/admin/screens?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = form, ["label"] = " " }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Hãy nhập tên màn hình.", WebUtility.HtmlDecode(await empty.Content.ReadAsStringAsync()));
        Assert.Empty(await _app.Services.GetRequiredService<ScreenLinkStore>().ListAsync());

        var created = await admin.PostAsync("/admin/screens?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = form, ["label"] = "Màn hình hội trường" }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var link = Regex.Match(await created.Content.ReadAsStringAsync(), @"http://[^/""]+/screen/([A-Za-z0-9_-]{43})<");
        Assert.True(link.Success, "the new link is shown");
        var token = link.Groups[1].Value;
        var list = WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/screens"));
        Assert.DoesNotContain(token, list); // shown once
        Assert.Contains("Màn hình hội trường", list);
        Assert.Contains("Nguyễn Thị Quản", list); // who made it, by name

        using var wall = Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await wall.GetAsync($"/screen/{token}")).StatusCode);

        var id = (await _app.Services.GetRequiredService<ScreenLinkStore>().ListAsync()).Single().Id;
        var confirm = WebUtility.HtmlDecode(await admin.GetStringAsync($"/admin/screens?revoke={id}"));
        Assert.Contains("Thu hồi liên kết \"Màn hình hội trường\"?", confirm);
        Assert.Equal(HttpStatusCode.OK, (await wall.GetAsync($"/screen/{token}")).StatusCode); // asking is not revoking
        var revoked = await admin.PostAsync("/admin/screens?handler=Revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = PageSession.Token(confirm), ["linkId"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await wall.GetAsync($"/screen/{token}")).StatusCode);
        var row = (await _app.Services.GetRequiredService<ScreenLinkStore>().ListAsync()).Single();
        Assert.Equal("Nguyễn Thị Quản", row.RevokedBy);
        Assert.Equal(IncidentsApp.Start, row.RevokedAt);
        Assert.Equal(IncidentsApp.Start, row.LastSeenAt);
    }
}
