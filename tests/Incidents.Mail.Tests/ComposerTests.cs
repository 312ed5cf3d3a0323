using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Mail.Escalation;
using Incidents.Mail.Outbox;
using Incidents.Storage.Escalation;
using Incidents.Storage.Outbox;

namespace Incidents.Mail.Tests;

public sealed class ComposerTests
{
    private static readonly DateTimeOffset Due = Samples.T0 + TimeSpan.FromHours(2);

    private static FiringContext Context(DeadlineStep step, IReadOnlyList<string> recipients, IReadOnlyList<string> admins) => new(
        new CaseRecord
        {
            Id = 5, Number = "TC-2026-000005", Type = "denunciation", WorkflowVersion = 1, State = "verifying",
            Title = "Tố cáo của Nguyễn Văn Bí Mật", Description = "Người tố cáo: Nguyễn Văn Bí Mật", LocalityCode = "00004",
            Channel = Channel.Post, ReceivedAt = Samples.T0, CreatedAt = Samples.T0,
        },
        "complaints", "Phường Ba Đình",
        new DeadlineRecord
        {
            Key = "resolution", Name = "Thời hạn giải quyết tố cáo", LegalBasis = "Luật Tố cáo 2018, Điều 30", Duration = "P30D",
            Unit = DurationUnit.Calendar, StartedAt = Samples.T0 - TimeSpan.FromDays(30), DueAt = Due, Steps = [step],
        },
        step, recipients, admins, Samples.T0);

    [Fact]
    public void A_warning_says_how_long_is_left_until_the_deadline_and_carries_the_step_headers_but_no_reporter()
    {
        var composer = new EscalationComposer(new MailOptions(), new WorkflowCatalog([]));
        var step = new DeadlineStep("warning", StepKinds.Warning, Samples.T0, ["assignee"]);
        var plan = composer.Plan(Context(step, ["canbo@ubnd.test"], []));

        var m = Assert.Single(plan.Messages);
        Assert.Equal(OutboxKind.Escalation, m.Kind);
        Assert.Equal(["canbo@ubnd.test"], m.Recipients);
        Assert.Equal("[TC-2026-000005] Sắp đến hạn: Thời hạn giải quyết tố cáo (còn 2 giờ)", m.Subject);
        Assert.Equal("2026-11-20T03:00:00.000Z", m.Headers![EscalationComposer.DueHeader]);
        Assert.Equal("TC-2026-000005/resolution/warning", m.Headers[EscalationComposer.StepHeader]);
        Assert.Equal("TC-2026-000005", m.ThreadKey);
        Assert.DoesNotContain("Bí Mật", m.Subject + m.BodyText + m.BodyHtml);
        Assert.Equal("escalation", plan.Event.Kind);
        Assert.Equal("warning", plan.Event.Data!["step"]);
    }

    [Fact]
    public void A_step_with_no_recipient_becomes_an_admin_notice_and_an_unrouted_history_line()
    {
        var options = new MailOptions { AdminAddresses = ["ops@ubnd.test"] };
        var composer = new EscalationComposer(options, new WorkflowCatalog([]));
        var step = new DeadlineStep("escalation.2", StepKinds.Escalation, Due + TimeSpan.FromDays(2), ["leadership"]);
        var plan = composer.Plan(Context(step, [], ["quantri@ubnd.test"]));

        var m = Assert.Single(plan.Messages);
        Assert.Equal(OutboxKind.AdminNotice, m.Kind);
        Assert.Equal(["quantri@ubnd.test", "ops@ubnd.test"], m.Recipients);
        Assert.Contains("TC-2026-000005", m.Subject);
        // The step and its recipients in words: what an administrator reads, not the policy's keys (issue #12).
        Assert.Contains("Người nhận: lãnh đạo", m.BodyText);
        Assert.Contains("Bước: chuyển cấp 2", m.BodyText);
        Assert.DoesNotContain("escalation.2", m.BodyText + m.BodyHtml);
        Assert.DoesNotContain("leadership", m.BodyText + m.BodyHtml);
        Assert.DoesNotContain("Bí Mật", m.Subject + m.BodyText + m.BodyHtml);
        Assert.Equal("escalation-unrouted", plan.Event.Kind);
        Assert.Equal("no recipient for leadership", plan.Event.Data!["error"]);
        Assert.Equal("true", plan.Event.Data["adminNotified"]);

        // With no administrator address anywhere, the history line still records the error (the host logs it too).
        var bare = new EscalationComposer(new MailOptions(), new WorkflowCatalog([])).Plan(Context(step, [], []));
        Assert.Empty(bare.Messages);
        Assert.Equal(("escalation-unrouted", "false"), (bare.Event.Kind, bare.Event.Data!["adminNotified"]));
    }

    [Fact]
    public void English_by_configuration()
    {
        var composer = new EscalationComposer(new MailOptions { Culture = MailCulture.En }, new WorkflowCatalog([]));
        var step = new DeadlineStep("breach", StepKinds.Breach, Due, ["assignee"]);
        var ctx = Context(step, ["a@ubnd.test"], []) with { Now = Due + TimeSpan.FromMinutes(90) };
        var m = Assert.Single(composer.Plan(ctx).Messages);
        Assert.Equal("[TC-2026-000005] Overdue: Thời hạn giải quyết tố cáo (1 h 30 min overdue)", m.Subject);
        Assert.Contains("Legal basis: Luật Tố cáo 2018, Điều 30", m.BodyText);
    }
}
