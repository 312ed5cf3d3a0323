using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Storage.Handling;
using Incidents.Storage.Outbox;
using Incidents.Storage.Thread;
using Incidents.Core.Thread;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Incidents.Web.Tests.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Access;

/// <summary>
/// Every page and API endpoint the host maps (read from EndpointDataSource, so a new endpoint without a row here fails),
/// requested by anonymous and by one user of each role: allowed or refused exactly as the table says. Pages are requested
/// with the sign-in cookie, /api with a bearer token. A denunciation's reporter must appear in no answer to a reader who
/// is neither its assigned handler nor leadership, and in no export at all.
/// </summary>
public sealed class AccessMatrixTests : IAsyncLifetime
{
    private const string Anonymous = "anonymous";
    private static readonly string[] Principals = [Anonymous, Roles.Complaints, Roles.Security, Roles.Leadership, Roles.Admin];
    private const string Denouncer = "Hoàng Văn Mật";
    private const string DenouncerAddress = "99 Phố Bí Mật";

    private static readonly string[] Everyone = [Anonymous, Roles.Complaints, Roles.Security, Roles.Leadership, Roles.Admin];
    private static readonly string[] AnyRole = [Roles.Complaints, Roles.Security, Roles.Leadership, Roles.Admin];
    private static readonly string[] ComplaintsSide = [Roles.Complaints, Roles.Leadership, Roles.Admin];
    private static readonly string[] SecuritySide = [Roles.Security, Roles.Leadership, Roles.Admin];
    private static readonly string[] AdminOnly = [Roles.Admin];

