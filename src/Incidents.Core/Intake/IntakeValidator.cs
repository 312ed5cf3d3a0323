using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;

namespace Incidents.Core.Intake;

/// <summary>
/// The one validation path for new cases (API and pages). Pure: the caller supplies the catalog, the clock's now and a
/// lookup telling whether an administrative unit code is valid on a date. Each message is Vietnamese first, then English
/// ("vi / en"), so the API's problem details and the pages show the same text with no translation layer.
/// </summary>
public static partial class IntakeValidator
{
    public const int TitleMax = 500;
    public const int DescriptionMax = 20_000;
    public const int NameMax = 200;
    public const int AddressMax = 500;
    public const int EmailMax = 320;
    public const int InputsMax = 50;

    public static IntakeValidation Validate(
        IntakeRequest r, WorkflowCatalog catalog, DateTimeOffset now, Func<string, DateOnly, bool> unitValidOn)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string vi, string en)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(Bilingual(vi, en));
        }

        WorkflowDefinition? def = null;
        if (string.IsNullOrWhiteSpace(r.Type)) Add("type", "Bắt buộc chọn loại hồ sơ.", "The case type is required.");
        else if ((def = catalog.Current(r.Type.Trim())) is null && catalog.IsRetired(r.Type.Trim()))
            Add("type", $"Loại hồ sơ '{r.Type.Trim()}' không còn nhận hồ sơ mới. Các loại: {string.Join(", ", catalog.Latest.Select(d => d.Id))}.",
                $"The case type '{r.Type.Trim()}' no longer takes new cases. Open: {string.Join(", ", catalog.Latest.Select(d => d.Id))}.");
        else if (def is null)
            Add("type", $"Không có loại hồ sơ '{r.Type}'. Các loại: {string.Join(", ", catalog.Latest.Select(d => d.Id))}.",
                $"Unknown case type '{r.Type}'. Known: {string.Join(", ", catalog.Latest.Select(d => d.Id))}.");

        var title = CaseText.Clean(r.Title);
        if (title is null) Add("title", "Bắt buộc nhập tiêu đề.", "The title is required.");
        else if (title.Length > TitleMax) Add("title", $"Tiêu đề dài quá {TitleMax} ký tự.", $"The title is longer than {TitleMax} characters.");

        var description = CaseText.Clean(r.Description);
        if (description is { Length: > DescriptionMax })
            Add("description", $"Nội dung dài quá {DescriptionMax} ký tự.", $"The description is longer than {DescriptionMax} characters.");

        Channel channel = default;
        if (string.IsNullOrWhiteSpace(r.Channel)) Add("channel", "Bắt buộc chọn hình thức tiếp nhận.", "The channel is required.");
        else if (!CaseText.TryParseChannel(r.Channel.Trim(), out channel))
            Add("channel", "Hình thức tiếp nhận phải là một trong counter, post, email, web, phone, referral.",
                "The channel must be one of counter, post, email, web, phone, referral.");

        DateTimeOffset receivedAt = default;
        var receivedOk = false;
        if (string.IsNullOrWhiteSpace(r.ReceivedAt)) Add("receivedAt", "Bắt buộc nhập thời điểm tiếp nhận.", "The time of receipt is required.");
        else if (!DateTimeOffset.TryParse(r.ReceivedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out receivedAt)
                 || !HasOffset(r.ReceivedAt))
            Add("receivedAt", "Thời điểm tiếp nhận phải là ngày giờ ISO 8601 có múi giờ, ví dụ 2026-11-20T09:00:00+07:00.",
                "The time of receipt must be an ISO 8601 date and time with an offset, e.g. 2026-11-20T09:00:00+07:00.");
        else if (receivedAt > now) Add("receivedAt", "Thời điểm tiếp nhận không được ở tương lai.", "The time of receipt is in the future.");
        else receivedOk = true;

        var locality = CaseText.Clean(r.LocalityCode);
        if (locality is null) Add("localityCode", "Bắt buộc chọn địa bàn.", "The locality code is required.");
        else if (receivedOk && !unitValidOn(locality, Calendar.BusinessCalendar.LocalDate(receivedAt)))
            Add("localityCode", $"'{locality}' không phải đơn vị hành chính còn hiệu lực vào ngày tiếp nhận.",
                $"'{locality}' is not an administrative unit valid on the day of receipt.");
        else if (!receivedOk && !unitValidOn(locality, Calendar.BusinessCalendar.LocalDate(now)))
            Add("localityCode", $"'{locality}' không phải đơn vị hành chính đã biết.", $"'{locality}' is not a known administrative unit.");

        var rep = r.Reporter ?? new ReporterInput(null, null, null, null);
        var name = CaseText.Clean(rep.Name);
        var address = CaseText.Clean(rep.Address);
        var phone = CaseText.Clean(rep.Phone);
        var email = CaseText.Clean(rep.Email);
        if (name is { Length: > NameMax }) Add("reporter.name", $"Họ tên dài quá {NameMax} ký tự.", $"The name is longer than {NameMax} characters.");
        if (address is { Length: > AddressMax }) Add("reporter.address", $"Địa chỉ dài quá {AddressMax} ký tự.", $"The address is longer than {AddressMax} characters.");
        if (phone is not null && !PhonePattern().IsMatch(phone))
            Add("reporter.phone", "Số điện thoại chỉ gồm chữ số, dấu cách, '+', '-', '.', '(' và ')', từ 6 đến 15 chữ số.",
                "The phone number may hold digits, spaces, '+', '-', '.', '(' and ')' with 6 to 15 digits.");
        if (email is not null && !IsEmail(email)) Add("reporter.email", "Địa chỉ thư điện tử không hợp lệ.", "The email address is not valid.");
        if (def is not null)
        {
            foreach (var f in def.RequiredReporterFields)
            {
                var value = f switch { "name" => name, "address" => address, "phone" => phone, "email" => email, _ => "" };
                if (value is null)
                    Add($"reporter.{f}", $"{def.Name.Vi} phải có {ReporterFieldVi(f)} của người gửi.",
                        $"A {def.Name.En.ToLowerInvariant()} requires the reporter's {f}.");
            }
        }

        var severity = CaseText.Clean(r.Severity);
        if (def is not null)
        {
            if (def.Severities.Count == 0 && severity is not null)
                Add("severity", $"{def.Name.Vi} không có mức độ.", $"A {def.Name.En.ToLowerInvariant()} has no severity.");
            else if (def.Severities.Count > 0 && severity is null)
                Add("severity", $"Bắt buộc chọn mức độ: một trong {string.Join(", ", def.Severities)}.",
                    $"The severity is required: one of {string.Join(", ", def.Severities)}.");
            else if (def.Severities.Count > 0 && !def.Severities.Contains(severity!, StringComparer.Ordinal))
                Add("severity", $"Mức độ phải là một trong {string.Join(", ", def.Severities)}.",
                    $"The severity must be one of {string.Join(", ", def.Severities)}.");
        }

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Inputs is { } raw)
        {
            if (raw.Count > InputsMax) Add("inputs", $"Tối đa {InputsMax} trường nhập.", $"At most {InputsMax} inputs.");
            foreach (var (k, v) in raw)
            {
                var key = CaseText.Clean(k);
                string? value = v.ValueKind switch
                {
                    JsonValueKind.String => CaseText.Clean(v.GetString()) ?? "",
                    JsonValueKind.Number => v.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                if (key is null || key.Length > 100) Add("inputs", "Tên trường nhập dài từ 1 đến 100 ký tự.", "Input names must be 1 to 100 characters.");
                else if (value is null) Add($"inputs.{key}", "Giá trị phải là chuỗi, số hoặc đúng/sai.", "An input value must be a string, number or boolean.");
                else if (value.Length > 2000) Add($"inputs.{key}", "Giá trị dài quá 2000 ký tự.", "An input value is longer than 2000 characters.");
                else inputs[key] = value;
            }
        }

        // Case fields select the limits (complex, remote, instance): a value the definition does not know would silently
        // give the default limit, so each is checked against the definition.
        if (def is not null)
        {
            foreach (var (k, v) in inputs)
            {
                if (def.Fields.FirstOrDefault(f => f.Id == k) is not { } field)
                    Add($"inputs.{k}", $"'{k}' không phải là trường của loại hồ sơ {def.Name.Vi}. Các trường: {FieldList(def)}.",
                        $"'{k}' is not a field of a {def.Name.En.ToLowerInvariant()}. Fields: {FieldList(def)}.");
                else if (InputRules.Check(field, v) is not null)
                    Add($"inputs.{k}", FieldProblem(field, "vi"), FieldProblem(field, "en"));
            }
            foreach (var f in def.Fields.Where(f => f.Required && !inputs.ContainsKey(f.Id) && f.Default is null))
                Add($"inputs.{f.Id}", $"Bắt buộc nhập {f.Label.Vi}.", $"{f.Label.En} is required.");
        }

        if (errors.Count > 0 || def is null)
            return new(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        return new(new ValidIntake(def, title!, description, locality!, channel, receivedAt,
            new Reporter(name, address, phone, email), severity, inputs), new Dictionary<string, string[]>());
    }

    private static string FieldList(WorkflowDefinition def) => def.Fields.Count == 0 ? "—" : string.Join(", ", def.Fields.Select(f => f.Id));

    /// <summary>What a case field accepts, in words.</summary>
    private static string FieldProblem(InputDefinition f, string culture)
    {
        var vi = culture == "vi";
        var label = f.Label.In(culture);
        return f.Type switch
        {
            InputTypes.Bool => vi ? $"{label}: phải là true (có) hoặc false (không)." : $"{label}: must be true or false.",
            InputTypes.Choice => vi
                ? $"{label}: phải là một trong {string.Join(", ", f.Choices.Select(c => $"{c.Value} ({c.Text("vi")})"))}."
                : $"{label}: must be one of {string.Join(", ", f.Choices.Select(c => $"{c.Value} ({c.Text("en")})"))}.",
            InputTypes.Date => vi ? $"{label}: phải là ngày dạng yyyy-MM-dd." : $"{label}: must be a date (yyyy-MM-dd).",
            InputTypes.Number => vi ? $"{label}: phải là số nguyên từ {f.Min} đến {f.Max}." : $"{label}: must be a whole number from {f.Min} to {f.Max}.",
            _ => vi ? $"{label}: không được để trống." : $"{label}: must not be empty.",
        };
    }

    /// <summary>"Vietnamese. / English.": the form of every intake problem message.</summary>
    public static string Bilingual(string vi, string en) => $"{vi} / {en}";

    private static string ReporterFieldVi(string field) => field switch
    {
        "name" => "họ tên", "address" => "địa chỉ", "phone" => "số điện thoại", "email" => "thư điện tử", _ => field,
    };

    private static bool HasOffset(string s)
    {
        var t = s.Trim();
        return t.EndsWith('Z') || t.EndsWith('z') || OffsetPattern().IsMatch(t);
    }

    private static bool IsEmail(string s) =>
        s.Length <= EmailMax && EmailPattern().IsMatch(s) && MailAddress.TryCreate(s, out var a) && a.Address == s;


    private static Regex PhonePattern() => PhoneRegex;
    private static readonly Regex PhoneRegex = new(@"^(?=(?:\D*\d){6,15}\D*$)\+?[0-9 ().\-]+$", RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"[+\-]\d{2}:?\d{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetPattern();
}
