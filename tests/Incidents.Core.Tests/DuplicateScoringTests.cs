using Incidents.Core.Cases;
using Incidents.Core.Duplicates;

namespace Incidents.Core.Tests;

public sealed class DuplicateScoringTests
{
    private static DuplicateProbe Probe(string? phone = null, string? email = null, string? id = null, string? name = null,
        string locality = "00004", string title = "Khiếu nại về việc thu hồi đất tại phường Hàng Bài", string? description = null) =>
        DuplicateProbe.Of(new Reporter(name, null, phone, email, id), locality, title, description);

    [Theory]
    [InlineData("+84 912 345 678")]
    [InlineData("0912.345.678")]
    [InlineData("(0912) 345-678")]
    [InlineData("84912345678")]
    public void A_phone_written_any_way_has_one_key(string phone) => Assert.Equal("0912345678", MatchKeys.Phone(phone));

    [Fact]
    public void An_email_matches_whatever_its_case() => Assert.Equal(MatchKeys.Email(" An.Nguyen@Example.VN "), MatchKeys.Email("an.nguyen@example.vn"));

    [Fact]
    public void A_name_matches_without_its_diacritics_and_extra_spaces() =>
        Assert.Equal("nguyen van an", MatchKeys.Name("  Nguyễn   Văn  An "));

    [Theory]
    [InlineData("001203004567", true)]
    [InlineData("001 203 004 567", true)]
    [InlineData("012345678", true)]  // an old CMND still names the person in earlier records
    [InlineData("00120300456", false)]
    [InlineData("00120300456A", false)]
    public void An_id_card_number_has_twelve_digits_or_an_old_nine(string raw, bool valid) => Assert.Equal(valid, IdNumber.Parse(raw).Valid);

    [Fact]
    public void The_same_phone_written_differently_is_a_duplicate_reason()
    {
        var m = DuplicateScoring.Score(Probe(phone: "+84 912 345 678", title: "Mất điện"), "KN-2026-000001", Probe(phone: "0912345678", title: "Đường hỏng"));
        Assert.NotNull(m);
        Assert.Equal([MatchReason.Phone], m.Reasons);
    }

    [Fact]
    public void A_repeated_letter_without_diacritics_matches_on_its_words()
    {
        var m = DuplicateScoring.Score(Probe(title: "Khiếu nại về việc thu hồi đất tại phường Hàng Bài"), "KN-2026-000001",
            Probe(title: "Khieu nai viec thu hoi dat phuong Hang Bai (lan 2)"));
        Assert.NotNull(m);
        Assert.Contains(MatchReason.SimilarText, m.Reasons);
        Assert.True(m.TextSimilarity > 0.6, $"similarity {m.TextSimilarity}");
    }

    [Fact]
    public void Letters_sharing_only_stop_syllables_are_not_similar()
    {
        var a = Syllables.Terms("Đề nghị về việc của ông và bà");
        Assert.Empty(a);
        Assert.Null(DuplicateScoring.Score(Probe(title: "Về việc cấp sổ đỏ"), "KN-2026-000001", Probe(title: "Về việc bồi thường giải phóng mặt bằng")));
    }

    [Fact]
    public void The_same_name_counts_only_in_the_same_locality()
    {
        var here = DuplicateScoring.Score(Probe(name: "Nguyễn Văn An", title: "a"), "X", Probe(name: "Nguyen Van An", title: "b"));
        var elsewhere = DuplicateScoring.Score(Probe(name: "Nguyễn Văn An", title: "a"), "X", Probe(name: "Nguyen Van An", locality: "00007", title: "b"));
        Assert.Equal([MatchReason.NameAndLocality], here!.Reasons);
        Assert.Null(elsewhere);
    }

    [Fact]
    public void A_match_found_only_by_identity_is_hidden_from_a_reader_who_may_not_see_it()
    {
        var m = DuplicateScoring.Score(Probe(id: "001203004567", title: "Mất điện"), "TC-2026-000001", Probe(id: "001203004567", title: "Đường hỏng"))!;
        Assert.Null(DuplicateScoring.ForReader(m, maySeeIdentity: false));
        Assert.Equal([MatchReason.IdNumber], DuplicateScoring.ForReader(m, maySeeIdentity: true)!.Reasons);
    }

    [Fact]
    public void A_reader_who_may_not_see_the_identity_sees_only_the_text_reason_and_its_score()
    {
        var m = DuplicateScoring.Score(Probe(phone: "0912345678"), "TC-2026-000001", Probe(phone: "0912345678"))!;
        var shown = DuplicateScoring.ForReader(m, maySeeIdentity: false)!;
        Assert.Equal([MatchReason.SimilarText], shown.Reasons);
        Assert.True(shown.Score < m.Score); // the rank does not betray the hidden phone either
    }

    [Fact]
    public void The_list_is_short_and_best_first()
    {
        var probe = Probe(phone: "0912345678", id: "001203004567");
        var matches = Enumerable.Range(1, 8).Select(i => DuplicateScoring.Score(probe, $"KN-2026-00000{i}",
            Probe(phone: "0912345678", id: i == 5 ? "001203004567" : null, title: "Khác hẳn")!)!).ToList();
        var ranked = DuplicateScoring.Rank(matches);
        Assert.Equal(DuplicateScoring.MaxShown, ranked.Count);
        Assert.Equal("KN-2026-000005", ranked[0].Number);
    }
}
