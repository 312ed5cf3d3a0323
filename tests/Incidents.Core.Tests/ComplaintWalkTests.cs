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
        Assert.Equal(FieldProblem.Required, missing.Failure.Problems["reason"].Code);
        Assert.Equal("received", w.Case.State);

        var refused = w.Do(Handler, "refuse", In(("reason", "Quá thời hiệu khiếu nại (Điều 9)")));
        Assert.Equal("refused", refused.State);
        Assert.True(refused.Final);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("acceptance").Status);
        Assert.DoesNotContain(w.Deadlines, d => d.Key == "resolution");
    }

    [Fact]
    public void Waiting_on_the_citizen_keeps_the_statutory_clock_running()
    {
        var w = New();
        w.AdvanceTo(At(2026, 11, 25, 10));
        w.Do(Handler, "accept");
        Assert.Equal(At(2026, 12, 26), w.Deadline("resolution").DueAt);
        Assert.True(w.Def.State("awaiting-citizen")!.Waiting);
        w.AdvanceTo(At(2026, 12, 1, 14));
        w.Do(Handler, "request-awaiting-citizen", In(("request", "Bổ sung biên bản")));
        Assert.Equal(DeadlineStatus.Running, w.Deadline("resolution").Status);
        w.AdvanceTo(At(2026, 12, 4, 16, 30));
        w.Do(Handler, "resume-awaiting-citizen");
        Assert.Equal((At(2026, 12, 26), TimeSpan.Zero), (w.Deadline("resolution").DueAt, w.Deadline("resolution").PausedTotal));
        Assert.DoesNotContain(w.Def.Deadlines, d => d.Suspension?.In.Contains("awaiting-citizen") == true);
    }

    [Fact]
    public void A_suspension_awaiting_another_bodys_result_excludes_the_whole_days_suspended()
    {
        var w = New();
        w.AdvanceTo(At(2026, 11, 25, 10));
        w.Do(Handler, "accept");
        w.AdvanceTo(At(2026, 12, 1, 14));
        w.Do(Leader, "suspend", In(("decision", "12/QĐ-TĐC"), ("decision-date", "2026-12-01"), ("awaiting", "Tòa án nhân dân quận")));
        Assert.Equal(DeadlineStatus.Paused, w.Deadline("resolution").Status);
        Assert.Empty(DeadlineSchedule.StepsDue(w.Deadlines, At(2027, 6, 1))); // a suspended clock never fires
        w.AdvanceTo(At(2026, 12, 4, 16, 30));
        w.Do(Leader, "lift-suspension", In(("decision", "13/QĐ-TĐC"), ("decision-date", "2026-12-04")));
        // 3 days suspended (1 to 4 December): 25 November + 30 + 3 = Monday 28 December.
        var after = w.Deadline("resolution");
        Assert.Equal((DeadlineStatus.Running, TimeSpan.FromDays(3), At(2026, 12, 29)), (after.Status, after.PausedTotal, after.DueAt));
        Assert.Equal(after.DueAt, after.Steps.Single(s => s.StepKey == "breach").At);
    }

    [Fact]
    public void Complexity_found_while_resolving_recounts_the_limit_from_acceptance()
    {
        var w = New();
        w.AdvanceTo(At(2026, 11, 25, 10));
        w.Do(Handler, "accept");
        w.AdvanceTo(At(2026, 12, 10, 9));
        var bad = w.Try(Handler, "reassess", In(("complex", "yes"), ("remote", "false"), ("reason", "r"))).Failure!;
        Assert.Equal((ActionFailureKind.InvalidInput, "complex"), (bad.Kind, bad.FieldErrors.Keys.Single()));
        Assert.Equal(ActionFailureKind.InvalidInput, w.Try(Handler, "reassess", In(("complex", "true"), ("remote", "false"))).Failure!.Kind);
        var r = w.Do(Handler, "reassess", In(("complex", "true"), ("remote", "false"), ("reason", "Nhiều người liên quan")));
        Assert.Equal(("true", "false", "first"), (r.Fields!["complex"], r.Fields["remote"], r.Fields.GetValueOrDefault("instance", "first")));
        // 45 days from Wednesday 25 November: Saturday 9 January 2027 -> close of Monday 11 January.
        var d = w.Deadline("resolution");
        Assert.Equal(("P45D", At(2026, 11, 25, 10), At(2027, 1, 12)), (d.Duration, d.StartedAt, d.DueAt));
        Assert.Equal(At(2027, 1, 12), d.Steps.Single(s => s.StepKey == "breach").At);
    }

    [Fact]
    public void An_action_may_carry_the_day_it_really_took_effect_and_the_clocks_start_from_it()
    {
        var w = New(); // received Monday 23 November 09:00
        w.AdvanceTo(At(2026, 11, 26, 9));
        var future = w.Try(Handler, "accept", effectiveAt: At(2026, 11, 26, 10)).Failure!;
        Assert.Equal("effectiveAt", future.FieldErrors.Keys.Single());
        var r = w.Do(Handler, "accept", effectiveAt: At(2026, 11, 25, 16));
        Assert.Equal(At(2026, 11, 25, 16).ToString("O"), r.EventData["effectiveAt"]);
        Assert.Equal(At(2026, 11, 25, 16), w.Deadline("acceptance").MetAt);
        // Resolution counted from the acceptance decided on 25 November: 30 days -> Friday 25 December closes.
        Assert.Equal((At(2026, 11, 25, 16), At(2026, 12, 26)), (w.Deadline("resolution").StartedAt, w.Deadline("resolution").DueAt));
        var early = new Walk("complaint", At(2026, 11, 23, 9));
        early.AdvanceTo(At(2026, 11, 26, 9));
        var beforeLast = early.Try(Handler, "accept", effectiveAt: At(2026, 11, 23, 8), lastEventAt: At(2026, 11, 24, 12)).Failure!;
        Assert.Equal("effectiveAt", beforeLast.FieldErrors.Keys.Single());
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
