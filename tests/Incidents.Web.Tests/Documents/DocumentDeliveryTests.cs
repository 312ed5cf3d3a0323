using Incidents.Core.Access;
using Incidents.Core.Thread;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;
using Incidents.Testing.Smtp;
using Incidents.Web.Documents;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using static Incidents.Web.Tests.Handling.CaseApi;

namespace Incidents.Web.Tests.Documents;

/// <summary>A notice emailed to the citizen, to Debian's aiosmtpd, read back from its Maildir.</summary>
[Trait("Category", "Smtp")]
public sealed class DocumentDeliveryTests
{
    [Fact]
    public async Task A_notice_emailed_to_the_citizen_reaches_the_mailbox_once_with_the_docx_attached()
    {
        using var smtp = new AiosmtpdServer();
        await using var app = new IncidentsApp
        {
            Settings =
            {
                ["Incidents:Smtp:Host"] = smtp.Host,
                ["Incidents:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Incidents:Smtp:Security"] = "None",
                ["Incidents:Smtp:MessageIdDomain"] = "test.incidents",
            },
        };
        var complaints = await ClientAsync(app, "complaints");
        var body = NewCase("complaint", title: "Khiếu nại về thu hồi đất");
        body["reporter"]!["email"] = "an.nguyen@example.test";
        var number = (await CreateAsync(complaints, body))["number"]!.GetValue<string>();
        await OkAsync(complaints, number, "accept", 1);

        var actor = new Actor(0, "lan", new HashSet<string> { Roles.Complaints });
        var documents = app.Services.GetRequiredService<CaseDocuments>();
        var sent = await documents.EmailAsync(number, "acceptance", "vi", actor, null);
        Assert.Equal(DocumentStatus.Done, sent.Status);
        // Asked again (a second click, a second host): refused, nothing more is queued.
        Assert.Equal(DocumentStatus.AlreadyEmailed, (await documents.EmailAsync(number, "acceptance", "vi", actor, null)).Status);

        var got = await smtp.WaitForAsync(1, TimeSpan.FromSeconds(20));
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(800));
        var mail = Assert.Single(smtp.Received()).Message;
        Assert.Equal(["an.nguyen@example.test"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.StartsWith($"[{number}] Thông báo thụ lý", mail.Subject, StringComparison.Ordinal);
        Assert.Equal($"case-{number}@test.incidents", mail.InReplyTo); // a reply threads back to the case
        var attachment = Assert.Single(mail.Attachments.OfType<MimePart>());
        Assert.Equal($"{number}-acceptance.vi.docx", attachment.FileName);
        Assert.Equal(CaseDocuments.DocxType, attachment.ContentType.MimeType);
        using var content = new MemoryStream();
        await attachment.Content!.DecodeToAsync(content);
        var docx = new Docx(content.ToArray());
        Assert.Contains($"Kính gửi: {"Nguyễn Văn An"}", docx.Paragraphs);
        Assert.Contains($"hồ sơ số {number}", docx.All);

        // On the case's thread: one 'notice-out' entry holding the document, with the mail's Message-Id.
        var caseId = (await app.Services.GetRequiredService<CaseQueries>().GetAsync(number))!.Id;
        var entry = Assert.Single(await app.Services.GetRequiredService<CaseThreadStore>().ListAsync(caseId), e => e.Kind == EntryKinds.NoticeOut);
        Assert.Equal(("acceptance", $"{number}-acceptance.vi.docx", "<" + mail.MessageId + ">"), (entry.DocumentKind, entry.File?.FileName, entry.MessageId));
        var offered = Assert.Single((await documents.OfferedAsync(number, actor))!);
        Assert.NotNull(offered.Emailed);
    }

    [Fact]
    public async Task A_citizen_without_an_email_address_is_sent_nothing_and_told_why()
    {
        await using var app = new IncidentsApp();
        var complaints = await ClientAsync(app, "complaints");
        var number = (await CreateAsync(complaints, NewCase("complaint")))["number"]!.GetValue<string>();
        await OkAsync(complaints, number, "accept", 1);
        var r = await app.Services.GetRequiredService<CaseDocuments>().EmailAsync(number, "acceptance", "vi",
            new Actor(0, "lan", new HashSet<string> { Roles.Complaints }), null);
        Assert.Equal(DocumentStatus.NoEmail, r.Status);
        Assert.Contains("không để lại địa chỉ email", r.Message, StringComparison.Ordinal);
        Assert.Empty((await app.Services.GetRequiredService<Storage.Outbox.OutboxStore>().ListAsync()).Items);
    }
}
