using System.Globalization;
using System.Text;
using Hangfire;
using Incidents.Core.Calendar;
using Incidents.Core.Notifications;
using Incidents.Mail.Outbox;
using Incidents.Storage;
using Incidents.Storage.Access;
using Incidents.Storage.Notifications;
using Incidents.Storage.Outbox;
using Incidents.Web.Escalation;
using Incidents.Web.Hosting;

namespace Incidents.Web.Notifications;

/// <summary>Incidents:Notifications. DigestAt: the Vietnam local time of day at which each user's daily digest goes out.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Incidents:Notifications";

    public TimeOnly DigestAt { get; set; } = new(7, 0);

    public IReadOnlyList<string> Problems() => [];
}

/// <summary>
/// The daily digest of each user's digest-mode notifications. Hangfire only wakes it (every few minutes); the database
/// decides: once the Vietnam clock has passed DigestAt, each user with notifications not yet mailed gets one email for the
/// day (its Message-Id derives from the user and the date, so two hosts or two runs make one), and the notifications it
/// lists are marked mailed in the transaction of its outbox row, so each is in exactly one digest. What arrives after
/// today's digest waits for tomorrow's.
/// </summary>
public sealed class NotificationDigestJob(NotificationStore store, OutboxStore outbox, UserStore users, Database db, Notifier notifier,
    NotificationOptions options, TimeProvider time, ILogger<NotificationDigestJob> log)
{
    public const string JobId = "notification-digest";

    public string MessageIdFor(long userId, DateOnly vietnamDate) => string.Create(CultureInfo.InvariantCulture,
        $"<notification-digest-{userId}-{vietnamDate:yyyy-MM-dd}@{outbox.MessageIdDomain}>");

    /// <summary>Enqueues the digests due now; returns how many were enqueued.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, BusinessCalendar.Zone);
        if (TimeOnly.FromDateTime(local.DateTime) < options.DigestAt) return 0;
        var today = DateOnly.FromDateTime(local.DateTime);
        var sent = 0;
        foreach (var userId in await store.DigestUsersAsync(ct))
        {
            if (await users.FindByIdAsync(userId, ct) is not { IsActive: true, Email: { Length: > 0 } email }) continue;
            var messageId = MessageIdFor(userId, today);
            if (await outbox.ExistsAsync(messageId, ct)) continue;
            var enqueued = await db.WriteAsync(async (c, tx) =>
            {
                var pending = await store.DigestPendingAsync(c, tx, userId, ct);
                if (pending.Count == 0) return false;
                var message = new OutboxMessage(OutboxKind.Notification, [email],
                    $"Thông báo trong ngày {today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)} / Daily notifications ({pending.Count})",
                    Body(pending), MessageId: messageId);
                if (await outbox.TryEnqueueAsync(c, tx, message, now, ct) is null) return false;
                foreach (var n in pending) await store.MarkMailedAsync(c, tx, n.Id, messageId, ct);
                return true;
            }, ct);
            if (enqueued) sent++;
        }
        if (sent > 0) log.LogInformation("{Count} notification digests enqueued for {Date}", sent, today);
        return sent;
    }

    private string Body(IReadOnlyList<Notification> items)
    {
        var vi = new StringBuilder("Các thông báo của bạn kể từ thư tổng hợp trước:\n\n");
        var en = new StringBuilder("Your notifications since the previous digest:\n\n");
        foreach (var n in items)
        {
            var line = NotificationText.Line(n.Kind, n.CaseNumber, n.Data);
            var (type, state) = notifier.Words(n.CaseType, n.WorkflowVersion, n.CaseState);
            var link = notifier.Link(n.CaseNumber, n.Data);
            vi.Append("- ").Append(line.Vi).Append(" (").Append(type.Vi).Append(" · ").Append(state.Vi).Append(")\n  ").Append(link).Append('\n');
            en.Append("- ").Append(line.En).Append(" (").Append(type.En).Append(" · ").Append(state.En).Append(")\n  ").Append(link).Append('\n');
        }
        return vi.Append('\n').Append(en).ToString();
    }
}

/// <summary>Registers the digest's wake-up with the other recurring jobs (not when a test drives the jobs itself).</summary>
public sealed class NotificationStartup(IRecurringJobManager recurring, EscalationOptions escalation) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        if (escalation.RecurringJobs)
            recurring.AddOrUpdate<NotificationDigestJob>(NotificationDigestJob.JobId, j => j.RunAsync(CancellationToken.None), "*/5 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
