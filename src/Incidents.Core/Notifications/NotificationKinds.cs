using Incidents.Core.Workflows;

namespace Incidents.Core.Notifications;

/// <summary>What a user is told about, as stored in notifications.kind and notification_preferences.kind.</summary>
public static class NotificationKinds
{
    /// <summary>A case was assigned to you.</summary>
    public const string Assigned = "assigned";
    /// <summary>A colleague named you in a note.</summary>
    public const string Mentioned = "mentioned";
    /// <summary>A handler asked for an extension (to leadership, with how many wait).</summary>
    public const string ExtensionRequested = "extension-requested";
    /// <summary>Leadership decided on your extension request.</summary>
    public const string ExtensionDecided = "extension-decided";
    /// <summary>Mail, a call or a letter from the other side reached your case.</summary>
    public const string Correspondence = "correspondence";

    public static readonly IReadOnlyList<string> All = [Assigned, Mentioned, ExtensionRequested, ExtensionDecided, Correspondence];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);

    /// <summary>The kind's name for a person (preferences, lists), never the stored word.</summary>
    public static LocalizedText Name(string kind) => kind switch
    {
        Assigned => new("Được giao hồ sơ", "A case assigned to me"),
        Mentioned => new("Được nhắc đến trong ghi chú", "Mentioned in a note"),
        ExtensionRequested => new("Đề nghị gia hạn chờ duyệt", "An extension awaiting approval"),
        ExtensionDecided => new("Quyết định về đề nghị gia hạn", "A decision on my extension request"),
        Correspondence => new("Thư từ mới trong hồ sơ của tôi", "New correspondence on my case"),
        _ => new(kind, kind),
    };
}

/// <summary>When a user is emailed about a kind: at once, or in one daily digest.</summary>
public static class NotificationModes
{
    public const string Immediate = "immediate";
    public const string Digest = "digest";

    public static readonly IReadOnlyList<string> All = [Immediate, Digest];

    public static bool IsKnown(string? mode) => mode is Immediate or Digest;

    public static LocalizedText Name(string mode) => mode == Digest
        ? new("Gộp trong thư tổng hợp hằng ngày", "In the daily digest")
        : new("Gửi thư ngay", "Email at once");
}

/// <summary>The text parameters a notification keeps (notifications.data), by name.</summary>
public static class NotificationData
{
    /// <summary>The display name of whoever caused it.</summary>
    public const string ActorName = "actorName";
    /// <summary>Extension requested: how many cases wait for leadership's decision, this one included.</summary>
    public const string Waiting = "waiting";
    /// <summary>Extension decided: the action's words (vi, en).</summary>
    public const string ActionVi = "actionVi";
    public const string ActionEn = "actionEn";
    /// <summary>Mention, correspondence: the thread entry it is about (the link's anchor).</summary>
    public const string Entry = "entry";
    /// <summary>Correspondence: the entry's kind (mail-in, call, letter).</summary>
    public const string EntryKind = "entryKind";
}

/// <summary>
/// One notification in words. No IO: the caller gives the case's type and state words from the workflow catalogue, so no
/// stored id (type, state, action, kind) reaches a reader; and nothing about the reporter is ever a parameter.
/// </summary>
public static class NotificationText
{
    /// <summary>One line saying what happened, e.g. "Trần Thị Lan đã giao cho bạn hồ sơ KN-2026-000001".</summary>
    public static LocalizedText Line(string kind, string caseNumber, IReadOnlyDictionary<string, string> data)
    {
        var who = data.GetValueOrDefault(NotificationData.ActorName) is { Length: > 0 } n ? n : null;
        return kind switch
        {
            NotificationKinds.Assigned => who is null
                ? new($"Bạn được giao hồ sơ {caseNumber}.", $"Case {caseNumber} was assigned to you.")
                : new($"{who} đã giao cho bạn hồ sơ {caseNumber}.", $"{who} assigned case {caseNumber} to you."),
            NotificationKinds.Mentioned => new($"{who ?? "Một đồng nghiệp"} đã nhắc đến bạn trong một ghi chú của hồ sơ {caseNumber}.",
                $"{who ?? "A colleague"} mentioned you in a note on case {caseNumber}."),
            NotificationKinds.ExtensionRequested => Waiting(caseNumber, who, data.GetValueOrDefault(NotificationData.Waiting)),
            NotificationKinds.ExtensionDecided => new(
                $"{who ?? "Lãnh đạo"} đã quyết định về đề nghị gia hạn hồ sơ {caseNumber}: {data.GetValueOrDefault(NotificationData.ActionVi) ?? "đã quyết định"}.",
                $"{who ?? "Leadership"} decided on the extension request for case {caseNumber}: {data.GetValueOrDefault(NotificationData.ActionEn) ?? "decided"}."),
            NotificationKinds.Correspondence => Correspondence(caseNumber, data.GetValueOrDefault(NotificationData.EntryKind)),
            _ => new($"Có thông báo về hồ sơ {caseNumber}.", $"There is news on case {caseNumber}."),
        };
    }

    /// <summary>The email's subject: the case number first, so a mail client threads and sorts by case.</summary>
    public static string Subject(string kind, string caseNumber)
    {
        var (vi, en) = kind switch
        {
            NotificationKinds.Assigned => ("Bạn được giao hồ sơ", "assigned to you"),
            NotificationKinds.Mentioned => ("Bạn được nhắc đến", "you were mentioned"),
            NotificationKinds.ExtensionRequested => ("Đề nghị gia hạn chờ duyệt", "extension awaiting approval"),
            NotificationKinds.ExtensionDecided => ("Đã quyết định về gia hạn", "extension decided"),
            NotificationKinds.Correspondence => ("Thư từ mới", "new correspondence"),
            _ => ("Thông báo", "notification"),
        };
        return $"[{caseNumber}] {vi} / {en}";
    }

    private static LocalizedText Waiting(string caseNumber, string? who, string? waiting)
    {
        var count = int.TryParse(waiting, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var w) ? w : 1;
        return new(
            $"{who ?? "Cán bộ xử lý"} đề nghị gia hạn hồ sơ {caseNumber}. Hiện có {count} đề nghị gia hạn chờ lãnh đạo duyệt.",
            $"{who ?? "The handler"} requested an extension on case {caseNumber}. {count} extension {(count == 1 ? "request awaits" : "requests await")} leadership's approval.");
    }

    private static LocalizedText Correspondence(string caseNumber, string? entryKind) => entryKind switch
    {
        Thread.EntryKinds.Call => new($"Có cuộc gọi mới được ghi vào hồ sơ {caseNumber}.", $"A new call was logged on case {caseNumber}."),
        Thread.EntryKinds.Letter => new($"Có thư giấy mới được ghi vào hồ sơ {caseNumber}.", $"A new paper letter was logged on case {caseNumber}."),
        _ => new($"Có thư điện tử mới gửi đến hồ sơ {caseNumber}.", $"New email arrived on case {caseNumber}."),
    };
}
