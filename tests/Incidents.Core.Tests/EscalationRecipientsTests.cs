using Incidents.Core.Access;
using Incidents.Core.Escalation;

namespace Incidents.Core.Tests;

public class EscalationRecipientsTests
{
    // Hà Nội (01) > Quận Ba Đình (001) > Phường Phúc Xá (00001): the case sits in the ward.
    private static readonly string[] Ward = ["00001", "001", "01"];

    private static Addressee User(string email, string roles, bool lead = false, string? locality = null) =>
        new(email, roles.Split(',').ToHashSet(), lead, locality);

    private static readonly Addressee[] Staff =
    [
        User("xuly@x.vn", Roles.Complaints),
        User("truongnhom@x.vn", Roles.Complaints, lead: true),
        User("truongnhom.an@x.vn", Roles.Security, lead: true),
        User("lanhdao.phuong@x.vn", Roles.Leadership, locality: "00001"),
        User("lanhdao.tp@x.vn", Roles.Leadership, locality: "01"),
        User("lanhdao.hcm@x.vn", Roles.Leadership, locality: "79"),
        User("lanhdao.tw@x.vn", Roles.Leadership),
        User("quantri@x.vn", Roles.Admin),
    ];

    private static EscalationRouting Route(string symbols, string? assignee = "xuly@x.vn", IReadOnlyList<Addressee>? users = null,
        RecipientExtras? extras = null) =>
        EscalationRecipients.Route(new EscalationFacts(assignee, Roles.Complaints, Ward,
            symbols.Split(',', StringSplitOptions.RemoveEmptyEntries), users ?? Staff, extras ?? RecipientExtras.None));

    [Fact]
    public void A_breach_goes_to_the_assignee_and_the_team_lead()
    {
        var r = Route("assignee,team-lead");
        Assert.Equal(["xuly@x.vn", "truongnhom@x.vn"], r.Recipients);
        Assert.False(r.Unrouted);
    }

    [Fact]
    public void The_team_lead_is_a_lead_of_the_cases_team_not_of_another()
    {
        Assert.DoesNotContain("truongnhom.an@x.vn", Route("team-lead").Recipients);
    }

    [Fact]
    public void Leadership_is_found_along_the_locality_chain()
    {
        var r = Route(Roles.Leadership);
        Assert.Equal(["lanhdao.phuong@x.vn", "lanhdao.tp@x.vn", "lanhdao.tw@x.vn"], r.Recipients);
        Assert.DoesNotContain("lanhdao.hcm@x.vn", r.Recipients);
    }

    [Fact]
    public void A_fixed_role_reaches_all_its_members()
    {
        Assert.Equal(["truongnhom.an@x.vn"], Route(Roles.Security).Recipients);
    }

    [Fact]
    public void An_unassigned_case_has_no_assignee_to_address()
    {
        Assert.True(Route("assignee", assignee: null).Unrouted);
    }

    [Fact]
    public void Configured_addresses_join_their_symbol_once_whatever_their_case()
    {
        var extras = new RecipientExtras(new Dictionary<string, IReadOnlyList<string>>
        {
            ["team-lead"] = [" TRUONGNHOM@x.vn ", "phong.tiep.dan@x.vn"],
            [Roles.Leadership] = ["chanhvanphong@x.vn"],
        });
        Assert.Equal(["truongnhom@x.vn", "phong.tiep.dan@x.vn"], Route("team-lead", extras: extras).Recipients);
    }

    [Fact]
    public void An_unknown_symbol_addresses_nobody_but_its_configured_addresses()
    {
        Assert.True(Route("chu-tich").Unrouted);
        var extras = new RecipientExtras(new Dictionary<string, IReadOnlyList<string>> { ["chu-tich"] = ["chutich@x.vn"] });
        Assert.Equal(["chutich@x.vn"], Route("chu-tich", extras: extras).Recipients);
    }

    [Fact]
    public void A_step_with_nobody_to_address_goes_to_the_administrators()
    {
        var extras = new RecipientExtras(new Dictionary<string, IReadOnlyList<string>> { [Roles.Admin] = ["trucban@x.vn"] });
        var r = Route("team-lead", users: [User("xuly@x.vn", Roles.Complaints), User("quantri@x.vn", Roles.Admin)], extras: extras);
        Assert.True(r.Unrouted);
        Assert.Equal(["quantri@x.vn", "trucban@x.vn"], r.Administrators);
    }

    [Fact]
    public void A_step_naming_no_one_is_unrouted()
    {
        Assert.True(Route("").Unrouted);
    }
}
