using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using static Incidents.Core.Tests.Shipped;

namespace Incidents.Core.Tests;

public class PetitionWalkTests
{
    // Received Friday 20 November 2026 at 09:00.
    private static Walk New() => new("petition", At(2026, 11, 20, 9));

    [Fact]
    public void Main_path_classifies_as_a_complaint_and_reclassifies_the_case()
    {
        var w = New();
        var d = w.Deadline("processing");
        // 10 working days: 23–27 November, 30 November–4 December.
        Assert.Equal(At(2026, 12, 5), d.DueAt);
        Assert.Equal(At(2026, 12, 2, 21), d.Steps.Single(s => s.Kind == StepKinds.Warning).At);

        w.AdvanceTo(At(2026, 11, 24, 9));
        var r = w.Do(Handler, "classify-complaint");
        Assert.Equal(("reclassified", true, "complaint"), (r.State, r.Final, r.ReclassifyTo));
        Assert.Equal("complaint", r.EventData["reclassifyTo"]);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("processing").Status);
    }

    [Fact]
    public void A_recommendation_is_taken_up_and_answered()
    {
        var w = New();
        w.Do(Handler, "take-up");
        Assert.Equal(DeadlineStatus.Met, w.Deadline("processing").Status);
        var r = w.Do(Leader, "answer", In(("answer", "Đã chuyển Sở Xây dựng")));
        Assert.Equal(("answered", (string?)null), (r.State, r.ReclassifyTo));
    }

    [Fact]
    public void Rejection_returns_the_petition_with_guidance()
    {
        var w = New();
        var r = w.Do(Handler, "return", In(("reason", "Đơn không ký tên")));
        Assert.Equal(("returned", true), (r.State, r.Final));
        Assert.Equal(DeadlineStatus.Met, w.Deadline("processing").Status);
        Assert.Equal("denunciation", New().Do(Handler, "classify-denunciation").ReclassifyTo);
    }

    [Fact]
    public void Waiting_for_a_supplement_keeps_the_processing_clock_running()
    {
        var w = New();
        var before = w.Deadline("processing");
        w.WaitIn("awaiting-supplement", At(2026, 11, 23, 10), At(2026, 11, 26, 10), "Ký tên vào đơn");
        var d = w.Deadline("processing");
        Assert.Equal((TimeSpan.Zero, before.DueAt), (d.PausedTotal, d.DueAt));
        Assert.Equal(before.Steps.Select(s => (s.StepKey, s.At)), d.Steps.Select(s => (s.StepKey, s.At)));
    }

    [Fact]
    public void No_extension_and_a_breach_at_the_due_instant()
    {
        Assert.All(Get("petition").Deadlines, d => Assert.Null(d.Extensions));
        var w = New();
        w.AdvanceTo(At(2026, 12, 5));
        var due = DeadlineSchedule.StepsDue(w.Deadlines, w.Clock.GetUtcNow());
        Assert.Equal([("warning", At(2026, 12, 2, 21)), ("breach", At(2026, 12, 5))], due.Select(s => (s.Step.StepKey, s.Step.At)));
    }
}

public class VoterListWalkTests
{
    // Received Monday 23 November 2026 at 09:00; 5 days end on Saturday 28 -> close of Monday 30 November.
    private static Walk New() => new("voter-list-complaint", At(2026, 11, 23, 9));

    [Fact]
    public void Main_path_amends_the_list_within_five_days()
    {
        var w = New();
        Assert.Equal(
            [("warning", At(2026, 11, 27, 22, 48)), ("breach", At(2026, 12, 1)), ("escalation.1", At(2026, 12, 2))],
            w.Deadline("answer").Steps.Select(s => (s.StepKey, s.At)));
        w.AdvanceTo(At(2026, 11, 26, 9));
        Assert.Equal("answered", w.Do(Handler, "amend-list", In(("answer", "Đã bổ sung tên cử tri"))).State);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("answer").Status);
    }

    [Fact]
    public void Rejection()
    {
        var w = New();
        Assert.Equal("rejected", w.Do(Handler, "reject", In(("reason", "Quá 30 ngày kể từ ngày niêm yết"))).State);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("answer").Status);
    }

    [Fact]
    public void Waiting_on_the_citizen_does_not_stop_the_five_days_and_the_breach_comes_on_time()
    {
        var w = New();
        w.WaitIn("awaiting-citizen", At(2026, 11, 24, 9), At(2026, 11, 25, 21), "Bản sao CCCD");
        var d = w.Deadline("answer");
        Assert.Equal(At(2026, 12, 1), d.DueAt);
        w.AdvanceTo(d.DueAt);
        Assert.Contains(DeadlineSchedule.StepsDue(w.Deadlines, w.Clock.GetUtcNow()), s => s.Step.StepKey == "breach" && s.Step.At == At(2026, 12, 1));
        Assert.All(Get("voter-list-complaint").Deadlines, x => Assert.Null(x.Extensions));
    }
}

