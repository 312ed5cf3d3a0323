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
    public void Waiting_on_the_denouncer_does_not_stop_the_acceptance_clock()
    {
        var w = New();
        Assert.True(w.Def.State("awaiting-denouncer")!.Waiting);
        w.WaitIn("awaiting-denouncer", At(2026, 11, 25, 15), At(2026, 12, 1, 11), "Cung cấp tài liệu");
        var d = w.Deadline("acceptance");
        Assert.Equal((DeadlineStatus.Running, At(2026, 12, 3), TimeSpan.Zero), (d.Status, d.DueAt, d.PausedTotal));
    }

    // Received Monday 5 October 2026, accepted Tuesday 6 October 14:00: 30 days end on Thursday 5 November.
    private static Walk Accepted(params (string, string)[] fields)
    {
        var w = new Walk("denunciation", At(2026, 10, 5, 9), In(fields));
        w.AdvanceTo(At(2026, 10, 6, 14));
        w.Do(Handler, "accept");
        Assert.Equal(At(2026, 11, 6), w.Deadline("resolution").DueAt);
        return w;
    }

    private static IReadOnlyDictionary<string, string> Decision(string number, string days) =>
        In(("decision", number), ("decision-date", "2026-10-20"), ("days", days));

    [Fact]
    public void An_ordinary_denunciation_has_no_extension_and_never_reaches_ninety_days()
    {
        var w = Accepted();
        Assert.DoesNotContain("request-extension", w.Available(Handler));
        Assert.Equal(ActionFailureKind.ConditionFailed, w.Try(Handler, "request-extension", In(("reason", "r"))).Failure!.Kind);
        Assert.Equal("P30D", w.Deadline("resolution").Duration);
    }

    [Fact]
    public void Extensions_follow_complexity_each_a_written_decision_of_at_most_thirty_days()
    {
        var w = Accepted();
        w.AdvanceTo(At(2026, 10, 20, 9));
        // Complexity is found while resolving: set with a reason, then one extension is allowed.
        var set = w.Do(Handler, "set-complexity", In(("complexity", "complex"), ("reason", "Nhiều nội dung, nhiều đối tượng")));
        Assert.Equal("complex", set.Fields!["complexity"]);
        w.Do(Handler, "request-extension", In(("reason", "Vụ việc phức tạp")));
        Assert.Equal(ActionFailureKind.Forbidden, w.Try(Handler, "approve-extension", Decision("01/QĐ-GH", "30")).Failure!.Kind);
        var tooLong = w.Try(Leader, "approve-extension", Decision("01/QĐ-GH", "31")).Failure!;
        Assert.Equal((ActionFailureKind.InvalidInput, "days"), (tooLong.Kind, tooLong.FieldErrors.Keys.Single()));
        var first = w.Do(Leader, "approve-extension", Decision("01/QĐ-GH", "30"));
        var resolution = w.Deadline("resolution");
        // 60 days from 6 October: Saturday 5 December -> close of Monday 7 December.
        Assert.Equal((1, "P60D", At(2026, 12, 8)), (resolution.ExtensionsUsed, resolution.Duration, resolution.DueAt));
        Assert.Equal(At(2026, 12, 8).ToString("O"), first.EventData["extended.resolution"]);
        Assert.Equal("01/QĐ-GH", first.EventData["input.decision"]);
        Assert.DoesNotContain("request-extension", w.Available(Handler)); // complex: one only

        // Especially complex: a second one, of the length the decision gives.
        w.Do(Leader, "set-complexity", In(("complexity", "especially-complex"), ("reason", "Liên quan nhiều cấp")));
        w.Do(Handler, "request-extension", In(("reason", "Đặc biệt phức tạp")));
        w.Do(Leader, "approve-extension", Decision("02/QĐ-GH", "20"));
        resolution = w.Deadline("resolution");
        Assert.Equal((2, "P80D", At(2026, 12, 26)), (resolution.ExtensionsUsed, resolution.Duration, resolution.DueAt));
        Assert.Equal(["warning.x2", "breach.x2", "escalation.1.x2"], resolution.Steps.Where(s => s.At > w.Clock.GetUtcNow()).Select(s => s.StepKey));
        Assert.DoesNotContain("request-extension", w.Available(Handler));
    }

    [Fact]
    public void A_pending_extension_request_can_be_withdrawn()
    {
        var w = Accepted(("complexity", "complex"));
        w.Do(Handler, "request-extension", In(("reason", "r")));
        Assert.Contains("withdraw-extension-request", w.Available(Handler));
        Assert.Equal("investigating", w.Do(Handler, "withdraw-extension-request").State);
        Assert.Equal(0, w.Deadline("resolution").ExtensionsUsed);
        Assert.Contains("request-extension", w.Available(Handler));
    }

    [Fact]
    public void A_suspension_by_decision_adds_the_whole_days_suspended_then_applies_the_rest_day_rule_once()
    {
        var w = Accepted();
        w.AdvanceTo(At(2026, 10, 12, 10));
        w.Do(Leader, "suspend", In(("decision", "05/QĐ-TĐC"), ("decision-date", "2026-10-12"), ("reason", "Chờ kết quả giám định")));
        var paused = w.Deadline("resolution");
        Assert.Equal(DeadlineStatus.Paused, paused.Status);
        Assert.Empty(DeadlineSchedule.StepsDue(w.Deadlines, At(2027, 1, 1)));
        // Resumed Monday 19 October: 7 days suspended, 5 November + 7 = Thursday 12 November.
        var clock = new DeadlineClock(Calendar.BusinessCalendar.Seeded());
        Assert.Equal(At(2026, 11, 13), clock.DueIfResumedAt(paused, At(2026, 10, 19, 15)));
        w.AdvanceTo(At(2026, 10, 19, 15));
        w.Do(Leader, "lift-suspension", In(("decision", "06/QĐ-TĐC"), ("decision-date", "2026-10-19")));
        var d = w.Deadline("resolution");
        Assert.Equal((DeadlineStatus.Running, TimeSpan.FromDays(7), At(2026, 11, 13)), (d.Status, d.PausedTotal, d.DueAt));
        Assert.Equal(At(2026, 11, 13), d.Steps.Single(s => s.Kind == StepKinds.Breach).At);
        // The recount after a calendar edit keeps the days suspended.
        Assert.Equal(At(2026, 11, 13), new WorkflowRuntime().Recompute(w.Def, w.Snapshot).Single(x => x.Key == "resolution").DueAt);
    }

    [Fact]
    public void A_suspension_lifted_the_same_day_excludes_nothing()
    {
        var w = Accepted();
        w.AdvanceTo(At(2026, 10, 12, 10));
        w.Do(Leader, "suspend", In(("decision", "05"), ("decision-date", "2026-10-12"), ("reason", "r")));
        w.AdvanceTo(At(2026, 10, 12, 14));
        w.Do(Leader, "lift-suspension", In(("decision", "06"), ("decision-date", "2026-10-12")));
        Assert.Equal(At(2026, 11, 6), w.Deadline("resolution").DueAt);
    }

    [Fact]
    public void Refusal_meets_acceptance_and_forwarding_has_its_own_five_working_days_from_receipt()
    {
        var w = New();
        w.AdvanceTo(At(2026, 11, 24, 9));
        var r = w.Do(Handler, "refuse", In(("reason", "Tố cáo nặc danh (Điều 25)")));
        Assert.Equal(("not-accepted", true), (r.State, r.Final));
        Assert.Equal(DeadlineStatus.Met, w.Deadline("acceptance").Status);

        var f = New();
        f.AdvanceTo(At(2026, 11, 26, 9));
        f.Do(Handler, "not-competent", In(("recipient", "Thanh tra thành phố")));
        Assert.Equal(DeadlineStatus.Met, f.Deadline("acceptance").Status);
        var forwarding = f.Deadline("forwarding");
        // Art. 24(1)(b): 5 working days from receipt (Monday 23 November): 24–27 and 30 November.
        Assert.Equal((At(2026, 11, 23, 9), At(2026, 12, 1), DurationUnit.Working), (forwarding.StartedAt, forwarding.DueAt, forwarding.Unit));
        Assert.Equal(ActionFailureKind.InvalidInput, f.Try(Handler, "forward", In(("recipient", "Thanh tra thành phố"))).Failure!.Kind);
        var forwarded = f.Do(Handler, "forward", In(("recipient", "Thanh tra thành phố"), ("notified-on", "2026-11-27")));
        Assert.Equal(("forwarded", "2026-11-27"), (forwarded.State, forwarded.EventData["input.notified-on"]));
        Assert.Equal(DeadlineStatus.Met, f.Deadline("forwarding").Status);
    }
}
