using System.Collections.Concurrent;
using System.Text;
using Dapper;
using Incidents.Core.Cases;
using Incidents.Core.Deadlines;
using Incidents.Storage.Access;
using Incidents.Storage.Attachments;
using Incidents.Storage.Calendar;
using Incidents.Storage.Cases;
using Incidents.Storage.Handling;
using Incidents.Storage.Intake;
using Incidents.Storage.Links;
using Incidents.Storage.Localities;
using Incidents.Storage.Migrations;
using Incidents.Storage.Triage;
using Incidents.Storage.Workflows;

namespace Incidents.Storage.Tests;

/// <summary>The store suite, run by SqliteStoreTests on a real file and by SqlServerLiveStoreTests on a live server.</summary>
public static class StoreScenarios
{
    public static NewCase Case(TestDatabase t, string title = "Khiếu nại về đất đai", string prefix = "KN", string type = "complaint",
        DateTimeOffset? due = null, string locality = "00004", Reporter? reporter = null, bool confidential = false)
    {
        var now = t.Time.GetUtcNow();
        var deadlines = due is { } d
            ? new List<DeadlineRecord>
            {
                new()
                {
                    Key = "acceptance", Name = "Thụ lý", LegalBasis = "Luật Khiếu nại 2011, Điều 27", Duration = "P10D",
                    Unit = DurationUnit.Calendar, StartedAt = now, DueAt = d,
                    Steps = [new DeadlineStep("warn-1", "warning", d.AddDays(-2), ["assignee"]), new DeadlineStep("breach-1", "breach", d, ["team-lead", "leadership"])],
                },
            }
            : new List<DeadlineRecord>();
        return new NewCase
        {
            Type = type, Prefix = prefix, Team = type == "security-incident" ? "security" : "complaints", WorkflowVersion = 1,
            State = "received", Title = title, Description = "Mô tả", LocalityCode = locality, Channel = Channel.Counter,
            ReceivedAt = now.AddDays(-1), CreatedAt = now, Reporter = reporter ?? new Reporter("Nguyễn Văn An", "Hà Nội", "0912345678", null),
            ConfidentialReporter = confidential, Inputs = new Dictionary<string, string> { ["complex"] = "true" }, Deadlines = deadlines,
            Actor = "tester",
        };
    }

    public static async Task MigrationsAreRecordedAndIdempotent(TestDatabase t)
    {
        var runner = new MigrationRunner(t.Db, t.Time);
        var expected = MigrationRunner.For(t.Db.Provider).Select(m => m.Version).ToList();
        Assert.Contains(1, expected);
        Assert.Equal(expected, await runner.AppliedAsync());
        Assert.Empty(await runner.MigrateAsync());
        // Two hosts starting at once: neither applies anything twice nor fails.
        var again = await Task.WhenAll(runner.MigrateAsync(), new MigrationRunner(t.Db, t.Time).MigrateAsync());
        Assert.All(again, Assert.Empty);
        var units = await new AdminUnitStore(t.Db).ListAsync();
        Assert.Equal(MigrationRunner.SeedUnits().Count, units.Count);
        Assert.Equal("Thành phố Hà Nội", units.Single(u => u.Code == "01").Name);
    }