public class CandidateComplaintWalkTests
{
    private static readonly (string, string) ElectionDay = ("election-day", "2026-03-15");

    [Fact]
    public void Received_before_the_window_is_considered_with_exact_due_instants()
    {
        // Election day 24 May: resolving on 13 March is well before the Art. 61(2) cutoff.
        var w = new Walk("candidate-complaint", At(2026, 3, 2, 9), In(("election-day", "2026-05-24")));
        Assert.Empty(w.Deadlines);
        Assert.Equal(["consider"], w.Available(Handler));
        w.AdvanceTo(At(2026, 3, 2, 10));
        w.Do(Handler, "consider");
        // 10 days from Monday 2 March: Thursday 12 March closes at 24:00.
        Assert.Equal(At(2026, 3, 13), w.Deadline("resolution").DueAt);

        w.WaitIn("awaiting-citizen", At(2026, 3, 4, 9), At(2026, 3, 4, 17), "Chứng cứ");
        Assert.Equal(At(2026, 3, 13), w.Deadline("resolution").DueAt); // waiting does not stop the clock

        w.AdvanceTo(At(2026, 3, 13));
        Assert.Contains(DeadlineSchedule.StepsDue(w.Deadlines, w.Clock.GetUtcNow()), s => s.Step.Kind == StepKinds.Breach && s.Step.At == At(2026, 3, 13));
        Assert.Equal("resolved", w.Do(Leader, "resolve", In(("answer", "Không có cơ sở"))).State);
    }

    [Fact]
    public void The_last_day_before_the_window_is_4_March_for_a_15_March_election()
    {
        var w = new Walk("candidate-complaint", At(2026, 3, 4, 23, 59), In(ElectionDay));
        Assert.Equal(["consider"], w.Available(Handler));
    }

    [Fact]
    public void Inside_the_window_the_case_is_logged_and_routed_on_not_considered()
    {
        var w = new Walk("candidate-complaint", At(2026, 3, 5, 8), In(ElectionDay));
        Assert.Equal(["log-and-route"], w.Available(Handler));
        var refused = w.Try(Handler, "consider");
        Assert.Equal(ActionFailureKind.ConditionFailed, refused.Failure!.Kind);
        Assert.Contains("10 ngày trước ngày bầu cử", refused.Failure.Message);
        var r = w.Do(Handler, "log-and-route", In(("routed-to", "Ủy ban bầu cử thành phố")));
        Assert.Equal(("routed", true), (r.State, r.Final));
    }

    [Fact]
    public void Rejection_after_consideration()
    {
        var w = new Walk("candidate-complaint", At(2026, 2, 20, 9), In(ElectionDay));
        w.Do(Handler, "consider");
        Assert.Equal("rejected", w.Do(Handler, "reject", In(("reason", "Nội dung không đúng"))).State);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("resolution").Status);
        Assert.All(Get("candidate-complaint").Deadlines, x => Assert.Null(x.Extensions));
    }
}

public class ElectionResultWalkTests
{
    // Received Monday 23 March 2026 at 09:00.
    [Fact]
    public void Main_path_with_a_wait_that_does_not_stop_the_clock()
    {
        var w = new Walk("election-result-complaint", At(2026, 3, 23, 9));
        // 20 days: Sunday 12 April -> close of Monday 13 April.
        Assert.Equal(At(2026, 4, 14), w.Deadline("resolution").DueAt);
        w.AdvanceTo(At(2026, 3, 24, 10));
        w.Do(Handler, "accept");
        w.WaitIn("awaiting-citizen", At(2026, 3, 25, 10), At(2026, 3, 27, 16), "Biên bản kiểm phiếu");
        var d = w.Deadline("resolution");
        Assert.Equal(At(2026, 4, 14), d.DueAt);
        Assert.Equal(d.DueAt, d.Steps.Single(s => s.Kind == StepKinds.Breach).At);
        w.AdvanceTo(At(2026, 4, 10, 9));
        Assert.Equal("resolved", w.Do(Leader, "resolve", In(("decision", "07/QĐ-UBBC"))).State);
    }

    [Fact]
    public void The_National_Election_Council_has_30_days()
    {
        var w = new Walk("election-result-complaint", At(2026, 3, 23, 9), In(("body", "national-election-council")));
        Assert.Equal(At(2026, 4, 23), w.Deadline("resolution").DueAt);
    }

    [Fact]
    public void Rejection_of_a_late_complaint()
    {
        var w = new Walk("election-result-complaint", At(2026, 3, 23, 9));
        Assert.Equal("refused", w.Do(Handler, "refuse", In(("reason", "Quá 5 ngày kể từ ngày công bố kết quả"))).State);
        Assert.Equal(DeadlineStatus.Met, w.Deadline("resolution").Status);
        Assert.All(Get("election-result-complaint").Deadlines, x => Assert.Null(x.Extensions));
    }
}
