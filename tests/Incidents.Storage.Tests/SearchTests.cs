using Dapper;
using Incidents.Core.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Intake;
using Incidents.Storage.Triage;

namespace Incidents.Storage.Tests;

/// <summary>
/// The queue's q= on SQLite: word prefixes through the FTS5 index cases_fts (migration 0013), kept by triggers in the
/// transaction that writes search_text; numbers and fragments with digits through the folded text as before.
/// </summary>
public sealed class SearchTests(SqliteTestDatabase t) : IClassFixture<SqliteTestDatabase>
{
    private readonly CaseStore _store = new(t.Db);
    private readonly CaseQueries _q = new(t.Db, t.Time);

    private async Task<CaseRecord> CreateAsync(string title, string prefix, string reporter, string type = "complaint", bool confidential = false,
        DateTimeOffset? due = null) =>
        (await _store.CreateAsync(StoreScenarios.Case(t, title, prefix: prefix, type: type, confidential: confidential, due: due,
            reporter: new Reporter(reporter, "Hà Nội", null, null)))).Case!;

    private async Task<IReadOnlyList<string>> FindAsync(CaseFilter f) => (await _q.ListAsync(f)).Items.Select(c => c.Number).ToList();

    [Fact]
    public async Task A_name_typed_without_diacritics_is_found_by_any_of_its_words_in_any_order_and_by_word_prefixes()
    {
        var hit = await CreateAsync("Đơn về lối đi chung", "SA", "Đặng Thị Xuyến");
        await CreateAsync("Đơn về lối đi chung", "SA", "Đặng Văn Hùng");

        Assert.Equal([hit.Number], await FindAsync(new() { Text = "dang thi xuyen" }));
        Assert.Equal([hit.Number], await FindAsync(new() { Text = "xuyen" }));           // the given name alone, last in the text
        Assert.Equal([hit.Number], await FindAsync(new() { Text = "Xuyen Dang" }));      // any order, any case
        Assert.Equal([hit.Number], await FindAsync(new() { Text = "đặng xuy" }));        // typed with diacritics, a prefix
        Assert.Equal([hit.Number], await FindAsync(new() { Text = "thi xuyen loi di" })); // name and title words together
        Assert.Empty(await FindAsync(new() { Text = "uyen" }));                          // a word's middle is not a word
    }

    [Fact]
    public async Task Short_words_match_whole_and_case_numbers_and_fragments_with_digits_still_work()
    {
        var le = await CreateAsync("Kiến nghị về tiếng ồn", "SB", "Lê Thị Hà");
        var len = await CreateAsync("Kiến nghị về tiếng ồn", "SB", "Lên Thị Hàn");

        Assert.Equal([le.Number], await FindAsync(new() { Text = "le ha" }));      // "le" and "ha" whole, not "len", "han"
        Assert.Equal([le.Number], await FindAsync(new() { Text = le.Number }));    // a whole number: equality
        Assert.Equal([le.Number], await FindAsync(new() { Text = le.Number.ToLowerInvariant() }));
        Assert.Equal([len.Number], await FindAsync(new() { Text = len.Number[1..] })); // a part of a number: a fragment
        Assert.Equal(2, (await _q.ListAsync(new() { Text = "sb-" })).Total);
    }

    [Fact]
    public async Task Search_combines_with_the_type_and_state_filters_and_keeps_the_queue_order()
    {
        var now = t.Time.GetUtcNow();
        var later = await CreateAsync("Đơn", "SC", "Trịnh Bích Ngọc", due: now.AddDays(5));
        var sooner = await CreateAsync("Đơn", "SC", "Trịnh Bích Ngân", due: now.AddDays(1));
        var denunciation = await CreateAsync("Tố cáo", "SC", "Trịnh Bích Nga", type: "denunciation");

        Assert.Equal([sooner.Number, later.Number, denunciation.Number], await FindAsync(new() { Text = "trinh bich" }));
        Assert.Equal([sooner.Number, later.Number], await FindAsync(new() { Text = "trinh bich", Type = "complaint", State = "received" }));
        Assert.Equal([denunciation.Number], await FindAsync(new() { Text = "trinh bich", Type = "denunciation" }));
        Assert.Empty(await FindAsync(new() { Text = "trinh bich", State = "closed" }));
        Assert.Empty(await FindAsync(new() { Text = "trinh bich", Team = "security" }));
    }

