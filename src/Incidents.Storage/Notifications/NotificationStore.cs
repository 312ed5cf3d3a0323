using System.Data.Common;
using System.Text.Json;
using Dapper;
using Incidents.Core.Notifications;

namespace Incidents.Storage.Notifications;

/// <summary>A notification to record: EventKey names the cause, so the same cause recorded twice is one row.</summary>
public sealed record NewNotification(long UserId, string Kind, long CaseId, string EventKey, string? Actor,
    IReadOnlyDictionary<string, string> Data, string Mode);

/// <summary>One stored notification with its case's number and words' keys (type, version, state) and team (who may see it).</summary>
public sealed record Notification(long Id, long UserId, string Kind, long CaseId, string CaseNumber, string CaseType, int WorkflowVersion,
    string CaseState, string Team, string? Actor, IReadOnlyDictionary<string, string> Data, string Mode, DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt, DateTimeOffset? MailedAt);

/// <summary>
/// The notifications table and the users' preferences. Recording joins the caller's transaction (the assignment, the
/// note, the action that causes it), so a notification exists exactly when its cause committed; the unique key
/// (user, kind, case, event) keeps a retried cause from recording a second one.
/// </summary>
public sealed class NotificationStore(Database db, TimeProvider time)
{
    private const string InsertColumns = "(user_id, kind, case_id, event_key, actor, data, mode, created_at)";

    internal static readonly Sql InsertIfAbsent = new(
        "INSERT INTO notifications " + InsertColumns + " VALUES (@userId, @kind, @caseId, @eventKey, @actor, @data, @mode, @at) " +
        "ON CONFLICT (user_id, kind, case_id, event_key) DO NOTHING RETURNING id",
        "INSERT INTO notifications " + InsertColumns + " OUTPUT inserted.id SELECT @userId, @kind, @caseId, @eventKey, @actor, @data, @mode, @at " +
        "WHERE NOT EXISTS (SELECT 1 FROM notifications WITH (UPDLOCK, HOLDLOCK) " +
        "WHERE user_id = @userId AND kind = @kind AND case_id = @caseId AND event_key = @eventKey)");

    internal static readonly Sql MarkMailedSql = new(
        "UPDATE notifications SET mailed_at = @at, mail_id = @mailId WHERE id = @id AND mailed_at IS NULL");

    internal static readonly Sql ModeOf = new("SELECT mode FROM notification_preferences WHERE user_id = @userId AND kind = @kind");

    internal static readonly Sql SelectPreferences = new("SELECT kind, mode FROM notification_preferences WHERE user_id = @userId");

    internal static readonly Sql DeletePreference = new("DELETE FROM notification_preferences WHERE user_id = @userId AND kind = @kind");

    internal static readonly Sql InsertPreference = new(
        "INSERT INTO notification_preferences (user_id, kind, mode) VALUES (@userId, @kind, @mode)");

    internal static readonly Sql CountInState = new("SELECT COUNT(*) FROM cases WHERE type = @type AND state = @state");

    private const string Columns = """
        n.id, n.user_id, n.kind, n.case_id, c.number AS case_number, c.type AS case_type, c.workflow_version, c.state AS case_state, c.team,
        n.actor, n.data, n.mode, n.created_at, n.read_at, n.mailed_at
        FROM notifications n JOIN cases c ON c.id = n.case_id
        """;

    internal static readonly Sql ListForUser = new(
        "SELECT " + Columns + " WHERE n.user_id = @userId AND (@unreadOnly = 0 OR n.read_at IS NULL) ORDER BY n.id DESC LIMIT @limit",
        "SELECT TOP (@limit) " + Columns + " WHERE n.user_id = @userId AND (@unreadOnly = 0 OR n.read_at IS NULL) ORDER BY n.id DESC");

    internal static readonly Sql CountUnread = new("SELECT COUNT(*) FROM notifications WHERE user_id = @userId AND read_at IS NULL");

    internal static readonly Sql MarkOneRead = new(
        "UPDATE notifications SET read_at = @at WHERE id = @id AND user_id = @userId AND read_at IS NULL");

    internal static readonly Sql ExistsForUser = new("SELECT COUNT(*) FROM notifications WHERE id = @id AND user_id = @userId");

    internal static readonly Sql MarkAllReadSql = new("UPDATE notifications SET read_at = @at WHERE user_id = @userId AND read_at IS NULL");

    /// <summary>Users with digest-mode notifications not yet in a digest.</summary>
    internal static readonly Sql DigestUsers = new(
        "SELECT DISTINCT user_id FROM notifications WHERE mode = 'digest' AND mailed_at IS NULL");

    internal static readonly Sql DigestPending = new(
        "SELECT " + Columns + " WHERE n.user_id = @userId AND n.mode = 'digest' AND n.mailed_at IS NULL ORDER BY n.id");

    /// <summary>
    /// Records the notification inside the caller's transaction; its id, or null when this cause had already been
    /// recorded for this user (nothing more to do, no second email).
    /// </summary>
    public async Task<long?> RecordAsync(DbConnection c, DbTransaction tx, NewNotification n, CancellationToken ct = default)
    {
        if (!NotificationKinds.IsKnown(n.Kind)) throw new ArgumentException($"Unknown notification kind '{n.Kind}'.", nameof(n));
        if (!NotificationModes.IsKnown(n.Mode)) throw new ArgumentException($"Unknown notification mode '{n.Mode}'.", nameof(n));
        return await c.ExecuteScalarAsync<long?>(new CommandDefinition(db[InsertIfAbsent], new
        {
            userId = n.UserId, kind = n.Kind, caseId = n.CaseId, eventKey = n.EventKey, actor = n.Actor,
            data = JsonSerializer.Serialize(n.Data), mode = n.Mode, at = Instants.Ms(time.GetUtcNow()),
        }, tx, cancellationToken: ct));
    }

