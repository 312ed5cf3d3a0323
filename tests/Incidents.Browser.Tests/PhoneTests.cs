using Incidents.Core.Access;
using Incidents.Core.Intake;
using Microsoft.Playwright;

namespace Incidents.Browser.Tests;

/// <summary>
/// Issue #13 at 390×844 on a real host: an incident logged in at most four taps plus text, with a camera photo; the
/// officer who acknowledges an unheld incident holds it; the list and the case page checked by element positions.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PhoneTests(BrowserHost host)
{
    private const int Width = 390, Height = 844;

    private static IntakeRequest Incident(string title, string severity) => new()
    {
        Type = "security-incident", Title = title, Description = title, LocalityCode = "00004", Channel = "patrol",
        ReceivedAt = DateTimeOffset.UtcNow.AddMinutes(-1).ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
        Severity = severity,
    };

    private static async Task<LocatorBoundingBoxResult> BoxAsync(ILocator l) =>
        await l.BoundingBoxAsync() ?? throw new InvalidOperationException("not laid out: " + l);

    [Fact]
    public async Task An_officer_logs_an_incident_with_a_photo_in_four_taps_and_acknowledges_an_unheld_one_on_a_phone()
    {
        var officer = await host.UserAsync("Trần Thị Mai", Roles.Security);
        var admin = await host.UserAsync("Quản trị", Roles.Admin);
        var page = await host.SignInAsync(officer, phone: true);
        await page.GotoAsync("/incidents/new");

        var taps = 0;
        await page.GetByLabel("Nghiêm trọng").CheckAsync(); taps++;
        await page.GetByLabel("Địa bàn").FillAsync("ba dinh");
        await page.GetByLabel("Điểm bỏ phiếu hoặc địa điểm").FillAsync("Điểm bỏ phiếu số 3");
        await page.GetByLabel("Chuyện gì đã xảy ra?").FillAsync("Người lạ cố vào kho lưu phiếu bầu.");
        var photo = Path.Combine(host.Dir, "hien-truong.jpg");
        await File.WriteAllBytesAsync(photo, [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0xFF, 0xD9]);
        var camera = page.Locator("input[type=file][capture]");
        Assert.Equal("environment", await camera.GetAttributeAsync("capture"));
        await camera.SetInputFilesAsync(photo); taps++;
        await BrowserHost.ShotAsync(page, "18-phone-incident-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ghi nhận" }).ClickAsync(); taps++;

        await page.WaitForURLAsync("**/cases/SC-*");
        Assert.True(taps <= 4, $"{taps} taps");
        Assert.Equal(officer.DisplayName, (await page.Locator("#case-assignee").InnerTextAsync()).Trim()); // by name (issue #12)
        Assert.Equal("Điểm bỏ phiếu số 3", await page.Locator("#case-place").InnerTextAsync());
        Assert.Contains("hien-truong.jpg", await page.Locator("#attachments").InnerTextAsync());

        // An incident nobody holds (logged by an administrator): acknowledging it on the phone makes the officer its holder.
        var unheld = (await host.TakeInAsync(admin, Incident("Mất điện tại điểm bỏ phiếu số 5", "high")))[0];
        await page.GotoAsync("/cases/" + unheld);
        var acknowledge = page.Locator("form[data-action='acknowledge'] button");
        var button = await BoxAsync(acknowledge);
        var details = await BoxAsync(page.Locator("section[aria-labelledby='facts-h']"));
        Assert.True(button.Y + button.Height <= details.Y, $"acknowledge at {button.Y}, details at {details.Y}");
        Assert.True(button.Height >= 44, $"acknowledge is {button.Height} px tall");
        Assert.True(button.Y + button.Height <= Height, $"acknowledge ends at {button.Y + button.Height}, below the first screen");
        await BrowserHost.ShotAsync(page, "19-phone-incident-case");
        await acknowledge.ClickAsync();
        await page.WaitForSelectorAsync("#case-state[data-state='investigating']");
        Assert.Equal(officer.DisplayName, (await page.Locator("#case-assignee").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task The_incident_list_shows_three_cards_on_the_first_screen_most_severe_first_and_never_clips_one()
    {
        var officer = await host.UserAsync("Lý Văn Hùng", Roles.Security);
        await host.TakeInAsync(officer,
            Incident("Tranh cãi nhỏ trước cổng điểm bỏ phiếu số 7, đề nghị lực lượng hỗ trợ giữ trật tự", "medium"),
            Incident("Phát hiện tờ rơi lạ", "low"),
            Incident("Đe dọa tổ bầu cử tại điểm bỏ phiếu số 2", "critical"),
            Incident("Camera an ninh ngừng ghi hình", "high"));
        var page = await host.SignInAsync(officer, phone: true);
        await page.GotoAsync("/incidents");

        var cards = page.Locator("li.incident-card");
        Assert.True(await cards.CountAsync() >= 3);
        for (var i = 0; i < 3; i++)
        {
            var box = await BoxAsync(cards.Nth(i));
            Assert.True(box.Y + box.Height <= Height, $"card {i + 1} ends at {box.Y + box.Height}, below the first screen");
        }
        for (var i = 0; i < await cards.CountAsync(); i++)
        {
            var box = await BoxAsync(cards.Nth(i));
            Assert.True(box.X >= 0 && box.X + box.Width <= Width, $"card {i + 1} spans {box.X}..{box.X + box.Width}");
        }
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= Width);

        // Most severe first, said in words (and a shape), not only a colour.
        var severities = await page.Locator("li.incident-card .severity").AllInnerTextsAsync();
        Assert.Contains("Nghiêm trọng", severities[0]);
        var order = severities.Select(s => s.Contains("Nghiêm trọng") ? 0 : s.Contains("Cao") ? 1 : s.Contains("Trung bình") ? 2 : 3).ToList();
        Assert.Equal(order.Order(), order);

        // The filters wait behind one button.
        Assert.False(await page.Locator("form.filters").IsVisibleAsync());
        await page.GetByText("Bộ lọc", new() { Exact = true }).ClickAsync();
        Assert.True(await page.Locator("form.filters").IsVisibleAsync());
        await page.GetByText("Bộ lọc", new() { Exact = true }).ClickAsync();
        await BrowserHost.ShotAsync(page, "20-phone-incident-list");
    }
}
