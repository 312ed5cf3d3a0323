using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;

namespace Incidents.Core.Intake;

/// <summary>
/// The one validation path for new cases (API and pages). Pure: the caller supplies the catalog, the clock's now and a
/// lookup telling whether an administrative unit code is valid on a date. Each problem is a code with its arguments
/// (IntakeProblem): the API answers it "vi / en" with the codes beside, the pages in the reader's language.
/// </summary>
public static partial class IntakeValidator
{
    public const int TitleMax = 500;
    public const int DescriptionMax = 20_000;
    public const int NameMax = 200;
    public const int AddressMax = 500;
    public const int EmailMax = 320;
    public const int InputsMax = 50;
    public const int PlaceMax = 200;

    public static IntakeValidation Validate(
        IntakeRequest r, WorkflowCatalog catalog, DateTimeOffset now, Func<string, DateOnly, bool> unitValidOn)
    {
        var errors = new Dictionary<string, List<IntakeProblem>>(StringComparer.Ordinal);
        void Add(string field, string code, params (string Key, string Value)[] args)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(IntakeProblem.Of(code, args));
        }
        void Required(string field) => Add(field, IntakeProblem.Required, ("field", field));
        void TooLong(string field, int max) => Add(field, IntakeProblem.TooLong, ("field", field), ("max", IntakeProblem.Number(max)));
        // Every text field under PlainText's rule, before anything else reads it; only the description keeps line breaks.
        void Text(string field, string? raw, bool longText = false, params (string Key, string Value)[] label)
        {
            if (PlainText.Check(longText ? raw : raw?.Trim(), longText) is { } f) Add(field, f.Code, [("field", field), ("point", f.Point), .. label]);
        }
        Text("type", r.Type);
        Text("title", r.Title);
        Text("description", r.Description, longText: true);
        Text("channel", r.Channel);
        Text("receivedAt", r.ReceivedAt);
        Text("localityCode", r.LocalityCode);
        Text("severity", r.Severity);
        Text("reporter.name", r.Reporter?.Name);
        Text("reporter.address", r.Reporter?.Address);
        Text("reporter.phone", r.Reporter?.Phone);
        Text("reporter.email", r.Reporter?.Email);
        Text("reporter.idNumber", r.Reporter?.IdNumber);
        Text("registerNumber", r.RegisterNumber);

        WorkflowDefinition? def = null;
        var types = string.Join(", ", catalog.Latest.Select(d => d.Id));
        if (string.IsNullOrWhiteSpace(r.Type)) Required("type");
        else if ((def = catalog.Current(r.Type.Trim())) is null && catalog.IsRetired(r.Type.Trim()))
            Add("type", IntakeProblem.RetiredType, ("type", r.Type.Trim()), ("types", types));
        else if (def is null)
            Add("type", IntakeProblem.UnknownType, ("type", r.Type), ("types", types));

        var title = CaseText.Clean(r.Title);
        if (title is null) Required("title");
        else if (title.Length > TitleMax) TooLong("title", TitleMax);

        var description = CaseText.Clean(r.Description);
        if (description is { Length: > DescriptionMax }) TooLong("description", DescriptionMax);

        Channel channel = default;
        if (string.IsNullOrWhiteSpace(r.Channel)) Required("channel");
        else if (!CaseText.TryParseChannel(r.Channel.Trim(), out channel)) Add("channel", IntakeProblem.NotAChannel);

        DateTimeOffset receivedAt = default;
        var receivedOk = false;
        if (string.IsNullOrWhiteSpace(r.ReceivedAt)) Required("receivedAt");
        else if (!DateTimeOffset.TryParse(r.ReceivedAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out receivedAt)
                 || !HasOffset(r.ReceivedAt))
            Add("receivedAt", IntakeProblem.NotIsoInstant);
        else if (receivedAt > now) Add("receivedAt", IntakeProblem.InTheFuture);
        else receivedOk = true;

        var locality = CaseText.Clean(r.LocalityCode);
        if (locality is null) Required("localityCode");
        else if (receivedOk && !unitValidOn(locality, Calendar.BusinessCalendar.LocalDate(receivedAt)))
            Add("localityCode", IntakeProblem.UnitNotValidOn, ("code", locality));
        else if (!receivedOk && !unitValidOn(locality, Calendar.BusinessCalendar.LocalDate(now)))
            Add("localityCode", IntakeProblem.UnknownUnit, ("code", locality));

        var place = CaseText.Clean(r.Place);
        if (place is { Length: > PlaceMax }) TooLong("place", PlaceMax);

