using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;
using static Incidents.Core.Tests.Shipped;

namespace Incidents.Core.Tests;

/// <summary>Election Law Art. 61(2), 61(4): candidate complaints stop being considered 10 days before election day (15 March 2026: from 5 March).</summary>
public class CandidateCutoffTests
{
    private static readonly (string, string) ElectionDay = ("election-day", "2026-03-15");

    private static Walk Received2March() => new("candidate-complaint", At(2026, 3, 2, 9), In(ElectionDay));

    [Fact]
    public void A_complaint_received_before_the_cutoff_cannot_be_considered_on_the_cutoff_day()
    {
        var w = Received2March();
        w.AdvanceTo(At(2026, 3, 5, 8));
        Assert.DoesNotContain("consider", w.Available(Handler));
        var refused = w.Try(Handler, "consider");
        Assert.Equal(ActionFailureKind.ConditionFailed, refused.Failure!.Kind);
        Assert.Contains("Điều 61(2)", refused.Failure.Message);
        Assert.Contains("election-day", refused.Failure.FieldErrors.Keys);
    }

    [Fact]
    public void A_complaint_received_before_the_cutoff_can_be_considered_the_day_before()
    {
        var w = Received2March();
        w.AdvanceTo(At(2026, 3, 4, 23, 59));
        Assert.Equal("considering", w.Do(Handler, "consider").State);
    }

    [Fact]
    public void Resolving_actions_are_refused_from_the_cutoff()
    {
        var w = Received2March();
        w.Do(Handler, "consider");
        w.AdvanceTo(At(2026, 3, 5));
        Assert.Equal(["request-awaiting-citizen"], w.Available(Handler));
        Assert.Equal(ActionFailureKind.ConditionFailed, w.Try(Leader, "resolve", In(("answer", "a"))).Failure!.Kind);
        Assert.Equal(ActionFailureKind.ConditionFailed, w.Try(Handler, "reject", In(("reason", "r"))).Failure!.Kind);
    }

    [Fact]
    public void With_no_election_day_a_candidate_complaint_cannot_be_considered_and_says_why()
    {
        var w = new Walk("candidate-complaint", At(2026, 3, 2, 9));
        var refused = w.Try(Handler, "consider");
        Assert.Equal(ActionFailureKind.ConditionFailed, refused.Failure!.Kind);
        Assert.Contains("Chưa cấu hình ngày bầu cử", refused.Failure.Message);
        // It can still be logged and routed on, so the letter is not stuck.
        Assert.Equal(["log-and-route"], w.Available(Handler));

        var warning = Assert.Single(CaseWarnings.For(w.Def, w.Case, BusinessCalendar.Seeded()));
        Assert.Equal("unset.election-day", warning.Code);
        Assert.Contains("No election day is configured", warning.Message.En);
        Assert.Empty(CaseWarnings.For(w.Def, Received2March().Case, BusinessCalendar.Seeded()));
    }

    [Fact]
    public void An_open_complaint_moves_to_hand_over_at_the_start_of_the_cutoff_day_and_its_clock_is_cancelled()
    {
        var w = Received2March();
        w.Do(Handler, "consider");
        var move = AutomaticEntries.Next(w.Def, w.Case)!;
        Assert.Equal(("awaiting-handover", At(2026, 3, 5)), (move.State.Id, move.At));

        w.AdvanceTo(At(2026, 3, 5, 0, 1));
        var r = AutomaticEntries.Enter(w.Def, w.Snapshot, move, w.Clock.GetUtcNow());
        Assert.Equal(("considering", "awaiting-handover", false), (r.FromState, r.State, r.Final));
        Assert.Equal(DeadlineStatus.Cancelled, r.Deadlines.Single(d => d.Key == "resolution").Status);
        Assert.Contains("61(4)", r.EventData["reason"]);
    }

    [Fact]
    public void A_letter_received_on_the_cutoff_day_is_not_handed_over_but_logged_and_routed()
    {
        var w = new Walk("candidate-complaint", At(2026, 3, 5, 9), In(ElectionDay));
        Assert.Null(AutomaticEntries.Next(w.Def, w.Case));
        Assert.Equal(["log-and-route"], w.Available(Handler));
    }

    [Fact]
    public void A_handed_over_file_goes_to_the_competent_body_only_after_election_day()
    {
        var w = Received2March();
        var move = AutomaticEntries.Next(w.Def, w.Case)!;
        var r = AutomaticEntries.Enter(w.Def, w.Snapshot, move, At(2026, 3, 5));
        var handover = Received2March();
        handover.Keep(r); // as the host stores the automatic move
        handover.AdvanceTo(At(2026, 3, 15, 20));
        Assert.Equal(ActionFailureKind.ConditionFailed, handover.Try(Handler, "hand-over", In(("handed-to", "UBBC"))).Failure!.Kind);
        handover.AdvanceTo(At(2026, 3, 16, 8));
        Assert.Equal(("handed-over", true), (handover.Do(Handler, "hand-over", In(("handed-to", "Ủy ban bầu cử thành phố"))).State, handover.Last!.Final));
    }
}

