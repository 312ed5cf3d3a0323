using Dapper;
using Incidents.Core.Cases;
using Incidents.Core.Duplicates;
using Incidents.Storage.Duplicates;
using Incidents.Storage.Intake;
using Incidents.Storage.Thread;
using Incidents.Storage.Triage;

namespace Incidents.Storage.Tests;

/// <summary>Duplicates, merge and the số đến register (0017) on a real SQLite file.</summary>
public sealed class DuplicateStoreTests(SqliteTestDatabase t) : IClassFixture<SqliteTestDatabase>
{
    private readonly CaseStore _store = new(t.Db);
    private readonly MergeStore _merges = new(t.Db);
    private readonly DuplicateStore _dupes = new(t.Db);
    private readonly CaseQueries _q = new(t.Db, t.Time);

    private async Task<CaseRecord> CreateAsync(string prefix, Reporter? reporter = null, string? body = null, long? register = null,
        DateTimeOffset? due = null, string title = "Khiếu nại về đất đai", bool confidential = false) =>
        (await _store.CreateAsync(StoreScenarios.Case(t, title, prefix: prefix, reporter: reporter, due: due, confidential: confidential)
            with { RegisterBody = body, RegisterNumber = register })).Case!;

    [Fact]
    public async Task Register_numbers_are_assigned_in_turn_per_body_and_an_entered_one_moves_the_register_past_it()
    {
        var a = await CreateAsync("RA", body: "UBBC-A");
        var b = await CreateAsync("RA", body: "UBBC-A");
        var other = await CreateAsync("RA", body: "UBBC-B");
        var entered = await CreateAsync("RA", body: "UBBC-A", register: 10);
        var next = await CreateAsync("RA", body: "UBBC-A");
        Assert.Equal([1L, 2L, 1L, 10L, 11L], new[] { a, b, other, entered, next }.Select(c => c.RegisterNumber!.Value));
        Assert.Equal(11, (await _q.GetAsync(next.Number))!.RegisterNumber);
    }

    [Fact]
    public async Task An_entered_register_number_already_used_stores_nothing_and_consumes_no_number()
    {
        var first = await CreateAsync("RB", body: "UBBC-C", register: 7);
        var e = await Assert.ThrowsAsync<RegisterNumberTakenException>(() => CreateAsync("RB", body: "UBBC-C", register: 7));
        Assert.Equal(first.Number, e.CaseNumber);
        var after = await CreateAsync("RB", body: "UBBC-C");
        Assert.Equal(8, after.RegisterNumber);
        Assert.Equal("RB-2026-000002", after.Number); // the refused intake took no case number either
    }

    [Fact]
    public async Task The_same_phone_written_another_way_finds_the_earlier_case()
    {
        var first = await CreateAsync("DA", new Reporter("Trần Thị Bình", null, "+84 987 654 321", null), title: "Đường hỏng");
        var probe = DuplicateProbe.Of(new Reporter(null, null, "0987.654.321", null), "99999", "Mất điện", null);
        var found = await _dupes.CandidatesAsync(probe, null);
        Assert.Contains(found, c => c.Number == first.Number && DuplicateScoring.Score(probe, c.Number, c.Probe)!.Reasons.Contains(MatchReason.Phone));
    }

    [Fact]
    public async Task A_merged_duplicate_closes_its_steps_wait_and_its_thread_and_history_read_on_the_primary_until_unmerged()
    {
        var due = t.Time.GetUtcNow().AddDays(10);
        var primary = await CreateAsync("MA", due: due);
        var dup = await CreateAsync("MA", due: due);
        await new CaseThreadStore(t.Db, t.Time).AppendAsync(dup.Id, new NewEntry("note", "tester", "Thư lần hai"));

        Assert.Equal(MergeStatus.Merged, await _merges.MergeAsync(dup.Id, primary.Id, "lan", "Đơn trùng", t.Time.GetUtcNow()));
        var closed = (await _q.GetAsync(dup.Number))!;
        Assert.Equal(primary.Number, closed.MergedInto);
        Assert.NotNull(closed.ClosedAt);
        Assert.Null(closed.NextDueAt);
        Assert.Equal(["merged", "merged"], await StepStatusesAsync(dup.Id));
        Assert.Equal(["cancelled"], await DeadlineStatusesAsync(dup.Id)); // out of the digest and the figures
        Assert.Contains((await new CaseThreadStore(t.Db, t.Time).ListAsync(primary.Id)), e => e.CaseId == dup.Id);
        Assert.Contains(await _q.GetEventsAsync(primary.Id), e => e.Kind == "merged-into" && e.CaseId == dup.Id);
        Assert.Equal([dup.Number], (await _merges.MergedIntoAsync(primary.Id)).Select(m => m.Number));
        Assert.Equal(MergeStatus.NotOpen, await _merges.MergeAsync(dup.Id, primary.Id, "lan", "again", t.Time.GetUtcNow()));
        Assert.Equal(MergeStatus.HasDuplicates, await _merges.MergeAsync(primary.Id, dup.Id, "lan", "chain", t.Time.GetUtcNow()));

        Assert.Equal(MergeStatus.Unmerged, await _merges.UnmergeAsync(dup.Id, "boss", null, t.Time.GetUtcNow()));
        var open = (await _q.GetAsync(dup.Number))!;
        Assert.Null(open.MergedInto);
        Assert.Null(open.ClosedAt);
        Assert.Equal(due.ToUnixTimeMilliseconds(), open.NextDueAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(["pending", "pending"], await StepStatusesAsync(dup.Id));
        Assert.Equal(["running"], await DeadlineStatusesAsync(dup.Id));
        Assert.DoesNotContain((await new CaseThreadStore(t.Db, t.Time).ListAsync(primary.Id)), e => e.CaseId == dup.Id);
        Assert.Empty(await _merges.MergedIntoAsync(primary.Id));
        Assert.Equal(MergeStatus.NotMerged, await _merges.UnmergeAsync(dup.Id, "boss", null, t.Time.GetUtcNow()));
    }

    [Fact]
    public async Task Phone_email_address_and_register_number_are_searchable_but_a_denouncers_are_not()
    {
        await CreateAsync("SE", new Reporter("Phạm Văn Cường", "45 Phố Huế", "+84 913 000 111", "cuong@example.vn"), body: "UBBC-S", register: 5790);
        await CreateAsync("SF", new Reporter("Đỗ Thị Hạnh", "9 Phố Lạ", "0913 222 333", "hanh@example.vn"), confidential: true);
        async Task<long> Count(string q) => (await _q.ListAsync(new CaseFilter { Text = q })).Total;
        Assert.Equal(1, await Count("0913000111"));
        Assert.Equal(1, await Count("cuong@example.vn"));
        Assert.Equal(1, await Count("pho hue"));
        Assert.Equal(1, await Count("5790"));
        Assert.Equal(0, await Count("0913222333"));
        Assert.Equal(0, await Count("hanh@example.vn"));
        Assert.Equal(0, await Count("pho la"));
    }

    private async Task<List<string>> DeadlineStatusesAsync(long caseId)
    {
        await using var c = await t.Db.OpenAsync();
        return [.. await c.QueryAsync<string>("SELECT status FROM deadlines WHERE case_id = @caseId ORDER BY deadline_key", new { caseId })];
    }

    private async Task<List<string>> StepStatusesAsync(long caseId)
    {
        await using var c = await t.Db.OpenAsync();
        return [.. await c.QueryAsync<string>("SELECT status FROM deadline_steps WHERE case_id = @caseId ORDER BY id", new { caseId })];
    }
}
