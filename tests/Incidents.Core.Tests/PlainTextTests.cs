using Incidents.Core.Cases;
using Incidents.Core.Intake;
using Incidents.Core.Workflows;

namespace Incidents.Core.Tests;

/// <summary>One text rule for every field: no control characters (long text keeps its line breaks), no bidi overrides.</summary>
public class PlainTextTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-21T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static IntakeValidation Validate(string title, string? description = null, string? name = "Nguyễn Văn An") =>
        IntakeValidator.Validate(new IntakeRequest
        {
            Type = "petition", Title = title, Description = description, LocalityCode = "00004", Channel = "counter",
            ReceivedAt = "2026-11-20T09:00:00+07:00", Reporter = new ReporterInput(name, null, null, null),
        }, Shipped.Catalog, Now, (code, _) => code == "00004");

    [Theory]
    [InlineData("\0", PlainText.ControlCharacter, "U+0000")]
    [InlineData("\u001b[2J\u001b[31mĐơn", PlainText.ControlCharacter, "U+001B")]
    [InlineData("Đơn \u0085 C1", PlainText.ControlCharacter, "U+0085")]
    [InlineData("Đơn\u007f", PlainText.ControlCharacter, "U+007F")]
    [InlineData("Đơn \u202Egnp.exe", PlainText.BidiControl, "U+202E")]
    [InlineData("Đơn \u2066isolate\u2069", PlainText.BidiControl, "U+2066")]
    [InlineData("dòng một\ndòng hai", PlainText.ControlCharacter, "U+000A")]
    public void A_title_with_a_control_or_override_character_is_refused_naming_the_title_and_the_character(string title, string code, string point)
    {
        var v = Validate(title);

        Assert.False(v.IsValid);
        var p = Assert.Single(v.Problems["title"], x => x.Code == code);
        Assert.Equal(point, p.Args["point"]);
        Assert.StartsWith("Tiêu đề ", p.In("vi"), StringComparison.Ordinal);
        Assert.StartsWith("The title ", p.In("en"), StringComparison.Ordinal);
        Assert.Contains(point, v.Errors["title"].Single(m => m.Contains(point, StringComparison.Ordinal)));
    }

    [Fact]
    public void A_description_keeps_its_line_breaks_and_tabs_but_not_other_controls()
    {
        Assert.True(Validate("Đơn", "Kính gửi:\r\n\tBan bầu cử\nNội dung").IsValid);
        var v = Validate("Đơn", "Kính gửi:\u0007");
        Assert.Equal(PlainText.ControlCharacter, Assert.Single(v.Problems["description"]).Code);
    }

    [Fact]
    public void A_reporter_name_with_a_right_to_left_override_is_refused_in_both_languages()
    {
        var v = Validate("Đơn", name: "Nguyễn \u202EnA");
        var p = Assert.Single(v.Problems["reporter.name"]);
        Assert.Equal("Họ tên người gửi chứa ký tự đảo chiều văn bản U+202E, không được phép.", p.In("vi"));
        Assert.Equal("The reporter's name contains a bidirectional override character (U+202E), which is not allowed.", p.In("en"));
    }

    [Fact]
    public void Vietnamese_text_emoji_and_ordinary_punctuation_pass()
    {
        Assert.Null(PlainText.Check("Khiếu nại về thu hồi đất — “Hàng Bài” 😀 (số 12/3)"));
        Assert.True(Validate("Khiếu nại về thu hồi đất 😀").IsValid);
    }

    [Fact]
    public void A_lone_surrogate_is_not_text_and_does_not_throw_when_cleaned_or_folded()
    {
        var v = Validate("Đơn \ud800");
        Assert.Equal("U+D800", Assert.Single(v.Problems["title"], p => p.Code == PlainText.NotUnicode).Args["point"]);
        Assert.Equal("a\ud800", CaseText.Clean(" a\ud800 "));
        Assert.Equal("a\ud800", CaseText.Fold("A\ud800"));
    }

    [Fact]
    public void An_action_text_input_keeps_line_breaks_and_refuses_a_NUL_with_a_code()
    {
        var inputs = new[] { new InputDefinition { Id = "reason", Type = InputTypes.Text, Required = true, Label = new("Lý do", "Reason") } };
        Assert.Empty(InputRules.Validate(inputs, new Dictionary<string, string> { ["reason"] = "dòng một\r\ndòng hai" }));
        var p = InputRules.Validate(inputs, new Dictionary<string, string> { ["reason"] = "x\0y" })["reason"];
        Assert.Equal(FieldProblem.ControlCharacter, p.Code);
        Assert.Equal("chứa ký tự điều khiển U+0000, không được phép / contains a control character (U+0000), which is not allowed", p.ToString());
    }
}
