using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using static Incidents.Core.Tests.Shipped;

namespace Incidents.Core.Tests;

public class DenunciationWalkTests
{
    // Received Monday 23 November 2026 at 09:00.
    private static Walk New(params (string, string)[] fields) => new("denunciation", At(2026, 11, 23, 9), In(fields));

    [Fact]
    public void The_reporter_is_confidential_and_acceptance_counts_working_days()
    {
        Assert.True(Get("denunciation").ConfidentialReporter);
        var w = New();
        var acceptance = w.Deadline("acceptance");
        Assert.Equal(DurationUnit.Working, acceptance.Unit);
        // 7 working days after Monday 23: 24–27 November, 30 November, 1 and 2 December.
        Assert.Equal(At(2026, 12, 3), acceptance.DueAt);
        // The warning comes at 80 % of the working time allowed (183 h): Tuesday 1 December 11:24.
        Assert.Equal(At(2026, 12, 1, 11, 24), acceptance.Steps.Single(s => s.Kind == StepKinds.Warning).At);

        // Checks in several places: 10 working days.
        Assert.Equal(At(2026, 12, 8), New(("several-places", "true")).Deadline("acceptance").DueAt);
    }

    [Fact]
    public void Pause_on_a_working_day_deadline_excludes_only_the_working_time_paused()
    {
        var w = New();
        w.WaitIn("awaiting-denouncer", At(2026, 11, 25, 15), At(2026, 12, 1, 11), "Cung cấp tài liệu");
        var d = w.Deadline("acceptance");
        // Paused Wednesday 25 15:00 to Tuesday 1 December 11:00: 9 + 24 + 24 + 24 + 11 = 92 working hours (the weekend
        // does not count). The 129 working hours left at the pause, counted again from the resume, end on
        // Tuesday 8 December at 20:00.
        Assert.Equal(TimeSpan.FromHours(92), d.PausedTotal);
        Assert.Equal(At(2026, 12, 8, 20), d.DueAt);
        // The same statement in working time: left at the pause = counted from the resume.
        var cal = Calendar.BusinessCalendar.Seeded();
        Assert.Equal(cal.WorkingTime(At(2026, 11, 25, 15), At(2026, 12, 3)), cal.WorkingTime(At(2026, 12, 1, 11), d.DueAt));
        Assert.Equal(
            [("warning", At(2026, 12, 7, 7, 24)), ("breach", At(2026, 12, 8, 20)), ("escalation.1", At(2026, 12, 10, 20))],
            d.Steps.Select(s => (s.StepKey, s.At)));
    }

    [Fact]
    public void Two_extensions_approved_by_leadership_then_no_more_and_a_breach()
    {
        var w = New();
        w.AdvanceTo(At(2026, 12, 1, 14));
        w.Do(Handler, "accept");
        var resolution = w.Deadline("resolution");
        Assert.Equal(At(2027, 1, 1), resolution.DueAt); // 30 days: Thursday 31 December closes at 24:00
        Assert.Equal(
            [("warning", At(2026, 12, 25, 22)), ("breach", At(2027, 1, 1)), ("escalation.1", At(2027, 1, 3))],
            resolution.Steps.Select(s => (s.StepKey, s.At)));

        w.AdvanceTo(At(2026, 12, 20, 10));
        w.Do(Handler, "request-extension", In(("reason", "Vụ việc phức tạp")));
        var notLeader = w.Try(Handler, "approve-extension", In(("decision", "01/QĐ-GH")));
        Assert.Equal(ActionFailureKind.Forbidden, notLeader.Failure!.Kind);
        var first = w.Do(Leader, "approve-extension", In(("decision", "01/QĐ-GH")));
        Assert.Equal("investigating", first.State);
        resolution = w.Deadline("resolution");
        Assert.Equal(1, resolution.ExtensionsUsed);
        Assert.Equal("P60D", resolution.Duration);
        // 60 days from 1 December: Saturday 30 January 2027 -> close of Monday 1 February.
        Assert.Equal(At(2027, 2, 2), resolution.DueAt);
        Assert.Equal(
            [("warning.x1", At(2027, 1, 20, 12, 24)), ("breach.x1", At(2027, 2, 2)), ("escalation.1.x1", At(2027, 2, 4))],
            resolution.Steps.Select(s => (s.StepKey, s.At)));
        Assert.Equal(At(2027, 2, 2).ToString("O"), first.EventData["extended.resolution"]);

        // The second extension comes after the warning went out: that step stays as it was.
        w.AdvanceTo(At(2027, 1, 25, 9));
        w.Do(Handler, "request-extension", In(("reason", "Đặc biệt phức tạp")));
        w.Do(Leader, "approve-extension", In(("decision", "02/QĐ-GH")));
        resolution = w.Deadline("resolution");
        Assert.Equal(At(2027, 3, 2), resolution.DueAt); // 90 days: Monday 1 March closes at 24:00
        Assert.Equal(
            [("warning.x1", At(2027, 1, 20, 12, 24)), ("warning.x2", At(2027, 2, 11, 22)), ("breach.x2", At(2027, 3, 2)), ("escalation.1.x2", At(2027, 3, 4))],
            resolution.Steps.Select(s => (s.StepKey, s.At)));

        // A third is refused by its guard; leadership can still deny.
        w.AdvanceTo(At(2027, 2, 20, 9));
        w.Do(Handler, "request-extension", In(("reason", "Lần ba")));
        Assert.Equal(["deny-extension"], w.Available(Leader));
        var third = w.Try(Leader, "approve-extension", In(("decision", "03/QĐ-GH")));
        Assert.Equal(ActionFailureKind.ConditionFailed, third.Failure!.Kind);
        w.Do(Leader, "deny-extension", In(("reason", "Đã hết số lần gia hạn")));
        Assert.Equal(2, w.Deadline("resolution").ExtensionsUsed);

        // Breach: due at exactly 2 March 2027 00:00.
        Assert.DoesNotContain(DeadlineSchedule.StepsDue(w.Deadlines, At(2027, 3, 2).AddTicks(-1)), s => s.Step.Kind == StepKinds.Breach);
        w.AdvanceTo(At(2027, 3, 2));
        var breach = Assert.Single(DeadlineSchedule.StepsDue(w.Deadlines, w.Clock.GetUtcNow()), s => s.Step.Kind == StepKinds.Breach);
        Assert.Equal(("breach.x2", At(2027, 3, 2)), (breach.Step.StepKey, breach.Step.At));

        w.Do(Leader, "conclude", In(("conclusion", "05/KL")));
        Assert.Equal(DeadlineStatus.Met, w.Deadline("resolution").Status);
        Assert.Empty(DeadlineSchedule.StepsDue(w.Deadlines, At(2030, 1, 1)));
    }

    [Fact]
    public void Rejection_and_forwarding_close_the_case_and_meet_acceptance()
    {
        var w = New();
        w.AdvanceTo(At(2026, 11, 24, 9));
        var r = w.Do(Handler, "refuse", In(("reason", "Tố cáo nặc danh (Điều 25)")));
        Assert.Equal(("not-accepted", true), (r.State, r.Final));
        Assert.Equal(DeadlineStatus.Met, w.Deadline("acceptance").Status);

        var f = New();
        var forwarded = f.Do(Handler, "forward", In(("recipient", "Thanh tra thành phố")));
        Assert.Equal("forwarded", forwarded.State);
        Assert.Equal("Thanh tra thành phố", forwarded.EventData["input.recipient"]);
    }
}
