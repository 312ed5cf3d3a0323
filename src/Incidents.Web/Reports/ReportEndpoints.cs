using System.Globalization;
using Incidents.Storage.Oversight;
using Incidents.Web.Ui;
using Incidents.Web.Ui.Display;
using Incidents.Web.Ui.Localization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Incidents.Web.Reports;

public sealed record FiguresView(long Received, long Open, long Overdue, long DueToday, long Resolved, long ResolvedOnTime, double? OnTimePercent, double? MedianDays)
{
    public static FiguresView From(Figures f) => new(f.Received, f.Open, f.Overdue, f.DueToday, f.Resolved, f.ResolvedOnTime, f.OnTimePercent, f.MedianDays);
}

/// <summary>A split row: the team, the key (type id, unit code, login; null: unassigned), its name, and its figures.</summary>
public sealed record SplitRowView(string Team, string? Key, string Label, FiguresView Figures);

public sealed record CriticalView(string Number, string Title, string Severity, DateTimeOffset? NextDueAt);

public sealed record ReportSummaryView(DateOnly From, DateOnly To, DateTimeOffset Now, FiguresView Headline, IReadOnlyList<SplitRowView> ByTeam,
    IReadOnlyList<SplitRowView> ByType, IReadOnlyList<SplitRowView> ByLocality, IReadOnlyList<SplitRowView> ByHandler, IReadOnlyList<CriticalView> Critical)
{
    public static ReportSummaryView Of(ReportSummary s)
    {
        static IReadOnlyList<SplitRowView> Rows(IReadOnlyList<SplitRow> rows) => [.. rows.Select(r => new SplitRowView(r.Team, r.Key, r.Label, FiguresView.From(r.Figures)))];
        return new(s.Period.From, s.Period.To, s.Now, FiguresView.From(s.Headline), Rows(s.ByTeam), Rows(s.ByType), Rows(s.ByLocality), Rows(s.ByHandler),
            [.. s.Critical.Select(c => new CriticalView(c.Number, c.Title, c.Severity ?? "", c.NextDueAt))]);
    }
}

public static class ReportEndpoints
{
    /// <summary>The longest period the summary counts: a year and a day (a leap year).</summary>
    public const int MaxDays = 366;

    public static WebApplicationBuilder AddIncidentsReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportQueries>();
        builder.Services.TryAddSingleton<UiText>();
        builder.Services.AddSingleton<LeadershipReports>();
        return builder;
    }

    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/summary", SummaryAsync)
            .WithName("ReportSummary").WithTags("Reports")
            .WithSummary("Leadership's figures for a period")
            .WithDescription("from and to are local dates yyyy-MM-dd, both included (default: this month, Vietnam time). received and resolved " +
                "count the period; open, overdue and dueToday (next deadline from now to the end of today, Vietnam time) count now. resolvedOnTime: " +
                "resolved in the period with the case's last met deadline met at or before its due instant; onTimePercent = resolvedOnTime / resolved. " +
                "medianDays: the median of closed − received, in calendar days, over the cases resolved in the period. Split by team, type, " +
                $"locality and handler (each within its team); critical: up to {LeadershipReports.CriticalShown} open critical or high cases.")
            .RequireAuthorization(UiPolicies.Oversight);

        api.MapGet("/reports/periodic", PeriodicAsync)
            .WithName("PeriodicReport").WithTags("Reports")
            .WithSummary("The periodic report of a month or a quarter, as XLSX or CSV")
            .WithDescription("period: a month (2026-11) or a quarter (2026-Q4); format: xlsx (default) or csv. Cases received and resolved in the " +
                "period by type and locality, with totals; Vietnamese headers, local dates and times.")
            .Produces(200, contentType: PeriodicExport.XlsxType)
            .RequireAuthorization(UiPolicies.Oversight);
        return api;
    }

    /// <summary>The period from the query (none: this month), or the fields that are wrong, each in Vietnamese then English.</summary>
    public static (ReportPeriod? Period, Dictionary<string, string[]> Errors) ParsePeriod(string? from, string? to, DateOnly today)
    {
        var errors = new Dictionary<string, string[]>();
        DateOnly? Day(string field, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors[field] = ["không phải ngày yyyy-MM-dd / is not a date yyyy-MM-dd"];
            return null;
        }
        var f = Day("from", from);
        var t = Day("to", to);
        if (errors.Count > 0) return (null, errors);
        if (f is null && t is null) return (ReportPeriod.Month(today), errors);
        if (f is null) errors["from"] = ["bắt buộc nhập khi có to / is required with to"];
        if (t is null) errors["to"] = ["bắt buộc nhập khi có from / is required with from"];
        if (errors.Count > 0) return (null, errors);
        if (t < f) errors["to"] = ["trước from / is before from"];
        else if (t!.Value.DayNumber - f!.Value.DayNumber + 1 > MaxDays) errors["to"] = [$"quá {MaxDays} ngày sau from / is more than {MaxDays} days after from"];
        return errors.Count > 0 ? (null, errors) : (new ReportPeriod(f!.Value, t!.Value), errors);
    }

    private static async Task<Results<Ok<ReportSummaryView>, ValidationProblem>> SummaryAsync(LeadershipReports reports, TimeProvider time,
        CancellationToken ct, string? from = null, string? to = null)
    {
        var (period, errors) = ParsePeriod(from, to, ReportPeriod.Today(time.GetUtcNow()));
        if (period is null) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(ReportSummaryView.Of(await reports.SummaryAsync(period, ct)));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> PeriodicAsync(LeadershipReports reports, UiText t,
        CancellationToken ct, string? period = null, string? format = null)
    {
        var errors = new Dictionary<string, string[]>();
        var p = ReportPeriod.ParsePeriodic(period);
        if (p is null) errors["period"] = ["không phải tháng (2026-11) hoặc quý (2026-Q4) / is not a month (2026-11) or a quarter (2026-Q4)"];
        var kind = string.IsNullOrWhiteSpace(format) ? "xlsx" : format.Trim().ToLowerInvariant();
        if (kind is not ("xlsx" or "csv")) errors["format"] = ["phải là xlsx hoặc csv / must be xlsx or csv"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var report = await reports.PeriodicAsync(p!, ct);
        return kind == "csv"
            ? TypedResults.File(await PeriodicExport.CsvAsync(report, t, ct), PeriodicExport.CsvType, PeriodicExport.FileName(report, "csv"))
            : TypedResults.File(PeriodicExport.Xlsx(report, t), PeriodicExport.XlsxType, PeriodicExport.FileName(report, "xlsx"));
    }
}
