using Incidents.Core.Access;

namespace Incidents.Core.Tests;

/// <summary>The one password rule, over the list the host ships (src/Incidents.Web/Access/common-passwords.txt).</summary>
public class PasswordPolicyTests
{
    private static readonly PasswordPolicy Shipped =
        new(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "common-passwords.txt")));

    [Fact]
    public void The_shipped_list_holds_a_few_thousand_common_passwords_that_the_length_rule_alone_would_let_through()
    {
        Assert.InRange(Shipped.CommonCount, 4000, 6000);
        Assert.Equal([PasswordProblem.Common], Shipped.Check("qwerty123456", "lan").Select(p => p.Code));
        Assert.Equal([PasswordProblem.Common], Shipped.Check("1q2w3e4r5t6y", "lan").Select(p => p.Code));
    }

    [Fact]
    public void A_one_character_password_is_refused_as_too_short()
    {
        Assert.Equal([PasswordProblem.TooShort], Shipped.Check("a", "lan").Select(p => p.Code));
        Assert.Equal([PasswordProblem.TooShort], Shipped.Check("", "lan").Select(p => p.Code));
        Assert.Equal([PasswordProblem.TooShort], Shipped.Check(null, "lan").Select(p => p.Code));
    }

    [Fact]
    public void Eleven_characters_are_too_few_and_twelve_are_enough()
    {
        Assert.Equal([PasswordProblem.TooShort], Shipped.Check("hồ-sơ-khiếu", "lan").Select(p => p.Code));
        Assert.Empty(Shipped.Check("hồ-sơ-khiếu-", "lan"));
    }

    [Fact]
    public void Vietnamese_letters_count_as_one_character_each_however_they_were_typed()
    {
        var decomposed = "Mật-khẩu-dài".Normalize(System.Text.NormalizationForm.FormD); // 12 letters, more code points
        Assert.Equal([PasswordProblem.TooShort], Shipped.Check(decomposed[..^1], "lan").Select(p => p.Code));
        Assert.Empty(Shipped.Check(decomposed, "lan"));
    }

    [Fact]
    public void A_common_password_is_refused_whatever_its_capitals()
    {
        Assert.Contains(Shipped.Check("QWERTY123456", "lan"), p => p.Code == PasswordProblem.Common);
        Assert.Contains(Shipped.Check("Qwerty123456", "lan"), p => p.Code == PasswordProblem.Common);
    }

    [Fact]
    public void A_password_equal_to_the_login_is_refused()
    {
        Assert.Equal([PasswordProblem.SameAsLogin], Shipped.Check("nguyen.van.lan", "nguyen.van.lan").Select(p => p.Code));
        Assert.Equal([PasswordProblem.SameAsLogin], Shipped.Check("Nguyen.Van.Lan", "nguyen.van.lan").Select(p => p.Code));
    }

    [Fact]
    public void Every_rule_broken_is_named_in_Vietnamese_and_English()
    {
        var policy = new PasswordPolicy(["# a comment, not a password", "lan"]);
        var problems = policy.Check("lan", "lan");
        Assert.Equal([PasswordProblem.TooShort, PasswordProblem.Common, PasswordProblem.SameAsLogin], problems.Select(p => p.Code));
        Assert.Equal(1, policy.CommonCount);
        Assert.All(problems, p => Assert.NotEqual(p.Text.Vi, p.Text.En));
        Assert.Contains("12", problems[0].In("vi"));
        Assert.Contains("ký tự", problems[0].In("vi"));
        Assert.Contains("characters", problems[0].In("en"));
        Assert.Contains("tên đăng nhập", problems[2].In("vi"));
    }

    [Fact]
    public void A_long_uncommon_password_that_is_not_the_login_passes()
    {
        Assert.Empty(Shipped.Check("correct horse battery staple", "lan"));
    }
}

public class SignInRulesTests
{
    [Fact]
    public void The_first_ten_failures_from_an_address_cost_nothing()
    {
        for (var n = 0; n <= SignInRules.FreeAddressFailures; n++) Assert.Equal(TimeSpan.Zero, SignInRules.AddressBlock(n));
    }

    [Fact]
    public void Each_failure_after_that_doubles_the_block_up_to_an_hour()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), SignInRules.AddressBlock(11));
        Assert.Equal(TimeSpan.FromMinutes(2), SignInRules.AddressBlock(12));
        Assert.Equal(TimeSpan.FromMinutes(4), SignInRules.AddressBlock(13));
        Assert.Equal(TimeSpan.FromMinutes(32), SignInRules.AddressBlock(16));
        Assert.Equal(TimeSpan.FromHours(1), SignInRules.AddressBlock(17));
        Assert.Equal(TimeSpan.FromHours(1), SignInRules.AddressBlock(1000));
    }

    [Fact]
    public void An_account_locks_after_five_failures_for_fifteen_minutes()
    {
        Assert.Equal(5, SignInRules.MaxAccountFailures);
        Assert.Equal(TimeSpan.FromMinutes(15), SignInRules.AccountLock);
    }
}
