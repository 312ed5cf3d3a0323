using System.Net;
using System.Text.Json.Nodes;
using DocumentFormat.OpenXml.Wordprocessing;
using Incidents.Storage.Triage;
using Incidents.Web.Documents;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Documents;

/// <summary>
/// The seven notices and decisions of issue #11, each generated from a case walked through its workflow over the API and
/// read back with OpenXml: the case's number and dates, the decision's inputs, the Decree 30 layout, and the reporter's
/// name only where the law lets it appear.
/// </summary>
public sealed class DocumentTests(IncidentsApp app) : IClassFixture<IncidentsApp>
{
    private const string Citizen = "Nguyễn Văn An";
    private const string CitizenAddress = "Ba Đình, Hà Nội";
    private const string Denouncer = "Hoàng Văn Mật";
    private const string DenouncerAddress = "99 Phố Bí Mật";
    private const string Received = "ngày 20 tháng 11 năm 2026"; // 2026-11-20 09:00 in Hanoi
    private const string Today = "Hà Nội, ngày 25 tháng 11 năm 2026"; // the host's clock: 2026-11-25 10:00 in Hanoi

    /// <summary>A complex denunciation (one extension allowed) from a denouncer whose name and address are distinctive.</summary>
    private static JsonObject Denunciation()
    {
        var c = NewCase("denunciation", inputs: new JsonObject { ["complexity"] = "complex" });
        var r = (JsonObject)c["reporter"]!;
        (r["name"], r["address"]) = (Denouncer, DenouncerAddress);
        return c;
    }

