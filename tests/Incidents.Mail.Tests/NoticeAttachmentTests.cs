using Incidents.Mail.Outbox;
using Incidents.Mail.Transport;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Incidents.Mail.Tests;

/// <summary>A notice goes out with its document attached, or not at all.</summary>
public sealed class NoticeAttachmentTests
{
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static OutboxEntry Row(long? attachmentId) => new()
    {
        Id = 7, MessageId = "<notice-KN-2026-000001-3-acceptance@ubnd.test>", Kind = OutboxKind.Notice, Recipients = ["an@example.test"],
        Subject = "[KN-2026-000001] Thông báo thụ lý", BodyText = "Kính gửi Ông/Bà", State = OutboxState.Sending, Attempts = 0,
        NextAttemptAt = Samples.T0, CreatedAt = Samples.T0, ThreadKey = "KN-2026-000001", AttachmentId = attachmentId,
        LeaseUntil = Samples.T0.AddMinutes(5),
    };

    [Fact]
    public void A_notice_carries_its_document_with_its_name_and_type_beside_the_text()
    {
        var m = OutboxMime.Build(Row(3), new MailOptions { MessageIdDomain = "ubnd.test" },
            new OutboxFile("KN-2026-000001-thông-báo.vi.docx", Docx, [1, 2, 3]));
        Assert.Equal("Kính gửi Ông/Bà", m.TextBody);
        var file = Assert.IsType<MimePart>(Assert.Single(m.Attachments));
        Assert.Equal(("KN-2026-000001-thông-báo.vi.docx", Docx), (file.FileName, file.ContentType.MimeType));
        using var content = new MemoryStream();
        file.Content!.DecodeTo(content);
        Assert.Equal([1, 2, 3], content.ToArray());
        Assert.Equal("case-KN-2026-000001@ubnd.test", m.InReplyTo);
    }

    [Fact]
    public async Task A_notice_whose_document_is_gone_is_not_sent_without_it()
    {
        var outbox = new OneRowOutbox(Row(99));
        var transport = new CountingTransport();
        var d = new OutboxDispatcher(outbox, transport, new MailOptions { MaxAttempts = 3 }, new FakeTimeProvider(Samples.T0));
        var r = await d.DispatchAsync();
        Assert.Equal((0, 1), (transport.Sent, r.Failed));
        Assert.Contains("attachment 99", outbox.Failure!.Error, StringComparison.Ordinal);
    }

    private sealed class OneRowOutbox(OutboxEntry row) : IOutbox
    {
        private bool _claimed;
        public OutboxFailure? Failure { get; private set; }

        public Task<IReadOnlyList<OutboxEntry>> ClaimDueAsync(string owner, DateTimeOffset now, TimeSpan lease, int batch, CancellationToken ct = default)
        {
            IReadOnlyList<OutboxEntry> rows = _claimed ? [] : [row with { LeaseUntil = now + lease }];
            _claimed = true;
            return Task.FromResult(rows);
        }

        public Task<int> MarkSentAsync(IReadOnlyCollection<long> ids, string owner, DateTimeOffset now, CancellationToken ct = default) =>
            Task.FromResult(ids.Count);

        public Task<OutboxState?> MarkFailedAsync(OutboxFailure failure, OutboxMessage? deadLetter, CancellationToken ct = default)
        {
            Failure = failure;
            return Task.FromResult<OutboxState?>(OutboxState.Pending);
        }

        public Task<OutboxFile?> AttachmentAsync(long attachmentId, CancellationToken ct = default) => Task.FromResult<OutboxFile?>(null);
    }

    private sealed class CountingTransport : IMailTransport, IMailSession
    {
        public int Sent { get; private set; }
        public Task<IMailSession> OpenAsync(CancellationToken ct = default) => Task.FromResult<IMailSession>(this);
        public Task SendAsync(MimeMessage message, CancellationToken ct = default) { Sent++; return Task.CompletedTask; }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
