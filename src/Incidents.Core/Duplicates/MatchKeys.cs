using System.Text;
using Incidents.Core.Cases;

namespace Incidents.Core.Duplicates;

/// <summary>
/// The forms a reporter's identity is compared in, so "+84 912 345 678" and "0912.345.678" are one phone. Computed in C#
/// and stored beside the row (case_reporters.*_key), so both dialects look them up by index with a plain equality.
/// </summary>
public static class MatchKeys
{
    /// <summary>National digits: +84 / 84 before a 9–10 digit subscriber number becomes 0 (a Vietnamese number never starts
    /// with 84 in its national form); null with fewer than 6 digits.</summary>
    public static string? Phone(string? phone)
    {
        if (phone is null) return null;
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        if (digits.StartsWith("84", StringComparison.Ordinal) && digits.Length is 11 or 12)
            digits = "0" + digits[2..];
        return digits.Length >= 6 ? digits : null;
    }

    public static string? Email(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();

    /// <summary>The name folded (no diacritics, đ→d, lower case) with its spaces collapsed: "Nguyễn  Văn An" = "nguyen van an".</summary>
    public static string? Name(string? name)
    {
        var words = Syllables.Split(CaseText.Fold(name));
        return words.Count == 0 ? null : string.Join(' ', words);
    }
}

/// <summary>
/// The reporter's ID-card number. A CCCD (căn cước công dân, since 2016; căn cước since 2024) has 12 digits. The 9-digit
/// CMND is taken too: it stopped being valid at the end of 2024, but older letters and the records of earlier cases
/// carry it, and refusing it would keep a repeated letter from matching its first one.
/// </summary>
public static class IdNumber
{
    public const string NotAnIdNumber = "not-an-id-number";

    /// <summary>The digits (spaces and dots dropped), or null when blank; Valid is false for anything but 12 or 9 digits.</summary>
    public static (string? Value, bool Valid) Parse(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return (null, true);
        var t = raw.Trim().Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        return (t, t.Length is 12 or 9 && t.All(char.IsAsciiDigit));
    }
}

/// <summary>Folded text cut into Vietnamese syllables (each a word), without the syllables that carry no subject.</summary>
public static class Syllables
{
    /// <summary>Function syllables that every letter has ("về việc", "của", "và", "đề nghị", ...), folded.</summary>
    public static readonly IReadOnlySet<string> Stop = new HashSet<string>(StringComparer.Ordinal)
    {
        "ve", "viec", "cua", "va", "la", "cac", "nhung", "mot", "co", "khong", "da", "dang", "se", "cho", "voi", "tai", "tu",
        "den", "trong", "ngoai", "tren", "duoi", "nay", "do", "thi", "ma", "nhu", "de", "nghi", "don", "ong", "ba", "anh", "chi",
        "toi", "chung", "gui", "xin", "kinh", "theo", "ra", "vao", "duoc", "bi", "boi", "hay", "hoac", "nen", "vi", "neu",
    };

    public static IReadOnlyList<string> Split(string folded)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        foreach (var ch in folded)
        {
            if (char.IsLetterOrDigit(ch)) { sb.Append(ch); continue; }
            if (sb.Length > 0) { words.Add(sb.ToString()); sb.Clear(); }
        }
        if (sb.Length > 0) words.Add(sb.ToString());
        return words;
    }

    /// <summary>
    /// What a text is about, for comparison: its subject syllables and their adjacent pairs. A Vietnamese word is often two
    /// syllables ("thu hồi", "đất đai"), so pairs weigh word order and single syllables catch a reordered sentence.
    /// </summary>
    public static IReadOnlySet<string> Terms(string? text)
    {
        var words = Split(CaseText.Fold(text)).Where(w => !Stop.Contains(w) && (w.Length > 1 || char.IsDigit(w[0]))).ToList();
        var terms = new HashSet<string>(words, StringComparer.Ordinal);
        for (var i = 0; i + 1 < words.Count; i++) terms.Add(words[i] + " " + words[i + 1]);
        return terms;
    }

    /// <summary>Dice coefficient of two term sets: 1 for the same subject, 0 for nothing in common.</summary>
    public static double Similarity(IReadOnlySet<string> a, IReadOnlySet<string> b)
    {
        if (a.Count == 0 || b.Count == 0) return 0;
        var common = a.Count(b.Contains);
        return 2.0 * common / (a.Count + b.Count);
    }
}
