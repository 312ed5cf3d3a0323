using System.Globalization;
using System.Text.RegularExpressions;
using Incidents.Core.Calendar;
using Incidents.Core.Workflows;

namespace Incidents.Core.Thread;

/// <summary>A call or letter logged by hand, as typed: every field still text, checked by <see cref="ThreadRules.Check"/>.</summary>
public sealed record LoggedContact(string? Kind, string? Direction, string? OccurredAt, string? Counterpart, string? Subject, string? Summary);

/// <summary>A logged call or letter that passed the checks.</summary>
public sealed record CheckedContact(string Kind, string Direction, DateTimeOffset OccurredAt, string Counterpart, string? Subject, string Summary);

/// <summary>
/// The rules of a thread's entries, without IO: what a note and a logged call or letter must hold, and which colleagues a
/// note names. Problems are keyed by the request's field names, in both languages.
/// </summary>
public static partial class ThreadRules
{
    public const int MaxBody = 10_000;
    public const int MaxCounterpart = 400;
    public const int MaxSubject = 1_000;

    /// <summary>The problems of a note's text (empty when it is fine).</summary>
    public static Dictionary<string, LocalizedText> CheckNote(string? body)
    {
        var problems = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body)) problems["body"] = new("Nội dung ghi chú không được để trống.", "The note must not be empty.");
        else if (body.Length > MaxBody) problems["body"] = TooLong(MaxBody);
        return problems;
    }

    /// <summary>
    /// A call or letter logged by hand: kind call|letter, direction in|out, when it happened — not in the future, not before
    /// the case was received —, the other side (name, address or phone) and a summary. An instant without an offset is
    /// Vietnam time (the page's date and time field).
    /// </summary>
    public static (CheckedContact? Contact, Dictionary<string, LocalizedText> Problems) Check(LoggedContact c, DateTimeOffset receivedAt, DateTimeOffset now)
    {
        var problems = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        if (c.Kind is not (EntryKinds.Call or EntryKinds.Letter))
            problems["kind"] = new("Hãy chọn cuộc gọi (call) hoặc thư giấy (letter).", "Choose a call (call) or a letter (letter).");
        if (!Directions.IsKnown(c.Direction))
            problems["direction"] = new("Hãy chọn chiều: đến (in) hoặc đi (out).", "Choose the direction: in or out.");
        var at = Instant(c.OccurredAt);
        if (string.IsNullOrWhiteSpace(c.OccurredAt)) problems["occurredAt"] = new("Hãy nhập thời điểm diễn ra.", "Give when it happened.");
        else if (at is null) problems["occurredAt"] = new("Thời điểm không hợp lệ (ví dụ 2026-11-25T09:30+07:00).", "Not a valid time (e.g. 2026-11-25T09:30+07:00).");
        else if (at > now) problems["occurredAt"] = new("Thời điểm không được ở tương lai.", "The time must not be in the future.");
        else if (at < receivedAt)
            problems["occurredAt"] = new($"Thời điểm không được trước lúc tiếp nhận hồ sơ ({Local(receivedAt)}).",
                $"The time must not be before the case was received ({Local(receivedAt)}).");
        if (string.IsNullOrWhiteSpace(c.Counterpart))
            problems["counterpart"] = new("Hãy nhập người liên hệ (tên, địa chỉ hoặc số điện thoại).", "Give the other side (name, address or phone).");
        else if (c.Counterpart.Trim().Length > MaxCounterpart) problems["counterpart"] = TooLong(MaxCounterpart);
        if (c.Subject is { } s && s.Trim().Length > MaxSubject) problems["subject"] = TooLong(MaxSubject);
        if (string.IsNullOrWhiteSpace(c.Summary)) problems["summary"] = new("Hãy tóm tắt nội dung.", "Give a summary.");
        else if (c.Summary.Length > MaxBody) problems["summary"] = TooLong(MaxBody);
        if (problems.Count > 0) return (null, problems);
        return (new CheckedContact(c.Kind!, c.Direction!, at!.Value, c.Counterpart!.Trim(), string.IsNullOrWhiteSpace(c.Subject) ? null : c.Subject.Trim(),
            c.Summary!.Trim()), problems);
    }

    /// <summary>An ISO 8601 instant; one without an offset (the page's datetime-local) is taken as Vietnam time.</summary>
    public static DateTimeOffset? Instant(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (HasOffset().IsMatch(text))
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) ? withOffset : null;
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) || !text.Contains('T', StringComparison.Ordinal))
            return null;
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, BusinessCalendar.Zone.GetUtcOffset(local));
    }

    /// <summary>
    /// The logins a note names: "@login" at the start or after a space or punctuation (so an email address names nobody),
    /// up to the next space; a full stop or comma that ends the sentence is not part of it. Each once, in order.
    /// </summary>
    public static IReadOnlyList<string> Mentions(string? text)
    {
        if (string.IsNullOrEmpty(text)) return [];
        return Mention().Matches(text).Select(m => m.Groups[1].Value.TrimEnd('.', ',', ';', ':', '!', '?', ')'))
            .Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>
    /// A file added to the thread must be what its name says: the type read from its first bytes (application/pdf,
    /// image/jpeg, image/png) must match its extension. Null when it does, or when the name has no extension.
    /// </summary>
    public static LocalizedText? NameMismatch(string fileName, string contentType)
    {
        var ext = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (ext.Length == 0) return null;
        var expected = ext switch { "pdf" => "application/pdf", "jpg" or "jpeg" => "image/jpeg", "png" => "image/png", _ => null };
        if (expected == contentType) return null;
        var actual = contentType switch { "application/pdf" => "PDF", "image/jpeg" => "JPEG", "image/png" => "PNG", _ => contentType };
        return new($"'{fileName}': tên tệp là .{ext} nhưng nội dung là {actual}; hãy đặt đúng tên hoặc chọn đúng tệp.",
            $"'{fileName}': the name says .{ext} but the content is {actual}; name it right or choose the right file.");
    }

    private static LocalizedText TooLong(int max) =>
        new($"Dài quá {max.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"))} ký tự.", $"Longer than {max.ToString("N0", CultureInfo.InvariantCulture)} characters.");

    private static string Local(DateTimeOffset t) =>
        TimeZoneInfo.ConvertTime(t, BusinessCalendar.Zone).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<![\w@.])@([^\s@]+)")]
    private static partial Regex Mention();

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
