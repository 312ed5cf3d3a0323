using Incidents.Core.Access;

namespace Incidents.Core.Tests;

public class VisibilityTests
{
    private static Actor As(long id, params string[] roles) => new(id, "u" + id, roles.ToHashSet());
    private static Actor Lead(long id, string team) => new(id, "u" + id, new HashSet<string> { team }, IsLead: true);
    private static readonly IdentityCustodians Default = IdentityCustodians.Default;

    [Fact]
    public void A_team_member_sees_only_the_cases_of_their_team()
    {
        var handler = As(1, Roles.Complaints);
        Assert.True(Visibility.SeesTeam(handler, Roles.Complaints));
        Assert.False(Visibility.SeesTeam(handler, Roles.Security));
        Assert.Equal(Roles.Complaints, Visibility.TeamFilter(handler));
    }

    [Fact]
    public void Leadership_and_administrators_see_every_team()
    {
        Assert.Null(Visibility.TeamFilter(As(1, Roles.Leadership)));
        Assert.True(Visibility.SeesTeam(As(2, Roles.Admin), Roles.Security));
    }

    [Fact]
    public void A_user_without_a_team_role_sees_no_team()
    {
        Assert.Equal("", Visibility.TeamFilter(As(1)));
    }

    [Fact]
    public void By_default_a_confidential_reporter_is_shown_to_the_assignee_and_leadership_only()
    {
        Assert.True(Visibility.SeesConfidentialIdentity(As(7, Roles.Complaints), assigneeId: 7, Roles.Complaints, Default));
        Assert.False(Visibility.SeesConfidentialIdentity(As(8, Roles.Complaints), assigneeId: 7, Roles.Complaints, Default));
        Assert.False(Visibility.SeesConfidentialIdentity(As(9, Roles.Admin), assigneeId: 7, Roles.Complaints, Default));
        Assert.False(Visibility.SeesConfidentialIdentity(Lead(11, Roles.Complaints), assigneeId: 7, Roles.Complaints, Default));
        Assert.True(Visibility.SeesConfidentialIdentity(As(10, Roles.Leadership), assigneeId: null, Roles.Complaints, Default));
    }

    [Fact]
    public void The_custodians_setting_decides_who_sees_a_confidential_reporter()
    {
        var assigneeOnly = IdentityCustodians.Parse(["assignee"])!;
        Assert.False(Visibility.SeesConfidentialIdentity(As(10, Roles.Leadership), assigneeId: 7, Roles.Complaints, assigneeOnly));
        Assert.True(Visibility.SeesConfidentialIdentity(As(7, Roles.Complaints), assigneeId: 7, Roles.Complaints, assigneeOnly));
        var leads = IdentityCustodians.Parse(["Team-Lead", "leadership"])!;
        Assert.True(Visibility.SeesConfidentialIdentity(Lead(11, Roles.Complaints), assigneeId: 7, Roles.Complaints, leads));
        Assert.False(Visibility.SeesConfidentialIdentity(Lead(12, Roles.Security), assigneeId: 7, Roles.Complaints, leads));
        Assert.False(Visibility.SeesConfidentialIdentity(As(7, Roles.Complaints), assigneeId: 7, Roles.Complaints, leads));
    }

    [Fact]
    public void A_custodians_setting_with_an_unknown_name_or_no_name_is_refused()
    {
        Assert.Null(IdentityCustodians.Parse(["leadership", "admin"]));
        Assert.Null(IdentityCustodians.Parse([]));
        Assert.Null(IdentityCustodians.Parse([" "]));
    }

    [Fact]
    public void Only_a_lead_of_the_team_or_leadership_may_assign_a_confidential_reporters_case()
    {
        Assert.True(Visibility.MayAssignConfidential(Lead(1, Roles.Complaints), Roles.Complaints));
        Assert.True(Visibility.MayAssignConfidential(As(2, Roles.Leadership), Roles.Complaints));
        Assert.False(Visibility.MayAssignConfidential(As(3, Roles.Complaints), Roles.Complaints));
        Assert.False(Visibility.MayAssignConfidential(Lead(4, Roles.Security), Roles.Complaints));
        Assert.False(Visibility.MayAssignConfidential(As(5, Roles.Admin), Roles.Complaints));
    }

    [Fact]
    public void Only_an_active_member_of_the_team_or_leadership_may_be_assigned()
    {
        Assert.True(Visibility.MayBeAssigned(new HashSet<string> { Roles.Complaints }, isActive: true, Roles.Complaints));
        Assert.False(Visibility.MayBeAssigned(new HashSet<string> { Roles.Complaints }, isActive: false, Roles.Complaints));
        Assert.False(Visibility.MayBeAssigned(new HashSet<string> { Roles.Security }, isActive: true, Roles.Complaints));
        Assert.True(Visibility.MayBeAssigned(new HashSet<string> { Roles.Leadership }, isActive: true, Roles.Security));
    }
}