    /// <summary>The notification's email is in the outbox (same transaction): it is never mailed again.</summary>
    public Task MarkMailedAsync(DbConnection c, DbTransaction tx, long id, string mailId, CancellationToken ct = default) =>
        c.ExecuteAsync(new CommandDefinition(db[MarkMailedSql], new { id, mailId, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct));

    /// <summary>The user's mode for a kind, read in the caller's transaction; immediate unless they chose the digest.</summary>
    public async Task<string> ModeAsync(DbConnection c, DbTransaction tx, long userId, string kind, CancellationToken ct = default) =>
        await c.ExecuteScalarAsync<string?>(new CommandDefinition(db[ModeOf], new { userId, kind }, tx, cancellationToken: ct)) is { } m
        && NotificationModes.IsKnown(m) ? m : NotificationModes.Immediate;

    /// <summary>How many cases are in any of these (type, state) pairs now, in the caller's transaction.</summary>
    public async Task<int> CountInStatesAsync(DbConnection c, DbTransaction tx, IEnumerable<(string Type, string State)> states, CancellationToken ct = default)
    {
        var total = 0;
        foreach (var (type, state) in states.Distinct())
            total += await c.ExecuteScalarAsync<int>(new CommandDefinition(db[CountInState], new { type, state }, tx, cancellationToken: ct));
        return total;
    }

    /// <summary>Every kind with the user's mode (immediate where they chose nothing).</summary>
    public async Task<IReadOnlyDictionary<string, string>> PreferencesAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var chosen = (await c.QueryAsync<(string Kind, string Mode)>(new CommandDefinition(db[SelectPreferences], new { userId }, cancellationToken: ct)))
            .ToDictionary(r => r.Kind, r => r.Mode, StringComparer.Ordinal);
        return NotificationKinds.All.ToDictionary(k => k, k => chosen.TryGetValue(k, out var m) && NotificationModes.IsKnown(m) ? m : NotificationModes.Immediate,
            StringComparer.Ordinal);
    }

    /// <summary>Sets the given kinds' modes in one transaction (kinds not given keep theirs).</summary>
    public Task SetPreferencesAsync(long userId, IReadOnlyDictionary<string, string> modes, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            foreach (var (kind, mode) in modes)
            {
                await c.ExecuteAsync(new CommandDefinition(db[DeletePreference], new { userId, kind }, tx, cancellationToken: ct));
                // No row is immediate: only the digest choice is stored.
                if (mode == NotificationModes.Digest)
                    await c.ExecuteAsync(new CommandDefinition(db[InsertPreference], new { userId, kind, mode }, tx, cancellationToken: ct));
            }
            return 0;
        }, ct);

    /// <summary>The user's notifications, newest first.</summary>
    public async Task<IReadOnlyList<Notification>> ListAsync(long userId, bool unreadOnly = false, int limit = 100, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Row>(new CommandDefinition(db[ListForUser], new { userId, unreadOnly = unreadOnly ? 1 : 0, limit = Math.Clamp(limit, 1, 500) },
            cancellationToken: ct))).Select(r => r.ToNotification()).ToList();
    }

    public async Task<int> UnreadCountAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(db[CountUnread], new { userId }, cancellationToken: ct));
    }

    /// <summary>Marks one of the user's notifications read; false when it is not theirs (or does not exist). Marking twice is fine.</summary>
    public Task<bool> MarkReadAsync(long userId, long id, CancellationToken ct = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(new CommandDefinition(db[MarkOneRead], new { id, userId, at = Instants.Ms(time.GetUtcNow()) }, tx, cancellationToken: ct));
            return await c.ExecuteScalarAsync<int>(new CommandDefinition(db[ExistsForUser], new { id, userId }, tx, cancellationToken: ct)) > 0;
        }, ct);

    public Task<int> MarkAllReadAsync(long userId, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[MarkAllReadSql], new { userId, at = Instants.Ms(time.GetUtcNow()) }, tx,
            cancellationToken: ct)), ct);

    /// <summary>Users who have notifications waiting for a digest.</summary>
    public async Task<IReadOnlyList<long>> DigestUsersAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return [.. await c.QueryAsync<long>(new CommandDefinition(db[DigestUsers], cancellationToken: ct))];
    }

    /// <summary>The user's notifications waiting for a digest, oldest first, read in the digest's own transaction.</summary>
    public async Task<IReadOnlyList<Notification>> DigestPendingAsync(DbConnection c, DbTransaction tx, long userId, CancellationToken ct = default) =>
        [.. (await c.QueryAsync<Row>(new CommandDefinition(db[DigestPending], new { userId }, tx, cancellationToken: ct))).Select(r => r.ToNotification())];

    private sealed class Row
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string Kind { get; set; } = "";
        public long CaseId { get; set; }
        public string CaseNumber { get; set; } = "";
        public string CaseType { get; set; } = "";
        public int WorkflowVersion { get; set; }
        public string CaseState { get; set; } = "";
        public string Team { get; set; } = "";
        public string? Actor { get; set; }
        public string Data { get; set; } = "{}";
        public string Mode { get; set; } = "";
        public long CreatedAt { get; set; }
        public long? ReadAt { get; set; }
        public long? MailedAt { get; set; }

        public Notification ToNotification() => new(Id, UserId, Kind, CaseId, CaseNumber, CaseType, WorkflowVersion, CaseState, Team, Actor,
            JsonSerializer.Deserialize<Dictionary<string, string>>(Data) ?? [], Mode, Instants.At(CreatedAt), Instants.At(ReadAt), Instants.At(MailedAt));
    }
}
