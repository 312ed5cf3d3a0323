using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Workflows;
using Incidents.Mail;
using Incidents.Mail.Outbox;
using Incidents.Storage.Cases;
using Incidents.Storage.Escalation;
using Incidents.Storage.Handling;
using Incidents.Storage.Outbox;
using Incidents.Storage.Triage;
using Incidents.Web.Deadlines;
using Incidents.Web.Escalation;

namespace Incidents.Web.Handling;

/// <summary>
/// Moves nobody performs (a state's enteredAt): from the start of the day a case field gives, open cases received
/// before it enter the state, with a history event and one email to leadership, both in the transaction that changes
/// the case under its row version. Candidate complaints still open 10 days before election day go to "awaiting
/// hand-over after the election" (Election Law Art. 61(2), 61(4)). It runs every minute and at startup, so a host that
/// was down at the cutoff catches up; with two hosts the row version lets one win, and the email's Message-Id
/// (derived from the case, the state and the day) keeps a second one out even so.
/// </summary>
public sealed class AutomaticMoveJob(Workflows.WorkflowVersions workflows, CaseQueries queries, CaseUpdateStore updates, OutboxStore outbox,
    DigestQueries leaders, EscalationOptions options, MailOptions mail, OutboxPump pump, DeadlineScheduler scheduler, TimeProvider time,
    ILogger<AutomaticMoveJob> log)
{
    public const string JobId = "automatic-moves";
    // One run at a time in a host (startup catch-up and the minutely job may overlap); other hosts race on the row version.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Moves every open case whose automatic move is due; returns how many this run moved.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var moved = 0;
            // Only the states a move leaves from: cases already moved (or elsewhere) are not read again every minute.
            var catalog = workflows.Catalog;
            var from = catalog.All.SelectMany(d => d.States.Where(s => s.EnteredAt is not null).SelectMany(s => s.EnteredAt!.From.Select(f => (d.Id, State: f))))
                .GroupBy(x => x.Id, x => x.State);
            foreach (var type in from)
                foreach (var number in await queries.OpenCaseNumbersAsync(type.Key, [.. type.Distinct()], ct))
                {
                    try
                    {
                        if (await MoveAsync(number, now, ct)) moved++;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // One bad case must not hold up the others; the next run tries it again.
                        log.LogError(e, "Automatic move of {Case} failed", number);
                    }
                }
            return moved;
        }
        finally
        {
            _gate.Release();
        }
    }

    public string MessageIdFor(string number, string state, DateTimeOffset at) =>
        $"<auto-{number}-{state}-{BusinessCalendar.LocalDate(at).ToString("yyyyMMdd", CultureInfo.InvariantCulture)}@{outbox.MessageIdDomain}>";

    private async Task<bool> MoveAsync(string number, DateTimeOffset now, CancellationToken ct)
    {
        var d = await queries.GetDetailAsync(number, ct);
        if (d is null || workflows.Catalog.Get(d.Case.Type, d.Case.WorkflowVersion) is not { } def) return false;
        if (AutomaticEntries.Next(def, d.Case) is not { } move || move.At > now) return false;

        var r = AutomaticEntries.Enter(def, new CaseSnapshot(d.Case, d.Deadlines), move, now);
        var data = new Dictionary<string, string>(r.EventData) { ["workflowVersion"] = def.Version.ToString(CultureInfo.InvariantCulture) };
        var update = new CaseUpdate(d.Case.Id, d.Case.RowVersion, r.State, r.Deadlines,
            new NewCaseEvent(now, null, AutomaticEntries.EventKind, null, r.FromState, r.State, data), r.Final ? now : null);

        var recipients = await RecipientsAsync(ct);
        var message = recipients.Count == 0 ? null : Compose(def, d.Case, move, recipients);
        var written = await updates.UpdateAsync(update, async (c, tx, token) =>
        {
            if (message is not null) await outbox.TryEnqueueAsync(c, tx, message, now, token);
        }, ct);
        if (written.Status != UpdateStatus.Updated) return false; // another host (or a handler) changed the case first
        scheduler.Arm(d.Case.Id, r.Deadlines);
        if (message is null)
            log.LogWarning("{Case} moved to {State} with no leadership address to tell (users with role leadership and an email, or Incidents:Escalation:Recipients:leadership)",
                number, r.State);
        else pump.Nudge();
        log.LogInformation("{Case} moved by itself: {From} -> {To} (due {At:O})", number, r.FromState, r.State, move.At);
        return true;
    }

    private async Task<IReadOnlyList<string>> RecipientsAsync(CancellationToken ct) =>
        [.. (await leaders.LeadershipAddressesAsync(ct))
            .Concat(options.Recipients.TryGetValue(Roles.Leadership, out var extra) ? extra : [])
            .Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase)];

    private OutboxMessage Compose(WorkflowDefinition def, Core.Cases.CaseRecord c, AutomaticMove move, IReadOnlyList<string> to)
    {
        var from = def.State(c.State)!.Name;
        var state = move.State.Name;
        var reason = move.State.EnteredAt!.Reason;
        var day = BusinessCalendar.LocalDate(move.At).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        var link = $"{mail.BaseUrl.TrimEnd('/')}/cases/{Uri.EscapeDataString(c.Number)}";
        var body = $"""
            Hồ sơ {c.Number} ({def.Name.Vi}): {c.Title}
            Từ ngày {day}, hồ sơ tự động chuyển từ "{from.Vi}" sang "{state.Vi}".
            {reason.Vi}
            {link}

            Case {c.Number} ({def.Name.En}): {c.Title}
            From {day} the case moved by itself from "{from.En}" to "{state.En}".
            {reason.En}
            {link}
            """;
        return new OutboxMessage(OutboxKind.Escalation, to, $"[{c.Number}] {state.Vi} / {state.En}", body, CaseId: c.Id,
            ThreadKey: c.Number, Headers: new Dictionary<string, string> { ["X-Incidents-Step"] = $"automatic.{move.State.Id}" },
            MessageId: MessageIdFor(c.Number, move.State.Id, move.At));
    }
}