    public static async Task CreateWritesCaseReporterEventAndDeadlinesInOneGo(TestDatabase t)
    {
        var store = new CaseStore(t.Db);
        var due = t.Time.GetUtcNow().AddDays(10);
        var a = await store.CreateAsync(Case(t, due: due));
        var b = await store.CreateAsync(Case(t, due: due));
        Assert.Equal(CreateStatus.Created, a.Status);
        Assert.Equal("KN-2026-000001", a.Case!.Number);
        Assert.Equal("KN-2026-000002", b.Case!.Number);
        var s = await store.CreateAsync(Case(t, prefix: "SC", type: "security-incident"));
        Assert.Equal("SC-2026-000001", s.Case!.Number);

        var q = new CaseQueries(t.Db, t.Time);
        var detail = await q.GetDetailAsync("KN-2026-000001");
        Assert.NotNull(detail);
        Assert.Equal("received", detail.Case.State);
        Assert.Equal(1, detail.Case.RowVersion);
        Assert.Equal(due.ToUnixTimeMilliseconds(), detail.Case.NextDueAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal("true", detail.Case.Inputs["complex"]);
        var dl = Assert.Single(detail.Deadlines);
        Assert.Equal("Luật Khiếu nại 2011, Điều 27", dl.LegalBasis);
        Assert.Equal(["warn-1", "breach-1"], dl.Steps.Select(x => x.StepKey));
        Assert.Equal(["team-lead", "leadership"], dl.Steps[1].Recipients);
        var ev = Assert.Single(await q.GetEventsAsync(detail.Case.Id));
        Assert.Equal("created", ev.Kind);
        Assert.Equal("received", ev.ToState);
        Assert.Equal("Nguyễn Văn An", (await q.GetReporterAsync(detail.Case.Id))!.Name);
        await using var c = await t.Db.OpenAsync();
        Assert.Equal(2L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM deadline_steps WHERE case_id = " + detail.Case.Id + " AND status = 'pending'"));
    }

    public static async Task ConcurrentIntakeGivesUniqueGapFreeNumbers(TestDatabase t)
    {
        var store = new CaseStore(t.Db);
        var numbers = new ConcurrentBag<string>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++) numbers.Add((await store.CreateAsync(Case(t, title: $"w{w} c{i}", prefix: "TC"))).Case!.Number);
        })));
        Assert.Equal(1600, numbers.Count);
        Assert.Equal(1600, numbers.Distinct().Count());
        var expected = Enumerable.Range(1, 1600).Select(i => CaseStore.FormatNumber("TC", 2026, i)).ToHashSet();
        Assert.True(expected.SetEquals(numbers));
    }

    public static async Task IdempotencyKeyReplaysAndRejectsOtherBody(TestDatabase t)
    {
        var store = new CaseStore(t.Db);
        var claim = new IdempotencyClaim(7, "key-1", new string('a', 64));
        StoredResponse Render(CaseRecord c, IReadOnlyList<DeadlineRecord> _) => new(201, "/api/v1/cases/" + c.Number, "{\"number\":\"" + c.Number + "\"}");
        var first = await store.CreateAsync(Case(t, prefix: "ID"), claim, Render);
        var second = await store.CreateAsync(Case(t, prefix: "ID"), claim, Render);
        var other = await store.CreateAsync(Case(t, prefix: "ID"), claim with { RequestHash = new string('b', 64) }, Render);
        Assert.Equal(CreateStatus.Created, first.Status);
        Assert.Equal(CreateStatus.Replayed, second.Status);
        Assert.Equal(first.Response, second.Response);
        Assert.Equal(CreateStatus.KeyReused, other.Status);
        Assert.Equal(1, (await new CaseQueries(t.Db, t.Time).ListAsync(new CaseFilter { Text = "ID-2026" })).Total);
    }

    /// <summary>
    /// SQLite: a test holds the writer so every request below queues and the group writer takes them all in one
    /// transaction; SQL Server has no in-process gate, so there they are batched as they come.
    /// </summary>
    private static async Task<IReadOnlyList<Task<T>>> QueuedTogether<T>(TestDatabase t, int n, Func<int, Task<T>> start)
    {
        var held = t.Db.Provider == DbProvider.Sqlite ? await t.Db.BeginWriteAsync() : null;
        var tasks = Enumerable.Range(0, n).Select(start).ToList();
        if (held is not null) await held.DisposeAsync();
        return tasks;
    }

    public static async Task ARequestTheDatabaseRefusesFailsAloneAndItsBatchCommitsGapFree(TestDatabase t)
    {
        var store = new CaseStore(t.Db);
        var commits = store.Writer.Commits;
        // Every fifth names an assignee who does not exist: the foreign key fails that insert, inside the group transaction.
        var tasks = await QueuedTogether(t, 60, i => store.CreateAsync(i % 5 == 2
            ? Case(t, title: $"bad {i}", prefix: "GC") with { AssigneeId = 987654321, AssigneeLogin = "nobody" }
            : Case(t, title: $"good {i}", prefix: "GC")));
        var numbers = new string?[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            if (i % 5 == 2) await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => tasks[i]);
            else numbers[i] = (await tasks[i]).Case!.Number;
        }
        var expected = Enumerable.Range(1, 48).Select(i => CaseStore.FormatNumber("GC", 2026, i)).ToHashSet();
        Assert.True(expected.SetEquals(numbers.Where(n => n is not null)!)); // the refused ones took no number
        await using var c = await t.Db.OpenAsync();
        Assert.Equal(48L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE number LIKE 'GC-%'"));
        Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE title LIKE 'bad %'"));
        Assert.Equal(48L, await c.ExecuteScalarAsync<long>("SELECT last_value FROM case_sequences WHERE prefix = 'GC'"));
        if (t.Db.Provider == DbProvider.Sqlite) Assert.Equal(commits + 1, store.Writer.Commits); // one group transaction
    }

    /// <summary>
    /// The writer keeps its connection and prepared statements from batch to batch; a refused request (a missing
    /// assignee, a register number already taken) leaves them usable, and neither it nor the register takes a number.
    /// </summary>
    public static async Task TheWritersKeptStatementsServeBatchAfterBatchAndSurviveARefusedRequest(TestDatabase t)
    {
        var store = new CaseStore(t.Db);
        var first = (await store.CreateAsync(Case(t, prefix: "KS") with { RegisterBody = "KS-BODY" })).Case!;
        var connection = store.Writer.Connection;
        Assert.NotNull(connection);
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            store.CreateAsync(Case(t, prefix: "KS") with { RegisterBody = "KS-BODY", AssigneeId = 987654321, AssigneeLogin = "nobody" }));
        var taken = await Assert.ThrowsAsync<RegisterNumberTakenException>(() =>
            store.CreateAsync(Case(t, prefix: "KS") with { RegisterBody = "KS-BODY", RegisterNumber = first.RegisterNumber }));
        Assert.Equal(first.Number, taken.CaseNumber);
        var entered = (await store.CreateAsync(Case(t, prefix: "KS") with { RegisterBody = "KS-BODY", RegisterNumber = 7 })).Case!;
        var next = (await store.CreateAsync(Case(t, prefix: "KS", title: "Đơn sau cùng") with { RegisterBody = "KS-BODY" })).Case!;

        Assert.Same(connection, store.Writer.Connection);
        // SQLite: the savepoints' sub-journal stays in memory on the writer's connection (no temp file per batch).
        if (t.Db.Provider == DbProvider.Sqlite) Assert.Equal(2L, await connection!.ExecuteScalarAsync<long>("PRAGMA temp_store"));
        Assert.Equal([CaseStore.FormatNumber("KS", 2026, 1), CaseStore.FormatNumber("KS", 2026, 2), CaseStore.FormatNumber("KS", 2026, 3)],
            new[] { first.Number, entered.Number, next.Number });
        Assert.Equal([1L, 7L, 8L], new[] { first.RegisterNumber, entered.RegisterNumber, next.RegisterNumber });
        await using var c = await t.Db.OpenAsync();
        Assert.Equal(8L, await c.ExecuteScalarAsync<long>("SELECT register_number FROM cases WHERE number = @n", new { n = next.Number }));
        // The register number is in the search text written with the row.
        var found = await new CaseQueries(t.Db, t.Time).ListAsync(new CaseFilter { Text = next.Number + " 8 Đơn sau" });
        Assert.Contains(found.Items, i => i.Number == next.Number);
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM case_events WHERE case_id = @id AND kind = 'created'", new { id = next.Id }));
    }

    public static async Task ARetryInTheSameBatchGetsTheFirstAnswerAndNoSecondCase(TestDatabase t)
    {
        var store = new CaseStore(t.Db);
        var claim = new IdempotencyClaim(8, "same-batch", new string('c', 64));
        StoredResponse Render(CaseRecord c, IReadOnlyList<DeadlineRecord> _) => new(201, "/api/v1/cases/" + c.Number, "{\"number\":\"" + c.Number + "\"}");
        var tasks = await QueuedTogether(t, 3, _ => store.CreateAsync(Case(t, prefix: "SB"), claim, Render));
        var outcomes = await Task.WhenAll(tasks);
        var created = Assert.Single(outcomes, o => o.Status == CreateStatus.Created);
        Assert.All(outcomes.Where(o => o != created), o => Assert.Equal((CreateStatus.Replayed, created.Response), (o.Status, o.Response)));
        await using var c = await t.Db.OpenAsync();
        Assert.Equal(1L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cases WHERE number LIKE 'SB-%'"));
    }

    public static async Task StaleRowVersionConflictsAndChangesNothing(TestDatabase t)
    {
        var created = (await new CaseStore(t.Db).CreateAsync(Case(t, prefix: "RV", due: t.Time.GetUtcNow().AddDays(5)))).Case!;
        var updates = new CaseUpdateStore(t.Db);
        var q = new CaseQueries(t.Db, t.Time);
        var at = t.Time.GetUtcNow();
        var ok = await updates.UpdateAsync(new CaseUpdate(created.Id, 1, "accepted", [], new NewCaseEvent(at, "a", "transition", "accept", "received", "accepted")));
        Assert.Equal(new UpdateOutcome(UpdateStatus.Updated, 2), ok);
        var stale = await updates.UpdateAsync(new CaseUpdate(created.Id, 1, "rejected", [], new NewCaseEvent(at, "b", "transition", "reject", "received", "rejected")));
        Assert.Equal(new UpdateOutcome(UpdateStatus.Conflict, 2), stale);
        var after = (await q.GetDetailAsync(created.Number))!;
        Assert.Equal("accepted", after.Case.State);
        Assert.Equal(2, after.Case.RowVersion);
        Assert.Null(after.Case.NextDueAt);
        Assert.Empty(after.Deadlines); // the accept replaced the deadlines; the stale reject wrote nothing
        Assert.Equal(["created", "transition"], (await q.GetEventsAsync(created.Id)).Select(e => e.Kind));
        var staleAssign = await updates.AssignAsync(created.Id, 1, null, null, "b", at);
        Assert.Equal(UpdateStatus.Conflict, staleAssign.Status);
        Assert.Equal(UpdateStatus.NotFound, (await updates.AssignAsync(999_999, 1, null, null, "b", at)).Status);
    }

    public static async Task QueueFiltersSortsAndSearchesWithoutDiacritics(TestDatabase t)
    {
        var users = new UserStore(t.Db, t.Time);
        var handler = (await users.CreateAsync(new NewUser("lan", "Trần Thị Lan", null, null, ["complaints"])))!.Value;
        var store = new CaseStore(t.Db);
        var now = t.Time.GetUtcNow();
        var late = (await store.CreateAsync(Case(t, "Đơn trễ hạn", prefix: "QA", due: now.AddHours(-1)))).Case!;
        var soon = (await store.CreateAsync(Case(t, "Đơn sắp đến hạn", prefix: "QA", due: now.AddDays(1), locality: "00008")))
            .Case!;
        var later = (await store.CreateAsync(Case(t, "Đơn còn lâu", prefix: "QA", due: now.AddDays(9),
            reporter: new Reporter("Nguyễn Ngọc Tuấn", null, null, null)))).Case!;
        var none = (await store.CreateAsync(Case(t, "Đơn không hạn", prefix: "QA"))).Case!;
        var secret = (await store.CreateAsync(Case(t, "Tố cáo", prefix: "QA", type: "denunciation", confidential: true,
            reporter: new Reporter("Phạm Bí Mật", "Hoàn Kiếm", null, null)))).Case!;
        var assignedSoonest = (await store.CreateAsync(Case(t, "Đã giao", prefix: "QA", due: now.AddHours(-5)))).Case!;
        Assert.Equal(UpdateStatus.Updated, (await new CaseUpdateStore(t.Db).AssignAsync(assignedSoonest.Id, 1, handler, "lan", "boss", now)).Status);

        var q = new CaseQueries(t.Db, t.Time);
        // The queue's own order (no q): unassigned first, nearest deadline first, cases without a deadline last; assigned
        // ones after. Read to its end, other scenarios' cases in between.
        var queue = new List<CaseRecord>();
        for (var p = 1; ; p++)
        {
            var pg = await q.ListAsync(new CaseFilter { Page = p, PageSize = CaseFilter.MaxPageSize });
            queue.AddRange(pg.Items.Where(c => c.Number.StartsWith("QA-", StringComparison.Ordinal)));
            if (pg.Items.Count < pg.PageSize) break;
        }
        Assert.Equal([late.Number, soon.Number, later.Number, none.Number, secret.Number, assignedSoonest.Number], queue.Select(c => c.Number));
        Assert.Equal("lan", queue[^1].AssigneeLogin);
        // With q the newest first.
        var all = await q.ListAsync(new CaseFilter { Text = "qa-2026" });
        Assert.Equal(6, all.Total);
        Assert.Equal([assignedSoonest.Number, secret.Number, none.Number, later.Number, soon.Number, late.Number], all.Items.Select(c => c.Number));

        Assert.Equal([later.Number], (await q.ListAsync(new CaseFilter { Text = "Nguyen Ngoc Tuan" })).Items.Select(c => c.Number));
        Assert.Equal([late.Number], (await q.ListAsync(new CaseFilter { Text = "don tre han" })).Items.Select(c => c.Number));
        Assert.Equal(0, (await q.ListAsync(new CaseFilter { Text = "Pham Bi Mat" })).Total); // confidential names are not searchable
        Assert.Equal(0, (await q.ListAsync(new CaseFilter { Text = "100%_" })).Total);
        Assert.Equal([assignedSoonest.Number, late.Number], (await q.ListAsync(new CaseFilter { Text = "qa-", Overdue = true })).Items.Select(c => c.Number));
        Assert.Equal(4, (await q.ListAsync(new CaseFilter { Text = "qa-", Overdue = false })).Total);
        Assert.Equal([soon.Number], (await q.ListAsync(new CaseFilter { Text = "qa-", Locality = "00008" })).Items.Select(c => c.Number));
        Assert.Equal([assignedSoonest.Number], (await q.ListAsync(new CaseFilter { Text = "qa-", Assignee = "lan" })).Items.Select(c => c.Number));
        Assert.Equal(5, (await q.ListAsync(new CaseFilter { Text = "qa-", Assignee = "none" })).Total);
        Assert.Equal([secret.Number], (await q.ListAsync(new CaseFilter { Text = "qa-", Type = "denunciation" })).Items.Select(c => c.Number));
        Assert.Equal(6, (await q.ListAsync(new CaseFilter { Text = "qa-", State = "received", Team = "complaints" })).Total);
        Assert.Equal(0, (await q.ListAsync(new CaseFilter { Text = "qa-", Team = "security" })).Total);
        var page2 = await q.ListAsync(new CaseFilter { Text = "qa-", Page = 2, PageSize = 4 });
        Assert.Equal(6, page2.Total);
        Assert.Equal([soon.Number, late.Number], page2.Items.Select(c => c.Number));
    }

    public static async Task QueueTotalIsCappedAndSaysSo(TestDatabase t)
    {
        var store = new CaseStore(t.Db);
        for (var i = 0; i < 7; i++) await store.CreateAsync(Case(t, $"Đơn giới hạn {i}", prefix: "CAP"));
        var filter = new CaseFilter { Text = "cap-", PageSize = 2 };

        var capped = await new CaseQueries(t.Db, t.Time) { Cap = 5 }.ListAsync(filter);
        Assert.Equal((5L, true), (capped.Total, capped.TotalIsLowerBound)); // "5+": more rows than the cap
        Assert.Equal(2, capped.Items.Count);

        var deep = await new CaseQueries(t.Db, t.Time) { Cap = 5 }.ListAsync(filter with { Page = 4 });
        Assert.Equal((7L, false), (deep.Total, deep.TotalIsLowerBound)); // counted to the end of page 4, past the cap
        Assert.Single(deep.Items);

        var exact = await new CaseQueries(t.Db, t.Time) { Cap = 7 }.ListAsync(filter);
        Assert.Equal((7L, false), (exact.Total, exact.TotalIsLowerBound)); // exactly the cap is still exact
    }

    public static async Task VietnameseTextIsStoredNfcAndRoundTrips(TestDatabase t)
    {
        var decomposed = "Nguyễn Ngọc Tuấn khiếu nại việc thu hồi đất ở phường Hoàn Kiếm".Normalize(NormalizationForm.FormD);
        var created = (await new CaseStore(t.Db).CreateAsync(Case(t, decomposed, prefix: "VN",
            reporter: new Reporter(decomposed, null, null, null)))).Case!;
        var expected = decomposed.Normalize(NormalizationForm.FormC);
        Assert.NotEqual(decomposed, expected);
        var q = new CaseQueries(t.Db, t.Time);
        var read = (await q.GetAsync(created.Number))!;
        Assert.Equal(expected, read.Title);
        Assert.Equal(expected, (await q.GetReporterAsync(created.Id))!.Name);
    }

    public static async Task UsersTokensUnitsHolidaysAttachmentsLinksWorkflows(TestDatabase t)
    {
        var users = new UserStore(t.Db, t.Time);
        var id = await users.CreateAsync(new NewUser("hoa", "Lê Hoa", "hoa@example.vn", "hash", ["complaints", "leadership"], IsLead: true));
        Assert.NotNull(id);
        Assert.Null(await users.CreateAsync(new NewUser("hoa", "Other", null, null, ["admin"])));
        var hoa = (await users.FindByLoginAsync("hoa"))!;
        Assert.True(hoa.Roles.SetEquals(["complaints", "leadership"]));
        Assert.True(hoa.IsLead);
        Assert.False(await users.RecordFailedLoginAsync(hoa.Id, 2, t.Time.GetUtcNow(), TimeSpan.FromMinutes(15), "192.0.2.7"));
        Assert.Null((await users.FindByIdAsync(hoa.Id))!.LockedUntil);
        Assert.True(await users.RecordFailedLoginAsync(hoa.Id, 2, t.Time.GetUtcNow(), TimeSpan.FromMinutes(15), "192.0.2.7"));
        Assert.NotNull((await users.FindByIdAsync(hoa.Id))!.LockedUntil);
        Assert.Contains(await users.RecentEventsAsync(), e => e.Login == "hoa" && e.Kind == AccountEventKinds.Locked && e.Address == "192.0.2.7");
        var stamp = await users.FindStampAsync(hoa.Id);
        Assert.False(string.IsNullOrEmpty(stamp));
        await users.SetRolesAsync(hoa.Id, ["complaints"], isLead: true, by: "admin");
        Assert.NotEqual(stamp, await users.FindStampAsync(hoa.Id)); // a role change ends the sessions
        Assert.True(await users.UnlockAsync(hoa.Id, "admin"));
        Assert.Null((await users.FindByIdAsync(hoa.Id))!.LockedUntil);

        var throttle = new SignInThrottleStore(t.Db);
        for (var i = 0; i < 10; i++) Assert.Null(await throttle.RecordFailureAsync("192.0.2.8", t.Time.GetUtcNow()));
        Assert.Equal(t.Time.GetUtcNow().AddMinutes(1), await throttle.RecordFailureAsync("192.0.2.8", t.Time.GetUtcNow()));
        Assert.NotNull(await throttle.BlockedUntilAsync("192.0.2.8", t.Time.GetUtcNow()));
        Assert.Null(await throttle.BlockedUntilAsync("192.0.2.9", t.Time.GetUtcNow()));

        var tokens = new ApiTokenStore(t.Db, t.Time);
        var token = ApiTokenStore.Generate();
        var tokenId = await tokens.CreateAsync(hoa.Id, ApiTokenStore.Hash(token), "ci");
        Assert.Equal("hoa", (await tokens.FindUserAsync(ApiTokenStore.Hash(token)))!.Login);
        Assert.Null(await tokens.FindUserAsync(ApiTokenStore.Hash(token + "x")));
        await using (var c = await t.Db.OpenAsync())
            Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM api_tokens WHERE token_hash = @token", new { token }));
        var other = (await users.CreateAsync(new NewUser("thu", "Thu", null, "hash", ["complaints"])))!.Value;
        Assert.False(await tokens.RevokeAsync(tokenId, ownerId: other)); // not hers to revoke
        Assert.NotNull(await tokens.FindUserAsync(ApiTokenStore.Hash(token)));
        Assert.True(await tokens.RevokeAsync(tokenId));
        Assert.Null(await tokens.FindUserAsync(ApiTokenStore.Hash(token)));

        // Each token records who made it: its owner (page, API) or nobody (the server's CLI).
        await tokens.CreateAsync(other, ApiTokenStore.Hash(ApiTokenStore.Generate()), "own", TokenVia.Api);
        var all = await tokens.ListAllAsync();
        Assert.Equal(new (string, string?, string?)[] { ("hoa", null, TokenVia.Cli), ("thu", "thu", TokenVia.Api) },
            all.Select(t => (t.Owner, t.CreatedBy, t.Via)).ToArray());

        var units = new AdminUnitStore(t.Db);
        Assert.True(await units.IsValidOnAsync("001", new DateOnly(2025, 6, 30)));
        Assert.False(await units.IsValidOnAsync("001", new DateOnly(2025, 7, 1)));
        Assert.True(await units.IsValidOnAsync("00004", new DateOnly(2025, 7, 1)));
        Assert.False(await units.IsValidOnAsync("00004", new DateOnly(2025, 6, 30)));
        Assert.DoesNotContain(await units.ListValidOnAsync(new DateOnly(2026, 1, 1)), u => u.Code == "001");

        var holidays = new HolidayStore(t.Db);
        await holidays.UpsertAsync([new Holiday(new DateOnly(2027, 1, 1), "Tết Dương lịch", "public"), new Holiday(new DateOnly(2027, 4, 30), "Ngày Giải phóng", "public")]);
        await holidays.UpsertAsync(new Holiday(new DateOnly(2027, 1, 1), "Tết Dương lịch (sửa)", "public"));
        var list = await holidays.ListAsync(new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31));
        Assert.Equal(["Tết Dương lịch (sửa)", "Ngày Giải phóng"], list.Select(h => h.Name));
        Assert.True(await holidays.DeleteAsync(new DateOnly(2027, 4, 30)));
        Assert.Single(await holidays.ListAsync(new DateOnly(2027, 1, 1), new DateOnly(2027, 12, 31)));

        var store = new CaseStore(t.Db);
        var a = (await store.CreateAsync(Case(t, prefix: "AT"))).Case!;
        var b = (await store.CreateAsync(Case(t, prefix: "AT"))).Case!;
        var files = new AttachmentStore(t.Db, t.Time);
        var bytes = "%PDF-1.4 test"u8.ToArray();
        var info = await files.AddAsync(a.Id, "đơn.pdf", "application/pdf", bytes, "hoa");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), info.Sha256);
        Assert.Equal(bytes, await files.GetContentAsync(a.Id, info.Id));
        Assert.Equal("đơn.pdf", Assert.Single(await files.ListAsync(a.Id)).FileName);

        var links = new CaseLinkStore(t.Db, t.Time);
        Assert.True(await links.LinkAsync(a.Id, b.Id, "duplicate", "hoa"));
        Assert.False(await links.LinkAsync(a.Id, b.Id, "duplicate", "hoa"));
        Assert.Equal(b.Number, Assert.Single(await links.ListAsync(a.Id)).OtherNumber);
        var back = Assert.Single(await links.ListAsync(b.Id));
        Assert.Equal(a.Number, back.OtherNumber);
        Assert.False(back.Outgoing);

        var wf = new WorkflowVersionStore(t.Db, t.Time);
        Assert.Equal(WorkflowVersionStatus.Inserted, await wf.RecordAsync("complaint", 1, "{\"id\":\"complaint\"}"));
        Assert.Equal(WorkflowVersionStatus.Unchanged, await wf.RecordAsync("complaint", 1, "{\"id\":\"complaint\"}"));
        Assert.Equal(WorkflowVersionStatus.ContentDiffers, await wf.RecordAsync("complaint", 1, "{\"id\":\"complaint\",\"x\":1}"));
        Assert.Single(await wf.ListAsync());
    }

    public static async Task UpdateReplacesDeadlinesAndKeepsFiredSteps(TestDatabase t)
    {
        var now = t.Time.GetUtcNow();
        var created = (await new CaseStore(t.Db).CreateAsync(Case(t, prefix: "DL", due: now.AddDays(3)))).Case!;
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("UPDATE deadline_steps SET status = 'fired' WHERE case_id = @id AND step_key = 'warn-1'", new { id = created.Id });
        var detail = (await new CaseQueries(t.Db, t.Time).GetDetailAsync(created.Number))!;
        var extended = detail.Deadlines[0] with { DueAt = now.AddDays(8), ExtensionsUsed = 1 };
        var r = await new CaseUpdateStore(t.Db).UpdateAsync(new CaseUpdate(created.Id, 1, "received", [extended],
            new NewCaseEvent(now, "a", "extended")));
        Assert.Equal(UpdateStatus.Updated, r.Status);
        await using var conn = await t.Db.OpenAsync();
        var steps = (await conn.QueryAsync<(string, string)>("SELECT step_key, status FROM deadline_steps WHERE case_id = @id ORDER BY step_key",
            new { id = created.Id })).ToList();
        Assert.Equal([("breach-1", "pending"), ("warn-1", "fired")], steps);
        var after = (await new CaseQueries(t.Db, t.Time).GetDetailAsync(created.Number))!;
        Assert.Equal(now.AddDays(8).ToUnixTimeMilliseconds(), after.Case.NextDueAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(1, after.Deadlines[0].ExtensionsUsed);
    }
}