    /// <summary>"METHOD /pattern" -> who gets through. {number} is a complaints-team case (a denunciation): security does not see it.</summary>
    internal static readonly Dictionary<string, string[]> Expected = new()
    {
        ["GET /"] = AnyRole,
        ["GET /signin"] = Everyone,
        ["GET /signout"] = AnyRole,
        ["GET /account/password"] = AnyRole,
        ["GET /denied"] = Everyone,
        ["GET /culture"] = Everyone,
        ["GET /search"] = AnyRole,
        ["GET /cases"] = ComplaintsSide,
        ["GET /cases/new"] = [Roles.Complaints, Roles.Admin],
        ["GET /cases/{number}"] = ComplaintsSide,
        ["GET /incidents"] = SecuritySide,
        ["GET /incidents/new"] = [Roles.Security, Roles.Admin],
        ["GET /dashboard"] = [Roles.Leadership, Roles.Admin],
        ["GET /dashboard/approvals"] = [Roles.Leadership, Roles.Admin],
        ["GET /admin"] = AdminOnly,
        ["GET /admin/users"] = AdminOnly,
        ["GET /admin/tokens"] = AdminOnly,
        ["GET /admin/holidays"] = AdminOnly,
        ["GET /admin/units"] = AdminOnly,
        ["GET /admin/workflows"] = AdminOnly,
        ["GET /admin/outbox"] = AdminOnly,
        ["GET /admin/documents"] = AdminOnly,
        ["GET /admin/mailboxes"] = AdminOnly,
        ["GET /admin/screens"] = AdminOnly,
        // The press room's wall screen is anonymous by design: its long random link is the key, and it shows counts only.
        // Here the link is unknown, so everyone gets the same 404 (not a refusal: no sign-in would change it).
        ["GET /screen/{token}"] = Everyone,
        ["GET /screen/{token}/events"] = Everyone,
        // {kind} is the denouncer's notice: only a custodian sees the page (it says no decision issued it yet).
        ["GET /cases/{number}/documents/{kind}"] = [Roles.Leadership],
        ["GET /hangfire/{**path}"] = AdminOnly,
        ["GET /health"] = Everyone,
        ["GET /metrics"] = AdminOnly,
        ["GET /openapi/{documentName}.json"] = Everyone,
        ["GET /api/v1/cases"] = AnyRole,
        ["POST /api/v1/cases"] = [Roles.Complaints, Roles.Security, Roles.Admin],
        ["GET /api/v1/cases/{number}"] = ComplaintsSide,
        // A denunciation is assigned only by a lead of its team or leadership (none of the others here is a lead).
        ["PUT /api/v1/cases/{number}/assignee"] = [Roles.Leadership],
        ["POST /api/v1/cases/{number}/assignee"] = [Roles.Leadership],
        ["GET /api/v1/outbox"] = AdminOnly,
        ["POST /api/v1/outbox/{id:long}/retry"] = AdminOnly,
        ["GET /api/v1/cases/{number}/actions"] = ComplaintsSide,
        ["POST /api/v1/cases/{number}/actions/{action}"] = ComplaintsSide,
        ["GET /api/v1/holidays"] = AdminOnly,
        ["PUT /api/v1/holidays/{date}"] = AdminOnly,
        ["DELETE /api/v1/holidays/{date}"] = AdminOnly,
        ["POST /api/v1/holidays/seed/{year:int}"] = AdminOnly,
        ["POST /api/v1/holidays/import/{year:int}"] = AdminOnly,
        ["POST /api/v1/holidays/confirm/{year:int}"] = AdminOnly,
        ["GET /api/v1/holidays/years"] = AdminOnly,
        ["GET /api/v1/holidays/recounts"] = AdminOnly,
        ["GET /api/v1/holidays/recounts/{id:long}"] = AdminOnly,
        ["GET /api/v1/workflows"] = AnyRole,
        ["GET /api/v1/workflows/{id}"] = AnyRole,
        ["GET /api/v1/workflows/{id}/diagram"] = AnyRole,
        ["GET /api/v1/tokens"] = AnyRole,
        ["POST /api/v1/tokens"] = AnyRole,
        // The case's thread: read by whoever sees the case, written by whoever may handle it (here the same roles).
        ["GET /cases/{number}/thread"] = ComplaintsSide,
        ["GET /mentions"] = AnyRole,
        ["GET /api/v1/cases/{number}/notes"] = ComplaintsSide,
        ["POST /api/v1/cases/{number}/notes"] = ComplaintsSide,
        ["GET /api/v1/cases/{number}/correspondence"] = ComplaintsSide,
        ["POST /api/v1/cases/{number}/correspondence"] = ComplaintsSide,
        ["GET /api/v1/cases/{number}/attachments"] = ComplaintsSide,
        ["POST /api/v1/cases/{number}/attachments"] = ComplaintsSide,
        ["GET /api/v1/cases/{number}/attachments/{file:long}"] = ComplaintsSide,
        // The notice to the denouncer names them: only a custodian (leadership here) gets through, and without a reason
        // it answers 400 (nothing of the identity); the others are refused.
        ["GET /api/v1/cases/{number}/documents/{kind}"] = [Roles.Leadership],
        ["GET /api/v1/cases/{number}/documents"] = ComplaintsSide,
        // Notifications: everyone signed in has their own (another's id answers 404; {} is refused as 400, nothing stored).
        ["GET /notifications"] = AnyRole,
        ["GET /account/notifications"] = AnyRole,
        ["GET /api/v1/notifications"] = AnyRole,
        ["POST /api/v1/notifications/{id:long}/read"] = AnyRole,
        ["GET /api/v1/notifications/preferences"] = AnyRole,
        ["PUT /api/v1/notifications/preferences"] = AnyRole,
        // The desk and saved views (issue #12): every role has a desk; a view id nobody owns answers 404 to those let through.
        ["GET /desk"] = AnyRole,
        ["GET /api/v1/desk"] = AnyRole,
        ["GET /api/v1/views"] = AnyRole,
        ["POST /api/v1/views"] = AnyRole,
        ["DELETE /api/v1/views/{id:long}"] = AnyRole,
        // Bulk operations: the empty body or no numbers is a 400 for those let through.
        ["GET /api/v1/cases/bulk/actions"] = AnyRole,
        ["POST /api/v1/cases/bulk"] = AnyRole,
        // Duplicates and merge (issue #12): an empty merge body is refused as invalid (400) for those let through.
        ["GET /api/v1/cases/duplicates"] = AnyRole,
        ["GET /api/v1/cases/{number}/duplicates"] = ComplaintsSide,
        ["POST /api/v1/cases/{number}/merge"] = ComplaintsSide,
        ["POST /api/v1/cases/{number}/unmerge"] = [Roles.Leadership],
        // The duty roster and situation reports (issue #13): leadership and admin run the roster and read the synthesis;
        // anyone with a role may file a report (an empty one is a 400; with no posting today it is a 403).
        ["GET /roster"] = [Roles.Leadership, Roles.Admin],
        ["GET /roster/today"] = [Roles.Leadership, Roles.Admin],
        ["GET /sitreps"] = [Roles.Leadership, Roles.Admin],
        ["GET /sitreps/new"] = AnyRole,
        ["GET /admin/sitrep-figures"] = AdminOnly,
        ["GET /api/v1/roster"] = [Roles.Leadership, Roles.Admin],
        ["POST /api/v1/roster"] = [Roles.Leadership, Roles.Admin],
        ["POST /api/v1/roster/import"] = [Roles.Leadership, Roles.Admin],
        ["POST /api/v1/roster/{id:long}/revoke"] = [Roles.Leadership, Roles.Admin],
        ["POST /api/v1/sitreps"] = AnyRole,
        ["GET /api/v1/sitreps/latest"] = [Roles.Leadership, Roles.Admin],
        // Leadership's figures and reports (issue #12), as the dashboard; the locality picker for every desk.
        ["GET /api/v1/reports/summary"] = [Roles.Leadership, Roles.Admin],
        ["GET /api/v1/reports/periodic"] = [Roles.Leadership, Roles.Admin],
        ["GET /api/v1/localities"] = AnyRole,
        ["GET /localities"] = AnyRole,
    };

