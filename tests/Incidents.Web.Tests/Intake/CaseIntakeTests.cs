using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Access;
using Incidents.Storage.Attachments;
using Incidents.Storage.Links;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Intake;
using Incidents.Web.Tests.Pages;
using Microsoft.Extensions.DependencyInjection;

using static Incidents.Web.Tests.Pages.PageSession;

namespace Incidents.Web.Tests.Intake;

/// <summary>CaseIntake: the one intake of the API and the pages.</summary>
public sealed class CaseIntakeTests : OwnHostTest
{
    private static IntakeRequest Request(string type) => new()
    {
        Type = type, Title = "Đơn nhiều nội dung", LocalityCode = "00004", Channel = "post", ReceivedAt = "2026-11-24T09:00:00+07:00",
        Reporter = new ReporterInput("Hoàng Văn Mật", "99 Phố Bí Mật", null, null),
    };

    private Task<UserAccount> ClerkAsync() => CreateUserAsync(_app, "clerk", "Clerk", Roles.Complaints);

    [Fact]
    public async Task A_mixed_petition_with_a_denunciation_keeps_the_identity_confidential_on_every_linked_case()
    {
        var clerk = await ClerkAsync();
        var r = await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([Request("complaint"), Request("denunciation")], [], clerk.ToActor());
        Assert.True(r.Ok);
        var queries = _app.Services.GetRequiredService<CaseQueries>();
        foreach (var n in r.Numbers) Assert.True((await queries.GetDetailAsync(n))!.ConfidentialReporter, n);
        var complaint = (await queries.GetDetailAsync(r.Numbers[0]))!;
        var links = await _app.Services.GetRequiredService<CaseLinkStore>().ListAsync(complaint.Case.Id);
        Assert.Equal(r.Numbers[1], Assert.Single(links).OtherNumber);
        // The API gives the complaint's reporter to nobody but the assignee and leadership either.
        var (client, _) = await _app.UserAsync(Roles.Complaints);
        var body = await client.GetStringAsync("/api/v1/cases/" + r.Numbers[0]);
        Assert.DoesNotContain("Hoàng Văn Mật", body);
    }

    [Fact]
    public async Task Reclassifying_one_content_of_a_mixed_petition_as_a_denunciation_hides_the_name_on_its_siblings_too()
    {
        var clerk = await ClerkAsync();
        var r = await _app.Services.GetRequiredService<CaseIntake>().TakeInAsync([Request("complaint"), Request("petition")], [], clerk.ToActor());
        Assert.True(r.Ok);
        var (client, _) = await _app.UserAsync(Roles.Complaints);
        Assert.Contains("Hoàng Văn Mật", await client.GetStringAsync("/api/v1/cases/" + r.Numbers[0]));

        var done = await _app.Services.GetRequiredService<Incidents.Web.Handling.CaseActions>().PerformAsync(r.Numbers[1], clerk.ToActor(), "classify-denunciation",
            new Dictionary<string, string>(), 1);
        Assert.Equal(Incidents.Web.Handling.CaseActionStatus.Done, done.Status);
        foreach (var n in new[] { r.Numbers[0], r.Numbers[1], done.Opened! })
            Assert.DoesNotContain("Hoàng Văn Mật", await client.GetStringAsync("/api/v1/cases/" + n));
        var found = await client.GetStringAsync("/api/v1/cases?q=" + Uri.EscapeDataString("Hoang Van Mat"));
        Assert.DoesNotContain(r.Numbers[0], found);
    }

    [Fact]
    public async Task An_attachment_that_fails_to_store_leaves_no_case_no_link_and_no_used_number()
    {
        var clerk = await ClerkAsync();
        var db = _app.Services.GetRequiredService<Storage.Database>();
        // A real database refusal on the second letter, after both cases and the first letter were written.
        await ExecAsync(db, "CREATE TRIGGER refuse_scan BEFORE INSERT ON attachments WHEN NEW.file_name = 'hong.pdf' BEGIN SELECT RAISE(ABORT, 'refused'); END");
        var desk = _app.Services.GetRequiredService<CaseIntake>();
        var pdf = "%PDF-1.4 thư"u8.ToArray();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => desk.TakeInAsync([Request("complaint"), Request("denunciation")],
            [new UploadedFile("thu.pdf", pdf), new UploadedFile("hong.pdf", pdf)], clerk.ToActor()));

        var queries = _app.Services.GetRequiredService<CaseQueries>();
        Assert.Equal(0, (await queries.ListAsync(new CaseFilter())).Total);
        Assert.Equal(0L, await CountAsync(db, "SELECT COUNT(*) FROM attachments"));
        Assert.Equal(0L, await CountAsync(db, "SELECT COUNT(*) FROM case_links"));
        Assert.Equal(0L, await CountAsync(db, "SELECT COUNT(*) FROM case_events"));

        // The numbers were not consumed: the next intake gets the first of each.
        await ExecAsync(db, "DROP TRIGGER refuse_scan");
        var ok = await desk.TakeInAsync([Request("complaint"), Request("denunciation")], [new UploadedFile("thu.pdf", pdf)], clerk.ToActor());
        Assert.Equal(["KN-2026-000001", "TC-2026-000001"], ok.Numbers);
        foreach (var n in ok.Numbers)
        {
            var id = (await queries.GetAsync(n))!.Id;
            Assert.Equal("thu.pdf", Assert.Single(await _app.Services.GetRequiredService<AttachmentStore>().ListAsync(id)).FileName);
        }
    }

    private static async Task ExecAsync(Storage.Database db, string sql)
    {
        await using var c = await db.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(Storage.Database db, string sql)
    {
        await using var c = await db.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Attachments_are_typed_by_content_and_hashed_and_a_bad_one_stores_nothing()
    {
        var clerk = await ClerkAsync();
        var desk = _app.Services.GetRequiredService<CaseIntake>();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        var bad = await desk.TakeInAsync([Request("petition")], [new UploadedFile("scan.png", png), new UploadedFile("x.pdf", "MZ\x90"u8.ToArray())], clerk.ToActor());
        Assert.False(bad.Ok);
        Assert.Contains("x.pdf", bad.Errors["attachments"][0]);
        Assert.Equal(0, (await _app.Services.GetRequiredService<CaseQueries>().ListAsync(new CaseFilter())).Total);

        var ok = await desk.TakeInAsync([Request("petition")], [new UploadedFile("scan.jpg", png)], clerk.ToActor());
        Assert.True(ok.Ok);
        var c = (await _app.Services.GetRequiredService<CaseQueries>().GetDetailAsync(ok.Numbers[0]))!;
        var file = Assert.Single(await _app.Services.GetRequiredService<AttachmentStore>().ListAsync(c.Case.Id));
        Assert.Equal("image/png", file.ContentType); // the name says jpg, the bytes say png
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), file.Sha256);
    }
}
