using System.Text;
using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Storage.Intake;
using Incidents.Testing.Smtp;
using Incidents.Web.Deadlines;
using Incidents.Web.Roster;
using Incidents.Web.Tests.Escalation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Roster;

/// <summary>
/// Issue #13's "done when", against Debian's aiosmtpd: with a 30-district roster imported from a file, a case from a
/// district goes to the official on duty there, and its escalation reaches that official once, in one message.
/// </summary>
[Trait("Category", "Smtp")]
[Collection(nameof(HostsWithProcessWideState))]
public sealed class DutyEscalationTests
{
    private static readonly DateTimeOffset T0 = new(2021, 5, 23, 2, 0, 0, TimeSpan.Zero); // 09:00, 23 May 2021 in Hà Nội

    [Fact]
    public async Task An_escalation_for_a_district_reaches_the_official_on_duty_there_exactly_once()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("duty-escalation");
        var clock = new FakeTimeProvider(T0);
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var districts = RosterFiles.Districts2021();
        var officials = await RosterFiles.OfficialsAsync(host.Services, districts.Count);
        var roster = host.Get<DutyRoster>();
        var imported = await roster.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(RosterFiles.Csv(districts, officials))), "truc.csv",
            new Actor(0, "lanhdao.chung", new HashSet<string> { Roles.Leadership }, false));
        Assert.True(imported.Ok, string.Join("; ", imported.Problems.Select(p => p.Message)));

        // A petition from the 9th district, routed at intake (as with Incidents:Roster:AssignOnDuty), whose breach names
        // the assignee and the team lead: the official is both the assignee and on duty, and is written to once.
        var due = T0 + TimeSpan.FromMinutes(10);
        var created = await host.Get<CaseStore>().CreateAsync(new NewCase
        {
            Type = "petition", Prefix = "PA", Team = "complaints", WorkflowVersion = EscalationHost.Catalog.Current("petition")!.Version,
            State = "received", Title = "Phản ánh tại tổ bầu cử số 3", LocalityCode = districts[8].Code, Channel = Channel.Phone,
            ReceivedAt = T0, CreatedAt = T0, Reporter = new Reporter("Lê Văn Bình", null, "0988000111", null),
            Deadlines = [Seed.Deadline(T0, due, Seed.Breach(due))], RouteToDuty = true,
        });
        Assert.Equal(officials[8].Login, created.Case!.AssigneeLogin);
        // A case from another district, with nobody on duty named in its step, still reaches that district's official.
        var other = await host.Get<CaseStore>().CreateAsync(new NewCase
        {
            Type = "petition", Prefix = "PA", Team = "complaints", WorkflowVersion = EscalationHost.Catalog.Current("petition")!.Version,
            State = "received", Title = "Phản ánh khác", LocalityCode = districts[20].Code, Channel = Channel.Phone,
            ReceivedAt = T0, CreatedAt = T0, Reporter = new Reporter("Lê Văn Cường", null, "0988000222", null),
            Deadlines = [Seed.Deadline(T0, due, Seed.Breach(due, "team-lead"))],
        });
        Assert.Null(other.Case!.AssigneeLogin);

        clock.Advance(TimeSpan.FromMinutes(10));
        var sweep = host.Get<DeadlineSweep>();
        Assert.Equal(2, (await sweep.RunAsync(default)).Fired);
        Assert.Equal(0, (await sweep.RunAsync(default)).Fired);
        var got = await smtp.WaitForAsync(2, TimeSpan.FromSeconds(20));
        await smtp.WaitForQuietAsync(TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, smtp.Received().Count);

        var own = Assert.Single(got, g => (g.Message.Subject ?? "").Contains(created.Case!.Number, StringComparison.Ordinal)).Message;
        var to = own.To.Mailboxes.Select(m => m.Address).ToList();
        Assert.Equal(1, to.Count(a => a == officials[8].Email));
        Assert.Equal([officials[8].Email!, "truongphong@ubnd.test"], to.Order(StringComparer.Ordinal));
        var theirs = Assert.Single(got, g => (g.Message.Subject ?? "").Contains(other.Case!.Number, StringComparison.Ordinal)).Message;
        Assert.Equal([officials[20].Email!, "truongphong@ubnd.test"], theirs.To.Mailboxes.Select(m => m.Address).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(got, g => g.Message.To.Mailboxes.Any(m => m.Address == officials[0].Email));
    }
}
