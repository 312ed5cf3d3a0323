using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Core.Thread;
using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Storage.Handling;
using Incidents.Storage.Outbox;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Incidents.Web.Tests.Handling;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Thread;

/// <summary>The case's thread through /api/v1 and the case page: one CaseThread behind both.</summary>
public sealed class ThreadApiTests : OwnHostTest
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4 biên bản làm việc");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];

    private T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    private static async Task<string> TakeInAsync(HttpClient api) =>
        (await CaseApi.CreateAsync(api, CaseApi.NewCase("complaint", inputs: new JsonObject { ["complex"] = "true" })))["number"]!.GetValue<string>();

    private static async Task<JsonNode> JsonAsync(HttpResponseMessage r, HttpStatusCode expected)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"expected {expected}, got {r.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static MultipartFormDataContent Files(params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "attachments", name);
        }
        return form;
    }

    private async Task<long> CaseIdAsync(string number) => (await Get<CaseQueries>().GetDetailAsync(number))!.Case.Id;

    [Fact]
    public async Task A_correction_points_to_its_note_and_the_note_remains_as_written()
    {
        var (api, login) = await _app.UserAsync(Roles.Complaints);
        var number = await TakeInAsync(api);
        var note = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/notes", new { body = "Đã gọi cho công dân lúc 8 giờ." }),
            HttpStatusCode.Created);
        var noteId = note["id"]!.GetValue<long>();
        var fix = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/notes", new { body = "Gọi lúc 9 giờ, không phải 8 giờ.", refersTo = noteId }),
            HttpStatusCode.Created);
        Assert.Equal("correction", fix["kind"]!.GetValue<string>());

        var notes = (await JsonAsync(await api.GetAsync($"/api/v1/cases/{number}/notes"), HttpStatusCode.OK)).AsArray();
        Assert.Equal([fix["id"]!.GetValue<long>(), noteId], notes.Select(n => n!["id"]!.GetValue<long>()));
        var original = notes[1]!;
        Assert.Equal("Đã gọi cho công dân lúc 8 giờ.", original["body"]!.GetValue<string>());
        Assert.Equal([fix["id"]!.GetValue<long>()], original["correctedBy"]!.AsArray().Select(i => i!.GetValue<long>()));
        Assert.Equal(noteId, notes[0]!["refersTo"]!.GetValue<long>());
        var history = await Get<CaseQueries>().GetEventsAsync(await CaseIdAsync(number));
        Assert.Contains(history, e => e.Kind == "note-corrected" && e.Actor == login);

        // Only a note of this case can be corrected: a call is not a note, and nothing is stored.
        var call = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/correspondence", new
        {
            kind = "call", direction = "in", occurredAt = "2026-11-25T09:30:00+07:00", counterpart = "0912 345 678", summary = "Hỏi tiến độ",
        }), HttpStatusCode.Created);
        var refused = await CaseApi.ProblemAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/notes",
            new { body = "x", refersTo = call["id"]!.GetValue<long>() }), HttpStatusCode.BadRequest);
        Assert.Equal(["refersTo"], refused["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(3, (await Get<CaseThreadStore>().ListAsync(await CaseIdAsync(number))).Count);

        // On the case page the note says who corrected it.
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var html = await (await SignedInAsync(_app, "clerk")).GetStringAsync($"/cases/{number}");
        Assert.Contains($"Đã được đính chính bởi {login}", html);
        Assert.Contains("Đã gọi cho công dân lúc 8 giờ.", html);
    }

    [Fact]
    public async Task A_call_in_the_future_or_before_receipt_is_refused_naming_the_field_and_nothing_is_stored()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var number = await TakeInAsync(api);
        var future = await CaseApi.ProblemAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/correspondence", new
        {
            kind = "call", direction = "in", occurredAt = IncidentsApp.Start.AddHours(1).ToString("O"), counterpart = "0912 345 678", summary = "Hỏi",
        }), HttpStatusCode.BadRequest);
        Assert.Equal(["occurredAt"], future["errors"]!.AsObject().Select(e => e.Key));
        var empty = await CaseApi.ProblemAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/correspondence", new { }), HttpStatusCode.BadRequest);
        Assert.Equal(["counterpart", "direction", "kind", "occurredAt", "summary"], empty["errors"]!.AsObject().Select(e => e.Key).Order());
        Assert.Empty(await Get<CaseThreadStore>().ListAsync(await CaseIdAsync(number)));

        // The page says it on the form, in Vietnamese, keeps what was typed, and stores nothing either.
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var page = await SignedInAsync(_app, "clerk");
        var token = Token(await page.GetStringAsync($"/cases/{number}"));
        var r = await page.PostAsync($"/cases/{number}/thread?handler=Log", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = token, ["kind"] = "letter", ["direction"] = "out", ["occurredAt"] = "2026-11-19T08:00", ["counterpart"] = "Ông Nguyễn Văn An",
            ["summary"] = "Gửi giấy mời",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Thời điểm không được trước lúc tiếp nhận hồ sơ", html);
        Assert.Contains("value=\"Ông Nguyễn Văn An\"", html);
        Assert.Empty(await Get<CaseThreadStore>().ListAsync(await CaseIdAsync(number)));
    }

    [Fact]
    public async Task An_attachment_whose_bytes_do_not_match_its_name_is_refused_and_nothing_is_stored()
    {
        var (api, login) = await _app.UserAsync(Roles.Complaints);
        var number = await TakeInAsync(api);
        var refused = await CaseApi.ProblemAsync(await api.PostAsync($"/api/v1/cases/{number}/attachments",
            Files(("bien-ban.pdf", Pdf), ("scan.pdf", Png))), HttpStatusCode.BadRequest);
        var message = Assert.Single(refused["errors"]!["attachments"]!.AsArray())!.GetValue<string>();
        Assert.Contains("'scan.pdf': tên tệp là .pdf nhưng nội dung là PNG", message);
        Assert.Contains("the name says .pdf but the content is PNG", message);
        var id = await CaseIdAsync(number);
        Assert.Empty(await Get<Incidents.Storage.Attachments.AttachmentStore>().ListAsync(id)); // not even the good one
        Assert.Empty(await Get<CaseThreadStore>().ListAsync(id));
        Assert.DoesNotContain(await Get<CaseQueries>().GetEventsAsync(id), e => e.Kind == "attachment-added");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await api.PostAsJsonAsync($"/api/v1/cases/{number}/attachments", new { attachments = "x" })).StatusCode);

        var added = (await JsonAsync(await api.PostAsync($"/api/v1/cases/{number}/attachments", Files(("bien-ban.pdf", Pdf), ("anh.png", Png))),
            HttpStatusCode.Created)).AsArray();
        Assert.Equal(2, added.Count);
        var files = (await JsonAsync(await api.GetAsync($"/api/v1/cases/{number}/attachments"), HttpStatusCode.OK)).AsArray();
        var pdf = files.Single(f => f!["fileName"]!.GetValue<string>() == "bien-ban.pdf")!;
        Assert.Equal(login, pdf["uploadedBy"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), pdf["sha256"]!.GetValue<string>());
        var download = await api.GetAsync(pdf["href"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_clerk_who_cannot_see_the_case_gets_404_on_every_thread_route_and_learns_nothing()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var number = await TakeInAsync(api);
        await JsonAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/notes", new { body = "Ghi chú nội bộ" }), HttpStatusCode.Created);
        var file = (await JsonAsync(await api.PostAsync($"/api/v1/cases/{number}/attachments", Files(("a.pdf", Pdf))), HttpStatusCode.Created))[0]!["file"]!["id"]!;
        var (guard, _) = await _app.UserAsync(Roles.Security);
        var asked = new List<HttpResponseMessage>
        {
            await guard.GetAsync($"/api/v1/cases/{number}/notes"),
            await guard.PostAsJsonAsync($"/api/v1/cases/{number}/notes", new { body = "x" }),
            await guard.GetAsync($"/api/v1/cases/{number}/correspondence"),
            await guard.PostAsJsonAsync($"/api/v1/cases/{number}/correspondence", new { kind = "call" }),
            await guard.GetAsync($"/api/v1/cases/{number}/attachments"),
            await guard.PostAsync($"/api/v1/cases/{number}/attachments", Files(("b.pdf", Pdf))),
            await guard.GetAsync($"/api/v1/cases/{number}/attachments/{file}"),
        };
        foreach (var r in asked)
        {
            Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
            Assert.DoesNotContain("Ghi chú nội bộ", await r.Content.ReadAsStringAsync());
        }
        await CreateUserAsync(_app, "guard", "Guard", Roles.Security);
        var page = await SignedInAsync(_app, "guard");
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/cases/{number}/thread")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await page.GetAsync($"/cases/{number}/thread?handler=File&id={file}")).StatusCode);
        Assert.Equal(2, (await Get<CaseThreadStore>().ListAsync(await CaseIdAsync(number))).Count);
    }

    [Fact]
    public async Task A_denouncers_correspondence_shows_only_as_the_denouncer_does_to_a_custodian_who_says_why()
    {
        var handler = await CreateUserAsync(_app, "handler", "Handler", Roles.Complaints);
        await CreateUserAsync(_app, "colleague", "Colleague", Roles.Complaints);
        var taken = await Get<CaseIntake>().TakeInAsync([new IntakeRequest
        {
            Type = "denunciation", Title = "Tố cáo cán bộ", Description = "Nội dung tố cáo", LocalityCode = "00004", Channel = "counter",
            ReceivedAt = IncidentsApp.Start.AddHours(-2).ToString("O"), Reporter = new ReporterInput("Hoàng Văn Mật", "99 Phố Bí Mật", "0987654321", null),
        }], [], handler.ToActor());
        var number = taken.Numbers[0];
        var d = (await Get<CaseQueries>().GetDetailAsync(number))!;
        await Get<CaseUpdateStore>().AssignAsync(d.Case.Id, d.Case.RowVersion, handler.Id, handler.Login, "lead", IncidentsApp.Start);

        var mine = await SignedInAsync(_app, "handler");
        var token = Token(await mine.GetStringAsync($"/cases/{number}"));
        var logged = await mine.PostAsync($"/cases/{number}/thread?handler=Log", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = token, ["kind"] = "call", ["direction"] = "in", ["occurredAt"] = "2026-11-25T09:15", ["counterpart"] = "0987654321",
            ["subject"] = "Ông Mật gọi", ["summary"] = "Ông Hoàng Văn Mật hỏi tiến độ giải quyết",
        }));
        Assert.Equal(HttpStatusCode.Redirect, logged.StatusCode);
        // Even the assignee sees it as the reporter: after saying why, and the view is written to the history.
        Assert.DoesNotContain("0987654321", await mine.GetStringAsync($"/cases/{number}"));
        var shown = await mine.PostAsync($"/cases/{number}?handler=Identity", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(await mine.GetStringAsync($"/cases/{number}")), ["reason"] = "gọi lại cho người tố cáo",
        }));
        Assert.Contains("Ông Hoàng Văn Mật hỏi tiến độ giải quyết", await shown.Content.ReadAsStringAsync());

        var other = await SignedInAsync(_app, "colleague");
        var html = await other.GetStringAsync($"/cases/{number}");
        Assert.Contains("Cuộc gọi điện thoại", html); // the call is there, in words
        foreach (var secret in new[] { "0987654321", "Hoàng Văn Mật", "Ông Mật gọi" }) Assert.DoesNotContain(secret, html);
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var json = await api.GetStringAsync($"/api/v1/cases/{number}/correspondence");
        Assert.Contains("\"withheld\":true", json);
        foreach (var secret in new[] { "0987654321", "Hoàng Văn Mật", "Ông Mật gọi" }) Assert.DoesNotContain(secret, json);
        var (lead, leader) = await _app.UserAsync(Roles.Leadership);
        Assert.DoesNotContain("0987654321", await lead.GetStringAsync($"/api/v1/cases/{number}/correspondence"));
        Assert.Contains("0987654321", await lead.GetStringAsync($"/api/v1/cases/{number}/correspondence?reason=kiem+tra"));
        Assert.Contains(await Get<CaseQueries>().GetEventsAsync(d.Case.Id), e => e.Kind == "identity-viewed" && e.Actor == leader && e.Data["reason"] == "kiem tra");
        // A colleague's reason reveals nothing: they are no custodian.
        Assert.DoesNotContain("0987654321", await api.GetStringAsync($"/api/v1/cases/{number}/correspondence?reason=toi+can"));
        // The history says a call was logged, never with whom.
        Assert.DoesNotContain(await Get<CaseQueries>().GetEventsAsync(d.Case.Id), e => e.Data.Values.Any(v => v.Contains("0987654321", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_mention_queues_one_email_and_shows_on_the_mentions_page_until_opened()
    {
        var users = Get<UserStore>();
        await users.CreateAsync(new NewUser("lan", "Trần Thị Lan", "lan@ubnd.test", Passwords.Hash(Password), [Roles.Complaints]));
        await users.CreateAsync(new NewUser("guard", "Guard", "guard@ubnd.test", Passwords.Hash(Password), [Roles.Security]));
        var (api, login) = await _app.UserAsync(Roles.Complaints);
        var number = await TakeInAsync(api);

        // Someone who may not see the case is refused, and nothing is stored or sent.
        var refused = await CaseApi.ProblemAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/notes", new { body = "@guard xem giúp" }),
            HttpStatusCode.BadRequest);
        Assert.Contains("@guard", refused["errors"]!["body"]![0]!.GetValue<string>());
        Assert.Empty(await Get<CaseThreadStore>().ListAsync(await CaseIdAsync(number)));

        var note = await JsonAsync(await api.PostAsJsonAsync($"/api/v1/cases/{number}/notes", new { body = "@lan xem giúp hồ sơ này, cảm ơn." }),
            HttpStatusCode.Created);
        var rows = (await Get<OutboxStore>().ListAsync(limit: 500)).Items.Where(r => r.Kind == OutboxKind.Mention).ToList();
        var row = Assert.Single(rows);
        Assert.Equal(["lan@ubnd.test"], row.Recipients);
        var lan = (await users.FindByLoginAsync("lan"))!;
        Assert.Equal(Get<Incidents.Web.Thread.CaseThread>().MentionMessageId(note["id"]!.GetValue<long>(), lan.Id), row.MessageId);
        Assert.DoesNotContain("xem giúp", row.BodyText); // the email points to the case; the note stays inside

        var page = await SignedInAsync(_app, "lan");
        var start = await page.GetStringAsync("/cases");
        Assert.Contains("id=\"mentions-unseen\">1<", start);
        var mentions = await page.GetStringAsync("/mentions");
        Assert.Contains(number, mentions);
        Assert.Contains("@Trần Thị Lan xem giúp hồ sơ này", mentions); // a mention reads as the person's name
        Assert.Contains($"bởi {login}", mentions);
        Assert.DoesNotContain("mentions-unseen", await page.GetStringAsync("/cases"));
    }

    [Fact]
    public async Task Mail_received_marks_the_case_for_its_assignee_until_the_assignee_opens_it()
    {
        var handler = await CreateUserAsync(_app, "handler", "Handler", Roles.Complaints);
        await CreateUserAsync(_app, "colleague", "Colleague", Roles.Complaints);
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var number = await TakeInAsync(api);
        var d = (await Get<CaseQueries>().GetDetailAsync(number))!;
        await Get<CaseUpdateStore>().AssignAsync(d.Case.Id, d.Case.RowVersion, handler.Id, handler.Login, "lead", IncidentsApp.Start);
        // What the mailbox reader does for each reply (imap): one mail-in entry.
        await Get<CaseThreadStore>().AppendAsync(d.Case.Id, new NewEntry(EntryKinds.MailIn, null, "Tôi gửi bổ sung giấy tờ.",
            IncidentsApp.Start.AddMinutes(-5), Directions.In, "Re: " + number, "dan@example.vn", "<reply-1@example.vn>"));

        async Task<int> UnreadAsync() => (await JsonAsync(await api.GetAsync("/api/v1/cases"), HttpStatusCode.OK))["items"]!.AsArray()
            .Single(i => i!["number"]!.GetValue<string>() == number)!["unreadCorrespondence"]!.GetValue<int>();
        Assert.Equal(1, await UnreadAsync());
        Assert.Contains("1 mới", await (await SignedInAsync(_app, "colleague")).GetStringAsync("/cases"));
        await (await SignedInAsync(_app, "colleague")).GetStringAsync($"/cases/{number}");
        Assert.Equal(1, await UnreadAsync()); // someone else looking does not count

        var html = await (await SignedInAsync(_app, "handler")).GetStringAsync($"/cases/{number}");
        Assert.Contains("id=\"thread-new\"", html); // shown as new this once
        Assert.Contains("Tôi gửi bổ sung giấy tờ.", html);
        Assert.Equal(0, await UnreadAsync());
    }

    [Fact]
    public async Task OpenAPI_describes_every_thread_route_with_its_problems_and_the_multipart_upload()
    {
        var doc = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        foreach (var (path, method) in new[]
        {
            ("/api/v1/cases/{number}/notes", "get"), ("/api/v1/cases/{number}/notes", "post"),
            ("/api/v1/cases/{number}/correspondence", "get"), ("/api/v1/cases/{number}/correspondence", "post"),
            ("/api/v1/cases/{number}/attachments", "get"), ("/api/v1/cases/{number}/attachments", "post"),
            ("/api/v1/cases/{number}/attachments/{file}", "get"),
        })
        {
            var op = doc["paths"]![path]![method]!;
            Assert.False(string.IsNullOrWhiteSpace(op["description"]?.GetValue<string>()), $"{method} {path} has no description");
            var codes = op["responses"]!.AsObject().Select(r => r.Key).ToList();
            foreach (var code in new[] { "401", "403", "404" }) Assert.True(codes.Contains(code), $"{method} {path} does not say {code}");
            Assert.Contains("application/problem+json", op["responses"]!["404"]!["content"]!.AsObject().Select(c => c.Key));
            if (method == "post") Assert.Contains("400", codes);
        }
        var upload = doc["paths"]!["/api/v1/cases/{number}/attachments"]!["post"]!["requestBody"]!["content"]!["multipart/form-data"]!["schema"]!;
        Assert.Equal("binary", upload["properties"]!["attachments"]!["items"]!["format"]!.GetValue<string>());
        Assert.Contains("refersTo", doc["components"]!["schemas"]!["NoteRequest"]!["properties"]!.AsObject().Select(p => p.Key));
    }
}
