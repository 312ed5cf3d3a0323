using System.Data;
using System.Globalization;
using Incidents.Core.Access;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Storage.Localities;
using Incidents.Storage.Roster;
using MiniExcelLibs;

namespace Incidents.Web.Roster;

/// <summary>A report as typed: which of the user's postings (optional: their only one), when (blank: now), figures by key, text.</summary>
public sealed record SitrepInput(long? PostingId, string? ReportedAt, IReadOnlyDictionary<string, string?> Values, string? Text);

public enum SitrepStatus { Filed, Invalid, NotOnDuty }

public sealed record SitrepResult(SitrepStatus Status, long? Id = null, IReadOnlyList<RosterProblem>? Problems = null);

/// <summary>One locality of the synthesis table: who is on duty there, its latest report of the day, and whether it is late.</summary>
public sealed record SitrepRow(string LocalityCode, string LocalityName, IReadOnlyList<DutyPosting> Officials, SituationReport? Latest, bool Late);

public sealed record SitrepTable(DateOnly Day, IReadOnlyList<SitrepFigure> Figures, IReadOnlyList<SitrepRow> Rows);

/// <summary>
/// Situation reports (issue #13): filed by an official on duty, for the locality of their posting; read by the synthesis
/// team as one table of the latest report per locality, late ones marked (the database decides: SituationReportStore.LateAsync).
/// </summary>
public sealed class SitReports(SituationReportStore reports, DutyRosterStore roster, AdminUnitStore units, TimeProvider time)
{
    public const int MaxText = 4000;

    public DateOnly Today => BusinessCalendar.LocalDate(time.GetUtcNow());

    /// <summary>The user's postings active today, newest first: the form's locality.</summary>
    public Task<IReadOnlyList<DutyPosting>> PostingsAsync(Actor actor, CancellationToken ct = default) => roster.OfUserAsync(actor.Id, Today, ct);

    public Task<IReadOnlyList<SitrepFigure>> FiguresAsync(CancellationToken ct = default) => reports.FiguresAsync(activeOnly: true, ct);

    public async Task<SitrepResult> FileAsync(Actor actor, SitrepInput input, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        // The request's own faults first (400 for anyone), then whether the caller is on duty (403), then the posting.
        var problems = new List<RosterProblem>();
        DateTimeOffset? at = null;
        if (!string.IsNullOrWhiteSpace(input.ReportedAt))
        {
            at = ParseTime(input.ReportedAt);
            if (at is null)
                problems.Add(new("reportedAt", "không phải thời điểm (yyyy-MM-ddTHH:mm, giờ Việt Nam)", "is not a time (yyyy-MM-ddTHH:mm, Vietnam time)"));
            else if (at > now + TimeSpan.FromMinutes(5))
                problems.Add(new("reportedAt", "không được ở tương lai", "must not be in the future"));
        }

        var figures = await reports.FiguresAsync(activeOnly: true, ct);
        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (key, raw) in input.Values)
        {
            if (figures.FirstOrDefault(f => f.Key == key) is not { } figure)
            {
                problems.Add(new($"values.{key}", "không phải số liệu của báo cáo", "is not a figure of the report"));
                continue;
            }
            if (string.IsNullOrWhiteSpace(raw)) continue; // not reported this time
            if (!decimal.TryParse(raw.Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || v > 1_000_000_000m)
                problems.Add(new($"values.{key}", $"{figure.LabelVi}: phải là số không âm", $"{figure.LabelEn}: must be a number, zero or more"));
            else values[key] = v;
        }

        var text = CaseText.Clean(input.Text);
        if (PlainText.Check(text, longText: true) is { } fault)
        {
            var words = PlainText.Words(fault.Code, fault.Point);
            problems.Add(new("text", words.Vi, words.En));
        }
        else if (text is { Length: > MaxText })
            problems.Add(new("text", $"dài quá {MaxText} ký tự", $"is longer than {MaxText} characters"));
        if (values.Count == 0 && text is null && problems.Count == 0)
            problems.Add(new("values", "hãy nhập ít nhất một số liệu hoặc ghi chú", "give at least one figure or a note"));
        if (problems.Count > 0) return new(SitrepStatus.Invalid, Problems: problems);

        var postings = await PostingsAsync(actor, ct);
        if (postings.Count == 0) return new(SitrepStatus.NotOnDuty);
        var posting = input.PostingId is { } pid ? postings.FirstOrDefault(p => p.Id == pid) : postings[0];
        if (posting is null)
            problems.Add(new("postingId", "không phải phân công trực hôm nay của bạn", "is not one of your postings today"));
        else if (at is { } a && BusinessCalendar.LocalDate(a) < posting.From)
            problems.Add(new("reportedAt", "trước ngày bắt đầu phân công trực", "is before the posting starts"));
        if (problems.Count > 0) return new(SitrepStatus.Invalid, Problems: problems);
        var reportedAt = at ?? now;

        var id = await reports.AddAsync(new NewSituationReport(posting!.Id, actor.Id, posting.LocalityCode, reportedAt, values, text), ct);
        return new(SitrepStatus.Filed, id);
    }

