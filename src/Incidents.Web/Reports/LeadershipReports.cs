using System.Globalization;
using Incidents.Core.Calendar;
using Incidents.Core.Cases;
using Incidents.Core.Workflows;
using Incidents.Storage.Access;
using Incidents.Storage.Localities;
using Incidents.Storage.Oversight;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;

namespace Incidents.Web.Reports;

/// <summary>Local (Vietnam) dates From..To, both included; its instants run from the start of From to the start of the day after To.</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To)
{
    public DateTimeOffset Start => StartOf(From);
    public DateTimeOffset End => StartOf(To.AddDays(1));

    public static DateTimeOffset StartOf(DateOnly d)
    {
        var local = d.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, BusinessCalendar.Zone.GetUtcOffset(local));
    }

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, BusinessCalendar.Zone).DateTime);

    public static ReportPeriod Month(DateOnly d) => new(new(d.Year, d.Month, 1), new DateOnly(d.Year, d.Month, 1).AddMonths(1).AddDays(-1));

    public static ReportPeriod Quarter(DateOnly d)
    {
        var first = new DateOnly(d.Year, (d.Month - 1) / 3 * 3 + 1, 1);
        return new(first, first.AddMonths(3).AddDays(-1));
    }

    /// <summary>The dashboard's presets: today, 7 days (today and the six before), this month, this quarter.</summary>
    public static ReportPeriod? Preset(string? preset, DateOnly today) => preset switch
    {
        "today" => new(today, today),
        "7d" => new(today.AddDays(-6), today),
        "month" => Month(today),
        "quarter" => Quarter(today),
        _ => null,
    };

    /// <summary>A periodic report's period: a month "2026-11" or a quarter "2026-Q4".</summary>
    public static ReportPeriod? ParsePeriodic(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (t.Length == 7 && t[4] == '-' && (t[5] is 'Q' or 'q') && int.TryParse(t[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var qy)
            && qy is >= 2000 and <= 2100 && t[6] is >= '1' and <= '4')
            return Quarter(new DateOnly(qy, (t[6] - '1') * 3 + 1, 1));
        return DateOnly.TryParseExact(t + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) && m.Year is >= 2000 and <= 2100
            ? Month(m) : null;
    }

    /// <summary>"11/2026" or "Quý IV/2026" (Q4/2026 in English) for titles and file names.</summary>
    public string Title(UiText t) => From.Day == 1 && To == From.AddMonths(1).AddDays(-1)
        ? From.ToString("MM/yyyy", CultureInfo.InvariantCulture)
        : From.Day == 1 && (From.Month - 1) % 3 == 0 && To == From.AddMonths(3).AddDays(-1)
            ? t.F("Quarter {0}/{1}", new[] { "I", "II", "III", "IV" }[(From.Month - 1) / 3], From.Year)
            : $"{Show.Date(From)} – {Show.Date(To)}";
}

/// <summary>
/// The figures of a set of cases (see ReportWindow for each). OnTimePercent is ResolvedOnTime / Resolved (null when
/// nothing was resolved); MedianDays is the median, over the cases resolved in the period, of closed_at − received_at in
/// calendar days (computed here from the durations: SQLite has no median).
/// </summary>
public sealed record Figures(long Received, long Open, long Overdue, long DueToday, long Resolved, long ResolvedOnTime, double? OnTimePercent, double? MedianDays);

/// <summary>One row of a split: its team (whose queue it opens), its key (a type, a unit code, a login; null: no handler) and the words to show.</summary>
public sealed record SplitRow(string Team, string? Key, string Label, Figures Figures);

public sealed record ReportSummary(ReportPeriod Period, DateTimeOffset Now, DateTimeOffset DayEnd, Figures Headline,
    IReadOnlyList<SplitRow> ByTeam, IReadOnlyList<SplitRow> ByType, IReadOnlyList<SplitRow> ByLocality, IReadOnlyList<SplitRow> ByHandler,
    IReadOnlyList<CaseRecord> Critical);

/// <summary>A periodic report: its period and a row per type and locality, with the words to print.</summary>
public sealed record PeriodicReport(ReportPeriod Period, DateTimeOffset MadeAt, IReadOnlyList<PeriodicLine> Lines)
{
    public long Received => Lines.Sum(l => l.Received);
    public long Resolved => Lines.Sum(l => l.Resolved);
    public long ResolvedOnTime => Lines.Sum(l => l.ResolvedOnTime);
}

