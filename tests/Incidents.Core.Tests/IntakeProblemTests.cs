using Incidents.Core.Intake;

namespace Incidents.Core.Tests;

/// <summary>An intake problem is a code with its arguments: the API says it "vi / en", a page in its reader's language.</summary>
public class IntakeProblemTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-21T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static IntakeValidation Validate(IntakeRequest r) => IntakeValidator.Validate(r, Shipped.Catalog, Now, (code, _) => code == "00004");

    [Fact]
    public void A_too_long_title_is_a_code_with_its_limit_said_in_each_language()
    {
        var v = Validate(new IntakeRequest
        {
            Type = "petition", Title = new string('a', IntakeValidator.TitleMax + 1), LocalityCode = "00004", Channel = "counter",
            ReceivedAt = "2026-11-20T09:00:00+07:00", Reporter = new ReporterInput("A", null, null, null),
        });

        var problem = Assert.Single(Assert.Single(v.Problems).Value);
        Assert.Equal(IntakeProblem.TooLong, problem.Code);
        Assert.Equal("500", problem.Args["max"]);
        Assert.Equal("Tiêu đề dài quá 500 ký tự.", problem.In("vi"));
        Assert.Equal("The title is longer than 500 characters.", problem.In("en"));
        Assert.Equal(["Tiêu đề dài quá 500 ký tự. / The title is longer than 500 characters."], v.Errors["title"]);
    }

    [Fact]
    public void A_unit_not_valid_on_the_day_of_receipt_names_its_code()
    {
        var v = Validate(new IntakeRequest
        {
            Type = "petition", Title = "Đơn", LocalityCode = "001", Channel = "counter",
            ReceivedAt = "2026-11-20T09:00:00+07:00", Reporter = new ReporterInput("A", null, null, null),
        });

        var problem = Assert.Single(v.Problems["localityCode"]);
        Assert.Equal(IntakeProblem.UnitNotValidOn, problem.Code);
        Assert.Equal("'001' is not an administrative unit valid on the day of receipt.", problem.In("en"));
    }

    [Fact]
    public void An_unknown_code_shows_as_itself_rather_than_failing() =>
        Assert.Equal("some-new-code / some-new-code", IntakeProblem.Of("some-new-code").ToString());
}
