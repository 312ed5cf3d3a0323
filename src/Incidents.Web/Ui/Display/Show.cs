using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Core.Deadlines;
using Incidents.Core.Workflows;
using Incidents.Web.Ui.Localization;

namespace Incidents.Web.Ui.Display;

/// <summary>How the pages write instants, spans and workflow names: Vietnam time, the current language.</summary>
public static class Show
{
    public static DateTimeOffset Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, BusinessCalendar.Zone);

    /// <summary>dd/MM/yyyy HH:mm in Vietnam time: an instant something happened.</summary>
    public static string Time(DateTimeOffset? t) =>
        t is { } v ? Local(v).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "—";

    /// <summary>A limit's due instant: "hết ngày 11/12/2026" / "end of 11/12/2026" at a day's close, else dd/MM/yyyy HH:mm.</summary>
    public static string Due(DateTimeOffset? t) => t is { } v ? DeadlineWords.Due(v, UiText.Culture) : "—";

    /// <summary>"10 ngày làm việc", "10 ngày (ngày lịch)", "1 giờ 30 phút": a limit's ISO duration in words.</summary>
    public static string Duration(string iso, DurationUnit unit) => DeadlineWords.Duration(iso, unit, UiText.Culture);

    public static string Date(DateOnly d) => d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    /// <summary>"Thứ Hai" / "Monday".</summary>
    public static string Weekday(DateOnly d) => DeadlineWords.Weekday(d.DayOfWeek, UiText.Culture);

    /// <summary>"phiên bản 3" / "version 3": a workflow version as people read it, never "v3".</summary>
    public static string Version(int version, UiText t) => t.F("version {0}", version);

    /// <summary>"PDF", "ảnh JPEG" / "JPEG image": a file's type in words, never its MIME type.</summary>
    public static string FileType(string contentType) => contentType switch
    {
        "application/pdf" => "PDF",
        "image/jpeg" => UiText.IsEnglish ? "JPEG image" : "ảnh JPEG",
        "image/png" => UiText.IsEnglish ? "PNG image" : "ảnh PNG",
        "text/plain" => UiText.IsEnglish ? "text" : "văn bản",
        "message/rfc822" => UiText.IsEnglish ? "email message" : "thư điện tử",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX",
        _ => UiText.IsEnglish ? "file" : "tệp",
    };

    /// <summary>Machine-readable instant for &lt;time datetime&gt; and the countdown script.</summary>
    public static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>For &lt;input type=datetime-local&gt;: Vietnam local time without offset.</summary>
    public static string InputTime(DateTimeOffset t) => Local(t).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    /// <summary>A datetime-local value read as Vietnam time, in the ISO form the intake validator takes; null when blank or unreadable.</summary>
    public static string? FromInputTime(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!DateTime.TryParseExact(value.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var local))
            return value; // the validator names it
        return new DateTimeOffset(local, BusinessCalendar.Zone.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
    }

    /// <summary>"2 ngày 3 giờ" / "2 d 3 h": the two largest units of a span.</summary>
    public static string Span(TimeSpan s)
    {
        s = s.Duration();
        var en = UiText.IsEnglish;
        string D(int n) => en ? $"{n} d" : $"{n} ngày";
        string H(int n) => en ? $"{n} h" : $"{n} giờ";
        string M(int n) => en ? $"{n} min" : $"{n} phút";
        if (s.TotalDays >= 1) return s.Hours > 0 ? $"{D((int)s.TotalDays)} {H(s.Hours)}" : D((int)s.TotalDays);
        if (s.TotalHours >= 1) return s.Minutes > 0 ? $"{H((int)s.TotalHours)} {M(s.Minutes)}" : H((int)s.TotalHours);
        return M(Math.Max(0, (int)s.TotalMinutes));
    }

    public static string Text(LocalizedText t) => t.In(UiText.Culture);

    /// <summary>A choice's words from its definition; the value itself when the definition gives none.</summary>
    public static string Choice(ChoiceDefinition choice) => choice.Text(UiText.Culture);

    /// <summary>A case field or action input value as the reader should see it: a choice's words, Có/Không (Yes/No) for a bool,
    /// dd/MM/yyyy for a date.</summary>
    public static string Value(InputDefinition? field, string value) => field?.Type switch
    {
        InputTypes.Choice => field.Choice(value) is { } c ? Choice(c) : value,
        InputTypes.Bool => value switch
        {
            "true" => UiText.IsEnglish ? "Yes" : "Có",
            "false" => UiText.IsEnglish ? "No" : "Không",
            _ => value,
        },
        InputTypes.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? Date(day) : value,
        _ => value,
    };

    /// <summary>The type's name from its current version, or from its newest stored one when it takes no new cases.</summary>
    public static string TypeName(WorkflowCatalog catalog, string type) =>
        (catalog.Current(type) ?? catalog.Newest(type)) is { } d ? Text(d.Name) : type;

    public static string StateName(WorkflowCatalog catalog, string type, int version, string state) =>
        (catalog.Get(type, version) ?? catalog.Current(type))?.State(state) is { } s ? Text(s.Name) : state;

    public static string StateName(WorkflowCatalog catalog, string type, string state) =>
        catalog.Current(type)?.State(state) is { } s ? Text(s.Name) : state;

    /// <summary>A shape per severity, so that colour is never the only sign (issue #13); the word goes beside it.</summary>
    public static string SeverityIcon(string? severity) => severity switch
    {
        "critical" => "■", "high" => "▲", "medium" => "◆", "low" => "▽", _ => "",
    };

    public static string Bytes(long n) => n >= 1024 * 1024 ? $"{n / 1024.0 / 1024.0:0.0} MB" : n >= 1024 ? $"{n / 1024.0:0} KB" : $"{n} B";
}