public static class CalendarScenarios
{
    public static async Task A_year_is_replaced_whole_confirmed_with_its_notice_and_a_recount_counts_each_case_once(TestDatabase t)
    {
        var holidays = new HolidayStore(t.Db);
        var now = t.Time.GetUtcNow();
        await holidays.ReplaceYearAsync(2031, [new Holiday(new DateOnly(2031, 1, 1), "Tết Dương lịch", "holiday", Provisional: true),
            new Holiday(new DateOnly(2031, 1, 4), "Làm bù", "working", Provisional: true)], CalendarYearRow.Provisional, "system", now);
        // A replacement drops the days the new list does not have, and keeps the year's row single.
        await holidays.ReplaceYearAsync(2031, [new Holiday(new DateOnly(2031, 1, 1), "Tết Dương lịch", "holiday", Provisional: true)],
            CalendarYearRow.Provisional, "system", now);
        var year = await holidays.ListAsync(new DateOnly(2031, 1, 1), new DateOnly(2031, 12, 31));
        Assert.Equal([new Holiday(new DateOnly(2031, 1, 1), "Tết Dương lịch", "holiday", true)], year);
        Assert.Equal(CalendarYearRow.Provisional, (await holidays.YearsAsync()).Single(y => y.Year == 2031).Status);
        // A day in another year cannot slip into a year's replacement: nothing is written.
        await Assert.ThrowsAsync<ArgumentException>(() => holidays.ReplaceYearAsync(2031, [new Holiday(new DateOnly(2032, 1, 1), "x", "holiday")],
            CalendarYearRow.Confirmed, "system", now));
        Assert.Equal(year, await holidays.ListAsync(new DateOnly(2031, 1, 1), new DateOnly(2031, 12, 31)));

        Assert.Equal(1, await holidays.ConfirmYearAsync(2031, "12/TB-BNV", "admin", now));
        Assert.Null(await holidays.ConfirmYearAsync(2099, "12/TB-BNV", "admin", now));
        Assert.False((await holidays.ListAsync(new DateOnly(2031, 1, 1), new DateOnly(2031, 1, 1))).Single().Provisional);
        var confirmed = (await holidays.YearsAsync()).Single(y => y.Year == 2031);
        Assert.Equal((CalendarYearRow.Confirmed, "12/TB-BNV", "admin"), (confirmed.Status, confirmed.Notice, confirmed.ChangedBy));

        var recounts = new CalendarRecountStore(t.Db);
        var empty = await recounts.QueueAsync("2031-01-01", "admin", now, []);
        Assert.Equal(now, empty.FinishedAt); // nothing to do: finished at once
        var r = await recounts.QueueAsync("2031-01-01", "admin", now, ["KN-2031-000002", "KN-2031-000001", "KN-2031-000001"]);
        Assert.Equal((2, 0, 0, (DateTimeOffset?)null), (r.Queued, r.Done, r.Moved, r.FinishedAt));
        Assert.Contains(r.Id, await recounts.UnfinishedAsync());
        Assert.Equal(["KN-2031-000001", "KN-2031-000002"], await recounts.PendingAsync(r.Id));
        await recounts.MarkDoneAsync(r.Id, "KN-2031-000001", moved: true);
        await recounts.MarkDoneAsync(r.Id, "KN-2031-000001", moved: true); // a second runner reaching the same case
        await recounts.FinishAsync(r.Id, now); // one case left: not finished
        Assert.Equal((2, 1, 1, (DateTimeOffset?)null), ((await recounts.GetAsync(r.Id))!.Queued, (await recounts.GetAsync(r.Id))!.Done,
            (await recounts.GetAsync(r.Id))!.Moved, (await recounts.GetAsync(r.Id))!.FinishedAt));
        await recounts.MarkDoneAsync(r.Id, "KN-2031-000002", moved: false);
        await recounts.FinishAsync(r.Id, now.AddMinutes(1));
        var done = (await recounts.GetAsync(r.Id))!;
        Assert.Equal((2, 2, 1, (DateTimeOffset?)now.AddMinutes(1)), (done.Queued, done.Done, done.Moved, done.FinishedAt));
        Assert.DoesNotContain(r.Id, await recounts.UnfinishedAsync());
        Assert.Equal(r.Id, (await recounts.LatestAsync(1)).Single().Id);
    }
}

