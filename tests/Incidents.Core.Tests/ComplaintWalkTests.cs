using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using static Incidents.Core.Tests.Shipped;

namespace Incidents.Core.Tests;

public class ComplaintWalkTests
{
    // Received Monday 23 November 2026 at 09:00 in Hanoi.
    private static Walk New(params (string, string)[] fields) => new("complaint", At(2026, 11, 23, 9), In(fields));

    [Fact]
    public void Main_path_accept_then_decide_with_exact_due_instants()
    {
        var w = New();
        var acceptance = w.Deadline("acceptance");
        // 10 days, the day of receipt not counted: the last day is Thursday 3 December, closing at 24:00.
        Assert.Equal(At(2026, 12, 4), acceptance.DueAt);
        Assert.Equal(DurationUnit.Calendar, acceptance.Unit);
        Assert.Contains("Điều 27", acceptance.LegalBasis);
        Assert.Equal(
            [("warning", At(2026, 12, 1, 21)), ("breach", At(2026, 12, 4)), ("escalation.1", At(2026, 12, 6))],
            acceptance.Steps.Select(s => (s.StepKey, s.At)));

        w.AdvanceTo(At(2026, 11, 25, 10));
        var accepted = w.Do(Handler, "accept");
        Assert.Equal("accepted", accepted.State);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("acceptance").Status);
        Assert.Equal(At(2026, 11, 25, 10), w.Deadline("acceptance").MetAt);
        // First instance, 30 days from acceptance: Friday 25 December closes at 24:00.
        Assert.Equal(At(2026, 11, 25, 10), w.Deadline("resolution").StartedAt);
        Assert.Equal(At(2026, 12, 26), w.Deadline("resolution").DueAt);

        w.AdvanceTo(At(2026, 12, 20, 9));
        var decided = w.Do(Leader, "decide", In(("outcome", "partly-upheld"), ("decision", "12/QĐ-UBND")));
        Assert.True(decided.Final);
        Assert.Equal("resolved", decided.State);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("resolution").Status);
        Assert.Equal("partly-upheld", decided.EventData["input.outcome"]);
        Assert.Equal("accepted", decided.EventData["from"]);
        Assert.Empty(w.Available(Leader));
    }

    [Theory]
    [InlineData("first", "false", "false", 30, "2026-12-26T00:00:00+07:00")]
    [InlineData("first", "true", "false", 45, "2027-01-12T00:00:00+07:00")]  // Saturday 9 January -> close of Monday 11
    [InlineData("first", "false", "true", 45, "2027-01-12T00:00:00+07:00")]
    [InlineData("first", "true", "true", 60, "2027-01-26T00:00:00+07:00")]
    [InlineData("second", "false", "false", 45, "2027-01-12T00:00:00+07:00")]
    [InlineData("second", "true", "false", 60, "2027-01-26T00:00:00+07:00")]
    [InlineData("second", "false", "true", 60, "2027-01-26T00:00:00+07:00")]
    [InlineData("second", "true", "true", 70, "2027-02-04T00:00:00+07:00")]
    public void Instance_complex_and_remote_select_the_resolution_limit(string instance, string complex, string remote, int days, string due)
    {
        var w = New(("instance", instance), ("complex", complex), ("remote", remote));
        w.AdvanceTo(At(2026, 11, 25, 10));
        w.Do(Handler, "accept");
        var d = w.Deadline("resolution");
        Assert.Equal($"P{days}D", d.Duration);
        Assert.Equal(DateTimeOffset.Parse(due), d.DueAt);
    }

    [Fact]
    public void Rejection_needs_a_reason_and_meets_the_acceptance_deadline()
    {
        var w = New();
        w.AdvanceTo(At(2026, 11, 24, 14));
        var missing = w.Try(Handler, "refuse");
        Assert.False(missing.Succeeded);
        Assert.Equal(ActionFailureKind.InvalidInput, missing.Failure!.Kind);
        Assert.Equal("is required", missing.Failure.FieldErrors["reason"]);
        Assert.Equal("received", w.Case.State);

        var refused = w.Do(Handler, "refuse", In(("reason", "Quá thời hiệu khiếu nại (Điều 9)")));
        Assert.Equal("refused", refused.State);
        Assert.True(refused.Final);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("acceptance").Status);
        Assert.DoesNotContain(w.Deadlines, d => d.Key == "resolution");
    }

    [Fact]
    public void Pause_and_resume_move_the_due_instant_by_exactly_the_paused_span()
    {
        var w = New();
        w.AdvanceTo(At(2026, 11, 25, 10));
        w.Do(Handler, "accept");
        var before = w.Deadline("resolution").DueAt;
        Assert.Equal(At(2026, 12, 26), before);

        w.AdvanceTo(At(2026, 12, 1, 14));
        w.Do(Handler, "request-awaiting-citizen", In(("request", "Bổ sung biên bản")));
        Assert.Equal(DeadlineStatus.Paused, w.Deadline("resolution").Status);
        Assert.Empty(DeadlineSchedule.StepsDue(w.Deadlines, At(2027, 6, 1))); // a paused clock never fires

        w.AdvanceTo(At(2026, 12, 4, 16, 30));
        w.Do(Handler, "resume-awaiting-citizen");
        var after = w.Deadline("resolution");
        var span = At(2026, 12, 4, 16, 30) - At(2026, 12, 1, 14);
        Assert.Equal(DeadlineStatus.Running, after.Status);
        Assert.Equal(span, after.PausedTotal);
        Assert.Equal(before + span, after.DueAt);
        Assert.Equal(At(2026, 12, 29, 2, 30), after.DueAt);
        Assert.Equal(after.DueAt, after.Steps.Single(s => s.StepKey == "breach").At);
    }

    [Fact]
    public void A_resumed_day_deadline_that_lands_in_a_weekend_ends_at_the_close_of_the_next_working_day()
    {
        var w = New();
        w.AdvanceTo(At(2026, 11, 25, 10));
        w.Do(Handler, "accept");
        w.WaitIn("awaiting-citizen", At(2026, 12, 1, 14), At(2026, 12, 2));
        // 26 December 00:00 + 10 h is Saturday 10:00; the Civil Code moves a last day on a rest day to the close of
        // Monday 28 December.
        Assert.Equal(TimeSpan.FromHours(10), w.Deadline("resolution").PausedTotal);
        Assert.Equal(At(2026, 12, 29), w.Deadline("resolution").DueAt);
    }

    [Fact]
    public void Complaints_have_no_statutory_extension()
    {
        var def = Get("complaint");
        Assert.All(def.Deadlines, d => Assert.Null(d.Extensions));
        Assert.DoesNotContain(def.States.SelectMany(s => s.Actions), a => a.Effects.Any(e => e.Kind == EffectKinds.Extend));
    }

    [Fact]
    public void Breach_step_is_due_at_exactly_the_due_instant()
    {
        var w = New();
        var due = w.Deadline("acceptance").DueAt;
        w.AdvanceTo(due.AddTicks(-1));
        Assert.DoesNotContain(DeadlineSchedule.StepsDue(w.Deadlines, w.Clock.GetUtcNow()), s => s.Step.Kind == StepKinds.Breach);
        w.AdvanceTo(At(2026, 12, 4));
        var breach = Assert.Single(DeadlineSchedule.StepsDue(w.Deadlines, w.Clock.GetUtcNow()), s => s.Step.Kind == StepKinds.Breach);
        Assert.Equal(At(2026, 12, 4), breach.Step.At);
        Assert.Equal("acceptance", breach.DeadlineKey);
        Assert.Equal(["assignee", "team-lead"], breach.Step.Recipients);
    }
}
