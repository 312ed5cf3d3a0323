using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Incidents.Core.Calendar;
using Incidents.Core.Workflows;
using Incidents.Storage;
using Incidents.Storage.Roster;
using Incidents.Storage.Screen;
using Incidents.Web.Ui.Localization;
using Incidents.Web.Workflows;

namespace Incidents.Web.Screen;

/// <summary>Incidents:Screen: the press room's wall screen.</summary>
public sealed record ScreenOptions
{
    public const string Section = "Incidents:Screen";

    /// <summary>Start of the period the screen totals (the election period), a Vietnam calendar day (yyyy-MM-dd); unset:
    /// the last <see cref="DefaultDays"/> days.</summary>
    public DateOnly? Since { get; init; }

    public const int DefaultDays = 30;

    public IEnumerable<string> Problems() => [];
}

/// <summary>Received, resolved (closed) and open: one row of the screen, its words in Vietnamese and English.</summary>
public sealed record ScreenRow(string Vi, string En, long ReceivedToday, long ResolvedToday, long Received, long Resolved, long Open);

/// <summary>The totals of today and of the period, and open now.</summary>
public sealed record ScreenTotals(long ReceivedToday, long ResolvedToday, long Received, long Resolved, long Open);

/// <summary>A figure situation reports carry (turnout, polling stations open, ...): its words and unit.</summary>
public sealed record ReportColumn(string Vi, string En, string? Unit);

/// <summary>A locality's latest situation report of the day: its unit name, the time it is as of (HH:mm, Vietnam), and
/// one value per column ("—" where it gave none). Never who filed it or what they wrote.</summary>
public sealed record ReportRow(string Locality, string At, IReadOnlyList<string> Values);

/// <summary>
/// Everything the screen shows, and all the event stream sends: words and counts, never a case's own text, number,
/// reporter or a raw id. Version is a hash of the rest, so an unchanged screen is not sent again.
/// </summary>
public sealed record ScreenFigures(string Version, string PeriodVi, string PeriodEn, ScreenTotals Totals,
    IReadOnlyList<ScreenRow> Types, IReadOnlyList<ScreenRow> Localities, IReadOnlyList<ScreenRow> Severities,
    IReadOnlyList<ReportColumn> ReportColumns, IReadOnlyList<ReportRow> Reports)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // Vietnamese letters as themselves; the page applies them with textContent, never as HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>
/// The one read-only service behind the press screen (page and event stream alike): aggregates from ScreenQueries put into
/// words. Figures are computed once for every screen watching: again after any commit in this process (Database.OnCommit),
/// or when older than <see cref="MaxAge"/> (writes of other hosts), never more often than <see cref="MinAge"/>.
/// </summary>
public sealed class PressScreen
{
    /// <summary>Localities shown by name; the rest are summed in one "other localities" row, so the screen never scrolls.</summary>
    public const int LocalityRows = 10;
    /// <summary>The localities whose reports came in last.</summary>
    public const int ReportRows = 8;
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MinAge = TimeSpan.FromMilliseconds(250);
    private static readonly string[] SeverityOrder = ["critical", "high", "medium", "low"];

    private readonly ScreenQueries _queries;
    private readonly SituationReportStore _reports;
    private readonly WorkflowVersions _workflows;
    private readonly ScreenOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ScreenFigures? _last;
    private long _lastAt;
    private volatile bool _dirty = true;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PressScreen(ScreenQueries queries, SituationReportStore reports, WorkflowVersions workflows, ScreenOptions options,
        TimeProvider time, Database db)
    {
        (_queries, _reports, _workflows, _options, _time) = (queries, reports, workflows, options, time);
        db.OnCommit(Wake);
    }

