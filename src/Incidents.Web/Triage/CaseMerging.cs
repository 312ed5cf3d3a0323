using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Duplicates;
using Incidents.Storage.Duplicates;
using Incidents.Storage.Triage;
using Incidents.Web.Access;

namespace Incidents.Web.Triage;

public enum MergeOutcome
{
    Done, NotFound, Forbidden, UnknownPrimary, Self, NotOpen, PrimaryMerged, HasDuplicates, Confidential, ReasonInvalid, NotMerged, LeadershipOnly,
}

/// <summary>A candidate as this reader is shown it: reasons only those the reader may know (see CaseMerging).</summary>
public sealed record DuplicateOffer(string Number, string Title, IReadOnlyList<MatchReason> Reasons)
{
    public string Words(string culture) => string.Join(", ", Reasons.Select(r => DuplicateScoring.Words(r).In(culture)));
}

/// <summary>
/// Duplicates and merge (issue #12), one service for the API and the pages. Offers: every candidate the reader's teams
/// may see, each reason based on an identity only when the reader may see the identity on both cases (the one typed at
/// intake is the clerk's own); a candidate found only by a hidden identity is not offered at all. Merge: a handler of both
/// cases' teams, with a reason; a confidential reporter's case only into another such case, by someone who is a custodian
/// of both, so the primary's readers never meet an identity they could not see on either case. Unmerge: leadership only.
/// </summary>
public sealed class CaseMerging(CaseAssignment cases, DuplicateStore dupes, MergeStore merges, AccessOptions access, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    /// <summary>Offers for a letter being taken in (its reporter and words as typed).</summary>
    public async Task<IReadOnlyList<DuplicateOffer>> ForIntakeAsync(DuplicateProbe probe, Actor actor, CancellationToken ct = default) =>
        Offers(probe, await dupes.CandidatesAsync(probe, null, ct), actor, maySeeProbe: true);

    /// <summary>Offers for a stored case: its keys are read for matching only, never shown.</summary>
    public async Task<IReadOnlyList<DuplicateOffer>> ForCaseAsync(CaseDetail d, Actor actor, CancellationToken ct = default)
    {
        if (d.Case.MergedInto is not null || await dupes.ProbeAsync(d.Case.Id, ct) is not { } self) return [];
        var maySee = !d.ConfidentialReporter || Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId, d.Team, access.Custodians);
        return Offers(self.Probe, await dupes.CandidatesAsync(self.Probe, d.Case.Id, ct), actor, maySee);
    }

    private IReadOnlyList<DuplicateOffer> Offers(DuplicateProbe probe, IReadOnlyList<DuplicateCandidate> candidates, Actor actor, bool maySeeProbe)
    {
        var shown = new List<(DuplicateMatch Match, string Title)>();
        foreach (var c in candidates.Where(c => Visibility.SeesTeam(actor, c.Team)))
        {
            var maySee = maySeeProbe && (!c.Confidential || Visibility.SeesConfidentialIdentity(actor, c.AssigneeId, c.Team, access.Custodians));
            if (DuplicateScoring.Score(probe, c.Number, c.Probe) is { } m && DuplicateScoring.ForReader(m, maySee) is { } kept) shown.Add((kept, c.Title));
        }
        var titles = shown.ToDictionary(s => s.Match.Number, s => s.Title);
        return [.. DuplicateScoring.Rank(shown.Select(s => s.Match)).Select(m => new DuplicateOffer(m.Number, titles[m.Number], m.Reasons))];
    }

    /// <summary>Merges case <paramref name="number"/> into <paramref name="primaryNumber"/>; it closes with a reference to it.</summary>
    public async Task<MergeOutcome> MergeAsync(string number, string? primaryNumber, string? reason, Actor actor, CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return MergeOutcome.NotFound;
        if (!Visibility.MayHandle(actor, d.Team)) return MergeOutcome.Forbidden;
        var text = CaseText.Clean(reason);
        if (text is null || text.Length > MaxReasonLength || PlainText.Check(text, longText: true) is not null) return MergeOutcome.ReasonInvalid;
        var p = string.IsNullOrWhiteSpace(primaryNumber) ? null : await cases.ReadAsync(primaryNumber.Trim().ToUpperInvariant(), actor, ct);
        if (p is null || !Visibility.MayHandle(actor, p.Team)) return MergeOutcome.UnknownPrimary;
        if (p.Case.Id == d.Case.Id) return MergeOutcome.Self;
        if (d.ConfidentialReporter && !(p.ConfidentialReporter
            && Visibility.SeesConfidentialIdentity(actor, d.Case.AssigneeId, d.Team, access.Custodians)
            && Visibility.SeesConfidentialIdentity(actor, p.Case.AssigneeId, p.Team, access.Custodians)))
            return MergeOutcome.Confidential;
        return await merges.MergeAsync(d.Case.Id, p.Case.Id, actor.Login, text, time.GetUtcNow(), ct) switch
        {
            MergeStatus.Merged => MergeOutcome.Done,
            MergeStatus.NotOpen => MergeOutcome.NotOpen,
            MergeStatus.HasDuplicates => MergeOutcome.HasDuplicates,
            _ => MergeOutcome.PrimaryMerged,
        };
    }

    /// <summary>Undoes the merge of duplicate <paramref name="number"/>: leadership only; it reopens with its deadlines.</summary>
    public async Task<MergeOutcome> UnmergeAsync(string number, string? reason, Actor actor, CancellationToken ct = default)
    {
        var d = await cases.ReadAsync(number, actor, ct);
        if (d is null) return MergeOutcome.NotFound;
        if (!actor.Has(Roles.Leadership)) return MergeOutcome.LeadershipOnly;
        var text = CaseText.Clean(reason);
        if (text is { Length: > MaxReasonLength } || PlainText.Check(text, longText: true) is not null) return MergeOutcome.ReasonInvalid;
        return await merges.UnmergeAsync(d.Case.Id, actor.Login, text, time.GetUtcNow(), ct) == MergeStatus.Unmerged
            ? MergeOutcome.Done : MergeOutcome.NotMerged;
    }

    public Task<IReadOnlyList<MergedDuplicate>> MergedIntoAsync(long primaryId, CancellationToken ct = default) => merges.MergedIntoAsync(primaryId, ct);

    /// <summary>What the outcome says, for a page message and the API's detail.</summary>
    public static Core.Workflows.LocalizedText Words(MergeOutcome o) => o switch
    {
        MergeOutcome.Done => new("Đã thực hiện.", "Done."),
        MergeOutcome.NotFound => new("Không có hồ sơ này.", "There is no such case."),
        MergeOutcome.Forbidden => new("Bạn không xử lý hồ sơ của đội này.", "You do not handle this team's cases."),
        MergeOutcome.UnknownPrimary => new("Không có hồ sơ chính này, hoặc bạn không xử lý hồ sơ đó.", "There is no such primary case, or you do not handle it."),
        MergeOutcome.Self => new("Không thể gộp hồ sơ vào chính nó.", "A case cannot be merged into itself."),
        MergeOutcome.NotOpen => new("Hồ sơ đã đóng hoặc đã được gộp.", "The case is closed or already merged."),
        MergeOutcome.PrimaryMerged => new("Hồ sơ chính đã được gộp vào hồ sơ khác; hãy gộp vào hồ sơ đó.", "The primary is itself merged into another case; merge into that one."),
        MergeOutcome.HasDuplicates => new("Hồ sơ này là hồ sơ chính của hồ sơ trùng khác; không gộp tiếp được.", "This case is the primary of other duplicates and cannot be merged itself."),
        MergeOutcome.Confidential => new("Hồ sơ có danh tính được bảo mật chỉ được gộp vào hồ sơ bảo mật khác, bởi người được xem danh tính của cả hai.",
            "A case whose reporter is confidential merges only into another such case, by someone who may see the identity on both."),
        MergeOutcome.ReasonInvalid => new($"Bắt buộc nhập lý do (tối đa {MaxReasonLength} ký tự, không có ký tự điều khiển).",
            $"A reason is required (at most {MaxReasonLength} characters, no control characters)."),
        MergeOutcome.NotMerged => new("Hồ sơ này không được gộp.", "This case is not merged."),
        _ => new("Chỉ lãnh đạo được tách hồ sơ đã gộp.", "Only leadership may undo a merge."),
    };
}
