using Incidents.Core.Access;

namespace Incidents.Core.Tests;

public class VisibilityTests
{
    private static Actor As(long id, params string[] roles) => new(id, "u" + id, roles.ToHashSet());

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
    public void A_confidential_reporter_is_shown_to_the_assignee_and_leadership_only()
    {
        Assert.True(Visibility.SeesConfidentialIdentity(As(7, Roles.Complaints), assigneeId: 7));
        Assert.False(Visibility.SeesConfidentialIdentity(As(8, Roles.Complaints), assigneeId: 7));
        Assert.False(Visibility.SeesConfidentialIdentity(As(9, Roles.Admin), assigneeId: 7));
        Assert.True(Visibility.SeesConfidentialIdentity(As(10, Roles.Leadership), assigneeId: null));
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
