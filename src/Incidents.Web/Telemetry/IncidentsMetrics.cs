using System.Diagnostics.Metrics;
using Incidents.Storage.Telemetry;

namespace Incidents.Web.Telemetry;

/// <summary>
/// The product's own metrics (meter "Incidents"), read from the database so that every host reports the same figures:
/// cases taken in by type, deadlines running / due within the hour / breached, escalations fired by kind, and the
/// outbox backlog with its oldest message's age. Instruments are observed synchronously, so they read the last
/// figures, which a scrape refreshes first and a background loop keeps fresh for OTLP export.
/// </summary>
public sealed class IncidentsMetrics
{
    public const string MeterName = "Incidents";

    private readonly OperationsQueries _queries;
    private readonly TimeProvider _time;
    private readonly ILogger<IncidentsMetrics> _log;
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile OperationsFigures? _figures;

    public IncidentsMetrics(IMeterFactory meters, OperationsQueries queries, TimeProvider time, ILogger<IncidentsMetrics> log)
    {
        (_queries, _time, _log) = (queries, time, log);
        var m = meters.Create(MeterName);
        m.CreateObservableCounter("incidents.cases.taken_in", () => Each(f => f.CasesByType, "case.type"), "{case}",
            "Cases taken in, by type");
        m.CreateObservableGauge("incidents.deadlines.running", () => One(f => f.DeadlinesRunning), "{deadline}",
            "Legal deadlines whose clock is running");
        m.CreateObservableGauge("incidents.deadlines.due_next_hour", () => One(f => f.DeadlinesDueWithinHour), "{deadline}",
            "Running deadlines that fall due within the next hour");
        m.CreateObservableGauge("incidents.deadlines.breached", () => One(f => f.DeadlinesBreached), "{deadline}",
            "Running deadlines already past due");
        m.CreateObservableCounter("incidents.escalations.fired", () => Each(f => f.EscalationsByKind, "escalation.kind"), "{escalation}",
            "Escalation steps fired, by kind");
        m.CreateObservableGauge("incidents.outbox.backlog", () => One(f => f.OutboxBacklog), "{message}",
            "Messages waiting to be sent (pending or being sent)");
        m.CreateObservableGauge("incidents.outbox.oldest_age", () => One(f => f.OldestBacklogAt is { } at
            ? Math.Max(0, (long)(_time.GetUtcNow() - at).TotalSeconds) : 0), "s", "Age of the oldest message waiting to be sent");
    }

    /// <summary>Reads the figures again (four small queries); a failed read keeps the last figures.</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            _figures = await _queries.ReadAsync(_time.GetUtcNow(), ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            _log.LogWarning(e, "Reading the operations metrics failed; the last figures stay");
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private IEnumerable<Measurement<long>> One(Func<OperationsFigures, long> pick) =>
        _figures is { } f ? [new Measurement<long>(pick(f))] : [];

    private IEnumerable<Measurement<long>> Each(Func<OperationsFigures, IReadOnlyDictionary<string, long>> pick, string tag) =>
        _figures is { } f ? pick(f).Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>(tag, kv.Key))) : [];
}

/// <summary>Keeps the figures fresh for exporters that push (OTLP); a Prometheus scrape refreshes them itself.</summary>
public sealed class MetricsRefresh(IncidentsMetrics metrics) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time on purpose: this only decides how often to look.
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do await metrics.RefreshAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) { }
    }
}