    [Fact]
    public async Task A_name_with_more_matches_than_the_count_cap_is_read_in_queue_order_too()
    {
        var now = t.Time.GetUtcNow();
        var third = await CreateAsync("Đơn", "SF", "Dương Khánh Toàn", due: now.AddDays(3));
        var first = await CreateAsync("Đơn", "SF", "Dương Khánh Toàn", due: now.AddDays(1));
        var none = await CreateAsync("Đơn", "SF", "Dương Khánh Toàn");
        var second = await CreateAsync("Đơn", "SF", "Dương Khánh Toàn", due: now.AddDays(2));
        var capped = new CaseQueries(t.Db, t.Time) { Cap = 2 }; // past the cap the page walks the queue index (TextSearch)

        var page1 = await capped.ListAsync(new() { Text = "duong khanh toan", PageSize = 3 });
        Assert.Equal((3L, true), (page1.Total, page1.TotalIsLowerBound));
        Assert.Equal([first.Number, second.Number, third.Number], page1.Items.Select(c => c.Number));
        var page2 = await capped.ListAsync(new() { Text = "duong khanh toan", PageSize = 3, Page = 2 });
        Assert.Equal([none.Number], page2.Items.Select(c => c.Number));
        var team = await capped.ListAsync(new() { Text = "duong khanh", Team = "complaints", PageSize = 2 });
        Assert.Equal([first.Number, second.Number], team.Items.Select(c => c.Number));
        Assert.Empty((await capped.ListAsync(new() { Text = "duong khanh", Team = "security" })).Items);
    }

    [Fact]
    public async Task A_confidential_reporters_name_is_not_found_neither_at_intake_nor_once_made_confidential_later()
    {
        await CreateAsync("Tố cáo cán bộ", "SD", "Võ Diệu Huyền", type: "denunciation", confidential: true);
        var open = await CreateAsync("Đơn", "SD", "Võ Diệu Thùy");
        Assert.Empty(await FindAsync(new() { Text = "vo dieu huyen" }));
        Assert.Equal([open.Number], await FindAsync(new() { Text = "vo dieu thuy" }));

        // A follow-on denunciation makes the first case's reporter confidential: search_text is rewritten, the index with it.
        await using (var w = await t.Db.BeginWriteAsync())
        {
            await CaseUpdateStore.MakeConfidentialAsync(w.Connection, w.Transaction, t.Db, open.Id, default);
            await w.CommitAsync();
        }
        Assert.Empty(await FindAsync(new() { Text = "vo dieu thuy" }));
        Assert.Equal([open.Number], await FindAsync(new() { Text = open.Number }));
    }

    [Fact]
    public async Task The_index_follows_an_update_of_the_title_in_the_same_transaction_and_a_rolled_back_one_leaves_it()
    {
        var c = await CreateAsync("Đơn về cấp nước", "SE", "Hồ Quỳnh Oanh");
        var newTitle = "Đơn về thoát nước";
        await using (var w = await t.Db.BeginWriteAsync())
        {
            await w.Connection.ExecuteAsync("UPDATE cases SET title = @title, search_text = @search WHERE id = @id",
                new { id = c.Id, title = newTitle, search = CaseText.Fold($"{c.Number} {newTitle} Mô tả Hồ Quỳnh Oanh") }, w.Transaction);
            await w.CommitAsync();
        }
        Assert.Equal([c.Number], await FindAsync(new() { Text = "thoat nuoc" }));
        Assert.Empty(await FindAsync(new() { Text = "cap nuoc oanh" }));

        await using (var w = await t.Db.BeginWriteAsync())
        {
            await w.Connection.ExecuteAsync("UPDATE cases SET title = 'x', search_text = 'bo qua' WHERE id = @id", new { id = c.Id }, w.Transaction);
            await w.Transaction.RollbackAsync();
        }
        Assert.Empty(await FindAsync(new() { Text = "bo qua" }));
        Assert.Equal([c.Number], await FindAsync(new() { Text = "thoat nuoc oanh" }));

        // FTS5's own check: the index holds exactly the terms of the content it points at.
        await using var conn = await t.Db.OpenAsync();
        await conn.ExecuteAsync("INSERT INTO cases_fts (cases_fts, rank) VALUES ('integrity-check', 1)");
    }
}