    /// <summary>Completes at the next commit in this process: a stream waits on it or on its poll, whichever comes first.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    /// <summary>Marks the figures stale and wakes every stream. Cheap: it runs on the committing flow.</summary>
    public void Wake()
    {
        _dirty = true;
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    public async Task<ScreenFigures> FiguresAsync(CancellationToken ct = default)
    {
        if (Fresh() is { } f) return f;
        await _gate.WaitAsync(ct);
        try
        {
            if (Fresh() is { } again) return again;
            _dirty = false; // before reading: a commit during the read marks it stale again
            try
            {
                _last = await ComputeAsync(ct);
            }
            catch
            {
                _dirty = true; // not read after all: the next caller reads
                throw;
            }
            _lastAt = Stopwatch.GetTimestamp();
            return _last;
        }
        finally
        {
            _gate.Release();
        }
    }

    // Ages on the process's monotonic clock: how long ago we looked is not business time (tests fake that one).
    private ScreenFigures? Fresh()
    {
        if (_last is not { } last) return null;
        var age = Stopwatch.GetElapsedTime(_lastAt);
        return age < MinAge || (!_dirty && age < MaxAge) ? last : null;
    }

    private async Task<ScreenFigures> ComputeAsync(CancellationToken ct)
    {
        var now = TimeZoneInfo.ConvertTime(_time.GetUtcNow(), BusinessCalendar.Zone);
        var today = new DateTimeOffset(now.Date, now.Offset);
        var sinceDay = _options.Since ?? DateOnly.FromDateTime(now.Date).AddDays(-(ScreenOptions.DefaultDays - 1));
        var sinceLocal = sinceDay.ToDateTime(TimeOnly.MinValue);
        var since = new DateTimeOffset(sinceLocal, BusinessCalendar.Zone.GetUtcOffset(sinceLocal));
        var (types, localities, severities) = await _queries.CountAsync(today, since, ct);

        var catalog = _workflows.Catalog;
        var typeRows = catalog.Latest.Select(d => d.Id).Union(types.Select(t => t.Key))
            .Select(id => Row(TypeName(catalog, id), types.FirstOrDefault(t => t.Key == id)))
            .OrderBy(r => r.Vi, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false)).ToList();

        var byActivity = localities.OrderByDescending(l => l.Open + l.Received).ThenBy(l => l.Label, StringComparer.Ordinal).ToList();
        var localityRows = byActivity.Take(LocalityRows)
            .Select(l => l.Label is { } name ? Row(new LocalizedText(name, name), l) : Row(new("Địa bàn không xác định", "Unknown locality"), l)).ToList();
        if (byActivity.Count > LocalityRows)
            localityRows.Add(Sum(new("Các địa bàn khác", "Other localities"), byActivity.Skip(LocalityRows)));

        var severityRows = SeverityOrder.Select(s => Row(new(UiText.Vietnamese[s], Capitalised(s)), severities.FirstOrDefault(x => x.Key == s))).ToList();

        var totals = new ScreenTotals(types.Sum(t => t.ReceivedToday), types.Sum(t => t.ResolvedToday), types.Sum(t => t.Received),
            types.Sum(t => t.Resolved), types.Sum(t => t.Open));
        var period = _options.Since is { } set
            ? (Vi: "Từ " + Ui.Display.Show.Date(set), En: "Since " + Ui.Display.Show.Date(set))
            : (Vi: $"{ScreenOptions.DefaultDays} ngày qua", En: $"Last {ScreenOptions.DefaultDays} days");
        var (columns, reports) = await ReportsAsync(DateOnly.FromDateTime(now.Date), ct);
        var figures = new ScreenFigures("", period.Vi, period.En, totals, typeRows, localityRows, severityRows, columns, reports);
        return figures with { Version = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(figures, ScreenFigures.Json)))[..16] };
    }

    /// <summary>The active figures, and the latest report of the localities that reported today, newest first.</summary>
    private async Task<(IReadOnlyList<ReportColumn>, IReadOnlyList<ReportRow>)> ReportsAsync(DateOnly day, CancellationToken ct)
    {
        var figures = await _reports.FiguresAsync(activeOnly: true, ct);
        var latest = (await _reports.LatestByLocalityAsync(day, ct)).OrderByDescending(r => r.ReportedAt).Take(ReportRows).ToList();
        if (figures.Count == 0 || latest.Count == 0) return ([.. figures.Select(f => new ReportColumn(f.LabelVi, f.LabelEn, f.Unit))], []);
        var names = await _queries.UnitNamesAsync([.. latest.Select(r => r.LocalityCode).Distinct()], ct);
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        return ([.. figures.Select(f => new ReportColumn(f.LabelVi, f.LabelEn, f.Unit))],
            [.. latest.Select(r => new ReportRow(
                names.GetValueOrDefault(r.LocalityCode, "Địa bàn không xác định"),
                TimeZoneInfo.ConvertTime(r.ReportedAt, BusinessCalendar.Zone).ToString("HH:mm", CultureInfo.InvariantCulture),
                [.. figures.Select(f => r.Values.TryGetValue(f.Key, out var v) ? v.ToString("#,0.##", vi) : "—")]))]);
    }

    private static LocalizedText TypeName(WorkflowCatalog catalog, string id) =>
        (catalog.Current(id) ?? catalog.Newest(id))?.Name ?? new LocalizedText("Loại khác", "Other type");

    private static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static ScreenRow Row(LocalizedText name, ScreenCount? c) =>
        new(name.Vi, name.En, c?.ReceivedToday ?? 0, c?.ResolvedToday ?? 0, c?.Received ?? 0, c?.Resolved ?? 0, c?.Open ?? 0);

    private static ScreenRow Sum(LocalizedText name, IEnumerable<ScreenCount> rows)
    {
        var list = rows.ToList();
        return new(name.Vi, name.En, list.Sum(r => r.ReceivedToday), list.Sum(r => r.ResolvedToday), list.Sum(r => r.Received),
            list.Sum(r => r.Resolved), list.Sum(r => r.Open));
    }
}
