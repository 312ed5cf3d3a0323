using System.Text;
using Dapper;
using Incidents.Core.Thread;
using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Storage.Attachments;
using Incidents.Storage.Cases;
using Incidents.Storage.Intake;
using Incidents.Storage.Outbox;
using Incidents.Storage.Thread;

namespace Incidents.Storage.Tests;

/// <summary>The case's thread as stored, run on a real SQLite file and on a live SQL Server.</summary>
public static class ThreadScenarios
{
    public static async Task A_correction_is_a_new_entry_that_points_to_its_note_and_the_note_stays(TestDatabase t)
    {
        var created = (await new CaseStore(t.Db).CreateAsync(StoreScenarios.Case(t))).Case!;
        var thread = new CaseThreadStore(t.Db, t.Time);
        var note = await thread.AppendAsync(created.Id, new NewEntry(EntryKinds.Note, "handler", "Đã gọi điện cho người khiếu nại."));
        t.Time.Advance(TimeSpan.FromMinutes(5));
        var fix = await thread.AppendAsync(created.Id, new NewEntry(EntryKinds.Correction, "handler", "Gọi lúc 9 giờ, không phải 8 giờ.",
            RefersTo: note.Id));

        var entries = await thread.ListAsync(created.Id);
        Assert.Equal([note.Id, fix.Id], entries.Select(e => e.Id));
        Assert.Equal("Đã gọi điện cho người khiếu nại.", entries[0].Body);
        Assert.Equal(note.Id, entries[1].RefersTo);
        var history = await new CaseEventStore(t.Db).ListAsync(created.Id);
        Assert.Contains(history, e => e.Kind == "note-added" && e.Data["entry"] == note.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(history, e => e.Kind == "note-corrected" && e.Data["refersTo"] == note.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static async Task A_mail_in_counts_unread_for_the_assignee_until_cleared(TestDatabase t)
    {
        var created = (await new CaseStore(t.Db).CreateAsync(StoreScenarios.Case(t))).Case!;
        var thread = new CaseThreadStore(t.Db, t.Time);
        var received = t.Time.GetUtcNow().AddMinutes(-3);
        var mail = await thread.AppendAsync(created.Id, new NewEntry(EntryKinds.MailIn, null, "Tôi bổ sung giấy tờ.", received, Directions.In,
            "Re: hồ sơ", "dan@example.vn", "<m1@example.vn>"));
        Assert.Equal(received.ToUnixTimeMilliseconds(), mail.OccurredAt.ToUnixTimeMilliseconds());
        Assert.Equal(1, await thread.UnreadCorrespondenceAsync(created.Id));
        // The same message read twice is refused by the database, so the count cannot run ahead of the entries.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => thread.AppendAsync(created.Id,
            new NewEntry(EntryKinds.MailIn, null, "x", MessageId: "<m1@example.vn>")));
        Assert.Equal(1, await thread.UnreadCorrespondenceAsync(created.Id));
        Assert.True(await thread.ClearUnreadAsync(created.Id));
        Assert.Equal(0, await thread.UnreadCorrespondenceAsync(created.Id));
        Assert.False(await thread.ClearUnreadAsync(created.Id));
    }

    public static async Task An_attachment_entry_stores_its_file_with_uploader_and_hash(TestDatabase t)
    {
        var created = (await new CaseStore(t.Db).CreateAsync(StoreScenarios.Case(t))).Case!;
        var thread = new CaseThreadStore(t.Db, t.Time);
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.4 thread");
        var e = await thread.AppendAsync(created.Id, new NewEntry(EntryKinds.Attachment, "clerk", null,
            File: new NewAttachment("biên bản.pdf", "application/pdf", bytes)));
        var listed = (await thread.ListAsync(created.Id)).Single();
        Assert.Equal(e.AttachmentId, listed.AttachmentId);
        Assert.Equal(("biên bản.pdf", (long)bytes.Length, "clerk"), (listed.File!.FileName, listed.File.Size, listed.File.UploadedBy));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), listed.File.Sha256);
        Assert.Equal(bytes, await new AttachmentStore(t.Db, t.Time).GetContentAsync(created.Id, listed.AttachmentId!.Value));
    }

    public static async Task A_mention_is_listed_for_its_user_until_seen(TestDatabase t)
    {
        var users = new UserStore(t.Db, t.Time);
        var id = await users.CreateAsync(new NewUser("lan", "Trần Thị Lan", "lan@example.vn", null, ["complaints"])) ?? throw new InvalidOperationException();
        var created = (await new CaseStore(t.Db).CreateAsync(StoreScenarios.Case(t))).Case!;
        var thread = new CaseThreadStore(t.Db, t.Time);
        var outbox = new OutboxStore(t.Db);
        var note = await thread.AppendAsync(created.Id, new NewEntry(EntryKinds.Note, "handler", "@lan xem giúp", Mentions: [id, id]),
            (c, tx, e, ct) => outbox.EnqueueAsync(c, tx, new OutboxMessage(OutboxKind.Mention, ["lan@example.vn"], "s", "b", CaseId: created.Id,
                MessageId: $"<mention-{e.Id}-{id}@incidents.local>"), t.Time.GetUtcNow(), ct));
        var mention = Assert.Single(await thread.MentionsAsync(id));
        Assert.Equal((note.Id, created.Number, (DateTimeOffset?)null), (mention.EntryId, mention.CaseNumber, mention.SeenAt));
        Assert.Equal(1, await thread.UnseenMentionsAsync(id));
        await thread.MarkMentionsSeenAsync(id);
        Assert.Equal(0, await thread.UnseenMentionsAsync(id));
        var row = Assert.Single((await outbox.ListAsync(caseId: created.Id)).Items);
        Assert.Equal(OutboxKind.Mention, row.Kind);
    }

    public static async Task The_outbox_takes_notices_with_an_attachment(TestDatabase t)
    {
        var created = (await new CaseStore(t.Db).CreateAsync(StoreScenarios.Case(t))).Case!;
        var file = await new AttachmentStore(t.Db, t.Time).AddAsync(created.Id, "thong-bao.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            [0x50, 0x4B, 0x03, 0x04], "handler");
        var outbox = new OutboxStore(t.Db);
        var queued = await outbox.EnqueueAsync(new OutboxMessage(OutboxKind.Notice, ["dan@example.vn"], "Thông báo thụ lý", "…", CaseId: created.Id,
            AttachmentId: file.Id), t.Time.GetUtcNow());
        var row = (await outbox.GetAsync(queued.Id))!;
        Assert.Equal((OutboxKind.Notice, (long?)file.Id), (row.Kind, row.AttachmentId));
    }
}

