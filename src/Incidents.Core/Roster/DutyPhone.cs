namespace Incidents.Core.Roster;

/// <summary>
/// The phone an official carries on duty: a Vietnamese number, 10 digits (mobile) or 11 (landline with area code),
/// starting with 0; "+84" or "84" before the subscriber number is read as the leading 0. Spaces, dots, dashes and
/// brackets are allowed in what is typed and dropped from what is stored, so one number is always written one way.
/// </summary>
public static class DutyPhone
{
    /// <summary>The stored form (digits only, leading 0), or null when <paramref name="raw"/> is not such a number.</summary>
    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var s = raw.Trim();
        var plus = s.StartsWith('+');
        var digits = new System.Text.StringBuilder();
        foreach (var ch in plus ? s[1..] : s)
        {
            if (ch is >= '0' and <= '9') digits.Append(ch);
            else if (ch is not (' ' or '.' or '-' or '(' or ')')) return null;
        }
        var d = digits.ToString();
        if (d.StartsWith("84", StringComparison.Ordinal) && (plus || d.Length is 11 or 12)) d = "0" + d[2..];
        else if (plus) return null;
        return d.Length is 10 or 11 && d[0] == '0' && d[1] != '0' ? d : null;
    }
}
