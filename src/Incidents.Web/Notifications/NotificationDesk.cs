using Incidents.Core.Access;
using Incidents.Core.Notifications;
using Incidents.Core.Workflows;
using Incidents.Storage.Notifications;

namespace Incidents.Web.Notifications;

/// <summary>One notification as its reader sees it: words, never stored ids (Kind stays for an API client's code).</summary>
public sealed record NotificationView(long Id, string Kind, LocalizedText KindName, LocalizedText Text, string CaseNumber, LocalizedText CaseType,
    LocalizedText CaseState, string Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public bool Unread => ReadAt is null;
}

/// <summary>A preferences change refused: the message per field in both languages and its code (not-a-field, not-a-choice).</summary>
public sealed record PreferenceProblems(IReadOnlyDictionary<string, LocalizedText> Messages, IReadOnlyDictionary<string, string> Codes);

/// <summary>
/// A user's own notifications and preferences, one service for the API, the /notifications page, the desk's view
/// component and the nav badge. Only the user's own rows are ever read or changed; a notification of a case they may no
/// longer see (their roles changed) drops out of the list.
/// </summary>
public sealed class NotificationDesk(NotificationStore store, Notifier notifier)
{
    public async Task<IReadOnlyList<NotificationView>> ListAsync(Actor actor, bool unreadOnly = false, int limit = 100, CancellationToken ct = default) =>
        [.. (await store.ListAsync(actor.Id, unreadOnly, limit, ct)).Where(n => Visibility.SeesTeam(actor, n.Team)).Select(View)];

    public Task<int> UnreadCountAsync(Actor actor, CancellationToken ct = default) => store.UnreadCountAsync(actor.Id, ct);

    /// <summary>False when there is no such notification of this user's.</summary>
    public Task<bool> MarkReadAsync(Actor actor, long id, CancellationToken ct = default) => store.MarkReadAsync(actor.Id, id, ct);

    public Task<int> MarkAllReadAsync(Actor actor, CancellationToken ct = default) => store.MarkAllReadAsync(actor.Id, ct);

    /// <summary>Every kind with the user's mode (immediate unless they chose the digest).</summary>
    public Task<IReadOnlyDictionary<string, string>> PreferencesAsync(Actor actor, CancellationToken ct = default) => store.PreferencesAsync(actor.Id, ct);

    /// <summary>Sets the modes given (kind -> immediate|digest); refused as a whole, nothing stored, when any kind or mode is unknown.</summary>
    public async Task<PreferenceProblems?> SetPreferencesAsync(Actor actor, IReadOnlyDictionary<string, string?> modes, CancellationToken ct = default)
    {
        var messages = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, mode) in modes)
        {
            if (!NotificationKinds.IsKnown(kind))
            {
                messages[kind] = new($"không phải một loại thông báo (các loại: {string.Join(", ", NotificationKinds.All)})",
                    $"is not a kind of notification (kinds: {string.Join(", ", NotificationKinds.All)})");
                codes[kind] = "not-a-field";
            }
            else if (!NotificationModes.IsKnown(mode))
            {
                messages[kind] = new("phải là immediate (gửi ngay) hoặc digest (thư tổng hợp hằng ngày)", "must be immediate or digest");
                codes[kind] = mode is null ? "required" : "not-a-choice";
            }
        }
        if (modes.Count == 0)
        {
            messages["body"] = new("hãy gửi ít nhất một loại thông báo với cách nhận", "send at least one kind with its mode");
            codes["body"] = "required";
        }
        if (messages.Count > 0) return new(messages, codes);
        await store.SetPreferencesAsync(actor.Id, modes.ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal), ct);
        return null;
    }

    private NotificationView View(Notification n)
    {
        var (type, state) = notifier.Words(n.CaseType, n.WorkflowVersion, n.CaseState);
        return new(n.Id, n.Kind, NotificationKinds.Name(n.Kind), NotificationText.Line(n.Kind, n.CaseNumber, n.Data), n.CaseNumber, type, state,
            Notifier.Path(n.CaseNumber, n.Data), n.CreatedAt, n.ReadAt);
    }
}