/// <summary>Election Law Art. 33: the 5-day answer on a voter-list complaint comes before election day.</summary>
public class VoterListBeforeElectionDayTests
{
    [Fact]
    public void An_answer_limit_that_would_fall_after_election_day_ends_at_the_close_of_the_day_before()
    {
        // Wednesday 11 March + 5 days = Monday 16 March, after the 15 March election: the close of Saturday 14 March.
        var w = new Walk("voter-list-complaint", At(2026, 3, 11, 9), In(("election-day", "2026-03-15")));
        Assert.Equal(At(2026, 3, 15), w.Deadline("answer").DueAt);
    }

    [Fact]
    public void An_answer_limit_that_would_fall_on_election_day_ends_at_the_close_of_the_day_before()
    {
        // Tuesday 10 March + 5 days = Sunday 15 March, election day itself (moved to Monday 16 by the rest-day rule).
        var w = new Walk("voter-list-complaint", At(2026, 3, 10, 9), In(("election-day", "2026-03-15")));
        Assert.Equal(At(2026, 3, 15), w.Deadline("answer").DueAt);
    }

    [Fact]
    public void An_answer_limit_well_before_election_day_is_unchanged()
    {
        // Monday 2 March + 5 days = Saturday 7 March: the close of Monday 9 March.
        var w = new Walk("voter-list-complaint", At(2026, 3, 2, 9), In(("election-day", "2026-03-15")));
        Assert.Equal(At(2026, 3, 10), w.Deadline("answer").DueAt);
    }
}

/// <summary>The citizen's own limits (Law on Complaints Arts. 9, 33; Election Law Arts. 33, 87): a warning past the last day, none on it.</summary>
public class FilingLimitTests
{
    private static IReadOnlyList<CaseWarning> Warnings(string type, DateTimeOffset received, params (string, string)[] inputs)
    {
        var w = new Walk(type, received, In(inputs));
        return CaseWarnings.For(w.Def, w.Case, BusinessCalendar.Seeded());
    }

    [Fact]
    public void A_complaint_is_late_after_90_days_and_a_last_day_on_a_Sunday_moves_to_Monday()
    {
        // Learned on Monday 2 March 2026; the 90th day is Sunday 31 May, so the last day is Monday 1 June.
        var learned = ("learned-on", "2026-03-02");
        Assert.Empty(Warnings("complaint", At(2026, 5, 31, 10), learned));
        Assert.Empty(Warnings("complaint", At(2026, 6, 1, 23, 59), learned));
        var w = Assert.Single(Warnings("complaint", At(2026, 6, 2, 8), learned));
        Assert.Equal("late-filing.first", w.Code);
        Assert.Contains("Điều 9", w.Message.Vi);
        Assert.Contains("01/06/2026", w.Message.Vi);
        Assert.Contains("Art. 9", w.Message.En);
    }

    [Fact]
    public void A_second_complaint_is_late_after_30_days_or_45_in_a_remote_area()
    {
        var second = ("instance", "second");
        var decided = ("first-decision-on", "2026-11-02");
        // 30 days from Monday 2 November: Wednesday 2 December.
        Assert.Empty(Warnings("complaint", At(2026, 12, 2, 16), second, decided));
        Assert.Equal("late-filing.second", Assert.Single(Warnings("complaint", At(2026, 12, 3, 8), second, decided)).Code);
        // 45 days: Thursday 17 December.
        Assert.Empty(Warnings("complaint", At(2026, 12, 17, 16), second, decided, ("remote", "true")));
        Assert.Contains("Điều 33", Assert.Single(Warnings("complaint", At(2026, 12, 18, 8), second, decided, ("remote", "true"))).Message.Vi);
        // The first complaint's 90 days do not apply to a second one.
        Assert.Empty(Warnings("complaint", At(2026, 12, 2, 16), second, decided, ("learned-on", "2025-01-02")));
    }

    [Fact]
    public void A_voter_list_complaint_is_late_after_30_days_from_the_posting()
    {
        // Posted Sunday 1 February 2026: the 30th day is Tuesday 3 March.
        var posted = ("list-posted-on", "2026-02-01");
        Assert.Empty(Warnings("voter-list-complaint", At(2026, 3, 3, 17), posted));
        Assert.Equal("late-filing.voter-list", Assert.Single(Warnings("voter-list-complaint", At(2026, 3, 4, 8), posted)).Code);
    }

    [Fact]
    public void An_election_result_complaint_is_late_after_5_days_and_a_Saturday_last_day_moves_to_Monday()
    {
        // Announced Monday 23 March 2026: the 5th day is Saturday 28 March, so the last day is Monday 30 March.
        var announced = ("results-announced-on", "2026-03-23");
        Assert.Empty(Warnings("election-result-complaint", At(2026, 3, 29, 10), announced));
        Assert.Empty(Warnings("election-result-complaint", At(2026, 3, 30, 23, 59), announced));
        var w = Assert.Single(Warnings("election-result-complaint", At(2026, 3, 31, 8), announced));
        Assert.Equal("late-filing.election-result", w.Code);
        Assert.Contains("Điều 87", w.Message.Vi);
    }

    [Fact]
    public void No_date_no_warning()
    {
        Assert.Empty(Warnings("complaint", At(2026, 6, 2, 8)));
    }
}
