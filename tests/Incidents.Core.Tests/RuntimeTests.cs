using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using static Incidents.Core.Tests.Shipped;

namespace Incidents.Core.Tests;

public class RuntimeTests
{
    private static Walk Complaint() => new("complaint", At(2026, 11, 23, 9));

    [Fact]
    public void Each_failure_kind_is_reported_and_leaves_the_case_as_it_was()
    {
        var w = Complaint();
        var before = w.Snapshot;

        Assert.Equal(ActionFailureKind.UnknownAction, w.Try(Handler, "fly").Failure!.Kind);
        Assert.Equal(ActionFailureKind.NotPermittedInState, w.Try(Handler, "decide", In(("outcome", "upheld"), ("decision", "1"))).Failure!.Kind);
        Assert.Equal(ActionFailureKind.Forbidden, w.Try(Analyst, "accept").Failure!.Kind);
        var invalid = w.Try(Handler, "refuse", In(("reason", " "), ("extra", "x"))).Failure!;
        Assert.Equal(ActionFailureKind.InvalidInput, invalid.Kind);
        Assert.Equal(new Dictionary<string, string> { ["reason"] = FieldProblem.Required, ["extra"] = FieldProblem.NotAnInput },
            invalid.Problems.ToDictionary(p => p.Key, p => p.Value.Code));
        Assert.Equal("bắt buộc nhập / is required", invalid.FieldErrors["reason"]);

        Assert.Same(before.Case, w.Case);
        Assert.Same(before.Deadlines, w.Deadlines);
        Assert.Equal("received", w.Case.State);
        Assert.All(w.Deadlines, d => Assert.Equal(DeadlineStatus.Running, d.Status));
    }

    [Fact]
    public void Choice_inputs_are_checked()
    {
        var w = Complaint();
        w.Do(Handler, "accept");
        var f = w.Try(Leader, "decide", In(("outcome", "maybe"), ("decision", "1"))).Failure!;
        Assert.Equal(ActionFailureKind.InvalidInput, f.Kind);
        Assert.Equal(FieldProblem.Of(FieldProblem.NotAChoice, ("choices", "upheld, partly-upheld, rejected")).ToString(), f.FieldErrors["outcome"]);
        Assert.Equal("must be one of upheld, partly-upheld, rejected", f.Problems["outcome"].In("en"));
    }

    [Fact]
    public void The_assignee_may_act_through_the_relative_role_and_admin_may_do_everything()
    {
        var w = Complaint();
        var assigneeWithoutTeamRole = User(Handler.Id, Roles.Security);
        Assert.Contains("accept", w.Available(assigneeWithoutTeamRole));
        Assert.Empty(w.Available(User(77, Roles.Security)));
        Assert.Equal(["accept", "refuse", "request-awaiting-documents", "withdraw"], w.Available(User(99, Roles.Admin)));

        var d = new Walk("denunciation", At(2026, 11, 23, 9), In(("complexity", "complex")));
        d.Do(Handler, "accept");
        d.Do(Handler, "request-extension", In(("reason", "r")));
        Assert.Equal(["withdraw-extension-request"], d.Available(Handler));
        d.Do(User(99, Roles.Admin), "approve-extension", In(("decision", "1"), ("decision-date", "2026-11-23"), ("days", "30")));
        Assert.Equal(1, d.Deadline("resolution").ExtensionsUsed);
    }

    [Fact]
    public void Case_fields_and_severity_are_validated_at_intake()
    {
        var complaint = Get("complaint");
        var bad = WorkflowRuntime.ValidateFacts(complaint, new CaseFacts(At(2026, 11, 23), "high", In(("instance", "third"), ("complex", "yes"))));
        Assert.Equal(new Dictionary<string, string>
        {
            ["instance"] = "must be one of first, second",
            ["complex"] = "must be true or false",
            ["severity"] = "this type has no severity",
        }, bad.ToDictionary(p => p.Key, p => p.Value.In("en")));
        var incident = Get("security-incident");
        Assert.Equal("must be one of critical, high, medium, low",
            WorkflowRuntime.ValidateFacts(incident, new CaseFacts(At(2026, 11, 23), null, None))["severity"].In("en"));
        Assert.Empty(WorkflowRuntime.ValidateFacts(incident, new CaseFacts(At(2026, 11, 23), "low", None)));
    }

    [Fact]
    public void Editing_the_calendar_recounts_day_counted_deadlines_in_either_unit()
    {
        var w = new Walk("denunciation", At(2026, 11, 23, 9));
        var complaint = Complaint();
        Assert.Equal(At(2026, 12, 3), w.Deadline("acceptance").DueAt);

        // An administrator declares Tuesday 1 December 2026 a day off.
        var edited = new WorkflowRuntime(new BusinessCalendar([.. HolidaySeed.All().Select(h => h.Date), new DateOnly(2026, 12, 1)]));
        var recomputed = edited.Recompute(w.Def, w.Snapshot).Single();
        Assert.Equal(At(2026, 12, 4), recomputed.DueAt);
        Assert.Equal(
            [("warning", At(2026, 12, 2, 11, 24)), ("breach", At(2026, 12, 4)), ("escalation.1", At(2026, 12, 6))],
            recomputed.Steps.Select(s => (s.StepKey, s.At)));

        // A calendar-day deadline whose last day (Thu 3 Dec) stays a working day keeps its instant...
        Assert.Equal(At(2026, 12, 4), edited.Recompute(complaint.Def, complaint.Snapshot).Single().DueAt);
        // ...and moves to the next working day's close when its last day becomes a day off (Civil Code Art. 148).
        var lastDayOff = new WorkflowRuntime(new BusinessCalendar([.. HolidaySeed.All().Select(h => h.Date), new DateOnly(2026, 12, 3)]));
        Assert.Equal(At(2026, 12, 5), lastDayOff.Recompute(complaint.Def, complaint.Snapshot).Single().DueAt);
        // Recompute with the same calendar changes nothing.
        Assert.Equal(w.Deadlines.Single().DueAt, new WorkflowRuntime().Recompute(w.Def, w.Snapshot).Single().DueAt);
    }