    /// <summary>An ISO instant with its offset, or a local datetime (the form's datetime-local) read as Vietnam time.</summary>
    private static DateTimeOffset? ParseTime(string s)
    {
        s = s.Trim();
        if (DateTime.TryParseExact(s, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return new DateTimeOffset(local, BusinessCalendar.Zone.GetUtcOffset(local));
        return DateTimeOffset.TryParseExact(s, ["yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mmK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var t) ? t : null;
    }

    /// <summary>The synthesis table of <paramref name="day"/>: every locality with someone on duty or a report, by code.</summary>
    public async Task<SitrepTable> TableAsync(DateOnly day, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var figures = await reports.FiguresAsync(activeOnly: false, ct);
        var postings = await roster.ActiveOnAsync(day, ct);
        var latest = (await reports.LatestReportsAsync(day, ct)).ToDictionary(r => r.LocalityCode, StringComparer.Ordinal);
        var late = day == BusinessCalendar.LocalDate(now)
            ? (await reports.LateAsync(now, ct)).Postings.Select(p => p.LocalityCode).ToHashSet(StringComparer.Ordinal)
            : [];
        var names = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name, StringComparer.Ordinal);
        var rows = postings.Select(p => p.LocalityCode).Concat(latest.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(code => new SitrepRow(code, names.GetValueOrDefault(code, code), [.. postings.Where(p => p.LocalityCode == code)],
                latest.GetValueOrDefault(code), late.Contains(code)))
            .ToList();
        // Figures retired before the day and never reported that day stay out of the table.
        var shown = figures.Where(f => f.Active || rows.Any(r => r.Latest?.Values.ContainsKey(f.Key) == true)).ToList();
        return new SitrepTable(day, shown, rows);
    }

    /// <summary>The table as an XLSX workbook (one sheet), headers in both languages, times in Vietnam time.</summary>
    public static byte[] Xlsx(SitrepTable table)
    {
        var t = new DataTable("Báo cáo tình hình");
        t.Columns.Add("Mã địa bàn / Locality code");
        t.Columns.Add("Địa bàn / Locality");
        t.Columns.Add("Cán bộ trực / Official on duty");
        t.Columns.Add("Điện thoại / Phone");
        t.Columns.Add("Thời điểm báo cáo / Reported at");
        foreach (var f in table.Figures) t.Columns.Add(f.Unit is { } u ? $"{f.LabelVi} / {f.LabelEn} ({u})" : $"{f.LabelVi} / {f.LabelEn}", typeof(decimal));
        t.Columns.Add("Ghi chú / Notes");
        t.Columns.Add("Trễ báo cáo / Late");
        foreach (var r in table.Rows)
        {
            var cells = new List<object?>
            {
                r.LocalityCode, r.LocalityName, string.Join("; ", r.Officials.Select(o => o.DisplayName)), string.Join("; ", r.Officials.Select(o => o.Phone)),
                r.Latest is { } l ? TimeZoneInfo.ConvertTime(l.ReportedAt, BusinessCalendar.Zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture) : "",
            };
            foreach (var f in table.Figures) cells.Add(r.Latest?.Values.TryGetValue(f.Key, out var v) == true ? v : DBNull.Value);
            cells.Add(r.Latest?.Text ?? "");
            cells.Add(r.Late ? "Trễ / Late" : "");
            t.Rows.Add([.. cells]);
        }
        using var stream = new MemoryStream();
        stream.SaveAs(t, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}