    private static async Task<Docx> DocxAsync(HttpClient client, string number, string kind, string query = "")
    {
        var res = await client.GetAsync($"/api/v1/cases/{number}/documents/{kind}{query}");
        var bytes = await res.Content.ReadAsByteArrayAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{kind}: {res.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal(CaseDocuments.DocxType, res.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{number}-{kind}.{(query.Contains("lang=en") ? "en" : "vi")}.docx", res.Content.Headers.ContentDisposition?.FileNameStar ?? res.Content.Headers.ContentDisposition?.FileName);
        return new Docx(bytes);
    }

    private static void DecreeLayout(Docx d, string number, string form)
    {
        Assert.Equal(["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "ỦY BAN BẦU CỬ THÀNH PHỐ HÀ NỘI"], d.HeaderLeft.Take(2));
        Assert.Contains(d.HeaderLeft, t => t.StartsWith("Số: ", StringComparison.Ordinal) && t.EndsWith($"/{form}-UBBC", StringComparison.Ordinal)
            || t == $"Số: {number}");
        var right = d.HeaderRight.Select(Docx.Text).ToList();
        Assert.Equal("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right[0]);
        Assert.Equal("Độc lập - Tự do - Hạnh phúc", right[1]);
        Assert.NotNull(d.HeaderRight[1].Descendants<Underline>().SingleOrDefault());
        Assert.Contains(Today, right);
        Assert.Equal("Nơi nhận:", d.FootLeft[0]);
        Assert.Contains("THỦ TRƯỞNG CƠ QUAN", d.FootRight);
        Assert.Equal(["Times New Roman"], d.Fonts);
        Assert.Equal((11906U, 16838U), (d.Page!.Width!.Value, d.Page.Height!.Value)); // A4
    }

    [Fact]
    public async Task A_complaints_acceptance_refusal_request_and_resolution_carry_the_case_the_decision_and_the_complainant()
    {
        var complaints = await ClientAsync(app, "complaints");
        var a = (await CreateAsync(complaints, NewCase("complaint", title: "Khiếu nại về thu hồi đất")))["number"]!.GetValue<string>();
        await OkAsync(complaints, a, "accept", 1);
        var acceptance = await DocxAsync(complaints, a, "acceptance");
        DecreeLayout(acceptance, a, "TB");
        Assert.Contains("THÔNG BÁO", acceptance.Paragraphs);
        Assert.Contains("Về việc thụ lý giải quyết khiếu nại", acceptance.Paragraphs);
        Assert.Contains($"Kính gửi: {Citizen}", acceptance.Paragraphs);
        Assert.Contains($"Vào {Received}, Ủy ban bầu cử thành phố Hà Nội nhận được đơn khiếu nại của {Citizen}, địa chỉ: {CitizenAddress}, " +
            $"về việc: Khiếu nại về thu hồi đất (hồ sơ số {a}).", acceptance.Paragraphs);
        Assert.Contains("đã thụ lý giải quyết khiếu nại kể từ ngày 25 tháng 11 năm 2026", acceptance.All);
        Assert.Contains("Thời hạn giải quyết khiếu nại: hết ngày 25/12/2026.", acceptance.Paragraphs); // 30 days from acceptance

        var english = await DocxAsync(complaints, a, "acceptance", "?lang=en");
        Assert.Contains("NOTICE", english.Paragraphs);
        Assert.Contains("Hà Nội, 25 November 2026", english.HeaderRight.Select(Docx.Text));
        Assert.Contains($"On 20 November 2026, Ủy ban bầu cử thành phố Hà Nội received the complaint of {Citizen}", english.All);
        Assert.Contains("Time limit for resolving the complaint: end of 25/12/2026.", english.Paragraphs);

        await OkAsync(complaints, a, "decide", 2, new JsonObject { ["outcome"] = "partly-upheld", ["decision"] = "12/QĐ-UBBC" });
        var resolution = await DocxAsync(complaints, a, "resolution");
        DecreeLayout(resolution, "12/QĐ-UBBC", "QĐ");
        Assert.Contains("Số: 12/QĐ-UBBC", resolution.HeaderLeft);
        Assert.Contains("QUYẾT ĐỊNH", resolution.Paragraphs);
        Assert.Contains("- Kết quả giải quyết: Đúng một phần.", resolution.Paragraphs); // the choice's words, never its value
        Assert.DoesNotContain("partly-upheld", resolution.All);
        Assert.DoesNotContain(resolution.Paragraphs, p => p.StartsWith("- Nội dung trả lời", StringComparison.Ordinal)); // no answer: left out
        Assert.Contains($"Xét đơn (Khiếu nại) của {Citizen}, địa chỉ: {CitizenAddress}, về việc: Khiếu nại về thu hồi đất, nhận ngày 20 tháng 11 năm 2026;",
            resolution.Paragraphs);
        // The acceptance stays available after the case moved on.
        Assert.Contains("THÔNG BÁO", (await DocxAsync(complaints, a, "acceptance")).Paragraphs);

        var b = (await CreateAsync(complaints, NewCase("complaint")))["number"]!.GetValue<string>();
        await OkAsync(complaints, b, "refuse", 1, new JsonObject { ["reason"] = "Đã hết thời hiệu khiếu nại (Điều 9)." });
        var refusal = await DocxAsync(complaints, b, "refusal");
        DecreeLayout(refusal, b, "TB");
        Assert.Contains($"Sau khi xem xét, ngày 25 tháng 11 năm 2026, Ủy ban bầu cử thành phố Hà Nội quyết định không thụ lý giải quyết đơn, " +
            "với lý do: Đã hết thời hiệu khiếu nại (Điều 9).", refusal.Paragraphs);
        Assert.Contains($"Kính gửi: {Citizen}", refusal.Paragraphs);

        var c = (await CreateAsync(complaints, NewCase("complaint")))["number"]!.GetValue<string>();
        await OkAsync(complaints, c, "request-awaiting-documents", 1, new JsonObject { ["request"] = "Bản sao quyết định thu hồi đất." });
        var request = await DocxAsync(complaints, c, "request");
        DecreeLayout(request, c, "GĐN");
        Assert.Contains("GIẤY ĐỀ NGHỊ", request.Paragraphs);
        Assert.Contains("các thông tin, tài liệu sau: Bản sao quyết định thu hồi đất.", request.All);
        Assert.Contains($"ghi rõ số hồ sơ {c}", request.All);
    }

    [Fact]
    public async Task A_denunciations_documents_name_the_denouncer_only_in_the_notice_addressed_to_them()
    {
        var complaints = await ClientAsync(app, "complaints");
        var leadership = await ClientAsync(app, "leadership");
        var d = (await CreateAsync(complaints, Denunciation()))["number"]!.GetValue<string>();
        await OkAsync(complaints, d, "accept", 1);
        await OkAsync(complaints, d, "request-extension", 2, new JsonObject { ["reason"] = "Nhiều nơi liên quan" });
        await OkAsync(leadership, d, "approve-extension", 3,
            new JsonObject { ["decision"] = "15/QĐ-UBBC", ["decision-date"] = "2026-11-30", ["days"] = 30 });

        var toDenouncer = await DocxAsync(leadership, d, "denunciation-acceptance", "?reason=" + Uri.EscapeDataString("Gửi thông báo thụ lý"));
        DecreeLayout(toDenouncer, d, "TB");
        Assert.Contains($"Kính gửi: {Denouncer}", toDenouncer.Paragraphs);
        Assert.Contains($"nhận được đơn tố cáo của {Denouncer}, địa chỉ: {DenouncerAddress}", toDenouncer.All);
        Assert.Contains("kể từ ngày 25 tháng 11 năm 2026", toDenouncer.All);
        var viewed = (await app.Services.GetRequiredService<CaseQueries>().GetEventsAsync(
            (await app.Services.GetRequiredService<CaseQueries>().GetAsync(d))!.Id)).Last(e => e.Kind == "identity-viewed");
        Assert.Equal(("document:denunciation-acceptance", "Gửi thông báo thụ lý"), (viewed.Data["via"], viewed.Data["reason"]));

        // The list says which decision issued what, and which document names the denouncer.
        var listed = JsonNode.Parse(await complaints.GetStringAsync($"/api/v1/cases/{d}/documents"))!.AsArray();
        Assert.Equal(["extension", "denunciation-acceptance", "accused-notice"], listed.Select(x => x!["kind"]!.GetValue<string>()));
        Assert.Equal([false, true, false], listed.Select(x => x!["namesDenouncer"]!.GetValue<bool>()));
        Assert.Equal(["approve-extension", "accept", "accept"], listed.Select(x => x!["action"]!.GetValue<string>()));
        Assert.DoesNotContain(Denouncer, listed.ToJsonString(), StringComparison.Ordinal);

        var toAccused = await DocxAsync(complaints, d, "accused-notice");
        DecreeLayout(toAccused, d, "TB");
        Assert.Contains("Kính gửi: Người bị tố cáo (ghi họ tên, chức vụ, địa chỉ)", toAccused.Paragraphs);
        Assert.Contains($"hồ sơ số {d}", toAccused.All);

        var extension = await DocxAsync(complaints, d, "extension");
        DecreeLayout(extension, "15/QĐ-UBBC", "QĐ");
        Assert.Contains("Số: 15/QĐ-UBBC", extension.HeaderLeft);
        Assert.Contains("Điều 1. Gia hạn giải quyết tố cáo thêm 30 ngày. Hạn giải quyết mới: hết ngày 25/01/2027.", extension.Paragraphs);
        Assert.Contains("Điều 2. Quyết định này có hiệu lực kể từ ngày 30 tháng 11 năm 2026.", extension.Paragraphs);

        var e = (await CreateAsync(complaints, Denunciation()))["number"]!.GetValue<string>();
        await OkAsync(complaints, e, "not-competent", 1, new JsonObject { ["recipient"] = "Thanh tra Thành phố Hà Nội" });
        await OkAsync(complaints, e, "forward", 2, new JsonObject { ["recipient"] = "Thanh tra Thành phố Hà Nội", ["notified-on"] = "2026-11-25" });
        var forwarding = await DocxAsync(complaints, e, "forwarding");
        DecreeLayout(forwarding, e, "PC");
        Assert.Contains("Kính gửi: Thanh tra Thành phố Hà Nội", forwarding.Paragraphs);
        Assert.Contains("chuyển đơn tố cáo đến Thanh tra Thành phố Hà Nội để xem xét, giải quyết", forwarding.All);

        var f = (await CreateAsync(complaints, Denunciation()))["number"]!.GetValue<string>();
        await OkAsync(complaints, f, "refuse", 1, new JsonObject { ["reason"] = "Tố cáo nặc danh." });
        var refusal = await DocxAsync(complaints, f, "refusal");
        Assert.Contains("Kính gửi: người tố cáo", refusal.Paragraphs);
        Assert.Contains("với lý do: Tố cáo nặc danh.", refusal.All);

        // Every text run of every other document: not a word of the denouncer's name or address.
        foreach (var (kind, doc) in new[] { ("accused-notice", toAccused), ("extension", extension), ("forwarding", forwarding), ("refusal", refusal) })
            foreach (var run in doc.Runs.Append(doc.All))
                Assert.False(run.Contains("Hoàng", StringComparison.Ordinal) || run.Contains("Mật", StringComparison.Ordinal),
                    $"{kind} carries the denouncer: {run}");
    }

    [Fact]
    public async Task Only_a_custodian_who_says_why_opens_the_denouncers_notice()
    {
        var complaints = await ClientAsync(app, "complaints");
        var leadership = await ClientAsync(app, "leadership");
        var admin = await ClientAsync(app, "admin");
        var d = (await CreateAsync(complaints, Denunciation()))["number"]!.GetValue<string>();
        await OkAsync(complaints, d, "accept", 1);
        var url = $"/api/v1/cases/{d}/documents/denunciation-acceptance";

        // The handler who is not assigned, and the administrator, are no custodians: refused, even with a reason.
        foreach (var outsider in new[] { complaints, admin })
        {
            var refused = await ProblemAsync(await outsider.GetAsync(url + "?reason=xem"), HttpStatusCode.Forbidden);
            Assert.DoesNotContain(Denouncer, refused.ToJsonString(), StringComparison.Ordinal);
        }
        var noReason = await ProblemAsync(await leadership.GetAsync(url), HttpStatusCode.BadRequest);
        Assert.NotNull(noReason["errors"]!["reason"]);
        Assert.DoesNotContain(await HistoryAsync(app.Services, d), k => k == "identity-viewed");
        Assert.Equal(HttpStatusCode.OK, (await leadership.GetAsync(url + "?reason=g%E1%BB%ADi")).StatusCode);
        Assert.Single(await HistoryAsync(app.Services, d), k => k == "identity-viewed");
    }

    [Fact]
    public async Task A_document_no_decision_has_issued_is_a_conflict_and_bad_input_names_its_field()
    {
        var complaints = await ClientAsync(app, "complaints");
        var security = await ClientAsync(app, "security");
        var n = (await CreateAsync(complaints, NewCase("complaint")))["number"]!.GetValue<string>();
        await ProblemAsync(await complaints.GetAsync($"/api/v1/cases/{n}/documents/acceptance"), HttpStatusCode.Conflict);
        var bad = await ProblemAsync(await complaints.GetAsync($"/api/v1/cases/{n}/documents/thong-bao?lang=fr&event=x"), HttpStatusCode.BadRequest);
        Assert.Equal(["event", "kind", "lang"], bad["errors"]!.AsObject().Select(e => e.Key).Order());
        await ProblemAsync(await complaints.GetAsync("/api/v1/cases/KN-2026-999999/documents/acceptance"), HttpStatusCode.NotFound);
        await ProblemAsync(await security.GetAsync($"/api/v1/cases/{n}/documents/acceptance"), HttpStatusCode.NotFound); // another team's case
    }

    [Fact]
    public async Task The_document_route_is_described_in_OpenAPI_with_its_file_its_problems_and_its_parameters()
    {
        var doc = JsonNode.Parse(await app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var get = doc["paths"]!["/api/v1/cases/{number}/documents/{kind}"]!["get"]!;
        Assert.Equal("A notice or decision of the case, as DOCX", get["summary"]!.GetValue<string>());
        Assert.Contains("denunciation-acceptance", get["description"]!.GetValue<string>());
        var responses = get["responses"]!;
        Assert.Contains(CaseDocuments.DocxType, responses["200"]!["content"]!.AsObject().Select(c => c.Key));
        foreach (var code in new[] { "400", "403", "404", "409" })
            Assert.Contains("application/problem+json", responses[code]!["content"]!.AsObject().Select(c => c.Key));
        Assert.Equal(["event", "kind", "lang", "number", "reason"], get["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Only_a_custodian_emails_the_denouncer_and_the_send_is_in_the_history()
    {
        var complaints = await ClientAsync(app, "complaints");
        var body = Denunciation();
        body["reporter"]!["email"] = "mat@example.test";
        var d = (await CreateAsync(complaints, body))["number"]!.GetValue<string>();
        await OkAsync(complaints, d, "accept", 1);
        var documents = app.Services.GetRequiredService<CaseDocuments>();
        var handler = new Incidents.Core.Access.Actor(0, "lan", new HashSet<string> { "complaints" });
        var leader = new Incidents.Core.Access.Actor(0, "chu-tich", new HashSet<string> { "leadership" });

        Assert.Equal(DocumentStatus.Forbidden, (await documents.EmailAsync(d, "denunciation-acceptance", "vi", handler, null)).Status);
        Assert.Equal(DocumentStatus.NoEmail, (await documents.EmailAsync(d, "accused-notice", "vi", leader, null)).Status); // not to the reporter
        Assert.DoesNotContain("identity-viewed", await HistoryAsync(app.Services, d));
        Assert.Equal(DocumentStatus.Done, (await documents.EmailAsync(d, "denunciation-acceptance", "vi", leader, null)).Status);
        Assert.Contains("identity-viewed", await HistoryAsync(app.Services, d));
        var outbox = (await app.Services.GetRequiredService<Incidents.Storage.Outbox.OutboxStore>().ListAsync()).Items
            .Single(m => m.Kind == Incidents.Mail.Outbox.OutboxKind.Notice && m.Subject.StartsWith($"[{d}]", StringComparison.Ordinal));
        Assert.Equal(["mat@example.test"], outbox.Recipients);
        Assert.NotNull(outbox.AttachmentId);
        // The subject and the text never name the denouncer: a mail client shows them in lists.
        Assert.DoesNotContain("Mật", outbox.Subject + outbox.BodyText, StringComparison.Ordinal);
    }
}
