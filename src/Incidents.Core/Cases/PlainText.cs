using System.Globalization;
using System.Text;
using Incidents.Core.Workflows;

namespace Incidents.Core.Cases;

/// <summary>What is wrong with a piece of text, and the first code point that makes it so (U+0000 style in messages).</summary>
public sealed record TextFault(string Code, int CodePoint)
{
    public string Point => "U+" + CodePoint.ToString("X4", CultureInfo.InvariantCulture);
}

/// <summary>
/// The one rule for every text field a person or a client writes (intake, actions' inputs, reporter fields, admin pages,
/// token names). Control characters (C0, DEL, C1) hide in titles and in terminal output, and bidi overrides or isolates
/// make a name read differently from what is stored (Trojan Source), so both are refused, not stripped: the sender
/// learns which field. Long text (descriptions, reasons, notes) keeps its line breaks and tabs, which pasted letters carry.
/// A lone surrogate (a JSON "\ud800") is not text at all and cannot be normalised.
/// </summary>
public static class PlainText
{
    public const string ControlCharacter = "control-character";
    public const string BidiControl = "bidi-control";
    public const string NotUnicode = "not-unicode";

    /// <summary>Null when the text may be stored; else the first fault.</summary>
    public static TextFault? Check(string? s, bool longText = false)
    {
        if (s is null) return null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) return new(NotUnicode, c);
            if (IsBidiControl(c)) return new(BidiControl, c);
            if (char.IsControl(c) && !(longText && c is '\n' or '\r' or '\t')) return new(ControlCharacter, c);
        }
        return null;
    }

    /// <summary>U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates).</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>True when the text has an unpaired surrogate (normalising it would throw).</summary>
    public static bool HasLoneSurrogate(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    /// <summary>"contains ..." in both languages, for a field the caller names (point: "U+0000").</summary>
    public static LocalizedText Words(string code, string point) => code switch
    {
        ControlCharacter => new($"chứa ký tự điều khiển {point}, không được phép", $"contains a control character ({point}), which is not allowed"),
        BidiControl => new($"chứa ký tự đảo chiều văn bản {point}, không được phép", $"contains a bidirectional override character ({point}), which is not allowed"),
        _ => new($"không phải văn bản Unicode hợp lệ ({point})", $"is not valid Unicode text ({point})"),
    };

    /// <summary>The whole sentence, the field named first: "Tên mã chứa ... / The token name contains ...".</summary>
    public static LocalizedText Describe(TextFault f, LocalizedText field) => Describe(f.Code, f.Point, field);

    /// <summary>The API's form: "Vietnamese. / English.".</summary>
    public static string Message(TextFault f, LocalizedText field)
    {
        var d = Describe(f, field);
        return $"{d.Vi} / {d.En}";
    }

    public static LocalizedText Describe(string code, string point, LocalizedText field)
    {
        var w = Words(code, point);
        return new($"{field.Vi} {w.Vi}.", $"{field.En} {w.En}.");
    }

    internal static string Normalize(string t) => HasLoneSurrogate(t) ? t : t.Normalize(NormalizationForm.FormC);
}
