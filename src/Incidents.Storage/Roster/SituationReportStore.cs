using System.Globalization;
using System.Text.Json;
using Dapper;
using Incidents.Core.Calendar;
using Incidents.Core.Roster;

namespace Incidents.Storage.Roster;

/// <summary>A figure a situation report asks for; retired (Active false), never deleted.</summary>
public sealed record SitrepFigure(string Key, string LabelVi, string LabelEn, string? Unit, int Order, bool Active);

/// <summary>A report to store: the posting it is filed under (its user and locality) and the figures by key.</summary>
public sealed record NewSituationReport(long PostingId, long UserId, string LocalityCode, DateTimeOffset ReportedAt,
    IReadOnlyDictionary<string, decimal> Values, string? Text);

/// <summary>A locality's latest figures of a day, without who filed them or what they wrote: safe for any screen.</summary>
public sealed record LocalityFigures(string LocalityCode, DateTimeOffset ReportedAt, IReadOnlyDictionary<string, decimal> Values);

/// <summary>A report as the synthesis team reads it.</summary>
public sealed record SituationReport(long Id, long PostingId, long UserId, string DisplayName, string LocalityCode,
    DateTimeOffset ReportedAt, IReadOnlyDictionary<string, decimal> Values, string? Text, DateTimeOffset CreatedAt);

/// <summary>
/// Situation reports from the field (issue #13), the figures they carry and the schedule they are due on. Lateness is
/// decided here, by the database: a posting is late for a slot when its locality has no report after the slot before.
/// </summary>
public sealed class SituationReportStore(Database db, TimeProvider time)
{
    internal static readonly Sql Figures = new(
        "SELECT figure_key AS [key], label_vi, label_en, unit, sort_order AS [order], is_active AS active FROM sitrep_figures ORDER BY sort_order, figure_key");

    internal static readonly Sql UpsertFigure = new(
        """
        INSERT INTO sitrep_figures (figure_key, label_vi, label_en, unit, sort_order, is_active) VALUES (@key, @vi, @en, @unit, @order, @active)
        ON CONFLICT (figure_key) DO UPDATE SET label_vi = excluded.label_vi, label_en = excluded.label_en, unit = excluded.unit,
            sort_order = excluded.sort_order, is_active = excluded.is_active
        """,
        """
        MERGE sitrep_figures WITH (HOLDLOCK) AS t
        USING (SELECT @key AS figure_key) AS s ON t.figure_key = s.figure_key
        WHEN MATCHED THEN UPDATE SET label_vi = @vi, label_en = @en, unit = @unit, sort_order = @order, is_active = @active
        WHEN NOT MATCHED THEN INSERT (figure_key, label_vi, label_en, unit, sort_order, is_active) VALUES (@key, @vi, @en, @unit, @order, @active);
        """);

    internal static readonly Sql Schedule = new("SELECT start_time, every_minutes, grace_minutes FROM sitrep_schedule WHERE id = 1");

    internal static readonly Sql SetSchedule = new(
        "UPDATE sitrep_schedule SET start_time = @start, every_minutes = @every, grace_minutes = @grace, updated_at = @at, updated_by = @by WHERE id = 1");

    internal static readonly Sql Insert = new(
        """
        INSERT INTO situation_reports (posting_id, user_id, locality_code, reported_at, values_json, body, created_at)
        VALUES (@postingId, @userId, @locality, @reportedAt, @values, @body, @at)
        RETURNING id
        """,
        """
        INSERT INTO situation_reports (posting_id, user_id, locality_code, reported_at, values_json, body, created_at)
        OUTPUT INSERTED.id
        VALUES (@postingId, @userId, @locality, @reportedAt, @values, @body, @at)
        """);

    /// <summary>The latest report of each locality within [@from, @to): figures and time only.</summary>
    internal static readonly Sql LatestFigures = new("""
        SELECT locality_code, reported_at, values_json FROM (
            SELECT r.locality_code, r.reported_at, r.values_json,
                ROW_NUMBER() OVER (PARTITION BY r.locality_code ORDER BY r.reported_at DESC, r.id DESC) AS rn
            FROM situation_reports r WHERE r.reported_at >= @from AND r.reported_at < @to) x
        WHERE rn = 1 ORDER BY locality_code
        """);

    /// <summary>The latest report of each locality within [@from, @to), with who filed it and the text.</summary>
    internal static readonly Sql LatestReports = new("""
        SELECT id, posting_id, user_id, display_name, locality_code, reported_at, values_json, body, created_at FROM (
            SELECT r.id, r.posting_id, r.user_id, u.display_name, r.locality_code, r.reported_at, r.values_json, r.body, r.created_at,
                ROW_NUMBER() OVER (PARTITION BY r.locality_code ORDER BY r.reported_at DESC, r.id DESC) AS rn
            FROM situation_reports r JOIN users u ON u.id = r.user_id WHERE r.reported_at >= @from AND r.reported_at < @to) x
        WHERE rn = 1 ORDER BY locality_code
        """);

    /// <summary>Postings active on @day whose locality has no report after @after: late for the slot that follows @after.</summary>
    internal static readonly Sql Late = new($"""
        SELECT {DutyRosterStore.Columns} FROM duty_postings p JOIN users u ON u.id = p.user_id
        WHERE p.revoked_at IS NULL AND p.from_date <= @day AND p.to_date >= @day
            AND NOT EXISTS (SELECT 1 FROM situation_reports r WHERE r.locality_code = p.locality_code AND r.reported_at > @after)
        ORDER BY p.locality_code, p.id
        """);