public sealed class SqliteThreadStoreTests(SqliteTestDatabase t) : IClassFixture<SqliteTestDatabase>
{
    [Fact] public Task A_correction_is_a_new_entry_that_points_to_its_note_and_the_note_stays() =>
        ThreadScenarios.A_correction_is_a_new_entry_that_points_to_its_note_and_the_note_stays(t);
    [Fact] public Task A_mail_in_counts_unread_for_the_assignee_until_cleared() => ThreadScenarios.A_mail_in_counts_unread_for_the_assignee_until_cleared(t);
    [Fact] public Task An_attachment_entry_stores_its_file_with_uploader_and_hash() => ThreadScenarios.An_attachment_entry_stores_its_file_with_uploader_and_hash(t);
    [Fact] public Task A_mention_is_listed_for_its_user_until_seen() => ThreadScenarios.A_mention_is_listed_for_its_user_until_seen(t);
    [Fact] public Task The_outbox_takes_notices_with_an_attachment() => ThreadScenarios.The_outbox_takes_notices_with_an_attachment(t);

    /// <summary>The thread and the history are append-only: no statement the storage can issue changes or removes a row.</summary>
    [Fact]
    public void No_statement_updates_or_deletes_a_thread_entry()
    {
        var fields = SqlServerScriptDomTests.AllSqlFields().ToList();
        Assert.Contains(fields, f => f.Sql.Sqlite.Contains("INSERT INTO case_entries", StringComparison.Ordinal));
        var offending = fields.Where(f => new[] { f.Sql.Sqlite, f.Sql.SqlServer }.Any(s =>
                System.Text.RegularExpressions.Regex.IsMatch(s, @"\b(UPDATE|DELETE\s+FROM)\s+case_(entries|events)\b",
                    System.Text.RegularExpressions.RegexOptions.IgnoreCase)))
            .Select(f => f.Name).ToList();
        Assert.Empty(offending);
    }
}

[Trait("Category", "SqlServer")]
public sealed class SqlServerLiveThreadStoreTests(SqlServerTestDatabase t) : IClassFixture<SqlServerTestDatabase>
{
    [SqlServerLiveFact] public Task A_correction_is_a_new_entry_that_points_to_its_note_and_the_note_stays() =>
        ThreadScenarios.A_correction_is_a_new_entry_that_points_to_its_note_and_the_note_stays(t);
    [SqlServerLiveFact] public Task A_mail_in_counts_unread_for_the_assignee_until_cleared() => ThreadScenarios.A_mail_in_counts_unread_for_the_assignee_until_cleared(t);
    [SqlServerLiveFact] public Task An_attachment_entry_stores_its_file_with_uploader_and_hash() => ThreadScenarios.An_attachment_entry_stores_its_file_with_uploader_and_hash(t);
    [SqlServerLiveFact] public Task A_mention_is_listed_for_its_user_until_seen() => ThreadScenarios.A_mention_is_listed_for_its_user_until_seen(t);
    [SqlServerLiveFact] public Task The_outbox_takes_notices_with_an_attachment() => ThreadScenarios.The_outbox_takes_notices_with_an_attachment(t);
}