    [Fact]
    public void Step_keys_are_unique_per_deadline_over_the_case_life()
    {
        var w = new Walk("denunciation", At(2026, 11, 23, 9), In(("complexity", "especially-complex")));
        w.Do(Handler, "accept");
        for (var i = 0; i < 2; i++)
        {
            w.AdvanceTo(At(2026, 12, 2 + i, 9));
            w.Do(Handler, "request-extension", In(("reason", "r")));
            w.Do(Leader, "approve-extension", In(("decision", $"{i}"), ("decision-date", "2026-12-02"), ("days", "30")));
        }
        Assert.All(w.Deadlines, d => Assert.Equal(d.Steps.Count, d.Steps.Select(s => s.StepKey).Distinct().Count()));
        Assert.Equal(["warning.x2", "breach.x2", "escalation.1.x2"], w.Deadline("resolution").Steps.Select(s => s.StepKey));
    }

    [Fact]
    public void A_case_keeps_running_on_the_version_it_started_on()
    {
        var shipped = System.Text.Json.Nodes.JsonNode.Parse(Shipped.Sources().Single(s => s.Path == "complaint.json").Json)!.AsObject();
        shipped["version"] = 1;
        var v1 = new WorkflowSource("complaint.json", shipped.ToJsonString());
        var v2Json = System.Text.Json.Nodes.JsonNode.Parse(v1.Json)!.AsObject();
        v2Json["version"] = 2;
        v2Json["deadlines"]![0]!["duration"] = "P5D";
        var loaded = WorkflowLoader.Load([new("complaint.v1.json", v1.Json), new("complaint.json", v2Json.ToJsonString())]);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        var runtime = new WorkflowRuntime();
        var facts = new CaseFacts(At(2026, 11, 23, 9), null, None);
        Assert.Equal(At(2026, 12, 4), runtime.Start(loaded.Catalog.Get("complaint", 1)!, facts, At(2026, 11, 23, 9)).Deadlines[0].DueAt);
        // v2: 5 days end on Saturday 28 November -> close of Monday 30.
        Assert.Equal(At(2026, 12, 1), runtime.Start(loaded.Catalog.Current("complaint")!, facts, At(2026, 11, 23, 9)).Deadlines[0].DueAt);
        Assert.NotEqual(loaded.Catalog.Get("complaint", 1)!.ContentHash, loaded.Catalog.Get("complaint", 2)!.ContentHash);
    }

    [Fact]
    public void A_step_still_holds_only_while_its_deadline_runs_under_that_key()
    {
        var w = new Walk("security-incident", At(2026, 11, 22, 22), severity: "high");
        Assert.False(DeadlineSchedule.StillHolds(w.Deadlines, "acknowledge", "breach", At(2026, 11, 22, 22, 14)));
        Assert.True(DeadlineSchedule.StillHolds(w.Deadlines, "acknowledge", "breach", At(2026, 11, 22, 22, 15)));
        Assert.Equal(At(2026, 11, 22, 22, 15), DeadlineSchedule.NextDue(w.Deadlines));

        w.AdvanceTo(At(2026, 11, 22, 22, 10));
        w.Do(Analyst, "acknowledge");
        // Met before the breach: the future steps are gone and the breach no longer holds; the warning already due stays.
        Assert.Equal(["warning"], w.Deadline("acknowledge").Steps.Select(s => s.StepKey));
        Assert.False(DeadlineSchedule.StillHolds(w.Deadlines, "acknowledge", "breach", At(2026, 11, 22, 22, 15)));
        Assert.Equal(At(2026, 11, 23, 2), DeadlineSchedule.NextDue(w.Deadlines));

        w.AdvanceTo(At(2026, 11, 23, 1));
        w.Do(Leader, "extend-resolve", In(("reason", "r")));
        Assert.False(DeadlineSchedule.StillHolds(w.Deadlines, "resolve", "breach", At(2026, 11, 23, 2)));
        Assert.True(DeadlineSchedule.StillHolds(w.Deadlines, "resolve", "breach.x1", At(2026, 11, 23, 6)));
    }

    [Fact]
    public void A_failed_condition_names_its_field()
    {
        var w = new Walk("candidate-complaint", At(2026, 3, 10, 9), In(("election-day", "2026-03-15")));
        var f = w.Try(Handler, "consider").Failure!;
        Assert.Equal(ActionFailureKind.ConditionFailed, f.Kind);
        Assert.Equal(["election-day"], f.FieldErrors.Keys);
    }
}
