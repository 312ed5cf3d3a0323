using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Mail;
using Incidents.Mail.Escalation;
using Incidents.Mail.Outbox;
using Incidents.Storage;
using Incidents.Storage.Escalation;
using Incidents.Storage.Outbox;

namespace Incidents.Web.Escalation;

/// <summary>
/// The daily leadership digest, run by Hangfire at 07:30 Asia/Ho_Chi_Minh: overdue cases, cases due within 24 h and the
/// escalations since the previous digest. Exactly once per Vietnam date, even with two hosts: its Message-Id is derived
/// from the date and the outbox's unique index keeps the second enqueue out.
/// </summary>
public sealed class DigestJob(DigestQueries queries, OutboxStore outbox, Database db, MailOptions mail, EscalationOptions options,
    WorkflowCatalog catalog, OutboxPump pump, TimeProvider time, ILogger<DigestJob> log)
{
    public const string Cron = "30 7 * * *";

    private readonly MailTemplates _templates = new(mail);
    private readonly string _culture = mail.Culture == MailCulture.En ? "en" : "vi";

    public string MessageIdFor(DateOnly vietnamDate) =>
        $"<digest-{vietnamDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}@{outbox.MessageIdDomain}>";

    /// <summary>Enqueues today's digest unless it exists; returns its outbox id, or null when it existed or had no recipient.</summary>
    public async Task<long?> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var messageId = MessageIdFor(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Core.Calendar.BusinessCalendar.Zone).DateTime));
        if (await outbox.ExistsAsync(messageId, ct)) return null;

        var recipients = (await queries.LeadershipAddressesAsync(ct))
            .Concat(options.Recipients.TryGetValue(Roles.Leadership, out var extra) ? extra : [])
            .Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count == 0)
        {
            log.LogWarning("No leadership address for the daily digest (users with role leadership and an email, or Incidents:Escalation:Recipients:leadership)");
            return null;
        }

        var since = await outbox.LastEnqueuedAtAsync(OutboxKind.Digest, ct);
        var overdue = await queries.OverdueAsync(now, ct);
        var dueSoon = await queries.DueWithinAsync(now, TimeSpan.FromHours(24), ct);
        var escalations = await queries.EscalationsAsync(since ?? now - TimeSpan.FromDays(1), now, ct);
        var input = new DigestInput(now, since,
            overdue.Select(Line).ToList(), dueSoon.Select(Line).ToList(),
            escalations.Select(e => new DigestEscalation(e.CaseNumber, e.DeadlineName, e.Kind switch
            {
                StepKinds.Warning => NoticeKind.Warning,
                StepKinds.Breach => NoticeKind.Breach,
                _ => NoticeKind.Escalation,
            }, Level(e.StepKey), e.At)).ToList());
        var message = _templates.DigestMessage(input, recipients) with { MessageId = messageId };

        var row = await db.WriteAsync((c, tx) => outbox.TryEnqueueAsync(c, tx, message, now, ct), ct);
        if (row is not null) pump.Nudge();
        return row?.Id;
    }

    private DigestCase Line(DigestDeadline d)
    {
        var def = catalog.Get(d.Type, d.WorkflowVersion) ?? catalog.Current(d.Type);
        return new DigestCase(d.CaseNumber, def?.Name.In(_culture) ?? d.Type, d.LocalityName, def?.State(d.State)?.Name.In(_culture) ?? d.State,
            def?.Deadline(d.DeadlineKey)?.Name.In(_culture) ?? d.DeadlineName, d.DueAt);
    }

    private static int Level(string stepKey)
    {
        var parts = stepKey.Split('.');
        return parts.Length >= 2 && parts[0] == StepKinds.Escalation && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