public sealed class SqliteCalendarStoreTests(SqliteTestDatabase t) : IClassFixture<SqliteTestDatabase>
{
    [Fact] public Task A_year_is_replaced_whole_confirmed_with_its_notice_and_a_recount_counts_each_case_once() =>
        CalendarScenarios.A_year_is_replaced_whole_confirmed_with_its_notice_and_a_recount_counts_each_case_once(t);
}

[Trait("Category", "SqlServer")]
public sealed class SqlServerLiveCalendarStoreTests(SqlServerTestDatabase t) : IClassFixture<SqlServerTestDatabase>
{
    [SqlServerLiveFact] public Task A_year_is_replaced_whole_confirmed_with_its_notice_and_a_recount_counts_each_case_once() =>
        CalendarScenarios.A_year_is_replaced_whole_confirmed_with_its_notice_and_a_recount_counts_each_case_once(t);
}

public sealed class SqliteStoreTests(SqliteTestDatabase t) : IClassFixture<SqliteTestDatabase>
{
    [Fact] public Task MigrationsAreRecordedAndIdempotent() => StoreScenarios.MigrationsAreRecordedAndIdempotent(t);
    [Fact] public Task CreateWritesCaseReporterEventAndDeadlinesInOneGo() => StoreScenarios.CreateWritesCaseReporterEventAndDeadlinesInOneGo(t);
    [Fact] public Task ConcurrentIntakeGivesUniqueGapFreeNumbers() => StoreScenarios.ConcurrentIntakeGivesUniqueGapFreeNumbers(t);
    [Fact] public Task IdempotencyKeyReplaysAndRejectsOtherBody() => StoreScenarios.IdempotencyKeyReplaysAndRejectsOtherBody(t);
    [Fact] public Task A_request_the_database_refuses_fails_alone_and_its_batch_commits_gap_free() => StoreScenarios.ARequestTheDatabaseRefusesFailsAloneAndItsBatchCommitsGapFree(t);
    [Fact] public Task A_retry_in_the_same_batch_gets_the_first_answer_and_no_second_case() => StoreScenarios.ARetryInTheSameBatchGetsTheFirstAnswerAndNoSecondCase(t);
    [Fact] public Task The_writers_kept_statements_serve_batch_after_batch_and_survive_a_refused_request() => StoreScenarios.TheWritersKeptStatementsServeBatchAfterBatchAndSurviveARefusedRequest(t);
    [Fact] public Task StaleRowVersionConflictsAndChangesNothing() => StoreScenarios.StaleRowVersionConflictsAndChangesNothing(t);
    [Fact] public Task QueueFiltersSortsAndSearchesWithoutDiacritics() => StoreScenarios.QueueFiltersSortsAndSearchesWithoutDiacritics(t);
    [Fact] public Task QueueTotalIsCappedAndSaysSo() => StoreScenarios.QueueTotalIsCappedAndSaysSo(t);
    [Fact] public Task VietnameseTextIsStoredNfcAndRoundTrips() => StoreScenarios.VietnameseTextIsStoredNfcAndRoundTrips(t);
    [Fact] public Task UsersTokensUnitsHolidaysAttachmentsLinksWorkflows() => StoreScenarios.UsersTokensUnitsHolidaysAttachmentsLinksWorkflows(t);
    [Fact] public Task UpdateReplacesDeadlinesAndKeepsFiredSteps() => StoreScenarios.UpdateReplacesDeadlinesAndKeepsFiredSteps(t);
}

