using Incidents.Core.Cases;

namespace Incidents.Core.Duplicates;

/// <summary>Why two cases may be one matter. The identity reasons name the reporter; SimilarText does not.</summary>
public enum MatchReason { IdNumber, Phone, Email, NameAndLocality, SimilarText }

/// <summary>One side of a comparison: a case's reporter keys (MatchKeys), its locality and its words.</summary>
public sealed record DuplicateProbe(string? IdNumber, string? PhoneKey, string? EmailKey, string? NameKey, string? LocalityCode,
    string? Title, string? Description)
{
    public static DuplicateProbe Of(Reporter r, string? localityCode, string? title, string? description) =>
        new(Duplicates.IdNumber.Parse(r.IdNumber).Value, MatchKeys.Phone(r.Phone), MatchKeys.Email(r.Email), MatchKeys.Name(r.Name), localityCode,
            title, description);
}

/// <summary>A candidate as scored, before the reader's rights are applied.</summary>
public sealed record DuplicateMatch(string Number, IReadOnlyList<MatchReason> Reasons, double Score, double TextSimilarity);

/// <summary>
/// Pure scoring of candidate duplicates (issue #12). The same person is found by an ID-card number, a phone, an email or
/// a name in the same locality; the same matter by title and description (folded syllables, stop-syllables left out).
/// The list is ranked, short, and carries its reasons so the clerk reads why, not only a score.
/// </summary>
public static class DuplicateScoring
{
    /// <summary>Text at least this similar (Dice over syllables and syllable pairs) counts as the same matter.</summary>
    public const double TextThreshold = 0.35;
    public const int MaxShown = 5;

    public static bool IsIdentity(MatchReason r) => r != MatchReason.SimilarText;

    public static DuplicateMatch? Score(DuplicateProbe probe, string number, DuplicateProbe candidate)
    {
        var reasons = new List<MatchReason>();
        double score = 0;
        static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.Ordinal);
        if (Same(probe.IdNumber, candidate.IdNumber)) { reasons.Add(MatchReason.IdNumber); score += 100; }
        if (Same(probe.PhoneKey, candidate.PhoneKey)) { reasons.Add(MatchReason.Phone); score += 60; }
        if (Same(probe.EmailKey, candidate.EmailKey)) { reasons.Add(MatchReason.Email); score += 60; }
        if (Same(probe.NameKey, candidate.NameKey) && Same(probe.LocalityCode, candidate.LocalityCode)) { reasons.Add(MatchReason.NameAndLocality); score += 40; }
        var sim = Syllables.Similarity(Syllables.Terms(Join(probe)), Syllables.Terms(Join(candidate)));
        if (sim >= TextThreshold) { reasons.Add(MatchReason.SimilarText); score += 50 * sim; }
        return reasons.Count == 0 ? null : new(number, reasons, score + sim, sim);
    }

    /// <summary>
    /// What this reader is shown of a match. Identity reasons only when the reader may see the identity on both cases
    /// (maySeeIdentity); a match left with no reason is dropped, so a confidential identity is never shown by inference.
    /// </summary>
    public static DuplicateMatch? ForReader(DuplicateMatch m, bool maySeeIdentity)
    {
        if (maySeeIdentity) return m;
        var kept = m.Reasons.Where(r => !IsIdentity(r)).ToList();
        return kept.Count == 0 ? null : m with { Reasons = kept, Score = 50 * m.TextSimilarity + m.TextSimilarity };
    }

    /// <summary>Best first, at most MaxShown; ties by the newer number last so the older (the primary to be) comes first.</summary>
    public static IReadOnlyList<DuplicateMatch> Rank(IEnumerable<DuplicateMatch> matches) =>
        [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.Number, StringComparer.Ordinal).Take(MaxShown)];

    /// <summary>A reason as the clerk reads it; the API gives the code beside it.</summary>
    public static Workflows.LocalizedText Words(MatchReason r) => r switch
    {
        MatchReason.IdNumber => new("Cùng số CCCD", "Same ID-card number"),
        MatchReason.Phone => new("Cùng số điện thoại", "Same phone number"),
        MatchReason.Email => new("Cùng thư điện tử", "Same email address"),
        MatchReason.NameAndLocality => new("Cùng họ tên, cùng địa bàn", "Same name in the same locality"),
        _ => new("Nội dung tương tự", "Similar title and content"),
    };

    /// <summary>The reason's wire code: id-number, phone, email, name-and-locality, similar-text.</summary>
    public static string Code(MatchReason r) => r switch
    {
        MatchReason.IdNumber => "id-number",
        MatchReason.Phone => "phone",
        MatchReason.Email => "email",
        MatchReason.NameAndLocality => "name-and-locality",
        _ => "similar-text",
    };

    private static string Join(DuplicateProbe p) => p.Title + " " + p.Description;
}
