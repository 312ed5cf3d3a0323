using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Mail;
using Incidents.Mail.Outbox;
using Incidents.Storage;
using Incidents.Storage.Localities;
using Incidents.Storage.Outbox;
using Incidents.Storage.Roster;
using Incidents.Web.Escalation;

namespace Incidents.Web.Roster;

/// <summary>
/// Reminds an official on duty whose report is late (issue #13). Hangfire only wakes it (every 5 minutes); the database
/// decides who is late (SituationReportStore.LateAsync), and the Message-Id, derived from the posting and the slot, makes
/// the outbox's unique index keep a second reminder for the same slot out, whatever the number of hosts or wakes.
/// </summary>
public sealed class SitrepReminderJob(SituationReportStore reports, AdminUnitStore units, OutboxStore outbox, Database db, MailOptions mail,
    OutboxPump pump, TimeProvider time)
{
    public const string JobId = "sitrep-reminders";
    public const string Cron = "*/5 * * * *";

    public string MessageIdFor(long postingId, DateTimeOffset slot) =>
        $"<sitrep-reminder-{postingId}-{slot.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}@{outbox.MessageIdDomain}>";

    /// <summary>Enqueues the reminders due now; returns how many were new.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (slot, late) = await reports.LateAsync(now, ct);
        if (slot is not { } s || late.Count == 0) return 0;
        var names = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
        var local = TimeZoneInfo.ConvertTime(s, BusinessCalendar.Zone).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
        var baseUrl = mail.BaseUrl.TrimEnd('/');
        var created = await db.WriteAsync(async (c, tx) =>
        {
            var n = 0;
            foreach (var p in late.Where(p => !string.IsNullOrWhiteSpace(p.Email)))
            {
                var place = names.GetValueOrDefault(p.LocalityCode, p.LocalityCode);
                var body = $"""
                    Kính gửi {p.DisplayName},

                    Chưa nhận được báo cáo tình hình của {place} cho mốc {local}. Xin gửi báo cáo tại {baseUrl}/sitreps/new

                    Dear {p.DisplayName},

                    No situation report from {place} has come in for {local}. Please file it at {baseUrl}/sitreps/new
                    """;
                var message = new OutboxMessage(OutboxKind.Notification, [p.Email!.Trim()],
                    $"Nhắc báo cáo tình hình: {place}, {local} / Situation report reminder", body, MessageId: MessageIdFor(p.Id, s));
                if (await outbox.TryEnqueueAsync(c, tx, message, now, ct) is not null) n++;
            }
            return n;
        }, ct);
        if (created > 0) pump.Nudge();
        return created;
    }
}
