using Incidents.Storage.Access;
using Incidents.Storage.Intake;
using Incidents.Storage.Roster;

namespace Incidents.Storage.Tests;

/// <summary>The duty roster and situation reports as stored (issue #13), on a real SQLite file and on a live SQL Server.</summary>
public static class RosterScenarios
{
    private static readonly DateOnly Day = new(2026, 11, 25); // the test clock's day in Hà Nội (10:00)

    private static async Task<long> OfficialAsync(TestDatabase t, string login, string roles = "complaints") =>
        (await new UserStore(t.Db, t.Time).CreateAsync(new NewUser(login, "Cán bộ " + login, login + "@ubnd.test", null, roles.Split(','))))!.Value;

    public static async Task Who_is_on_duty_follows_the_dates_and_a_revoked_posting_is_not(TestDatabase t)
    {
        var roster = new DutyRosterStore(t.Db, t.Time);
        var a = await OfficialAsync(t, "truc-a");
        var b = await OfficialAsync(t, "truc-b");
        var ids = await roster.AddAsync([new NewPosting(a, "00004", Day, Day.AddDays(2), "0912345678"),
            new NewPosting(b, "00004", Day.AddDays(1), Day.AddDays(1), "0987654321")], "lanhdao");

        Assert.Equal(["truc-a"], (await roster.OnDutyAsync("00004", Day)).Select(p => p.Login));
        Assert.Equal(["truc-b", "truc-a"], (await roster.OnDutyAsync("00004", Day.AddDays(1))).Select(p => p.Login)); // newest posting first
        Assert.Empty(await roster.OnDutyAsync("00004", Day.AddDays(3)));
        Assert.Empty(await roster.OnDutyAsync("00008", Day));

        Assert.True(await roster.RevokeAsync(ids[1], "lanhdao"));
        Assert.False(await roster.RevokeAsync(ids[1], "lanhdao"));
        Assert.Equal(["truc-a"], (await roster.OnDutyAsync("00004", Day.AddDays(1))).Select(p => p.Login));
        Assert.Equal([ids[0]], (await roster.CurrentAsync(Day)).Select(p => p.Id));
    }

    public static async Task Each_locality_on_duty_counts_its_open_and_overdue_cases(TestDatabase t)
    {
        var roster = new DutyRosterStore(t.Db, t.Time);
        await roster.AddAsync([new NewPosting(await OfficialAsync(t, "truc-c"), "00004", Day, Day, "0912345678")], "lanhdao");
        var store = new CaseStore(t.Db);
        var now = t.Time.GetUtcNow();
        await store.CreateAsync(StoreScenarios.Case(t, due: now.AddDays(3)));
        await store.CreateAsync(StoreScenarios.Case(t, due: now.AddDays(1)));
        await store.CreateAsync(StoreScenarios.Case(t, locality: "00008", due: now.AddDays(1)));

        var later = now.AddDays(2);
        var counts = await roster.CaseCountsAsync(Day, later);
        var c = Assert.Single(counts).Value;
        Assert.Equal(new LocalityCaseCounts("00004", 2, 1), c);
    }

    public static async Task The_latest_report_of_each_locality_carries_its_figures_and_nothing_personal(TestDatabase t)
    {
        var roster = new DutyRosterStore(t.Db, t.Time);
        var reports = new SituationReportStore(t.Db, t.Time);
        var user = await OfficialAsync(t, "truc-d");
        var posting = (await roster.AddAsync([new NewPosting(user, "00004", Day.AddDays(-1), Day, "0912345678")], "lanhdao"))[0];
        var midnight = Core.Calendar.BusinessCalendar.StartOfDay(Day);
        async Task File(DateTimeOffset at, decimal turnout) => await reports.AddAsync(new NewSituationReport(posting, user, "00004", at,
            new Dictionary<string, decimal> { ["turnout"] = turnout }, "Nguyễn Văn Bí Mật gọi báo"));
        await File(midnight.AddMinutes(-30), 100); // 23:30 the day before: not this day's
        await File(midnight.AddHours(9), 2500);
        await File(midnight.AddHours(8), 2000);   // filed afterwards, as of earlier: not the latest

        var latest = Assert.Single(await reports.LatestByLocalityAsync(Day));
        Assert.Equal(("00004", midnight.AddHours(9), 2500m), (latest.LocalityCode, latest.ReportedAt, latest.Values["turnout"]));
        Assert.Equal(["LocalityCode", "ReportedAt", "Values"], typeof(LocalityFigures).GetProperties().Select(p => p.Name).Order());
        Assert.Equal(100m, Assert.Single(await reports.LatestByLocalityAsync(Day.AddDays(-1))).Values["turnout"]);
        var full = Assert.Single(await reports.LatestReportsAsync(Day));
        Assert.Equal(("Cán bộ truc-d", "Nguyễn Văn Bí Mật gọi báo"), (full.DisplayName, full.Text));
    }
}

public sealed class SqliteRosterStoreTests(SqliteTestDatabase t) : IClassFixture<SqliteTestDatabase>
{
    // One migrated file for the class: each scenario uses its own logins and reads only what it wrote, or a fresh locality.
    [Fact] public Task Who_is_on_duty_follows_the_dates_and_a_revoked_posting_is_not() => RosterScenarios.Who_is_on_duty_follows_the_dates_and_a_revoked_posting_is_not(t);
    [Fact] public Task The_latest_report_of_each_locality_carries_its_figures_and_nothing_personal() =>
        RosterScenarios.The_latest_report_of_each_locality_carries_its_figures_and_nothing_personal(t);
}

public sealed class SqliteRosterCountTests(SqliteTestDatabase t) : IClassFixture<SqliteTestDatabase>
{
    [Fact] public Task Each_locality_on_duty_counts_its_open_and_overdue_cases() => RosterScenarios.Each_locality_on_duty_counts_its_open_and_overdue_cases(t);
}

[Trait("Category", "SqlServer")]
public sealed class SqlServerLiveRosterStoreTests(SqlServerTestDatabase t) : IClassFixture<SqlServerTestDatabase>
{
    [SqlServerLiveFact] public Task Who_is_on_duty_follows_the_dates_and_a_revoked_posting_is_not() => RosterScenarios.Who_is_on_duty_follows_the_dates_and_a_revoked_posting_is_not(t);
    [SqlServerLiveFact] public Task The_latest_report_of_each_locality_carries_its_figures_and_nothing_personal() =>
        RosterScenarios.The_latest_report_of_each_locality_carries_its_figures_and_nothing_personal(t);
}

[Trait("Category", "SqlServer")]
public sealed class SqlServerLiveRosterCountTests(SqlServerTestDatabase t) : IClassFixture<SqlServerTestDatabase>
{
    [SqlServerLiveFact] public Task Each_locality_on_duty_counts_its_open_and_overdue_cases() => RosterScenarios.Each_locality_on_duty_counts_its_open_and_overdue_cases(t);
}
