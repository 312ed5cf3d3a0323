using Incidents.Mail.Outbox;
using Incidents.Storage.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Incidents.Mail.Tests;

public sealed class OutboxStoreTests
{
    private static OutboxMessage Msg(string subject = "S", long? caseId = null) =>
        new(OutboxKind.Escalation, ["a@ubnd.test"], subject, "body", null, caseId, caseId?.ToString());

    [Fact]
    public async Task Enqueue_joins_the_callers_transaction()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        await using (var c = await db.Db.OpenAsync())
        {
            await using var tx = await c.BeginTransactionAsync();
            await store.EnqueueAsync(c, tx, Msg("rolled back"), Samples.T0);
            await tx.RollbackAsync();
        }
        Assert.Equal(0, (await store.ListAsync()).Total);

        OutboxEnqueued kept;
        await using (var c = await db.Db.OpenAsync())
        {
            await using var tx = await c.BeginTransactionAsync();
            kept = await store.EnqueueAsync(c, tx, Msg("committed"), Samples.T0);
            await tx.CommitAsync();
        }
        var row = Assert.Single((await store.ListAsync()).Items);
        Assert.Equal("committed", row.Subject);
        Assert.Equal(kept.MessageId, row.MessageId);
        Assert.Equal(OutboxState.Pending, row.State);
        Assert.Equal(0, row.Attempts);
        Assert.Equal(Samples.T0, row.CreatedAt);
        Assert.Equal(Samples.T0, row.NextAttemptAt);
    }

    [Fact]
    public async Task A_claim_is_exclusive_until_the_lease_expires_and_a_lost_lease_cannot_mark()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        var lease = TimeSpan.FromMinutes(5);
        var row = await store.EnqueueAsync(Msg(), Samples.T0);

        var a = await store.ClaimDueAsync("A", Samples.T0, lease, 10);
        Assert.Equal(row.Id, Assert.Single(a).Id);
        Assert.Equal(OutboxState.Sending, a[0].State);
        Assert.Equal("A", a[0].LeaseOwner);
        Assert.Equal(Samples.T0 + lease, a[0].LeaseUntil);

        Assert.Empty(await store.ClaimDueAsync("B", Samples.T0, lease, 10));
        Assert.Empty(await store.ClaimDueAsync("B", Samples.T0 + lease, lease, 10)); // expiry is strict

        // A died (or stalled) past its lease: B takes over, and A can no longer mark the row.
        var b = await store.ClaimDueAsync("B", Samples.T0 + lease + TimeSpan.FromSeconds(1), lease, 10);
        Assert.Equal("B", Assert.Single(b).LeaseOwner);
        Assert.False(await store.MarkSentAsync(row.Id, "A", Samples.T0));
        Assert.Null(await store.MarkFailedAsync(new OutboxFailure(row.Id, "A", Samples.T0, Samples.T0, "late", 5), null));
        Assert.True(await store.MarkSentAsync(row.Id, "B", Samples.T0 + lease));
        Assert.False(await store.MarkSentAsync(row.Id, "B", Samples.T0 + lease)); // once
        var sent = (await store.GetAsync(row.Id))!;
        Assert.Equal(OutboxState.Sent, sent.State);
        Assert.Null(sent.LeaseOwner);
        Assert.Null(sent.LeaseUntil);
    }

    [Fact]
    public async Task The_claim_statement_is_a_compare_and_swap_that_a_loser_cannot_win()
    {
        // Both dispatchers selected the same due id; A's UPDATE ran first. B's UPDATE must change and return nothing.
        using var db = new TestDatabase();
        var store = db.Store();
        var row = await store.EnqueueAsync(Msg(), Samples.T0);
        Assert.Single(await store.ClaimDueAsync("A", Samples.T0, TimeSpan.FromMinutes(5), 10));

        await using var c = await db.Db.OpenAsync();
        var now = Samples.T0.ToUnixTimeMilliseconds();
        var returned = await Dapper.SqlMapper.QueryAsync(c, db.Db[OutboxStore.Claim],
            new { Id = row.Id, Owner = "B", Until = long.MaxValue, Now = now });
        Assert.Empty(returned);
        Assert.Equal("A", (await store.GetAsync(row.Id))!.LeaseOwner);
    }

    [Fact]
    public async Task The_last_digest_time_is_read_from_the_outbox()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        Assert.Null(await store.LastEnqueuedAtAsync(OutboxKind.Digest));
        await store.EnqueueAsync(Msg() with { Kind = OutboxKind.Digest }, Samples.T0.AddDays(-1));
        await store.EnqueueAsync(Msg() with { Kind = OutboxKind.Digest }, Samples.T0);
        await store.EnqueueAsync(Msg(), Samples.T0.AddHours(1));
        Assert.Equal(Samples.T0, await store.LastEnqueuedAtAsync(OutboxKind.Digest));
    }

    [Fact]
    public async Task Claims_take_only_due_rows_oldest_first_and_respect_the_batch()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        var r1 = await store.EnqueueAsync(Msg("1"), Samples.T0);
        var r2 = await store.EnqueueAsync(Msg("2"), Samples.T0.AddSeconds(1));
        await store.EnqueueAsync(Msg("future"), Samples.T0.AddHours(1));

        var first = await store.ClaimDueAsync("A", Samples.T0.AddSeconds(1), TimeSpan.FromMinutes(1), 1);
        Assert.Equal([r1.Id], first.Select(r => r.Id));
        var rest = await store.ClaimDueAsync("A", Samples.T0.AddSeconds(1), TimeSpan.FromMinutes(1), 10);
        Assert.Equal([r2.Id], rest.Select(r => r.Id));
    }

    [Fact]
    public async Task A_dead_letter_is_added_only_by_the_failure_that_kills_the_row()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        var row = await store.EnqueueAsync(Msg(), Samples.T0);
        var notice = new OutboxMessage(OutboxKind.AdminNotice, ["quantri@ubnd.test"], "Thư không gửi được", "…");

        await store.ClaimDueAsync("A", Samples.T0, TimeSpan.FromMinutes(1), 10);
        Assert.Equal(OutboxState.Pending,
            await store.MarkFailedAsync(new OutboxFailure(row.Id, "A", Samples.T0, Samples.T0.AddMinutes(1), "boom 1", 2), notice));
        Assert.Equal(1, (await store.ListAsync()).Total);

        await store.ClaimDueAsync("A", Samples.T0.AddMinutes(1), TimeSpan.FromMinutes(1), 10);
        Assert.Null(await store.MarkFailedAsync(new OutboxFailure(row.Id, "B", Samples.T0, Samples.T0, "not mine", 2), notice));
        Assert.Equal(OutboxState.Dead,
            await store.MarkFailedAsync(new OutboxFailure(row.Id, "A", Samples.T0.AddMinutes(1), Samples.T0.AddMinutes(3), "boom 2", 2), notice));
        var added = Assert.Single((await store.ListAsync()).Items, e => e.Kind == OutboxKind.AdminNotice);
        Assert.Equal(Samples.T0.AddMinutes(1), added.CreatedAt);
    }

    [Fact]
    public async Task Failure_reschedules_then_kills_at_max_attempts_and_retry_revives()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        var row = await store.EnqueueAsync(Msg(), Samples.T0);

        await store.ClaimDueAsync("A", Samples.T0, TimeSpan.FromMinutes(1), 10);
        Assert.Equal(OutboxState.Pending, await store.MarkFailedAsync(new OutboxFailure(row.Id, "A", Samples.T0, Samples.T0.AddMinutes(1), "boom 1", 2), null));
        var once = (await store.GetAsync(row.Id))!;
        Assert.Equal((1, "boom 1", Samples.T0.AddMinutes(1)), (once.Attempts, once.LastError, once.NextAttemptAt));
        Assert.False(await store.RetryAsync(row.Id + 1000, Samples.T0));

        await store.ClaimDueAsync("A", Samples.T0.AddMinutes(1), TimeSpan.FromMinutes(1), 10);
        Assert.Equal(OutboxState.Dead, await store.MarkFailedAsync(new OutboxFailure(row.Id, "A", Samples.T0.AddMinutes(1), Samples.T0.AddMinutes(3), "boom 2", 2), null));
        Assert.Empty(await store.ClaimDueAsync("A", Samples.T0.AddDays(1), TimeSpan.FromMinutes(1), 10));

        Assert.True(await store.RetryAsync(row.Id, Samples.T0.AddDays(1)));
        var revived = (await store.GetAsync(row.Id))!;
        Assert.Equal((OutboxState.Pending, 2, "boom 2"), (revived.State, revived.Attempts, revived.LastError));
        Assert.Single(await store.ClaimDueAsync("A", Samples.T0.AddDays(1), TimeSpan.FromMinutes(1), 10));
    }

    [Fact]
    public async Task List_pages_newest_first_and_filters_by_state_and_case()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++) ids.Add((await store.EnqueueAsync(Msg($"m{i}", i % 2 == 0 ? 10 : 11), Samples.T0)).Id);
        await store.ClaimDueAsync("A", Samples.T0, TimeSpan.FromMinutes(1), 1);
        await store.MarkSentAsync(ids[0], "A", Samples.T0);

        var page = await store.ListAsync(offset: 1, limit: 2);
        Assert.Equal(5, page.Total);
        Assert.Equal([ids[3], ids[2]], page.Items.Select(e => e.Id));
        Assert.Equal([ids[4], ids[2]], (await store.ListAsync(OutboxState.Pending, caseId: 10)).Items.Select(e => e.Id));
        Assert.Equal(4, (await store.ListAsync(OutboxState.Pending)).Total);
        Assert.Equal(ids[0], Assert.Single((await store.ListAsync(OutboxState.Sent)).Items).Id);
        Assert.Equal(3, (await store.ListAsync(caseId: 10)).Total);
    }

    [Fact]
    public async Task Message_ids_are_unique_per_row_and_use_the_configured_domain()
    {
        using var db = new TestDatabase();
        var store = db.Store("ubnd.example.vn");
        var a = await store.EnqueueAsync(Msg(), Samples.T0);
        var b = await store.EnqueueAsync(Msg(), Samples.T0);
        Assert.NotEqual(a.MessageId, b.MessageId);
        Assert.Matches(@"^<outbox-[0-9a-f]{32}@ubnd\.example\.vn>$", a.MessageId);
        Assert.Equal(a.MessageId, (await store.GetAsync(a.Id))!.MessageId);

        // The table itself refuses a duplicate Message-Id.
        await using var c = new SqliteConnection($"Data Source={db.File}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "UPDATE outbox SET message_id = (SELECT message_id FROM outbox WHERE id = $a) WHERE id = $b";
        cmd.Parameters.AddWithValue("$a", a.Id);
        cmd.Parameters.AddWithValue("$b", b.Id);
        Assert.Throws<SqliteException>(() => cmd.ExecuteNonQuery());
    }

    [Fact]
    public async Task Instants_are_unix_milliseconds_like_every_other_table_and_headers_round_trip()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        var headers = new Dictionary<string, string> { ["X-Incidents-Due"] = "2026-11-20T03:00:00.0000000+00:00" };
        var row = await store.EnqueueAsync(Msg() with { Headers = headers }, Samples.T0);
        await using var c = new SqliteConnection($"Data Source={db.File}");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT typeof(created_at), created_at, typeof(next_attempt_at), next_attempt_at FROM outbox WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", row.Id);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(("integer", Samples.T0.ToUnixTimeMilliseconds()), (r.GetString(0), r.GetInt64(1)));
        Assert.Equal(("integer", Samples.T0.ToUnixTimeMilliseconds()), (r.GetString(2), r.GetInt64(3)));
        Assert.Equal(headers, (await store.GetAsync(row.Id))!.Headers);
    }

    [Fact]
    public async Task A_caller_chosen_message_id_is_enqueued_at_most_once()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        var msg = Msg() with { Kind = OutboxKind.Digest, MessageId = "<digest-2026-11-20@test.incidents>" };
        await using var c = await db.Db.OpenAsync();
        var first = await store.TryEnqueueAsync(c, null, msg, Samples.T0);
        var second = await store.TryEnqueueAsync(c, null, msg with { Subject = "again" }, Samples.T0.AddMinutes(1));
        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("S", Assert.Single((await store.ListAsync()).Items).Subject);
        Assert.True(await store.ExistsAsync("<digest-2026-11-20@test.incidents>"));
    }

    [Fact]
    public async Task Enqueue_refuses_a_message_without_recipients()
    {
        using var db = new TestDatabase();
        var store = db.Store();
        await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(Msg() with { Recipients = [] }, Samples.T0));
        await Assert.ThrowsAsync<ArgumentException>(() => store.EnqueueAsync(Msg() with { Recipients = [" "] }, Samples.T0));
        Assert.Equal(0, (await store.ListAsync()).Total);
    }

    [Fact]
    public void Every_sql_server_statement_and_the_migration_parse_as_tsql()
    {
        var statements = typeof(OutboxStore).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)
            .Where(f => f.FieldType == typeof(Incidents.Storage.Sql))
            .Select(f => (f.Name, Text: ((Incidents.Storage.Sql)f.GetValue(null)!).SqlServer))
            .Append(("0002_outbox.sql", File.ReadAllText(Path.Combine(Repo.Root, "db", "sqlserver", "0002_outbox.sql"))))
            .ToList();
        Assert.True(statements.Count >= 10, $"found only {statements.Count} statements");
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        foreach (var (name, text) in statements)
        {
            parser.Parse(new StringReader(text), out var errors);
            Assert.True(errors.Count == 0, $"{name}: {string.Join("; ", errors.Select(e => $"{e.Line}:{e.Column} {e.Message}"))}");
        }
    }
}
