using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using static Incidents.Core.Tests.Shipped;

namespace Incidents.Core.Tests;

public class SecurityIncidentWalkTests
{
    // Reported on Sunday 22 November 2026 at 22:00: incident targets are elapsed time, weekends included.
    private static Walk New(string severity) => new("security-incident", At(2026, 11, 22, 22), severity: severity);

    [Theory]
    [InlineData("critical", 5, 60)]
    [InlineData("high", 15, 240)]
    [InlineData("medium", 60, 1440)]
    [InlineData("low", 240, 4320)]
    public void Severity_selects_acknowledge_and_resolve_targets(string severity, int ackMinutes, int resolveMinutes)
    {
        var w = New(severity);
        Assert.Equal(At(2026, 11, 22, 22).AddMinutes(ackMinutes), w.Deadline("acknowledge").DueAt);
        Assert.Equal(At(2026, 11, 22, 22).AddMinutes(resolveMinutes), w.Deadline("resolve").DueAt);
    }

    [Fact]
    public void Main_path_high_with_exact_steps()
    {
        var w = New("high");
        Assert.Equal(
            [("warning", At(2026, 11, 22, 22, 7).AddSeconds(30), "assignee"), ("breach", At(2026, 11, 22, 22, 15), "assignee,team-lead")],
            w.Deadline("acknowledge").Steps.Select(s => (s.StepKey, s.At, string.Join(",", s.Recipients))));
        Assert.Equal(
            [("warning", At(2026, 11, 23, 1), "assignee"), ("breach", At(2026, 11, 23, 2), "assignee,team-lead,leadership"), ("escalation.1", At(2026, 11, 23, 3), "admin")],
            w.Deadline("resolve").Steps.Select(s => (s.StepKey, s.At, string.Join(",", s.Recipients))));

        w.AdvanceTo(At(2026, 11, 22, 22, 10));
        w.Do(Analyst, "acknowledge");
        Assert.Equal(DeadlineStatus.Met, w.Deadline("acknowledge").Status);
        w.AdvanceTo(At(2026, 11, 23, 1, 30));
        var r = w.Do(Analyst, "resolve", In(("summary", "Đã chặn địa chỉ IP")));
        Assert.Equal(("resolved", true), (r.State, r.Final));
        Assert.Equal(DeadlineStatus.Met, w.Deadline("resolve").Status);
    }

    [Fact]
    public void A_critical_incident_reaches_leadership_from_the_first_breach()
    {
        var w = New("critical");
        var ack = w.Deadline("acknowledge");
        Assert.Equal(At(2026, 11, 22, 22, 5), ack.DueAt);
        Assert.Equal(["assignee", "team-lead", "leadership"], ack.Steps.Single(s => s.Kind == StepKinds.Breach).Recipients);
        Assert.Equal(["assignee", "leadership"], w.Deadline("resolve").Steps.Single(s => s.Kind == StepKinds.Warning).Recipients);

        w.AdvanceTo(At(2026, 11, 22, 22, 5));
        var due = DeadlineSchedule.StepsDue(w.Deadlines, w.Clock.GetUtcNow());
        Assert.Equal([("acknowledge", "warning"), ("acknowledge", "breach")], due.Select(s => (s.DeadlineKey, s.Step.StepKey)));
        Assert.Equal(At(2026, 11, 22, 22, 5), due[1].Step.At);
    }

    [Fact]
    public void Rejection_dismisses_and_cancels_both_clocks()
    {
        var w = New("medium");
        var r = w.Do(Analyst, "dismiss", In(("reason", "Cảnh báo nhầm")));
        Assert.Equal("dismissed", r.State);
        Assert.All(w.Deadlines, d => Assert.Equal(DeadlineStatus.Cancelled, d.Status));
        Assert.Empty(DeadlineSchedule.StepsDue(w.Deadlines, At(2027, 1, 1)));
    }

    [Fact]
    public void Pause_then_an_extension_by_leadership_then_a_breach()
    {
        var w = New("high");
        w.AdvanceTo(At(2026, 11, 22, 22, 10));
        w.Do(Analyst, "acknowledge");
        w.AdvanceTo(At(2026, 11, 22, 23));
        w.Do(Analyst, "await-reporter", In(("request", "Gửi nhật ký máy chủ")));
        Assert.Equal(DeadlineStatus.Paused, w.Deadline("resolve").Status);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("acknowledge").Status); // a met clock is not paused
        w.AdvanceTo(At(2026, 11, 22, 23, 40));
        w.Do(Analyst, "reporter-replied");
        var resolve = w.Deadline("resolve");
        Assert.Equal(At(2026, 11, 23, 2) + TimeSpan.FromMinutes(40), resolve.DueAt);
        Assert.Equal(
            [("warning", At(2026, 11, 23, 1, 40)), ("breach", At(2026, 11, 23, 2, 40)), ("escalation.1", At(2026, 11, 23, 3, 40))],
            resolve.Steps.Select(s => (s.StepKey, s.At)));

        w.AdvanceTo(At(2026, 11, 23, 1, 30));
        Assert.Equal(ActionFailureKind.Forbidden, w.Try(Analyst, "extend-resolve", In(("reason", "Cần thêm thời gian"))).Failure!.Kind);
        var ext = w.Do(Leader, "extend-resolve", In(("reason", "Sự cố lan rộng")));
        Assert.Equal("investigating", ext.State);
        resolve = w.Deadline("resolve");
        Assert.Equal("PT8H", resolve.Duration);
        Assert.Equal(At(2026, 11, 23, 6, 40), resolve.DueAt);
        Assert.Equal(
            [("warning.x1", At(2026, 11, 23, 4, 40)), ("breach.x1", At(2026, 11, 23, 6, 40)), ("escalation.1.x1", At(2026, 11, 23, 7, 40))],
            resolve.Steps.Select(s => (s.StepKey, s.At)));

        w.AdvanceTo(At(2026, 11, 23, 6, 40));
        var breach = Assert.Single(DeadlineSchedule.StepsDue(w.Deadlines, w.Clock.GetUtcNow()), s => s.Step.Kind == StepKinds.Breach);
        Assert.Equal(("resolve", "breach.x1", At(2026, 11, 23, 6, 40)), (breach.DeadlineKey, breach.Step.StepKey, breach.Step.At));
    }
    [Fact]
    public void Escalating_hands_the_incident_to_leadership_and_keeps_the_resolve_clock_running()
    {
        var w = New("high");
        w.Do(Analyst, "acknowledge");
        Assert.Equal(ActionFailureKind.InvalidInput, w.Try(Analyst, "escalate").Failure!.Kind); // a reason is required

        w.AdvanceTo(At(2026, 11, 22, 23));
        Assert.Equal("escalated", w.Do(Analyst, "escalate", In(("reason", "Ảnh hưởng nhiều điểm bỏ phiếu"))).State);
        Assert.Equal(DeadlineStatus.Running, w.Deadline("resolve").Status);
        Assert.Equal(At(2026, 11, 23, 2), w.Deadline("resolve").DueAt);
        Assert.Contains("resolve", w.Available(Leader));
        Assert.Contains("return", w.Available(Leader));

        w.AdvanceTo(At(2026, 11, 23, 1));
        var r = w.Do(Leader, "resolve", In(("summary", "Đã điều lực lượng hỗ trợ")));
        Assert.Equal(("resolved", true), (r.State, r.Final));
        Assert.Equal(DeadlineStatus.Met, w.Deadline("resolve").Status);
    }
}