    private readonly IncidentsApp _app = new();
    private readonly Dictionary<string, HttpClient> _cookie = [];
    private readonly Dictionary<string, HttpClient> _bearer = [];
    private string _number = "";
    private long _outboxId;
    private long _fileId;

    public async Task InitializeAsync()
    {
        _ = _app.Server;
        var users = _app.Services.GetRequiredService<UserStore>();
        foreach (var p in Principals)
        {
            _cookie[p] = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
            _bearer[p] = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            if (p == Anonymous) continue;
            var login = "matrix-" + p;
            var id = (await users.CreateAsync(new NewUser(login, login, null, Passwords.Hash("matrix-password-1"), [p])))!.Value;
            await SignInAsync(_cookie[p], login, "matrix-password-1");
            var token = ApiTokenStore.Generate();
            await _app.Services.GetRequiredService<ApiTokenStore>().CreateAsync(id, ApiTokenStore.Hash(token), "matrix");
            _bearer[p].DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        // A denunciation assigned to a handler who is none of the matrix users.
        var handlerId = (await users.CreateAsync(new NewUser("matrix-handler", "Handler", null, Passwords.Hash("matrix-password-1"), [Roles.Complaints])))!.Value;
        var handler = (await users.FindByIdAsync(handlerId))!;
        var taken = await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "denunciation", Title = "Tố cáo cán bộ", Description = "Nội dung tố cáo", LocalityCode = "00004", Channel = "counter",
            ReceivedAt = IncidentsApp.Start.AddHours(-2).ToString("O"), Reporter = new ReporterInput(Denouncer, DenouncerAddress, "0912345678", null),
        }], [], handler.ToActor());
        Assert.True(taken.Ok, string.Join("; ", taken.Errors.Select(e => e.Key + ": " + string.Join(" ", e.Value))));
        _number = taken.Numbers[0];
        var d = (await _app.Services.GetRequiredService<CaseQueries>().GetDetailAsync(_number))!;
        await _app.Services.GetRequiredService<CaseUpdateStore>().AssignAsync(d.Case.Id, d.Case.RowVersion, handlerId, handler.Login, "matrix", IncidentsApp.Start);
        // Its thread: a note, a file, and a call with the denouncer, whose other side and words are the denouncer's identity.
        var thread = _app.Services.GetRequiredService<CaseThreadStore>();
        await thread.AppendAsync(d.Case.Id, new NewEntry(EntryKinds.Note, "matrix-handler", "Đã xác minh sơ bộ."));
        _fileId = (await thread.AppendAsync(d.Case.Id, new NewEntry(EntryKinds.Attachment, "matrix-handler", null,
            File: new Incidents.Storage.Attachments.NewAttachment("bien-ban.pdf", "application/pdf", "%PDF-1.4 matrix"u8.ToArray())))).AttachmentId!.Value;
        await thread.AppendAsync(d.Case.Id, new NewEntry(EntryKinds.Call, "matrix-handler", $"{Denouncer} hỏi tiến độ", IncidentsApp.Start.AddHours(-1),
            Directions.In, Denouncer, DenouncerAddress));
        _outboxId = (await _app.Services.GetRequiredService<OutboxStore>().EnqueueAsync(
            new OutboxMessage(OutboxKind.AdminNotice, ["ops@example.test"], "matrix", "body"), IncidentsApp.Start)).Id;
    }

    public async Task DisposeAsync()
    {
        foreach (var c in _cookie.Values.Concat(_bearer.Values)) c.Dispose();
        await _app.DisposeAsync();
    }

    private static async Task SignInAsync(HttpClient c, string login, string password)
    {
        var r = await PageSession.PostSignInAsync(c, login, password);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains(r.Headers.GetValues("Set-Cookie"), v => v.StartsWith("incidents.auth=", StringComparison.Ordinal)
            && v.Contains("httponly", StringComparison.OrdinalIgnoreCase) && v.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every route the host maps, as "METHOD /pattern" (pages answer GET; API endpoints their declared methods).</summary>
    private List<string> MappedEndpoints()
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var e in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (e.RoutePattern.RawText ?? "").Trim('/');
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            foreach (var m in methods is { Count: > 0 } ? methods : ["GET"]) keys.Add($"{m} {pattern}");
        }
        return [.. keys];
    }

    [Fact]
    public void Every_mapped_endpoint_has_a_row_and_every_row_is_mapped()
    {
        var mapped = MappedEndpoints();
        Assert.True(mapped.Count >= 25, "expected the pages and the API: " + string.Join(", ", mapped));
        var missing = mapped.Except(Expected.Keys).ToList();
        Assert.True(missing.Count == 0, "endpoints with no row in the access table: " + string.Join(", ", missing));
        var stale = Expected.Keys.Except(mapped).ToList();
        Assert.True(stale.Count == 0, "rows for endpoints that are not mapped: " + string.Join(", ", stale));
    }

    /// <summary>Route values: the denunciation, a pending outbox row, a workflow id, a day that is no holiday (a DELETE finds
    /// nothing, a PUT with an empty body is refused as invalid: the table stays as it was), the current year.</summary>
    private string Url(string pattern) => pattern
        .Replace("{number}", _number).Replace("{id:long}", _outboxId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("{file:long}", _fileId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Replace("{id}", "complaint").Replace("{action}", "accept").Replace("{date}", "2026-06-15").Replace("{year:int}", "2026")
        .Replace("{documentName}", "v1").Replace("{kind}", "denunciation-acceptance").Replace("/{**path}", "");

    private async Task<(HttpResponseMessage Response, string Body)> SendAsync(string principal, string key)
    {
        var space = key.IndexOf(' ');
        var method = key[..space];
        var url = Url(key[(space + 1)..]);
        var client = url.StartsWith("/api/", StringComparison.Ordinal) ? _bearer[principal] : _cookie[principal];
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        // Bodies that pass validation but change nothing: an action with a stale row version (409 for those who may act,
        // 404 for those who may not see the case); elsewhere an empty object (400 for those let through).
        var body = key.Contains("/actions/", StringComparison.Ordinal) ? "{\"rowVersion\":0}" : "{}";
        if (method is "POST" or "PUT") request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await client.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Refused: 401, 403, a redirect to sign-in or to the access-denied page, or 404 for a case this reader may not see.</summary>
    private static bool Refused(HttpResponseMessage r, string key)
    {
        if (r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) return true;
        if (r.StatusCode == HttpStatusCode.NotFound && key.Contains("{number}", StringComparison.Ordinal)) return true;
        var location = r.Headers.Location?.ToString() ?? "";
        return (int)r.StatusCode is >= 300 and < 400 && (location.Contains("/signin", StringComparison.Ordinal) || location.Contains("/denied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_role_reaches_exactly_what_the_table_allows_and_no_unauthorised_answer_carries_the_denouncer()
    {
        var failures = new List<string>();
        foreach (var key in MappedEndpoints().Where(Expected.ContainsKey))
            foreach (var p in Principals)
            {
                var (response, body) = await SendAsync(p, key);
                var allowed = Expected[key].Contains(p);
                var refused = Refused(response, key);
                if (allowed == refused) failures.Add($"{key} as {p}: expected {(allowed ? "allowed" : "refused")}, got {(int)response.StatusCode} {response.Headers.Location}");
                if ((int)response.StatusCode >= 500) failures.Add($"{key} as {p}: {(int)response.StatusCode}");
                if (p != Roles.Leadership && (body.Contains(Denouncer, StringComparison.Ordinal) || body.Contains(DenouncerAddress, StringComparison.Ordinal)))
                    failures.Add($"{key} as {p}: the confidential reporter appears in the answer");
            }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>
    /// Every mapped endpoint, anonymous and signed in (admin reaches them all), answers with the security headers whatever
    /// its status, and no HTML answer carries an inline script or event handler (the policy would block it). Static files
    /// and an unknown path too.
    /// </summary>
    [Fact]
    public async Task Every_endpoint_answers_with_the_security_headers_and_no_page_has_an_inline_script()
    {
        var failures = new List<string>();
        var inline = new System.Text.RegularExpressions.Regex(@"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var keys = MappedEndpoints().Concat(["GET /js/site.js", "GET /css/site.css", "GET /no-such-page"]);
        foreach (var key in keys)
            foreach (var p in new[] { Anonymous, Roles.Admin })
            {
                var (response, body) = await SendAsync(p, key);
                string? Header(string name) => response.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;
                if (Header("Content-Security-Policy") is not { } csp
                    || !csp.Contains("default-src 'self'", StringComparison.Ordinal) || !csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal)
                    || csp.Contains("script-src", StringComparison.Ordinal))
                    failures.Add($"{key} as {p}: Content-Security-Policy '{Header("Content-Security-Policy")}'");
                if (Header("X-Content-Type-Options") != "nosniff") failures.Add($"{key} as {p}: X-Content-Type-Options '{Header("X-Content-Type-Options")}'");
                // The press screen's URL holds its link: it sends no referrer at all.
                var referrer = key.StartsWith("GET /screen/", StringComparison.Ordinal) ? "no-referrer" : "same-origin";
                if (Header("Referrer-Policy") != referrer) failures.Add($"{key} as {p}: Referrer-Policy '{Header("Referrer-Policy")}'");
                if (response.Content.Headers.ContentType?.MediaType == "text/html" && inline.Match(body) is { Success: true } m)
                    failures.Add($"{key} as {p}: inline script '{m.Value}'");
            }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task The_show_identity_button_reveals_nothing_to_readers_who_are_not_the_handler_or_leadership_and_exports_never_do()
    {
        foreach (var p in new[] { Roles.Complaints, Roles.Security, Roles.Admin })
        {
            var c = _cookie[p];
            var page = await c.GetAsync($"/cases/{_number}");
            var token = PageSession.Token(await page.Content.ReadAsStringAsync());
            if (p == Roles.Security) token = PageSession.Token(await c.GetStringAsync("/incidents"));
            var r = await c.PostAsync($"/cases/{_number}?handler=Identity", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token }));
            var body = await r.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Denouncer, body);
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{p}: {(int)r.StatusCode}");
            if (r.StatusCode == HttpStatusCode.OK) Assert.Contains("(bảo mật)", body);
        }
        foreach (var p in new[] { Roles.Complaints, Roles.Leadership, Roles.Admin })
        {
            var csv = await _cookie[p].GetStringAsync("/cases?handler=Export");
            Assert.Contains(_number, csv);
            Assert.DoesNotContain(Denouncer, csv);
            Assert.DoesNotContain(DenouncerAddress, csv);
        }
        // Search by the denouncer's name finds nothing (the name is not in the folded search text) and shows nothing.
        var search = await _cookie[Roles.Leadership].GetStringAsync("/search?q=Hoang+Van+Mat");
        Assert.DoesNotContain(_number, search);

        // Leadership may reveal it, and the reveal is written to the history.
        var lead = _cookie[Roles.Leadership];
        var form = PageSession.Token(await lead.GetStringAsync($"/cases/{_number}"));
        Assert.DoesNotContain(Denouncer, await lead.GetStringAsync($"/cases/{_number}"));
        var shown = await (await lead.PostAsync($"/cases/{_number}?handler=Identity", new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = form, ["reason"] = "giải quyết tố cáo" }))).Content.ReadAsStringAsync();
        Assert.Contains(Denouncer, shown);
        var d = (await _app.Services.GetRequiredService<CaseQueries>().GetDetailAsync(_number))!;
        var events = await _app.Services.GetRequiredService<CaseQueries>().GetEventsAsync(d.Case.Id);
        Assert.Contains(events, e => e.Kind == "identity-viewed" && e.Actor == "matrix-" + Roles.Leadership && e.Data["reason"] == "giải quyết tố cáo");
    }

    [Fact]
    public async Task A_page_post_without_the_antiforgery_token_is_refused()
    {
        var r = await _cookie[Roles.Admin].PostAsync("/admin/holidays?handler=Delete&Year=2027",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["date"] = "2027-05-01" }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Single(await _app.Services.GetRequiredService<Incidents.Storage.Calendar.HolidayStore>().ListAsync(new DateOnly(2027, 5, 1), new DateOnly(2027, 5, 1)));
    }
}
