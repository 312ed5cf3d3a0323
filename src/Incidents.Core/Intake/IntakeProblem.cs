using System.Globalization;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;

namespace Incidents.Core.Intake;

/// <summary>
/// What is wrong with one intake field, as a stable code with its arguments (the shape of FieldProblem), so each edge says
/// it in its reader's language: the API answers "vi / en" (ToString) with the codes beside, the pages the reader's
/// language (In). Names from a definition (a type's, a field's label) travel as arguments in both languages
/// ("name.vi", "name.en", "label.vi", "label.en").
/// </summary>
public sealed record IntakeProblem(string Code, IReadOnlyDictionary<string, string> Args)
{
    public const string Required = "required";
    public const string TooLong = "too-long";
    public const string UnknownType = "unknown-type";
    public const string RetiredType = "retired-type";
    public const string NotAChannel = "not-a-channel";
    public const string NotIsoInstant = "not-iso-instant";
    public const string InTheFuture = "in-the-future";
    public const string UnitNotValidOn = "unit-not-valid-on";
    public const string UnknownUnit = "unknown-unit";
    public const string NotAPhone = "not-a-phone";
    public const string NotAnEmail = "not-an-email";
    public const string ReporterFieldRequired = "reporter-field-required";
    public const string NoSeverity = "no-severity";
    public const string SeverityRequired = "severity-required";
    public const string NotASeverity = "not-a-severity";
    public const string TooManyInputs = "too-many-inputs";
    public const string BadInputName = "bad-input-name";
    public const string NotAValue = "not-a-value";
    public const string NotAField = "not-a-field";
    public const string NotTrueOrFalse = "not-true-or-false";
    public const string NotAChoice = "not-a-choice";
    public const string NotADate = "not-a-date";
    public const string NotANumber = "not-a-number";
    public const string Empty = "empty";
    public const string TakenInByTeam = "taken-in-by-team";
    public const string TooManyFiles = "too-many-files";
    public const string FileTooLarge = "file-too-large";
    public const string NotAnAllowedFile = "not-an-allowed-file";
    public const string CalendarNotCovered = "calendar-not-covered";
    public const string NotAnIdNumber = Duplicates.IdNumber.NotAnIdNumber;
    public const string NotARegisterNumber = "not-a-register-number";
    public const string RegisterNumberTaken = "register-number-taken";
    /// <summary>The text rules of PlainText: a control character, a bidi override, a lone surrogate (args: field, point).</summary>
    public const string ControlCharacter = PlainText.ControlCharacter;
    public const string BidiControl = PlainText.BidiControl;
    public const string NotUnicode = PlainText.NotUnicode;