public sealed record PeriodicLine(string Type, string TypeName, string Locality, string LocalityName, long Received, long Resolved, long ResolvedOnTime);

/// <summary>
/// Leadership's figures for the dashboard, GET /api/v1/reports/summary and the periodic report (one service for all).
/// The database counts; this adds the medians, the words and the links.
/// </summary>
public sealed class LeadershipReports(ReportQueries queries, WorkflowCatalog catalog, AdminUnitStore units, TimeProvider time, UiText t)
{
    public const int CriticalShown = 20;

    public async Task<ReportSummary> SummaryAsync(ReportPeriod period, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var dayEnd = ReportPeriod.StartOf(ReportPeriod.Today(now).AddDays(1));
        var w = new ReportWindow(period.Start, period.End, now, dayEnd);
        var resolved = await queries.ResolvedAsync(w, ct);
        var names = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name);

        async Task<IReadOnlyList<SplitRow>> Split(ReportSplit split, Func<ResolvedCase, string?> keyOf, Func<FigureRow, string> label)
        {
            var rows = await queries.SplitAsync(split, w, ct);
            return [.. rows.Select(r => new SplitRow(r.Team, r.Key, label(r), With(r, Median(resolved.Where(c => c.Team == r.Team && keyOf(c) == r.Key)))))
                .OrderBy(r => r.Team, StringComparer.Ordinal).ThenByDescending(r => r.Figures.Received + r.Figures.Open).ThenBy(r => r.Label, StringComparer.CurrentCulture)];
        }

        var byTeam = await Split(ReportSplit.Team, c => c.Team, r => t[r.Team]);
        var headline = new Figures(byTeam.Sum(r => r.Figures.Received), byTeam.Sum(r => r.Figures.Open), byTeam.Sum(r => r.Figures.Overdue),
            byTeam.Sum(r => r.Figures.DueToday), byTeam.Sum(r => r.Figures.Resolved), byTeam.Sum(r => r.Figures.ResolvedOnTime),
            Percent(byTeam.Sum(r => r.Figures.ResolvedOnTime), byTeam.Sum(r => r.Figures.Resolved)), Median(resolved));
        return new(period, now, dayEnd, headline, byTeam,
            await Split(ReportSplit.Type, c => c.Type, r => Show.TypeName(catalog, r.Key ?? "")),
            await Split(ReportSplit.Locality, c => c.Locality, r => r.Label ?? (r.Key is { } k ? names.GetValueOrDefault(k) ?? k : "—")),
            await Split(ReportSplit.Handler, c => c.Handler, r => r.Key is null ? t["Unassigned"] : r.Label ?? t["Unknown"]),
            await queries.CriticalOpenAsync(CriticalShown, ct));
    }

    public async Task<PeriodicReport> PeriodicAsync(ReportPeriod period, CancellationToken ct = default)
    {
        var names = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name);
        var rows = await queries.PeriodicAsync(period.Start, period.End, ct);
        return new(period, time.GetUtcNow(), [.. rows.Select(r => new PeriodicLine(r.Type, Show.TypeName(catalog, r.Type), r.Locality,
            r.LocalityName ?? names.GetValueOrDefault(r.Locality) ?? r.Locality, r.Received, r.Resolved, r.ResolvedOnTime))
            .OrderBy(l => l.TypeName, StringComparer.CurrentCulture).ThenBy(l => l.LocalityName, StringComparer.CurrentCulture)]);
    }

    private static Figures With(FigureRow r, double? median) =>
        new(r.Received, r.Open, r.Overdue, r.DueToday, r.Resolved, r.ResolvedOnTime, Percent(r.ResolvedOnTime, r.Resolved), median);

    public static double? Percent(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 1);

    /// <summary>The median of closed − received in calendar days (elapsed time / 24 h), to one decimal; null for none.</summary>
    public static double? Median(IEnumerable<ResolvedCase> cases)
    {
        var days = cases.Select(c => (c.ClosedAt - c.ReceivedAt).TotalDays).Order().ToList();
        if (days.Count == 0) return null;
        var mid = days.Count / 2;
        return Math.Round(days.Count % 2 == 1 ? days[mid] : (days[mid - 1] + days[mid]) / 2, 1);
    }
}
