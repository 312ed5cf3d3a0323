using Incidents.Core.Access;
using Incidents.Core.Escalation;
using Incidents.Core.Roster;

namespace Incidents.Core.Tests;

/// <summary>The duty roster's pure rules (issue #13): the phone an official carries, when reports are due, who hears of escalations.</summary>
public class RosterRulesTests
{
    [Theory]
    [InlineData("0912 345 678", "0912345678")]
    [InlineData("0912.345.678", "0912345678")]
    [InlineData("+84 912 345 678", "0912345678")]
    [InlineData("84912345678", "0912345678")]
    [InlineData("(024) 3825-1234", "02438251234")]
    public void A_vietnamese_number_is_stored_as_its_digits_with_a_leading_zero(string typed, string stored) =>
        Assert.Equal(stored, DutyPhone.Normalize(typed));

    [Theory]
    [InlineData("12345")]
    [InlineData("912345678")]
    [InlineData("0012345678")]
    [InlineData("+1 202 555 0100")]
    [InlineData("0912 345 678 ext 2")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_duty_phone(string? typed) => Assert.Null(DutyPhone.Normalize(typed));

    private static readonly SitrepSchedule FourHourly = new(new TimeOnly(8, 0), 240, 30);
    private static DateTimeOffset Hanoi(int day, int hour, int minute) => new(2021, 5, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Reports_are_due_from_the_start_time_every_interval_until_the_end_of_the_vietnam_day()
    {
        var slots = FourHourly.SlotsOn(new DateOnly(2021, 5, 23)).ToList();
        Assert.Equal([Hanoi(23, 8, 0), Hanoi(23, 12, 0), Hanoi(23, 16, 0), Hanoi(23, 20, 0)], slots);
    }

    [Fact]
    public void A_slot_is_late_only_once_its_grace_has_passed()
    {
        Assert.Null(FourHourly.LastLateSlot(Hanoi(23, 8, 29)));
        Assert.Equal(Hanoi(23, 8, 0), FourHourly.LastLateSlot(Hanoi(23, 8, 30)));
        Assert.Equal(Hanoi(23, 8, 0), FourHourly.LastLateSlot(Hanoi(23, 12, 29)));
        Assert.Equal(Hanoi(23, 20, 0), FourHourly.LastLateSlot(Hanoi(23, 23, 59)));
        // After midnight the new day's first slot has not come: yesterday's lateness is not carried over.
        Assert.Null(FourHourly.LastLateSlot(Hanoi(24, 0, 30)));
        Assert.Equal(Hanoi(23, 8, 0), FourHourly.CountsAfter(Hanoi(23, 12, 0)));
    }

    [Fact]
    public void The_official_on_duty_gets_every_escalation_of_the_locality_once_even_as_its_assignee()
    {
        var users = new[] { new Addressee("truong@x.vn", new HashSet<string> { Roles.Complaints }, true, null) };
        var r = EscalationRecipients.Route(new EscalationFacts("Truc@x.vn", Roles.Complaints, ["001", "01"], ["assignee", "team-lead"], users,
            RecipientExtras.None, ["truc@x.vn"]));
        Assert.Equal(["Truc@x.vn", "truong@x.vn"], r.Recipients);

        var leadersOnly = EscalationRecipients.Route(new EscalationFacts(null, Roles.Complaints, ["001", "01"], ["leadership"], users,
            RecipientExtras.None, ["truc@x.vn"]));
        Assert.Equal(["truc@x.vn"], leadersOnly.Recipients);
        Assert.False(leadersOnly.Unrouted);
    }
}