    public static IntakeProblem Of(string code, params (string Key, string Value)[] args) =>
        new(code, args.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal));

    private string Arg(string key) => Args.GetValueOrDefault(key, "");

    /// <summary>Both languages; an unknown code shows as itself rather than failing.</summary>
    public LocalizedText Text => Code switch
    {
        Required => Arg("field") switch
        {
            "type" => new("Bắt buộc chọn loại hồ sơ.", "The case type is required."),
            "title" => new("Bắt buộc nhập tiêu đề.", "The title is required."),
            "channel" => new("Bắt buộc chọn hình thức tiếp nhận.", "The channel is required."),
            "receivedAt" => new("Bắt buộc nhập thời điểm tiếp nhận.", "The time of receipt is required."),
            "localityCode" => new("Bắt buộc chọn địa bàn.", "The locality code is required."),
            _ => new($"Bắt buộc nhập {Arg("label.vi")}.", $"{Arg("label.en")} is required."),
        },
        TooLong => Arg("field") switch
        {
            "title" => new($"Tiêu đề dài quá {Arg("max")} ký tự.", $"The title is longer than {Arg("max")} characters."),
            "description" => new($"Nội dung dài quá {Arg("max")} ký tự.", $"The description is longer than {Arg("max")} characters."),
            "reporter.name" => new($"Họ tên dài quá {Arg("max")} ký tự.", $"The name is longer than {Arg("max")} characters."),
            "reporter.address" => new($"Địa chỉ dài quá {Arg("max")} ký tự.", $"The address is longer than {Arg("max")} characters."),
            "place" => new($"Địa điểm dài quá {Arg("max")} ký tự.", $"The place is longer than {Arg("max")} characters."),
            _ => new($"Giá trị dài quá {Arg("max")} ký tự.", $"An input value is longer than {Arg("max")} characters."),
        },
        RetiredType => new($"Loại hồ sơ '{Arg("type")}' không còn nhận hồ sơ mới. Các loại: {Arg("types")}.",
            $"The case type '{Arg("type")}' no longer takes new cases. Open: {Arg("types")}."),
        UnknownType => new($"Không có loại hồ sơ '{Arg("type")}'. Các loại: {Arg("types")}.", $"Unknown case type '{Arg("type")}'. Known: {Arg("types")}."),
        NotAChannel => new("Hình thức tiếp nhận phải là một trong counter, post, email, web, phone, referral, onsite, patrol.",
            "The channel must be one of counter, post, email, web, phone, referral, onsite, patrol."),
        NotIsoInstant => new("Thời điểm tiếp nhận phải là ngày giờ ISO 8601 có múi giờ, ví dụ 2026-11-20T09:00:00+07:00.",
            "The time of receipt must be an ISO 8601 date and time with an offset, e.g. 2026-11-20T09:00:00+07:00."),
        InTheFuture => new("Thời điểm tiếp nhận không được ở tương lai.", "The time of receipt is in the future."),
        UnitNotValidOn => new($"'{Arg("code")}' không phải đơn vị hành chính còn hiệu lực vào ngày tiếp nhận.",
            $"'{Arg("code")}' is not an administrative unit valid on the day of receipt."),
        UnknownUnit => new($"'{Arg("code")}' không phải đơn vị hành chính đã biết.", $"'{Arg("code")}' is not a known administrative unit."),
        NotAPhone => new("Số điện thoại chỉ gồm chữ số, dấu cách, '+', '-', '.', '(' và ')', từ 6 đến 15 chữ số.",
            "The phone number may hold digits, spaces, '+', '-', '.', '(' and ')' with 6 to 15 digits."),
        NotAnEmail => new("Địa chỉ thư điện tử không hợp lệ.", "The email address is not valid."),
        NotAnIdNumber => new("Số CCCD gồm 12 chữ số (CMND cũ: 9 chữ số).", "The ID-card number has 12 digits (an old CMND: 9)."),
        NotARegisterNumber => new("Số đến phải là số nguyên dương, tối đa 9 chữ số.", "The register number must be a whole number from 1, at most 9 digits."),
        RegisterNumberTaken => new($"Số đến {Arg("number")} năm {Arg("year")} đã được dùng cho hồ sơ {Arg("case")}.",
            $"Register number {Arg("number")} of {Arg("year")} is already used by case {Arg("case")}."),
        ReporterFieldRequired => new($"{Arg("name.vi")} phải có {ReporterFieldVi(Arg("field"))} của người gửi.",
            $"A {Arg("name.en").ToLowerInvariant()} requires the reporter's {Arg("field")}."),
        NoSeverity => new($"{Arg("name.vi")} không có mức độ.", $"A {Arg("name.en").ToLowerInvariant()} has no severity."),
        SeverityRequired => new($"Bắt buộc chọn mức độ: một trong {Arg("severities")}.", $"The severity is required: one of {Arg("severities")}."),
        NotASeverity => new($"Mức độ phải là một trong {Arg("severities")}.", $"The severity must be one of {Arg("severities")}."),
        TooManyInputs => new($"Tối đa {Arg("max")} trường nhập.", $"At most {Arg("max")} inputs."),
        BadInputName => new("Tên trường nhập dài từ 1 đến 100 ký tự.", "Input names must be 1 to 100 characters."),
        NotAValue => new("Giá trị phải là chuỗi, số hoặc đúng/sai.", "An input value must be a string, number or boolean."),
        NotAField => new($"'{Arg("key")}' không phải là trường của loại hồ sơ {Arg("name.vi")}. Các trường: {Arg("fields")}.",
            $"'{Arg("key")}' is not a field of a {Arg("name.en").ToLowerInvariant()}. Fields: {Arg("fields")}."),
        NotTrueOrFalse => new($"{Arg("label.vi")}: phải là true (có) hoặc false (không).", $"{Arg("label.en")}: must be true or false."),
        NotAChoice => new($"{Arg("label.vi")}: phải là một trong {Arg("choices.vi")}.", $"{Arg("label.en")}: must be one of {Arg("choices.en")}."),
        NotADate => new($"{Arg("label.vi")}: phải là ngày dạng yyyy-MM-dd.", $"{Arg("label.en")}: must be a date (yyyy-MM-dd)."),
        NotANumber => new($"{Arg("label.vi")}: phải là số nguyên từ {Arg("min")} đến {Arg("max")}.",
            $"{Arg("label.en")}: must be a whole number from {Arg("min")} to {Arg("max")}."),
        Empty => new($"{Arg("label.vi")}: không được để trống.", $"{Arg("label.en")}: must not be empty."),
        TakenInByTeam => new($"Loại hồ sơ '{Arg("type")}' do đội {Arg("team")} tiếp nhận.", $"Cases of type '{Arg("type")}' are taken in by the {Arg("team")} team."),
        TooManyFiles => new($"Tối đa {Arg("max")} tệp.", $"At most {Arg("max")} files."),
        FileTooLarge => new($"'{Arg("file")}' lớn hơn {Arg("max")} MB.", $"'{Arg("file")}' is larger than {Arg("max")} MB."),
        NotAnAllowedFile => new($"'{Arg("file")}' không phải tệp PDF, JPEG hoặc PNG.", $"'{Arg("file")}' is not a PDF, JPEG or PNG file."),
        CalendarNotCovered => new($"Lịch nghỉ lễ chưa có năm {Arg("year")}; quản trị viên cần bổ sung lịch của năm này.",
            $"the holiday calendar has no table for {Arg("year")}; an administrator must add it"),
        ControlCharacter or BidiControl or NotUnicode => Named(),
        _ => new(Code, Code),
    };

    /// <summary>"Tiêu đề chứa ký tự điều khiển U+0000 ... / The title contains a control character (U+0000) ...".</summary>
    private LocalizedText Named()
    {
        var (vi, en) = FieldName(Arg("field"));
        return PlainText.Describe(Code, Arg("point"), new(vi, en));
    }

    /// <summary>A field's name in both languages, as the start of a sentence.</summary>
    private (string Vi, string En) FieldName(string field) => field switch
    {
        "type" => ("Loại hồ sơ", "The case type"),
        "title" => ("Tiêu đề", "The title"),
        "description" => ("Nội dung", "The description"),
        "channel" => ("Hình thức tiếp nhận", "The channel"),
        "receivedAt" => ("Thời điểm tiếp nhận", "The time of receipt"),
        "localityCode" => ("Địa bàn", "The locality code"),
        "severity" => ("Mức độ", "The severity"),
        "reporter.name" => ("Họ tên người gửi", "The reporter's name"),
        "reporter.address" => ("Địa chỉ người gửi", "The reporter's address"),
        "reporter.phone" => ("Số điện thoại người gửi", "The reporter's phone"),
        "reporter.email" => ("Thư điện tử người gửi", "The reporter's email"),
        "reporter.idNumber" => ("Số CCCD người gửi", "The reporter's ID-card number"),
        "registerNumber" => ("Số đến", "The register number"),
        "inputs" => ("Tên trường nhập", "An input name"),
        _ when Args.ContainsKey("label.vi") => (Arg("label.vi"), Arg("label.en")),
        _ => ($"Trường {field}", $"The field {field}"),
    };

    public string In(string culture) => Text.In(culture);

    /// <summary>"Vietnamese / English": the API's form of every intake message.</summary>
    public override string ToString() => IntakeValidator.Bilingual(Text.Vi, Text.En);

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string ReporterFieldVi(string field) => field switch
    {
        "name" => "họ tên", "address" => "địa chỉ", "phone" => "số điện thoại", "email" => "thư điện tử", _ => field,
    };
}

/// <summary>Intake problems by field, and the same as the API's "vi / en" messages.</summary>
public static class IntakeProblems
{
    public static IReadOnlyDictionary<string, string[]> Messages(IReadOnlyDictionary<string, IntakeProblem[]> problems) =>
        problems.ToDictionary(p => p.Key, p => p.Value.Select(x => x.ToString()).ToArray(), StringComparer.Ordinal);

    /// <summary>Each message in one language: the pages'.</summary>
    public static IReadOnlyDictionary<string, string[]> In(IReadOnlyDictionary<string, IntakeProblem[]> problems, string culture) =>
        problems.ToDictionary(p => p.Key, p => p.Value.Select(x => x.In(culture)).ToArray(), StringComparer.Ordinal);

    /// <summary>The API's "codes": each field's problem codes, in the order of its messages.</summary>
    public static IReadOnlyDictionary<string, string[]> Codes(IReadOnlyDictionary<string, IntakeProblem[]> problems) =>
        problems.ToDictionary(p => p.Key, p => p.Value.Select(x => x.Code).ToArray(), StringComparer.Ordinal);
}
