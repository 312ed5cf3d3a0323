using Incidents.Core.Workflows;
using System.Text.Json;
using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Calendar;
using Incidents.Storage.Triage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Incidents.Browser.Tests;

/// <summary>Each test signs in as the role that does the work and drives the pages in Chromium, taking screenshots as it
/// goes (written to docs/screenshots/ only with INCIDENTS_SCREENSHOTS=1).</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DeskTests(BrowserHost host)
{
    private static IntakeRequest Petition(string title, string receivedAt, string type = "petition", string? name = "Nguyễn Ngọc Tuấn") => new()
    {
        Type = type, Title = title, Description = "Đề nghị sửa đường ngõ 12.", LocalityCode = "00004", Channel = "counter",
        ReceivedAt = receivedAt, Reporter = new ReporterInput(name, "12 Hàng Bài, Hà Nội", "0912 345 678", null),
    };

    private static string Ago(TimeSpan span) => DateTimeOffset.UtcNow.Add(-span).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz");

    [Fact]
    public async Task Security_logs_an_incident_from_a_phone_and_acknowledges_it()
    {
        var guard = await host.UserAsync("Trần Văn An", Roles.Security);
        var page = await host.SignInAsync(guard, phone: true, screenshot: "01-sign-in-phone");
        await page.GotoAsync("/incidents/new");
        await page.GetByLabel("Cao").CheckAsync();
        await page.GetByLabel("Địa bàn").FillAsync("Ba Đình"); // searchable: matched to Phường Ba Đình
        await page.GetByLabel("Chuyện gì đã xảy ra?").FillAsync("Người lạ cố vào kho lưu phiếu bầu tại điểm bỏ phiếu số 3.");
        await BrowserHost.ShotAsync(page, "02-incident-log-phone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận" }).ClickAsync();

        await page.WaitForURLAsync("**/cases/SC-*");
        var number = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        Assert.Equal("open", await page.Locator("#case-state").GetAttributeAsync("data-state"));
        Assert.Contains("Đã tạo " + number, await page.Locator(".flash.ok").InnerTextAsync());
        // The acknowledge deadline runs and counts down.
        Assert.Equal(1, await page.Locator(".deadline[data-deadline='acknowledge'] .countdown").CountAsync());
        await BrowserHost.ShotAsync(page, "03-incident-case-phone");

        await page.Locator("form[data-action='acknowledge'] button").ClickAsync();
        await page.WaitForSelectorAsync("#case-state[data-state='investigating']");
        Assert.Contains("Đã thực hiện", await page.Locator(".flash.ok").InnerTextAsync());

        await page.GotoAsync("/incidents");
        Assert.Equal(1, await page.Locator($"li.incident-card[data-number='{number}']").CountAsync());
        await BrowserHost.ShotAsync(page, "04-incident-queue-phone");
    }

    [Fact]
    public async Task Complaints_take_in_a_mixed_petition_with_an_attachment()
    {
        var clerk = await host.UserAsync("Lê Thị Bình", Roles.Complaints);
        var page = await host.SignInAsync(clerk);
        await page.GotoAsync("/cases/new");
        await page.GetByLabel("Nhiều nội dung").CheckAsync();
        var contents = page.Locator("#contents");
        await contents.GetByLabel("Khiếu nại").CheckAsync();
        await contents.GetByLabel("Kiến nghị, phản ánh").CheckAsync();
        await page.GetByLabel("Hình thức tiếp nhận").SelectOptionAsync("post");
        await page.GetByLabel("Thời điểm tiếp nhận").FillAsync(DateTimeOffset.UtcNow.AddDays(-1).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByLabel("Địa bàn", new() { Exact = true }).SelectOptionAsync("00004");
        await page.GetByLabel("Tiêu đề").FillAsync("Khiếu nại quyết định thu hồi đất và kiến nghị sửa đường");
        await page.GetByLabel("Nội dung", new() { Exact = true }).FillAsync("Ông Tuấn khiếu nại quyết định số 12/QĐ và kiến nghị sửa đường ngõ 12.");
        await page.GetByLabel("Họ tên").FillAsync("Nguyễn Ngọc Tuấn");
        await page.GetByLabel("Địa chỉ").FillAsync("12 Hàng Bài, Hoàn Kiếm");
        var pdf = Path.Combine(host.Dir, "don-khieu-nai.pdf");
        await File.WriteAllBytesAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray());
        await page.GetByLabel("Tệp đính kèm").SetInputFilesAsync(pdf);
        await BrowserHost.ShotAsync(page, "05-intake-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận", Exact = true }).ClickAsync();

        await page.WaitForURLAsync("**/cases/KN-*");
        var flash = await page.Locator(".flash.ok").InnerTextAsync();
        Assert.Matches(@"KN-\d{4}-\d{6}, PA-\d{4}-\d{6}", flash);
        Assert.Equal("received", await page.Locator("#case-state").GetAttributeAsync("data-state"));
        Assert.Contains("don-khieu-nai.pdf", await page.Locator("#attachments").InnerTextAsync());
        Assert.Contains("don-khieu-nai.pdf · PDF ·", await page.Locator("#attachments").InnerTextAsync()); // the type in words, not its MIME type
        // One case per content, linked together (visible from this side; the other side is checked next).
        var linked = await page.Locator("#links a").InnerTextAsync();
        Assert.StartsWith("PA-", linked);
        Assert.Contains("Điều 27", await page.Locator(".deadline[data-deadline='acceptance']").InnerTextAsync());
        await BrowserHost.ShotAsync(page, "06-case-after-intake");
        await page.Locator("#links a").ClickAsync();
        await page.WaitForURLAsync("**/cases/PA-*");
        Assert.StartsWith("KN-", await page.Locator("#links a").InnerTextAsync());

        // A file that only claims to be a PDF is refused and nothing is created.
        var before = (await host.Services.GetRequiredService<CaseQueries>().ListAsync(new CaseFilter())).Total;
        await page.GotoAsync("/cases/new");
        await page.GetByLabel("Tiêu đề").FillAsync("Đơn có tệp giả");
        await page.GetByLabel("Địa bàn", new() { Exact = true }).SelectOptionAsync("00004");
        var fake = Path.Combine(host.Dir, "fake.pdf");
        await File.WriteAllTextAsync(fake, "<html>not a pdf</html>");
        await page.GetByLabel("Tệp đính kèm").SetInputFilesAsync(fake);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync(".errors");
        Assert.Contains("fake.pdf", await page.Locator(".errors").InnerTextAsync());
        Assert.Equal(before, (await host.Services.GetRequiredService<CaseQueries>().ListAsync(new CaseFilter())).Total);
    }

    [Fact]
    public async Task Complaints_triage_assign_in_bulk_act_and_meet_a_conflict()
    {
        var clerk = await host.UserAsync("Phạm Minh Châu", Roles.Complaints);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var numbers = await host.TakeInAsync(clerk,
            Petition($"Phản ánh đèn đường {tag} A", Ago(TimeSpan.FromHours(5))),
            Petition($"Phản ánh đèn đường {tag} B", Ago(TimeSpan.FromHours(4))));
        var page = await host.SignInAsync(clerk);

        // Diacritics-insensitive search in the queue: "den duong" finds "đèn đường".
        await page.GotoAsync($"/cases?Q=den+duong+{tag}&Assignee=none");
        Assert.Equal(2, await page.Locator("table.queue tbody tr").CountAsync());
        await BrowserHost.ShotAsync(page, "07-triage-queue");
        await page.Locator("#select-all").CheckAsync();
        await page.GetByLabel("Phân công các hồ sơ đã chọn cho").SelectOptionAsync(clerk.Login);
        await page.GetByRole(AriaRole.Button, new() { Name = "Phân công", Exact = true }).ClickAsync();
        await page.WaitForSelectorAsync(".flash.ok");
        Assert.Contains("Đã phân công 2 hồ sơ", await page.Locator(".flash.ok").InnerTextAsync());
        Assert.Equal(0, await page.Locator("table.queue tbody tr").CountAsync()); // filter: unassigned only

        // CSV export of the filtered queue never carries the reporter.
        var csv = await page.APIRequest.GetAsync($"/cases?handler=Export&Q=den+duong+{tag}");
        var text = await csv.TextAsync();
        Assert.Contains(numbers[0], text);
        Assert.DoesNotContain("Nguyễn", text);

        // Two tabs on one case: the second action is refused with a clear message and nothing changes.
        await page.GotoAsync("/cases/" + numbers[0]);
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync("/cases/" + numbers[0]);
        await page.Locator("form[data-action='take-up'] button").ClickAsync();
        await page.WaitForSelectorAsync("#case-state[data-state='processing']");
        await other.Locator("form[data-action='archive'] textarea").FillAsync("Trùng nội dung");
        await other.Locator("form[data-action='archive'] button").ClickAsync();
        await other.WaitForSelectorAsync(".flash.bad");
        Assert.Contains("Người khác đã thay đổi hồ sơ này", await other.Locator(".flash.bad").InnerTextAsync());
        Assert.Equal("processing", await other.Locator("#case-state").GetAttributeAsync("data-state"));
        await BrowserHost.ShotAsync(other, "08-case-conflict");

        // An action's required input is required in the form (the runtime refuses it too, naming the field).
        Assert.False(await page.Locator("form[data-action='answer'] textarea").EvaluateAsync<bool>("e => e.checkValidity()"));
        await page.Locator("form[data-action='answer'] textarea").FillAsync("Đã chuyển UBND phường xử lý.");
        await page.Locator("form[data-action='answer'] button").ClickAsync();
        await page.WaitForSelectorAsync("#case-state[data-state='answered']");
        Assert.Contains("Đã chuyển UBND phường xử lý.", await page.Locator("#history").InnerTextAsync());

        // Link the second petition as a duplicate; the link shows on both.
        await page.GetByLabel("Liên kết tới số hồ sơ").FillAsync(numbers[1]);
        await page.GetByLabel("Loại liên kết").SelectOptionAsync("duplicate");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thêm liên kết" }).ClickAsync();
        await page.WaitForSelectorAsync("#links");
        Assert.Equal($"{numbers[1]} · trùng lặp", (await page.Locator("#links li").InnerTextAsync()).Trim());
        await BrowserHost.ShotAsync(page, "09-case-history");
        await page.GotoAsync("/cases/" + numbers[1]);
        Assert.Contains(numbers[0], await page.Locator("#links").InnerTextAsync());

        // Classified by content: the petition becomes a complaint case, opened and linked in the same step.
        await page.Locator("form[data-action='classify-complaint'] button").ClickAsync();
        await page.WaitForSelectorAsync("#case-state[data-state='reclassified']");
        Assert.Matches(@"KN-\d{4}-\d{6}", await page.Locator(".flash.ok").InnerTextAsync());
        Assert.Contains("KN-", await page.Locator("#links").InnerTextAsync());
    }

    [Fact]
    public async Task Confidential_denouncer_is_masked_and_revealed_only_to_the_assigned_handler_with_an_audit_line()
    {
        var handler = await host.UserAsync("Đỗ Quang Huy", Roles.Complaints);
        var colleague = await host.UserAsync("Vũ Thu Hà", Roles.Complaints);
        var number = (await host.TakeInAsync(handler, Petition("Tố cáo cán bộ địa chính", Ago(TimeSpan.FromHours(2)), "denunciation", "Hoàng Văn Mật")))[0];
        var detail = (await host.Services.GetRequiredService<CaseQueries>().GetDetailAsync(number))!;
        await host.Services.GetRequiredService<Incidents.Storage.Handling.CaseUpdateStore>()
            .AssignAsync(detail.Case.Id, detail.Case.RowVersion, handler.Id, handler.Login, "test", DateTimeOffset.UtcNow);

        var other = await host.SignInAsync(colleague);
        await other.GotoAsync("/cases/" + number);
        Assert.Contains("(bảo mật)", await other.Locator("#reporter-masked").InnerTextAsync());
        Assert.Equal(0, await other.Locator("#show-identity").CountAsync());
        Assert.DoesNotContain("Hoàng Văn Mật", await other.ContentAsync());

        var page = await host.SignInAsync(handler);
        await page.GotoAsync("/cases/" + number);
        Assert.DoesNotContain("Hoàng Văn Mật", await page.ContentAsync()); // hidden until asked for
        await BrowserHost.ShotAsync(page, "10-denunciation-masked");
        await page.Locator("#reveal-reason").FillAsync("Xác minh nội dung tố cáo");
        await page.Locator("#show-identity").ClickAsync();
        await page.WaitForSelectorAsync("#reporter");
        Assert.Contains("Hoàng Văn Mật", await page.Locator("#reporter").InnerTextAsync());
        var audit = page.Locator("#history li[data-kind='identity-viewed']");
        Assert.Equal(1, await audit.CountAsync());
        Assert.Contains("bởi Đỗ Quang Huy", await audit.InnerTextAsync()); // who looked, by name (issue #12)
        Assert.DoesNotContain(handler.Login, await audit.InnerTextAsync());
    }

    [Fact]
    public async Task Leadership_sees_a_breached_deadline_on_the_dashboard()
    {
        var clerk = await host.UserAsync("Ngô Văn Dũng", Roles.Complaints);
        var lead = await host.UserAsync("Bùi Thị Lan", Roles.Leadership);
        // A complaint received 25 days ago: its 10-day acceptance deadline (Law on Complaints, Art. 27) is long past.
        var number = (await host.TakeInAsync(clerk, Petition("Khiếu nại quá hạn thụ lý", Ago(TimeSpan.FromDays(25)), "complaint")))[0];

        var page = await host.SignInAsync(lead);
        Assert.EndsWith("/dashboard", page.Url);
        var byType = await page.Locator("#overdue-by-type").InnerTextAsync();
        Assert.Contains("Khiếu nại", byType);
        Assert.Equal(1, await page.Locator("#overdue-by-type svg.chart").CountAsync());
        var overdue = page.Locator($"#overdue-cases a[href='/cases/{number}']");
        Assert.Equal(1, await overdue.CountAsync());
        Assert.Contains("quá hạn", await page.Locator("#overdue-cases").InnerTextAsync());
        // 11-dashboard is DashboardTests' (the headline figures).
        // The English switch keeps the user on the page.
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await page.WaitForSelectorAsync("html[lang='en']");
        Assert.EndsWith("/dashboard", page.Url);
        Assert.Contains("Overdue by type", await page.Locator("#overdue-by-type").InnerTextAsync());
        await BrowserHost.ShotAsync(page, "11-dashboard-en");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếng Việt" }).ClickAsync();
        await page.WaitForSelectorAsync("html[lang='vi']");

        await overdue.ClickAsync();
        await page.WaitForURLAsync("**/cases/" + number);
        Assert.Contains("quá hạn", await page.Locator(".deadline[data-deadline='acceptance'] .countdown").InnerTextAsync());
        await BrowserHost.ShotAsync(page, "12-overdue-case");
    }

    [Fact]
    public async Task Admin_seeds_edits_and_deletes_holidays()
    {
        var admin = await host.UserAsync("Quản trị viên", Roles.Admin);
        var page = await host.SignInAsync(admin);
        // Seeding and deleting ask first (confirm.js): accepting the dialog sends confirm=yes.
        string? asked = null;
        page.Dialog += async (_, dialog) => { asked = dialog.Message; await dialog.AcceptAsync(); };
        await page.GotoAsync("/admin/holidays?Year=2027");
        await page.Locator("#seed").ClickAsync();
        await page.WaitForSelectorAsync(".flash.ok");
        Assert.Equal(1, await page.Locator("#holidays tr[data-date='2027-02-06']").CountAsync()); // Tết 2027, from HolidaySeed

        await page.GetByLabel("Ngày", new() { Exact = true }).FillAsync("2027-11-20");
        await page.GetByLabel("Tên ngày nghỉ").FillAsync("Nghỉ bù theo thông báo");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await page.WaitForSelectorAsync("#holidays tr[data-date='2027-11-20']");
        var stored = await host.Services.GetRequiredService<HolidayStore>().ListAsync(new DateOnly(2027, 11, 20), new DateOnly(2027, 11, 20));
        Assert.Equal("Nghỉ bù theo thông báo", Assert.Single(stored).Name);

        await page.Locator("#holidays tr[data-date='2027-05-01'] button").ClickAsync();
        await page.WaitForSelectorAsync(".flash.ok");
        Assert.Equal("Xóa ngày 01/05/2027 khỏi lịch nghỉ lễ? Các thời hạn đang chạy sẽ được tính lại.", asked);
        Assert.Equal(0, await page.Locator("#holidays tr[data-date='2027-05-01']").CountAsync());
        Assert.Empty(await host.Services.GetRequiredService<HolidayStore>().ListAsync(new DateOnly(2027, 5, 1), new DateOnly(2027, 5, 1)));
        await BrowserHost.ShotAsync(page, "13-admin-holidays");

        await page.GotoAsync("/admin/workflows");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('pre.mermaid')].every(p => p.querySelector('svg'))", null, new() { Timeout = 20000 });
        // Every definition is drawn: no diagram fell back to mermaid's syntax-error picture.
        Assert.Equal(await page.Locator("pre.mermaid").CountAsync(), await page.Locator("pre.mermaid svg[aria-roledescription='stateDiagram']").CountAsync());
        Assert.DoesNotContain("Syntax error", await page.Locator("main").InnerTextAsync());
        var catalog = host.Services.GetRequiredService<WorkflowCatalog>();
        Assert.Equal(catalog.All.Count(), await page.Locator("pre.mermaid").CountAsync());
        foreach (var def in catalog.All)
        {
            // The page draws the reader's diagram: names and action labels in the page's language (Vietnamese here), no ids...
            var text = WorkflowDiagram.Mermaid(def, "vi", new Incidents.Web.Ui.Localization.UiText().Word);
            var section = page.Locator($"#wf-{def.Id}-{def.Version}");
            Assert.Equal(text.TrimEnd(), (await section.Locator("details pre").TextContentAsync())!.TrimEnd());
            // ...mermaid drew it as a state diagram with every action's label, not its error picture...
            var svg = section.Locator("pre.mermaid svg");
            Assert.Equal("stateDiagram", await svg.GetAttributeAsync("aria-roledescription"));
            var drawn = await svg.TextContentAsync();
            foreach (var a in def.States.SelectMany(s => s.Actions)) Assert.Contains(a.Label.Vi.Split(' ')[0], drawn);
            // ...and mermaid's own parser accepts the text as served (it throws on a syntax error).
            Assert.True(await page.EvaluateAsync<bool>("t => mermaid.parse(t)", text), $"{def.Id} v{def.Version}");
        }
        await BrowserHost.ShotAsync(page, "14-admin-workflows");
        await page.GotoAsync("/admin/users");
        await BrowserHost.ShotAsync(page, "15-admin-users");
    }

    [Fact]
    public async Task A_handler_keeps_the_case_thread_notes_a_call_a_file_and_a_mention()
    {
        var handler = await host.UserAsync("Phạm Minh Đức", Roles.Complaints);
        var colleague = await host.UserAsync("Lý Thu Trang", Roles.Complaints);
        var number = (await host.TakeInAsync(handler, Petition("Phản ánh tiếng ồn công trình ban đêm", Ago(TimeSpan.FromDays(2)))))[0];
        var page = await host.SignInAsync(handler);
        await page.GotoAsync("/cases/" + number);

        await page.Locator("#log-kind").SelectOptionAsync("call");
        await page.Locator("#log-direction").SelectOptionAsync("in");
        await page.Locator("#log-at").FillAsync(DateTimeOffset.UtcNow.AddHours(-3).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm"));
        await page.Locator("#log-counterpart").FillAsync("Ông Tuấn, 0912 345 678");
        await page.Locator("#log-summary").FillAsync("Công dân hỏi tiến độ; hẹn trả lời trong tuần.");
        await page.Locator("#log-form button").ClickAsync();
        await page.WaitForSelectorAsync("#thread-entries li[data-kind='call']");

        await page.Locator("#note-body").FillAsync($"@{colleague.Login} nhờ chị kiểm tra giấy phép thi công của công trình.");
        await page.Locator("#note-form button").ClickAsync();
        await page.WaitForSelectorAsync("#thread-entries li[data-kind='note']");

        var pdf = Path.Combine(host.Dir, "bien-ban-kiem-tra.pdf");
        await File.WriteAllBytesAsync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray());
        await page.Locator("#upload-files").SetInputFilesAsync(pdf);
        await page.Locator("#upload-note").FillAsync("Biên bản kiểm tra hiện trường");
        await page.Locator("#upload-form button").ClickAsync();
        await page.WaitForSelectorAsync("#thread-entries li[data-kind='attachment']");
        Assert.Equal(3, await page.Locator("#thread-entries > li").CountAsync());
        Assert.Contains("Cuộc gọi điện thoại", await page.Locator("#thread-entries").InnerTextAsync());
        await page.Locator("#thread").ScrollIntoViewIfNeededAsync();
        await BrowserHost.ShotAsync(page, "16-case-thread");

        var mentioned = await host.SignInAsync(colleague);
        await mentioned.GotoAsync("/cases");
        Assert.Equal("1", (await mentioned.Locator("#mentions-unseen").InnerTextAsync()).Trim());
        await mentioned.Locator("#mentions-link").ClickAsync();
        await mentioned.WaitForURLAsync("**/mentions");
        Assert.Contains(number, await mentioned.Locator("#mentions").InnerTextAsync());
        await BrowserHost.ShotAsync(mentioned, "17-mentions");
    }
}
