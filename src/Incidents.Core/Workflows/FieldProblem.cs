using System.Globalization;

namespace Incidents.Core.Workflows;

/// <summary>
/// What is wrong with one field, as a stable code with its arguments, so each edge says it in its reader's language:
/// the API answers "vi / en" (ToString), the pages in the reader's language (In). A condition's own words from the
/// definition travel as the arguments "vi" and "en".
/// </summary>
public sealed record FieldProblem(string Code, IReadOnlyDictionary<string, string> Args)
{
    public const string Required = "required";
    public const string NotAnInput = "not-an-input";
    public const string NotTrueOrFalse = "not-true-or-false";
    public const string NotAChoice = "not-a-choice";
    public const string NotADate = "not-a-date";
    public const string Empty = "empty";
    public const string NotANumber = "not-a-number";
    public const string NoSeverity = "no-severity";
    public const string ConditionFailed = "condition-failed";
    public const string NoExtensionLeft = "no-extension-left";
    public const string InTheFuture = "in-the-future";
    public const string BeforeLastEvent = "before-last-event";
    /// <summary>PlainText's rules (arg: point, "U+0000").</summary>
    public const string ControlCharacter = Cases.PlainText.ControlCharacter;
    public const string BidiControl = Cases.PlainText.BidiControl;
    public const string NotUnicode = Cases.PlainText.NotUnicode;

    /// <summary>The text fault of a value, or null when it may be stored.</summary>
    public static FieldProblem? OfText(string? value, bool longText) =>
        Cases.PlainText.Check(value, longText) is { } f ? Of(f.Code, ("point", f.Point)) : null;

    public static FieldProblem Of(string code, params (string Key, string Value)[] args) =>
        new(code, args.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));

    /// <summary>A failed condition in the definition's words (or the rule itself where it gave none).</summary>
    public static FieldProblem Condition(LocalizedText text) => Of(ConditionFailed, ("vi", text.Vi), ("en", text.En));

    private string Arg(string key) => Args.GetValueOrDefault(key, "");

    /// <summary>Both languages; an unknown code shows as itself rather than failing.</summary>
    public LocalizedText Text => Code switch
    {
        Required => new("bắt buộc nhập", "is required"),
        NotAnInput => new("không phải là trường nhập của thao tác này", "is not an input of this action"),
        NotTrueOrFalse => new("phải là đúng (true) hoặc sai (false)", "must be true or false"),
        NotAChoice => new($"phải là một trong: {Arg("choices")}", $"must be one of {Arg("choices")}"),
        NotADate => new("phải là ngày (yyyy-MM-dd)", "must be a date (yyyy-MM-dd)"),
        Empty => new("không được để trống", "must not be empty"),
        NotANumber => new(
            $"phải là số nguyên{(Args.ContainsKey("min") ? $" từ {Arg("min")}" : "")}{(Args.ContainsKey("max") ? $" đến {Arg("max")}" : "")}",
            $"must be a whole number{(Args.ContainsKey("min") ? $" from {Arg("min")}" : "")}{(Args.ContainsKey("max") ? $" to {Arg("max")}" : "")}"),
        NoSeverity => new("loại hồ sơ này không có mức độ", "this type has no severity"),
        ConditionFailed => new(Arg("vi"), Arg("en")),
        NoExtensionLeft => new($"đã hết lượt gia hạn {Arg("deadline")}", $"no extension of {Arg("deadline")} is left"),
        InTheFuture => new("không được ở tương lai", "must not be in the future"),
        ControlCharacter or BidiControl or NotUnicode => Cases.PlainText.Words(Code, Arg("point")),
        BeforeLastEvent => new($"không được trước sự kiện gần nhất của hồ sơ ({Arg("last")})", $"must not be before the case's last event ({Arg("last")})"),
        _ => new(Code, Code),
    };

    public string In(string culture) => Text.In(culture);

    public override string ToString() => Text.Vi == Text.En ? Text.Vi : $"{Text.Vi} / {Text.En}";

    internal static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
