using System.Globalization;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;

namespace Incidents.Web.Tests.Pages;

/// <summary>History entries read as sentences: deadline names, "hết ngày" dates and durations in words, never stored ISO text.</summary>
public sealed class HistoryLinesTests
{
    private static WorkflowDefinition Denunciation() =>
        WorkflowLoader.Load([new WorkflowSource("denunciation.json", File.ReadAllText(Path.Combine(Repo.Dir("workflows"), "denunciation.json")))])
            .Catalog.Current("denunciation")!;

    private static CaseEvent Event(string kind, Dictionary<string, string> data, string? action = null) =>
        new(1, 1, new DateTimeOffset(2026, 12, 10, 3, 0, 0, TimeSpan.Zero), "lead", kind, action, null, null, data);

    private static IReadOnlyList<string> In(string culture, CaseEvent e)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try { return History.Lines(e, Denunciation(), new UiText()); }
        finally { CultureInfo.CurrentUICulture = before; }
    }

    [Fact]
    public void A_moved_deadline_reads_from_the_end_of_one_day_to_the_end_of_another_with_its_cause()
    {
        var e = Event("deadline-moved", new()
        {
            ["deadline"] = "acceptance", ["from"] = "2026-12-10T17:00:00.0000000+00:00", ["to"] = "2026-12-11T17:00:00.0000000+00:00",
            ["cause"] = "2026-12-10 ngày nghỉ bù",
        });
        Assert.Equal(["Thời hạn thụ lý dời từ hết ngày 10/12/2026 sang hết ngày 11/12/2026 (do: 2026-12-10 ngày nghỉ bù)"], In("vi", e));
        Assert.Equal(["Acceptance moved from end of 10/12/2026 to end of 11/12/2026 (because: 2026-12-10 ngày nghỉ bù)"], In("en", e));
    }

    [Fact]
    public void A_recount_after_a_calendar_edit_names_the_deadline_and_its_new_last_day()
    {
        var e = Event("deadlines-recomputed", new() { ["due.acceptance"] = "2026-12-11T17:00:00.0000000+00:00" });
        Assert.Equal(["Thời hạn thụ lý nay tính đến hết ngày 11/12/2026"], In("vi", e));
    }

    [Fact]
    public void An_extension_says_by_how_much_in_words_and_to_which_day()
    {
        var e = Event("action", new() { ["action"] = "approve-extension", ["extended.resolution"] = "2027-02-08T17:00:00.0000000+00:00" }, "approve-extension");
        Assert.Equal(["Thời hạn giải quyết tố cáo được gia hạn thêm 30 ngày (ngày lịch), đến hết ngày 08/02/2027"], In("vi", e));
        Assert.Equal(["Resolution extended by 30 days (calendar days), to end of 08/02/2027"], In("en", e));
    }

    [Fact]
    public void An_action_that_took_effect_earlier_says_from_which_day()
    {
        var e = Event("action", new() { ["action"] = "accept", ["effectiveAt"] = "2026-11-30T00:00:00+07:00" }, "accept");
        Assert.Equal(["có hiệu lực từ 30/11/2026"], In("vi", e));
        Assert.Equal(["effective 30/11/2026"], In("en", e));
    }

    [Fact]
    public void No_line_carries_a_utc_instant_or_an_iso_duration()
    {
        var e = Event("action", new() { ["action"] = "x", ["input.note"] = "2026-12-10T03:00:00.0000000+00:00", ["extended.resolution"] = "2027-02-08T17:00:00.0000000+00:00" }, "x");
        var text = string.Join("\n", In("vi", e));
        Assert.DoesNotContain("0000000", text);
        Assert.DoesNotContain("P30D", text);
        Assert.Contains("note: 10/12/2026 10:00", text);
    }
}
