using System.Data.Common;
using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Cases;
using Incidents.Core.Notifications;
using Incidents.Core.Workflows;
using Incidents.Mail;
using Incidents.Mail.Outbox;
using Incidents.Storage.Access;
using Incidents.Storage.Notifications;
using Incidents.Storage.Outbox;

namespace Incidents.Web.Notifications;

/// <summary>
/// Tells users what concerns them, inside the transaction of the use case that causes it (the assignment, the note, the
/// action, the letter), so a notification exists exactly when its cause committed. Each is one row (its unique key is
/// recipient, kind, case and cause: a retried cause records nothing more) and, in immediate mode, one outbox row in the
/// same transaction; digest-mode rows wait for <see cref="NotificationDigestJob"/>. Nobody is told of their own action.
/// The email names the case by number and words from the workflow catalogue, never its title or reporter: mail leaves
/// the building, and a denouncer's identity never travels in it.
/// </summary>
public sealed class Notifier(NotificationStore store, OutboxStore outbox, UserStore users, WorkflowCatalog catalog, MailOptions mail,
    TimeProvider time)
{
    /// <summary>The case assigned to <paramref name="assignee"/>; <paramref name="rowVersion"/> is the case's version after it.</summary>
    public Task AssignedAsync(DbConnection c, DbTransaction tx, CaseRecord @case, Actor actor, string actorName, UserAccount assignee, int rowVersion,
        CancellationToken ct = default) =>
        RecordAsync(c, tx, @case, assignee, NotificationKinds.Assigned, Key("v", rowVersion), actor,
            new Dictionary<string, string> { [NotificationData.ActorName] = actorName }, ct);

    /// <summary>A colleague named in note <paramref name="entryId"/>. Its email keeps the mention's own Message-Id (one per note and user).</summary>
    public Task MentionedAsync(DbConnection c, DbTransaction tx, CaseRecord @case, Actor actor, string actorName, UserAccount to, long entryId,
        CancellationToken ct = default) =>
        RecordAsync(c, tx, @case, to, NotificationKinds.Mentioned, Key("e", entryId), actor,
            new Dictionary<string, string> { [NotificationData.ActorName] = actorName, [NotificationData.Entry] = Num(entryId) }, ct);

    /// <summary>
    /// A handler asked for an extension: every active leadership user is told, with how many cases now wait for a
    /// decision (counted in this transaction, the request included). <paramref name="waitingStates"/>: where a case
    /// waits on leadership (WorkflowCatalog.ExtensionWaitingStates).
    /// </summary>
    public async Task ExtensionRequestedAsync(DbConnection c, DbTransaction tx, CaseRecord @case, Actor actor, string actorName, int rowVersion,
        IEnumerable<(string Type, string State)> waitingStates, CancellationToken ct = default)
    {
        var waiting = await store.CountInStatesAsync(c, tx, waitingStates, ct);
        foreach (var lead in (await users.ListAsync(ct)).Where(u => u.IsActive && u.Roles.Contains(Roles.Leadership)))
            await RecordAsync(c, tx, @case, lead, NotificationKinds.ExtensionRequested, Key("v", rowVersion), actor,
                new Dictionary<string, string> { [NotificationData.ActorName] = actorName, [NotificationData.Waiting] = Num(waiting) }, ct);
    }

    /// <summary>Leadership decided on the extension: the case's handler is told which way (the action's words).</summary>
    public async Task ExtensionDecidedAsync(DbConnection c, DbTransaction tx, CaseRecord @case, Actor actor, string actorName, LocalizedText decision,
        int rowVersion, CancellationToken ct = default)
    {
        if (@case.AssigneeId is not { } handlerId || await users.FindByIdAsync(handlerId, ct) is not { } handler) return;
        await RecordAsync(c, tx, @case, handler, NotificationKinds.ExtensionDecided, Key("v", rowVersion), actor,
            new Dictionary<string, string>
            {
                [NotificationData.ActorName] = actorName, [NotificationData.ActionVi] = decision.Vi, [NotificationData.ActionEn] = decision.En,
            }, ct);
    }

    /// <summary>New correspondence (thread entry <paramref name="entryId"/>) on a case: its assignee is told. <paramref name="actor"/>
    /// is null for mail from outside.</summary>
    public async Task CorrespondenceAsync(DbConnection c, DbTransaction tx, CaseRecord @case, Actor? actor, long entryId, string entryKind,
        CancellationToken ct = default)
    {
        if (@case.AssigneeId is not { } assigneeId || await users.FindByIdAsync(assigneeId, ct) is not { } assignee) return;
        await RecordAsync(c, tx, @case, assignee, NotificationKinds.Correspondence, Key("e", entryId), actor,
            new Dictionary<string, string> { [NotificationData.Entry] = Num(entryId), [NotificationData.EntryKind] = entryKind }, ct);
    }

    /// <summary>The Message-Id of the one email telling <paramref name="userId"/> they were mentioned in entry <paramref name="entryId"/>.</summary>
    public string MentionMessageId(long entryId, long userId) =>
        string.Create(CultureInfo.InvariantCulture, $"<mention-{entryId}-{userId}@{outbox.MessageIdDomain}>");

    /// <summary>The Message-Id of notification <paramref name="id"/>'s own email (immediate mode).</summary>
    public string MessageIdFor(long id) => string.Create(CultureInfo.InvariantCulture, $"<notification-{id}@{outbox.MessageIdDomain}>");

    /// <summary>The link a notification opens: the case, at the thread entry when it is about one.</summary>
    public string Link(string caseNumber, IReadOnlyDictionary<string, string> data) =>
        $"{mail.BaseUrl.TrimEnd('/')}{Path(caseNumber, data)}";

    /// <summary>The page address of a notification's case (for the desk and the list).</summary>
    public static string Path(string caseNumber, IReadOnlyDictionary<string, string> data) =>
        "/cases/" + Uri.EscapeDataString(caseNumber) + (data.GetValueOrDefault(NotificationData.Entry) is { Length: > 0 } e ? "#entry-" + e : "");

    /// <summary>The case's type and state in words, from the definition the case runs on.</summary>
    public (LocalizedText Type, LocalizedText State) Words(string type, int version, string state)
    {
        var def = catalog.Get(type, version) ?? catalog.Current(type);
        return (def?.Name ?? new(type, type), def?.State(state)?.Name ?? new(state, state));
    }

    private async Task RecordAsync(DbConnection c, DbTransaction tx, CaseRecord @case, UserAccount to, string kind, string eventKey, Actor? actor,
        Dictionary<string, string> data, CancellationToken ct)
    {
        if (!to.IsActive || to.Id == actor?.Id) return;
        var mode = await store.ModeAsync(c, tx, to.Id, kind, ct);
        if (await store.RecordAsync(c, tx, new NewNotification(to.Id, kind, @case.Id, eventKey, actor?.Login, data, mode), ct) is not { } id) return;
        if (mode != NotificationModes.Immediate || string.IsNullOrWhiteSpace(to.Email)) return;
        var message = Mail(id, kind, @case, to, data);
        if (await outbox.TryEnqueueAsync(c, tx, message, time.GetUtcNow(), ct) is not null)
            await store.MarkMailedAsync(c, tx, id, message.MessageId!, ct);
    }

    private OutboxMessage Mail(long id, string kind, CaseRecord @case, UserAccount to, IReadOnlyDictionary<string, string> data)
    {
        var line = NotificationText.Line(kind, @case.Number, data);
        var (type, state) = Words(@case.Type, @case.WorkflowVersion, @case.State);
        var link = Link(@case.Number, data);
        var text = $"""
            {line.Vi}
            Hồ sơ {@case.Number} · {type.Vi} · {state.Vi}
            Xem tại: {link}

            {line.En}
            Case {@case.Number} · {type.En} · {state.En}
            Open: {link}
            """;
        // A mention keeps the mail it always had (its kind, its Message-Id per note and user): one email per mention.
        return kind == NotificationKinds.Mentioned && long.TryParse(data.GetValueOrDefault(NotificationData.Entry), CultureInfo.InvariantCulture, out var entryId)
            ? new OutboxMessage(OutboxKind.Mention, [to.Email!],
                $"[{@case.Number}] {data.GetValueOrDefault(NotificationData.ActorName)} nhắc đến bạn / mentioned you", text, CaseId: @case.Id,
                ThreadKey: @case.Number, MessageId: MentionMessageId(entryId, to.Id))
            : new OutboxMessage(OutboxKind.Notification, [to.Email!], NotificationText.Subject(kind, @case.Number), text, CaseId: @case.Id,
                ThreadKey: @case.Number, MessageId: MessageIdFor(id));
    }

    private static string Key(string prefix, long n) => prefix + "-" + Num(n);

    private static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
