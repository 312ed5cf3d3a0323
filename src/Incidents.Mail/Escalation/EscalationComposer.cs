using System.Globalization;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Mail.Outbox;

namespace Incidents.Mail.Escalation;

/// <summary>
/// Turns a firing step into its outbox rows and history line: the escalation email to the resolved recipients, or, when
/// nobody could be resolved, an admin notice (and an "escalation-unrouted" history line). Display names come from the
/// case's pinned workflow version, in the configured culture. Nothing about the reporter is read or written. The catalog
/// is read when a step fires, not when the composer is built: the host loads it in its start-up step.
/// </summary>
public sealed class EscalationComposer(MailOptions options, Func<WorkflowCatalog> catalogNow)
{
    public EscalationComposer(MailOptions options, WorkflowCatalog catalog) : this(options, () => catalog) { }

    public const string DueHeader = "X-Incidents-Due";
    public const string StepHeader = "X-Incidents-Step";

    private readonly MailTemplates _templates = new(options);
    private readonly string _culture = options.Culture == MailCulture.En ? "en" : "vi";

    /// <summary>The step's instant as carried in X-Incidents-Due: ISO 8601, UTC, milliseconds.</summary>
    public static string DueValue(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public FiringPlan Plan(FiringContext f)
    {
        var catalog = catalogNow();
        var def = catalog.Get(f.Case.Type, f.Case.WorkflowVersion) ?? catalog.Current(f.Case.Type);
        var deadlineDef = def?.Deadline(f.Deadline.Key);
        var kind = f.Step.Kind switch
        {
            StepKinds.Warning => NoticeKind.Warning,
            StepKinds.Breach => NoticeKind.Breach,
            _ => NoticeKind.Escalation,
        };
        var notice = new EscalationNotice(
            f.Case.Number,
            def?.Name.In(_culture) ?? f.Case.Type,
            f.LocalityName,
            def?.State(f.Case.State)?.Name.In(_culture) ?? f.Case.State,
            deadlineDef?.Name.In(_culture) ?? f.Deadline.Name,
            deadlineDef?.LegalBasis.In(_culture) ?? f.Deadline.LegalBasis,
            f.Deadline.DueAt, // the mail shows the deadline and how late it is; the step's own instant goes in X-Incidents-Due
            kind,
            Level(f.Step.StepKey));
        var headers = new Dictionary<string, string>
        {
            [DueHeader] = DueValue(f.Step.At),
            [StepHeader] = $"{f.Case.Number}/{f.Deadline.Key}/{f.Step.StepKey}",
        };
        var data = new Dictionary<string, string>
        {
            ["deadline"] = f.Deadline.Key,
            ["step"] = f.Step.StepKey,
            ["kind"] = f.Step.Kind,
            ["dueAt"] = DueValue(f.Step.At),
            ["recipients"] = string.Join(',', f.Recipients),
        };

        if (f.Recipients.Count > 0)
        {
            var message = _templates.EscalationMessage(notice, f.Case.Id, f.Recipients, f.Now) with { Headers = headers };
            return new FiringPlan([message], new FiringEvent("escalation", data));
        }

        // No recipient: an error the administrators see, in their mailbox and in the case history.
        var admins = f.AdminAddresses.Concat(options.AdminAddresses).Where(a => !string.IsNullOrWhiteSpace(a))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        data["error"] = "no recipient for " + (f.Step.Recipients.Count == 0 ? "(none named)" : string.Join(',', f.Step.Recipients));
        data["adminNotified"] = admins.Count > 0 ? "true" : "false";
        var mail = _templates.Unrouted(notice, f.Step.StepKey, f.Step.Recipients, f.Now);
        IReadOnlyList<OutboxMessage> messages = admins.Count == 0
            ? []
            : [new OutboxMessage(OutboxKind.AdminNotice, admins, mail.Subject, mail.Text, mail.Html, f.Case.Id, f.Case.Number, headers)];
        return new FiringPlan(messages, new FiringEvent("escalation-unrouted", data));
    }

    /// <summary>"escalation.2" and "escalation.2.x1" are level 2; other steps have no level.</summary>
    private static int Level(string stepKey)
    {
        var parts = stepKey.Split('.');
        return parts.Length >= 2 && parts[0] == StepKinds.Escalation && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var n) ? n : 0;
    }
}
