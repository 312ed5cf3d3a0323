using System.Net;
using System.Net.Http.Headers;
using Incidents.Core.Access;
using Incidents.Core.Thread;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;
using Incidents.Web.Documents;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;
using static Incidents.Web.Tests.Handling.CaseApi;
using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Documents;

/// <summary>The handler's path through the pages: the case page offers the notice, its page previews and downloads it, and
/// the signed scan comes back onto the case's thread.</summary>
public sealed class DocumentPageTests : OwnHostTest
{
    [Fact]
    public async Task After_acceptance_the_case_page_offers_the_notice_which_downloads_and_takes_its_signed_scan_back()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        var api = await ClientAsync(_app, Roles.Complaints);
        var number = (await CreateAsync(api, NewCase("complaint")))["number"]!.GetValue<string>();
        var c = await SignedInAsync(_app, "lan");
        var before = await c.GetStringAsync($"/cases/{number}");
        Assert.DoesNotContain("/documents/acceptance", before);
        Assert.Contains("Ban hành: Thông báo thụ lý", before); // the accept action says what it issues
        await OkAsync(api, number, "accept", 1);

        var casePage = await c.GetStringAsync($"/cases/{number}");
        Assert.Contains("Thông báo thụ lý", casePage);
        Assert.Contains($"/cases/{number}/documents/acceptance?event=", casePage);
        var link = System.Text.RegularExpressions.Regex.Match(casePage, $"/cases/{number}/documents/acceptance\\?event=(\\d+)");
        var url = $"/cases/{number}/documents/acceptance?event={link.Groups[1].Value}";

        var page = await c.GetStringAsync(url);
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", page);
        Assert.Contains("Kính gửi: Nguyễn Văn An", page);
        Assert.Contains("Tải văn bản (DOCX)", page);
        var download = await c.GetAsync(url + "&handler=Docx");
        Assert.Equal(CaseDocuments.DocxType, download.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"hồ sơ số {number}", new Docx(await download.Content.ReadAsByteArrayAsync()).All);

        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__af" },
            { new ByteArrayContent("%PDF-1.4 signed"u8.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } }, "file", "thong-bao-da-ky.pdf" },
        };
        var posted = await c.PostAsync(url + "&handler=Signed", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var caseId = (await _app.Services.GetRequiredService<CaseQueries>().GetAsync(number))!.Id;
        var entry = Assert.Single(await _app.Services.GetRequiredService<CaseThreadStore>().ListAsync(caseId), e => e.Kind == EntryKinds.NoticeOut);
        Assert.Equal(("acceptance", "thong-bao-da-ky.pdf", "application/pdf"), (entry.DocumentKind, entry.File?.FileName, entry.File?.ContentType));
        Assert.Contains("thong-bao-da-ky.pdf", await c.GetStringAsync(url));

        // Not a scan: refused with a message, nothing stored.
        using var bad = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__af" },
            { new ByteArrayContent("MZ not a scan"u8.ToArray()), "file", "virus.pdf" },
        };
        await c.PostAsync(url + "&handler=Signed", bad);
        Assert.Single(await _app.Services.GetRequiredService<CaseThreadStore>().ListAsync(caseId), e => e.Kind == EntryKinds.NoticeOut);
    }

    [Fact]
    public async Task The_denouncers_notice_page_is_refused_to_a_handler_who_is_not_its_custodian_and_asks_leadership_why()
    {
        await CreateUserAsync(_app, "lan", "Trần Thị Lan", Roles.Complaints);
        await CreateUserAsync(_app, "chu-tich", "Chủ tịch", Roles.Leadership);
        var api = await ClientAsync(_app, Roles.Complaints);
        var body = NewCase("denunciation");
        body["reporter"]!["name"] = "Hoàng Văn Mật";
        var number = (await CreateAsync(api, body))["number"]!.GetValue<string>();
        await OkAsync(api, number, "accept", 1);
        var url = $"/cases/{number}/documents/denunciation-acceptance";

        var handler = await SignedInAsync(_app, "lan");
        var refused = await handler.GetAsync(url);
        Assert.Contains("/denied", refused.Headers.Location?.ToString() ?? "");
        Assert.Contains("Thông báo thụ lý tố cáo (gửi người bị tố cáo)", await handler.GetStringAsync($"/cases/{number}"));

        var leader = await SignedInAsync(_app, "chu-tich");
        var asked = await leader.GetStringAsync(url);
        Assert.Contains("open-reason", asked);
        Assert.DoesNotContain("Hoàng Văn Mật", asked);
        var opened = await leader.PostAsync(url + "?handler=Open", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__af"] = Token(asked), ["reason"] = "Ký thông báo gửi người tố cáo",
        }));
        Assert.Contains("Kính gửi: Hoàng Văn Mật", await opened.Content.ReadAsStringAsync());
        Assert.Contains("identity-viewed", await HistoryAsync(_app.Services, number));
    }
}