        var rep = r.Reporter ?? new ReporterInput(null, null, null, null);
        var name = CaseText.Clean(rep.Name);
        var address = CaseText.Clean(rep.Address);
        var phone = CaseText.Clean(rep.Phone);
        var email = CaseText.Clean(rep.Email);
        if (name is { Length: > NameMax }) TooLong("reporter.name", NameMax);
        if (address is { Length: > AddressMax }) TooLong("reporter.address", AddressMax);
        if (phone is not null && !PhonePattern().IsMatch(phone)) Add("reporter.phone", IntakeProblem.NotAPhone);
        if (email is not null && !IsEmail(email)) Add("reporter.email", IntakeProblem.NotAnEmail);
        var (idNumber, idValid) = Duplicates.IdNumber.Parse(CaseText.Clean(rep.IdNumber));
        if (!idValid) Add("reporter.idNumber", IntakeProblem.NotAnIdNumber);
        long? register = null;
        if (CaseText.Clean(r.RegisterNumber) is { } reg)
        {
            if (reg.Length <= 9 && reg.All(char.IsAsciiDigit) && long.Parse(reg, CultureInfo.InvariantCulture) is > 0 and var n) register = n;
            else Add("registerNumber", IntakeProblem.NotARegisterNumber);
        }
        if (def is not null)
        {
            foreach (var f in def.RequiredReporterFields)
            {
                var value = f switch { "name" => name, "address" => address, "phone" => phone, "email" => email, _ => "" };
                if (value is null)
                    Add($"reporter.{f}", IntakeProblem.ReporterFieldRequired, ("type", def.Id), ("name.vi", def.Name.Vi), ("name.en", def.Name.En), ("field", f));
            }
        }

        var severity = CaseText.Clean(r.Severity);
        if (def is not null)
        {
            var severities = string.Join(", ", def.Severities);
            if (def.Severities.Count == 0 && severity is not null)
                Add("severity", IntakeProblem.NoSeverity, ("type", def.Id), ("name.vi", def.Name.Vi), ("name.en", def.Name.En));
            else if (def.Severities.Count > 0 && severity is null)
                Add("severity", IntakeProblem.SeverityRequired, ("severities", severities));
            else if (def.Severities.Count > 0 && !def.Severities.Contains(severity!, StringComparer.Ordinal))
                Add("severity", IntakeProblem.NotASeverity, ("severities", severities));
        }

        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (r.Inputs is { } raw)
        {
            if (raw.Count > InputsMax) Add("inputs", IntakeProblem.TooManyInputs, ("max", IntakeProblem.Number(InputsMax)));
            foreach (var (k, v) in raw)
            {
                if (PlainText.Check(k) is not null) { Text("inputs", k); continue; }
                if (v.ValueKind == JsonValueKind.String && PlainText.Check(v.GetString(), longText: true) is { } fault)
                {
                    Add($"inputs.{k}", fault.Code, ("field", $"inputs.{k}"), ("point", fault.Point));
                    continue;
                }
                var key = CaseText.Clean(k);
                string? value = v.ValueKind switch
                {
                    JsonValueKind.String => CaseText.Clean(v.GetString()) ?? "",
                    JsonValueKind.Number => v.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                if (key is null || key.Length > 100) Add("inputs", IntakeProblem.BadInputName);
                else if (value is null) Add($"inputs.{key}", IntakeProblem.NotAValue);
                else if (value.Length > 2000) TooLong($"inputs.{key}", 2000);
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
                    Add($"inputs.{k}", IntakeProblem.NotAField, ("key", k), ("type", def.Id), ("name.vi", def.Name.Vi), ("name.en", def.Name.En),
                        ("fields", FieldList(def)));
                else if (InputRules.Check(field, v) is not null)
                {
                    var (code, args) = ValueProblem(field);
                    Add($"inputs.{k}", code, [("field", field.Id), ("label.vi", field.Label.Vi), ("label.en", field.Label.En), .. args]);
                }
            }
            foreach (var f in def.Fields.Where(f => f.Required && !inputs.ContainsKey(f.Id) && f.Default is null))
                Add($"inputs.{f.Id}", IntakeProblem.Required, ("field", $"inputs.{f.Id}"), ("label.vi", f.Label.Vi), ("label.en", f.Label.En));
        }

        if (errors.Count > 0 || def is null)
            return new(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        return new(new ValidIntake(def, title!, description, locality!, channel, receivedAt,
            new Reporter(name, address, phone, email, idNumber), severity, inputs, place, register), new Dictionary<string, IntakeProblem[]>());
    }

    private static string FieldList(WorkflowDefinition def) => def.Fields.Count == 0 ? "—" : string.Join(", ", def.Fields.Select(f => f.Id));

    /// <summary>What a case field accepts, as a code and the arguments its words need.</summary>
    private static (string Code, (string, string)[] Args) ValueProblem(InputDefinition f) => f.Type switch
    {
        InputTypes.Bool => (IntakeProblem.NotTrueOrFalse, []),
        InputTypes.Choice => (IntakeProblem.NotAChoice,
            [("choices", string.Join(", ", f.Choices.Select(c => c.Value))),
             ("choices.vi", string.Join(", ", f.Choices.Select(c => $"{c.Value} ({c.Text("vi")})"))),
             ("choices.en", string.Join(", ", f.Choices.Select(c => $"{c.Value} ({c.Text("en")})")))]),
        InputTypes.Date => (IntakeProblem.NotADate, []),
        InputTypes.Number => (IntakeProblem.NotANumber, [("min", $"{f.Min}"), ("max", $"{f.Max}")]),
        _ => (IntakeProblem.Empty, []),
    };

    /// <summary>"Vietnamese. / English.": the form of every intake problem message.</summary>
    public static string Bilingual(string vi, string en) => $"{vi} / {en}";

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
