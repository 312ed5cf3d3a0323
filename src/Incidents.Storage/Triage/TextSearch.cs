using System.Text.Json;
using System.Text.RegularExpressions;
using Incidents.Core.Cases;

namespace Incidents.Storage.Triage;

/// <summary>
/// How the queue's q= is matched, decided once per request from the text itself:
/// <list type="bullet">
/// <item>Words: letters only ("nguyen van", "Lê Thị Hà"). SQLite: the FTS5 index cases_fts (migrations 0013, 0022), every
/// word required, a word of 3 letters or more as a prefix ("nguyen"*), a shorter one whole ("le", "ha": Vietnamese
/// syllables, which as prefixes would drag in every term starting so). SQL Server: each word as LIKE '%word%' over the
/// folded text.</item>
/// <item>Number: a whole case number ("KN-2026-000123"): equality on the unique number.</item>
/// <item>Fragment: anything with a digit (a part of a number) or no word at all: the old substring LIKE over the folded
/// text, a scan, so "000123" or "2026-0001" still finds what it used to.</item>
/// </list>
/// Every mode reads only search_text or number, so a confidential reporter's name (never in search_text) stays unfindable.
/// With q the list is newest first (highest case id) unless a column order is asked for: see CaseQueries.Compose.
/// </summary>
internal sealed partial record TextSearch(SqlPart Part, string? Match = null, string? Terms = null, string? Like = null, string? Number = null)
{
    // SQLite: the index drives the statement (CaseQueries.Compose puts cases_fts first), so this is the MATCH itself.
    internal static readonly SqlPart WhereWords = new(
        "f.cases_fts MATCH @match",
        "NOT EXISTS (SELECT 1 FROM OPENJSON(@terms) t WHERE c.search_text NOT LIKE t.value ESCAPE '\\')");

    /// <summary>
    /// SQLite's FROM for words: the index first, and CROSS JOIN so the planner keeps it first. FTS5 hands out the matching
    /// rowids newest first from its own doclists (ORDER BY f.rowid DESC costs no sort), each row is fetched by its id, and
    /// the page stops after its rows: at 1M cases "nguyen van" (30,000 matches) reads 50 cases, not 30,000.
    /// </summary>
    internal const string FromWords = "cases_fts f CROSS JOIN cases c ON c.id = f.rowid";

    /// <summary>SQLite's capped count when the words are the only filter: read from the index alone, stopping at the cap.</summary>
    internal const string CountWordsOnly = "SELECT COUNT(*) FROM (SELECT 1 AS x FROM cases_fts f WHERE f.cases_fts MATCH @match LIMIT @cap) AS capped";

    internal static readonly SqlPart WhereFragment = new("c.search_text LIKE @like ESCAPE '\\'");
    internal static readonly SqlPart WhereNumber = new("c.number = @number");

    /// <summary>True for the part any q= adds (words, number or fragment).</summary>
    internal static bool IsText(SqlPart p) => p == WhereWords || p == WhereFragment || p == WhereNumber;

    /// <summary>Null when the text is blank (no text filter).</summary>
    public static TextSearch? Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (CaseNumber().IsMatch(t)) return new(WhereNumber, Number: t.ToUpperInvariant());
        var folded = CaseText.Fold(t);
        var words = NotWord().Split(folded).Where(w => w.Length > 0).ToList();
        if (words.Count == 0 || words.Any(w => w.Any(char.IsDigit)))
            return new(WhereFragment, Like: "%" + EscapeLike(folded) + "%");
        // Each word quoted: it holds only letters, so nothing in it is FTS5 syntax.
        var match = string.Join(' ', words.Distinct().Select(w => w.Length < 3 ? $"\"{w}\"" : $"\"{w}\"*"));
        var terms = JsonSerializer.Serialize(words.Distinct().Select(w => "%" + EscapeLike(w) + "%"));
        return new(WhereWords, Match: match, Terms: terms);
    }

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");

    [GeneratedRegex(@"^[A-Za-z]{2,5}-\d{4}-\d{6}$")]
    private static partial Regex CaseNumber();

    // What FTS5's unicode61 tokenizer treats as separators: anything but letters and digits.
    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NotWord();
}