    public async Task<IReadOnlyList<SitrepFigure>> FiguresAsync(bool activeOnly = false, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<FigureRow>(new CommandDefinition(db[Figures], cancellationToken: ct));
        return [.. rows.Select(r => new SitrepFigure(r.Key.Trim(), r.LabelVi, r.LabelEn, r.Unit, r.Order, r.Active)).Where(f => !activeOnly || f.Active)];
    }

    /// <summary>Adds the figure, or changes the one with its key.</summary>
    public Task SaveFigureAsync(SitrepFigure f, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[UpsertFigure], new
        {
            key = f.Key, vi = Nfc(f.LabelVi), en = Nfc(f.LabelEn), unit = f.Unit is { } u ? Nfc(u) : null, order = f.Order, active = f.Active,
        }, tx, cancellationToken: ct)), ct);

    public async Task<SitrepSchedule> ScheduleAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var r = await c.QuerySingleOrDefaultAsync<ScheduleRow>(new CommandDefinition(db[Schedule], cancellationToken: ct));
        return r is null ? SitrepSchedule.Default
            : new SitrepSchedule(TimeOnly.ParseExact(r.StartTime.Trim(), "HH:mm", CultureInfo.InvariantCulture), r.EveryMinutes, r.GraceMinutes);
    }

    public Task SetScheduleAsync(SitrepSchedule s, string by, CancellationToken ct = default) =>
        db.WriteAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(db[SetSchedule], new
        {
            start = s.Start.ToString("HH:mm", CultureInfo.InvariantCulture), every = s.EveryMinutes, grace = s.GraceMinutes,
            at = Instants.Ms(time.GetUtcNow()), by,
        }, tx, cancellationToken: ct)), ct);

    public async Task<long> AddAsync(NewSituationReport r, CancellationToken ct = default) =>
        await db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(new CommandDefinition(db[Insert], new
        {
            postingId = r.PostingId, userId = r.UserId, locality = r.LocalityCode, reportedAt = Instants.Ms(r.ReportedAt),
            values = JsonSerializer.Serialize(r.Values), body = r.Text is { } t ? Nfc(t) : null, at = Instants.Ms(time.GetUtcNow()),
        }, tx, cancellationToken: ct)), ct);

    /// <summary>
    /// The latest report of each locality on <paramref name="day"/> (Vietnam date): the locality, when, and the figures by
    /// key. No names or text, so a public screen can show it.
    /// </summary>
    public async Task<IReadOnlyList<LocalityFigures>> LatestByLocalityAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ReportRow>(new CommandDefinition(db[LatestFigures], DayBounds(day), cancellationToken: ct));
        return [.. rows.Select(r => new LocalityFigures(r.LocalityCode.Trim(), Instants.At(r.ReportedAt), Values(r.ValuesJson)))];
    }

    /// <summary>The latest report of each locality on <paramref name="day"/>, with who filed it and what they wrote.</summary>
    public async Task<IReadOnlyList<SituationReport>> LatestReportsAsync(DateOnly day, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ReportRow>(new CommandDefinition(db[LatestReports], DayBounds(day), cancellationToken: ct));
        return [.. rows.Select(r => new SituationReport(r.Id, r.PostingId, r.UserId, r.DisplayName, r.LocalityCode.Trim(),
            Instants.At(r.ReportedAt), Values(r.ValuesJson), r.Body, Instants.At(r.CreatedAt)))];
    }

    /// <summary>
    /// The postings late at <paramref name="now"/>: active today, and no report from their locality since the slot before
    /// the latest slot whose grace has run out. Empty before the day's first slot is late. Slot: that slot, for the
    /// reminder's exactly-once key.
    /// </summary>
    public async Task<(DateTimeOffset? Slot, IReadOnlyList<DutyPosting> Postings)> LateAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var schedule = await ScheduleAsync(ct);
        if (schedule.LastLateSlot(now) is not { } slot) return (null, []);
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<DutyRosterStore.Row>(new CommandDefinition(db[Late], new
        {
            day = Instants.Date(BusinessCalendar.LocalDate(now)), after = Instants.Ms(schedule.CountsAfter(slot)),
        }, cancellationToken: ct));
        return (slot, [.. rows.Select(r => r.ToPosting())]);
    }

    private static object DayBounds(DateOnly day) => new
    {
        from = Instants.Ms(BusinessCalendar.StartOfDay(day)), to = Instants.Ms(BusinessCalendar.StartOfDay(day.AddDays(1))),
    };

    private static IReadOnlyDictionary<string, decimal> Values(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, decimal>>(json) ?? [];

    private static string Nfc(string s) => s.Normalize(System.Text.NormalizationForm.FormC);

    private sealed class FigureRow
    {
        public string Key { get; set; } = "";
        public string LabelVi { get; set; } = "";
        public string LabelEn { get; set; } = "";
        public string? Unit { get; set; }
        public int Order { get; set; }
        public bool Active { get; set; }
    }

    private sealed class ScheduleRow
    {
        public string StartTime { get; set; } = "";
        public int EveryMinutes { get; set; }
        public int GraceMinutes { get; set; }
    }

    private sealed class ReportRow
    {
        public long Id { get; set; }
        public long PostingId { get; set; }
        public long UserId { get; set; }
        public string DisplayName { get; set; } = "";
        public string LocalityCode { get; set; } = "";
        public long ReportedAt { get; set; }
        public string ValuesJson { get; set; } = "{}";
        public string? Body { get; set; }
        public long CreatedAt { get; set; }
    }
}
