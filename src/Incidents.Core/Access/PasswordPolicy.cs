using Incidents.Core.Workflows;

namespace Incidents.Core.Access;

/// <summary>Why a password is refused, as a stable code, said in Vietnamese and English.</summary>
public sealed record PasswordProblem(string Code)
{
    public const string TooShort = "too-short";
    public const string Common = "common";
    public const string SameAsLogin = "same-as-login";

    public LocalizedText Text => Code switch
    {
        TooShort => new($"phải có ít nhất {PasswordPolicy.MinLength} ký tự", $"must be at least {PasswordPolicy.MinLength} characters long"),
        Common => new("là mật khẩu phổ biến, dễ bị đoán (có trong danh sách mật khẩu đã lộ)", "is a common password, easy to guess (it is on a list of leaked passwords)"),
        SameAsLogin => new("không được trùng với tên đăng nhập", "must not be the same as the login"),
        _ => new(Code, Code),
    };

    public string In(string culture) => Text.In(culture);

    public override string ToString() => $"{Text.Vi} / {Text.En}";
}

/// <summary>
/// The one password rule, for every place that sets a password (the administration page, the CLI, a user's own change):
/// at least 12 characters, not on the shipped list of common passwords, not the login. Letters are compared without
/// regard to case, so "Qwerty123456" is as common as "qwerty123456". No IO: the list is handed in by the host.
/// </summary>
public sealed class PasswordPolicy(IEnumerable<string> commonPasswords)
{
    public const int MinLength = 12;

    private readonly HashSet<string> _common = commonPasswords
        .Select(p => p.Trim())
        .Where(p => p.Length > 0 && !p.StartsWith('#'))
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many passwords the list holds (a host that loaded none would be a silent hole).</summary>
    public int CommonCount => _common.Count;

    /// <summary>Every rule the password breaks; empty when it is acceptable.</summary>
    public IReadOnlyList<PasswordProblem> Check(string? password, string login)
    {
        password ??= "";
        var problems = new List<PasswordProblem>();
        // Characters as people count them: "ệ" typed decomposed is still one.
        if (new System.Globalization.StringInfo(password.Normalize(System.Text.NormalizationForm.FormC)).LengthInTextElements < MinLength)
            problems.Add(new(PasswordProblem.TooShort));
        if (_common.Contains(password)) problems.Add(new(PasswordProblem.Common));
        if (login.Length > 0 && string.Equals(password.Trim(), login.Trim(), StringComparison.OrdinalIgnoreCase))
            problems.Add(new(PasswordProblem.SameAsLogin));
        return problems;
    }
}
