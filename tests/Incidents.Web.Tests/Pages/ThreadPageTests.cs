using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Incidents.Core.Access;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;
using Incidents.Web.Tests.Handling;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Pages;

/// <summary>The thread's forms on the case page: a refusal is a message on its form, in the reader's words, and nothing stored.</summary>
public sealed class ThreadPageTests : OwnHostTest
{
    [Fact]
    public async Task An_empty_note_or_a_file_that_is_not_what_its_name_says_is_refused_on_its_form_and_nothing_is_stored()
    {
        var (api, _) = await _app.UserAsync(Roles.Complaints);
        var number = (await CaseApi.CreateAsync(api, CaseApi.NewCase("complaint", inputs: new JsonObject { ["complex"] = "true" })))["number"]!.GetValue<string>();
        await CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);
        var page = await SignedInAsync(_app, "clerk");
        var token = Token(await page.GetStringAsync($"/cases/{number}"));

        var empty = await page.PostAsync($"/cases/{number}/thread?handler=Note",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__af"] = token, ["body"] = "   " }));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        var html = await empty.Content.ReadAsStringAsync();
        Assert.Contains("Ghi chú chưa được lưu.", html);
        Assert.Contains("Nội dung ghi chú không được để trống.", html);
        Assert.Contains("id=\"note-body\"", html); // the form is there to try again

        var form = new MultipartFormDataContent { { new StringContent(token), "__af" } };
        var png = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]);
        png.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(png, "attachments", "quyet-dinh.pdf");
        var mismatch = await page.PostAsync($"/cases/{number}/thread?handler=Upload", form);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        html = await mismatch.Content.ReadAsStringAsync();
        Assert.Contains("Chưa tệp nào được lưu.", html);
        Assert.Contains("tên tệp là .pdf nhưng nội dung là PNG", html);

        // In English the section speaks English, with words, not stored ids.
        var english = await page.GetStringAsync($"/cases/{number}?culture=en");
        foreach (var words in new[] { ">Thread", "Add a note", "Log a call or letter", "Phone call", "incoming" }) Assert.Contains(words, english);

        var id = (await _app.Services.GetRequiredService<CaseQueries>().GetDetailAsync(number))!.Case.Id;
        Assert.Empty(await _app.Services.GetRequiredService<CaseThreadStore>().ListAsync(id));
        Assert.Empty(await _app.Services.GetRequiredService<Incidents.Storage.Attachments.AttachmentStore>().ListAsync(id));
    }
}
