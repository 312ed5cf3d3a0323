using Incidents.Core.Access;
using Incidents.Core.Intake;
using Incidents.Storage.Access;
using Incidents.Storage.Calendar;
using Incidents.Storage.Triage;
using Incidents.Web.Access;
using Incidents.Web.Ui.Calendar;
using Incidents.Web.Ui.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Incidents.Web.Tests.Pages;

/// <summary>A holiday edit recounts open working-day deadlines (Civil Code counting on the edited calendar) and says so in the history.</summary>
public sealed class HolidayRecountTests : IAsyncLifetime
{
    private readonly IncidentsApp _app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Adding_and_removing_a_holiday_moves_a_working_day_deadline_and_back()
    {
        _ = _app.Server;
        var users = _app.Services.GetRequiredService<UserStore>();
        var clerk = (await users.FindByIdAsync((await users.CreateAsync(new NewUser("clerk", "Clerk", null, Passwords.Hash("x-password-1"), [Roles.Complaints])))!.Value))!;
        // Received Wednesday 25 Nov 2026, 10:00 Hanoi: 7 working days (Law on Denunciations, Art. 24) end at the close of Friday 4 Dec.
        var taken = await _app.Services.GetRequiredService<IntakeDesk>().TakeInAsync([new IntakeRequest
        {
            Type = "denunciation", Title = "Tố cáo", LocalityCode = "00004", Channel = "counter", ReceivedAt = "2026-11-25T10:00:00+07:00",
            Reporter = new ReporterInput("A", "B", null, null),
        }], [], clerk.ToActor());
        Assert.True(taken.Ok);
        var queries = _app.Services.GetRequiredService<CaseQueries>();
        async Task<DateTimeOffset> Due() => (await queries.GetDetailAsync(taken.Numbers[0]))!.Deadlines.Single(d => d.Key == "acceptance").DueAt;
        var closeOf = (int day) => new DateTimeOffset(2026, 12, day, 0, 0, 0, TimeSpan.FromHours(7)).AddDays(1);
        Assert.Equal(closeOf(4), await Due());

        var desk = _app.Services.GetRequiredService<HolidayDesk>();
        Assert.Equal(1, await desk.SaveAsync(new Holiday(new DateOnly(2026, 12, 1), "Nghỉ đột xuất", "holiday"), "admin", default));
        // 26, 27, 30 Nov, 2, 3, 4, 7 Dec: the weekend and the new holiday are not counted.
        Assert.Equal(closeOf(7), await Due());
        // The year was on its computed defaults: they were written first, so Tết 2026 is still a holiday.
        Assert.Single(await _app.Services.GetRequiredService<HolidayStore>().ListAsync(new DateOnly(2026, 2, 17), new DateOnly(2026, 2, 17)));

        Assert.Equal(1, await desk.DeleteAsync(new DateOnly(2026, 12, 1), "admin", default));
        Assert.Equal(closeOf(4), await Due());
        var d = (await queries.GetDetailAsync(taken.Numbers[0]))!;
        var recounts = (await queries.GetEventsAsync(d.Case.Id)).Where(e => e.Kind == "deadlines-recomputed").ToList();
        Assert.Equal(2, recounts.Count);
        Assert.Equal(closeOf(7).ToString("O"), recounts[0].Data["due.acceptance"]);
        // An edit that moves nothing writes nothing.
        Assert.Equal(0, await desk.SaveAsync(new Holiday(new DateOnly(2026, 12, 26), "Thứ bảy", "holiday"), "admin", default));
    }
}