[Trait("Category", "SqlServer")]
public sealed class SqlServerLiveStoreTests(SqlServerTestDatabase t) : IClassFixture<SqlServerTestDatabase>
{
    [SqlServerLiveFact] public Task MigrationsAreRecordedAndIdempotent() => StoreScenarios.MigrationsAreRecordedAndIdempotent(t);
    [SqlServerLiveFact] public Task CreateWritesCaseReporterEventAndDeadlinesInOneGo() => StoreScenarios.CreateWritesCaseReporterEventAndDeadlinesInOneGo(t);
    [SqlServerLiveFact] public Task ConcurrentIntakeGivesUniqueGapFreeNumbers() => StoreScenarios.ConcurrentIntakeGivesUniqueGapFreeNumbers(t);
    [SqlServerLiveFact] public Task IdempotencyKeyReplaysAndRejectsOtherBody() => StoreScenarios.IdempotencyKeyReplaysAndRejectsOtherBody(t);
    [SqlServerLiveFact] public Task A_request_the_database_refuses_fails_alone_and_its_batch_commits_gap_free() => StoreScenarios.ARequestTheDatabaseRefusesFailsAloneAndItsBatchCommitsGapFree(t);
    [SqlServerLiveFact] public Task A_retry_in_the_same_batch_gets_the_first_answer_and_no_second_case() => StoreScenarios.ARetryInTheSameBatchGetsTheFirstAnswerAndNoSecondCase(t);
    [SqlServerLiveFact] public Task The_writers_kept_statements_serve_batch_after_batch_and_survive_a_refused_request() => StoreScenarios.TheWritersKeptStatementsServeBatchAfterBatchAndSurviveARefusedRequest(t);
    [SqlServerLiveFact] public Task StaleRowVersionConflictsAndChangesNothing() => StoreScenarios.StaleRowVersionConflictsAndChangesNothing(t);
    [SqlServerLiveFact] public Task QueueFiltersSortsAndSearchesWithoutDiacritics() => StoreScenarios.QueueFiltersSortsAndSearchesWithoutDiacritics(t);
    [SqlServerLiveFact] public Task QueueTotalIsCappedAndSaysSo() => StoreScenarios.QueueTotalIsCappedAndSaysSo(t);
    [SqlServerLiveFact] public Task VietnameseTextIsStoredNfcAndRoundTrips() => StoreScenarios.VietnameseTextIsStoredNfcAndRoundTrips(t);
    [SqlServerLiveFact] public Task UsersTokensUnitsHolidaysAttachmentsLinksWorkflows() => StoreScenarios.UsersTokensUnitsHolidaysAttachmentsLinksWorkflows(t);
    [SqlServerLiveFact] public Task UpdateReplacesDeadlinesAndKeepsFiredSteps() => StoreScenarios.UpdateReplacesDeadlinesAndKeepsFiredSteps(t);
}
