using System.Globalization;
using System.Text;

namespace Incidents.Core.Cases;

/// <summary>Text rules shared by every writer: NFC on the way in, and a folded form for diacritics-insensitive search.</summary>
public static class CaseText
{
    /// <summary>NFC-normalises and trims; blank becomes null.</summary>
    public static string? Clean(string? s)
    {
        if (s is null) return null;
        var t = s.Trim();
        // A lone surrogate cannot be normalised; PlainText.Check refuses such text before it is stored.
        return t.Length == 0 ? null : PlainText.Normalize(t);
    }

    /// <summary>
    /// Folds Vietnamese (and any Latin) text for search: strips combining marks, maps đ/Đ to d, lower-cases invariantly.
    /// Computed in C# so SQLite and SQL Server compare the same bytes with a plain LIKE.
    /// </summary>
    public static string Fold(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        var d = PlainText.HasLoneSurrogate(s) ? s : s.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(d.Length);
        foreach (var ch in d)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(ch) == UnicodeCategory.NonSpacingMark) continue;
            sb.Append(ch switch { 'đ' or 'Đ' => 'd', _ => char.ToLowerInvariant(ch) });
        }
        return sb.ToString();
    }

    /// <summary>Wire name of a channel (lower case).</summary>
    public static string Name(this Channel c) => c.ToString().ToLowerInvariant();

    public static bool TryParseChannel(string? s, out Channel channel)
    {
        channel = default;
        return s is not null && s.All(char.IsAsciiLetterLower) && Enum.TryParse(s, ignoreCase: true, out channel);
    }
}
