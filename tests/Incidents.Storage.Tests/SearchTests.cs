using Dapper;
using Incidents.Core.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Intake;
using Incidents.Storage.Triage;

namespace Incidents.Storage.Tests;

/// <summary>
/// The queue's q= on SQLite: word prefixes through the FTS5 index cases_fts (migrations 0013, 0022), kept by triggers in the
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
    public async Task Search_lists_the_newest_case_first_and_combines_with_the_type_and_state_filters()
    {
        var now = t.Time.GetUtcNow();
        var later = await CreateAsync("Đơn", "SC", "Trịnh Bích Ngọc", due: now.AddDays(5));
        var sooner = await CreateAsync("Đơn", "SC", "Trịnh Bích Ngân", due: now.AddDays(1));
        var denunciation = await CreateAsync("Tố cáo", "SC", "Trịnh Bích Nga", type: "denunciation");

        Assert.Equal([denunciation.Number, sooner.Number, later.Number], await FindAsync(new() { Text = "trinh bich" }));
        Assert.Equal([sooner.Number, later.Number], await FindAsync(new() { Text = "trinh bich", Type = "complaint", State = "received" }));
        Assert.Equal([denunciation.Number], await FindAsync(new() { Text = "trinh bich", Type = "denunciation" }));
        Assert.Empty(await FindAsync(new() { Text = "trinh bich", State = "closed" }));
        Assert.Empty(await FindAsync(new() { Text = "trinh bich", Team = "security" }));
        // A column order asked for still wins over newest first; without q the queue keeps its own order.
        Assert.Equal([later.Number, sooner.Number, denunciation.Number], await FindAsync(new() { Text = "trinh bich", Sort = new("number", false) }));
        Assert.Equal([later.Number, sooner.Number], await FindAsync(new() { Text = "trinh bich", Sort = new("deadline", true), Type = "complaint" }));
    }

    [Fact]
    public async Task Words_in_another_script_or_with_marks_go_through_the_index_as_single_terms()
    {
        // The index keeps no positions (0022: detail = none), so a query word that split into two terms would be a
        // phrase FTS5 refuses: the words are split where FTS5 splits, marks are folded away first.
        var c = await CreateAsync("Đơn của người nước ngoài", "SH", "Иван Петрович Сидоров");
        Assert.Equal([c.Number], await FindAsync(new() { Text = "сидоров иван" }));
        Assert.Equal([c.Number], await FindAsync(new() { Text = "Петр" }));
        Assert.Empty(await FindAsync(new() { Text = "nguoi nuoc ngoai \u0e31\u0483 ʰ々" }));
    }

    [Fact]
    public async Task Every_other_queue_filter_narrows_a_search_by_name()
    {
        var now = t.Time.GetUtcNow();
        var overdue = await CreateAsync("Đơn", "SG", "Mạc Đình Chi", due: now.AddDays(-1));
        var elsewhere = (await _store.CreateAsync(StoreScenarios.Case(t, "Đơn", prefix: "SG", locality: "00008",
            reporter: new Reporter("Mạc Đình Chi", "Huế", null, null)))).Case!;
        var labelled = await CreateAsync("Đơn", "SG", "Mạc Đình Chi", due: now.AddDays(3));
        await new Storage.Desk.LabelStore(t.Db, t.Time).PutAsync([labelled.Id], "Khẩn", "tester");
        string[] all = [labelled.Number, elsewhere.Number, overdue.Number];

        Assert.Equal(all, await FindAsync(new() { Text = "mac dinh chi" }));
        Assert.Equal([overdue.Number], await FindAsync(new() { Text = "mac dinh chi", Overdue = true }));
        Assert.Equal([labelled.Number, elsewhere.Number], await FindAsync(new() { Text = "mac dinh chi", Overdue = false }));
        Assert.Equal([elsewhere.Number], await FindAsync(new() { Text = "mac dinh chi", Locality = "00008" }));
        Assert.Equal([labelled.Number], await FindAsync(new() { Text = "mac dinh chi", Label = "khẩn" }));
        Assert.Equal(all, await FindAsync(new() { Text = "mac dinh chi", Assignee = "none", Open = true, Team = "complaints",
            ReceivedFrom = now.AddDays(-2), ReceivedTo = now }));
        Assert.Empty(await FindAsync(new() { Text = "mac dinh chi", Open = false }));
        Assert.Empty(await FindAsync(new() { Text = "mac dinh chi", ReceivedFrom = now }));
        Assert.Equal([labelled.Number], await FindAsync(new() { Text = "mac dinh chi", DueBefore = now.AddDays(4) }));
        var counted = await _q.ListAsync(new() { Text = "mac dinh chi", Overdue = false, PageSize = 1 });
        Assert.Equal((2L, false), (counted.Total, counted.TotalIsLowerBound));
        Assert.Equal([labelled.Number], counted.Items.Select(c => c.Number));
    }

    [Fact]
    public async Task Past_the_count_cap_a_search_pages_newest_first_and_its_total_is_a_lower_bound()
    {
        var now = t.Time.GetUtcNow();
        var first = await CreateAsync("Đơn", "SF", "Dương Khánh Toàn", due: now.AddDays(3));
        var second = await CreateAsync("Đơn", "SF", "Dương Khánh Toàn", due: now.AddDays(1));
        var third = await CreateAsync("Đơn", "SF", "Dương Khánh Toàn");
        var fourth = await CreateAsync("Đơn", "SF", "Dương Khánh Toàn", due: now.AddDays(2));
        var capped = new CaseQueries(t.Db, t.Time) { Cap = 2 };

        var page1 = await capped.ListAsync(new() { Text = "duong khanh toan", PageSize = 3 });
        Assert.Equal((3L, true), (page1.Total, page1.TotalIsLowerBound)); // counted to the end of the page, then "3+"
        Assert.Equal([fourth.Number, third.Number, second.Number], page1.Items.Select(c => c.Number));
        var page2 = await capped.ListAsync(new() { Text = "duong khanh toan", PageSize = 3, Page = 2 });
        Assert.Equal([first.Number], page2.Items.Select(c => c.Number));
        Assert.Equal((4L, false), (page2.Total, page2.TotalIsLowerBound)); // not full: the last page, no count needed
        var pastTheEnd = await capped.ListAsync(new() { Text = "duong khanh toan", PageSize = 3, Page = 3 });
        Assert.Equal((0, 4L, false), (pastTheEnd.Items.Count, pastTheEnd.Total, pastTheEnd.TotalIsLowerBound));
        // With another filter the count goes through the cases too, and stops at the cap the same way.
        var team = await capped.ListAsync(new() { Text = "duong khanh", Team = "complaints", PageSize = 2 });
        Assert.Equal([fourth.Number, third.Number], team.Items.Select(c => c.Number));
        Assert.Equal((2L, true), (team.Total, team.TotalIsLowerBound));
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
    [Fact]
    public async Task Every_queue_statement_prepares_on_SQLite_and_a_search_reads_the_index_newest_first_without_a_sort()
    {
        await using var conn = await t.Db.OpenAsync();
        async Task<List<string>> PlanAsync(string sql)
        {
            var args = new DynamicParameters();
            foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, @"@\w+").Select(m => m.Value).Distinct()) args.Add(name, null);
            return (await conn.QueryAsync<(long, long, long, string)>("EXPLAIN QUERY PLAN " + sql, args)).Select(r => r.Item4).ToList();
        }
        foreach (var sql in CaseQueries.AllListStatements(DbProvider.Sqlite).Concat(CaseQueries.ReportFilterStatements(DbProvider.Sqlite)))
            Assert.NotEmpty(await PlanAsync(sql));

        // The page of a search: FTS5 first, hands out its rowids in descending order (no temp B-tree), each case by its id.
        foreach (var parts in new[] { [TextSearch.WhereWords], new[] { CaseQueries.WhereTeam, CaseQueries.WhereState, TextSearch.WhereWords } })
        {
            var plan = await PlanAsync(CaseQueries.Compose(DbProvider.Sqlite, parts).Page);
            Assert.StartsWith("SCAN f VIRTUAL TABLE", plan[0]);
            Assert.Contains(plan, p => p.StartsWith("SEARCH c USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, p => p.Contains("TEMP B-TREE", StringComparison.Ordinal));
        }
    }
}
