using Incidents.Core.Calendar;
using Incidents.Core.Workflows;
using Incidents.Storage.Calendar;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Calendar;

/// <summary>
/// The business calendar over the holidays table, and the WorkflowRuntime built on it. WorkflowRuntime is registered as a
/// transient resolved from here, so an edit (Reload) takes effect for the next request without a restart. Long-lived
/// singletons should take this class and read Runtime when they act, not capture a WorkflowRuntime.
/// Several hosts on one database: an edit made on another host is picked up within <see cref="Freshness"/> (a
/// background re-read once the loaded table is older than that).
/// </summary>
public sealed class BusinessCalendars(HolidayStore holidays, TimeProvider time, ILogger<BusinessCalendars> log)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);

    private volatile WorkflowRuntime? _runtime;
    private long _loadedAt;
    private int _refreshing;

    public WorkflowRuntime Runtime
    {
        get
        {
            if (_runtime is not { } current) return ReloadAsync().GetAwaiter().GetResult();
            if (time.GetElapsedTime(Interlocked.Read(ref _loadedAt)) > Freshness && Interlocked.Exchange(ref _refreshing, 1) == 0)
                _ = RefreshAsync();
            return current;
        }
    }

    public BusinessCalendar Calendar => Runtime.Calendar;

    /// <summary>Reads the holiday table again and swaps the runtime.</summary>
    public async Task<WorkflowRuntime> ReloadAsync(CancellationToken ct = default)
    {
        var days = await holidays.ListAsync(ct: ct);
        var runtime = new WorkflowRuntime(new BusinessCalendar(days.Select(h => h.Date)));
        _runtime = runtime;
        Interlocked.Exchange(ref _loadedAt, time.GetTimestamp());
        return runtime;
    }

    private async Task RefreshAsync()
    {
        try { await ReloadAsync(); }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            log.LogWarning(e, "Could not re-read the holiday table; keeping the calendar loaded before");
        }
        finally { Interlocked.Exchange(ref _refreshing, 0); }
    }

    /// <summary>First run: fills each year 2021–2030 that has no rows with HolidaySeed's computed defaults. Returns the years seeded.</summary>
    public async Task<IReadOnlyList<int>> SeedMissingYearsAsync(CancellationToken ct = default)
    {
        var present = (await holidays.ListAsync(ct: ct)).Select(h => h.Date.Year).ToHashSet();
        var seeded = new List<int>();
        for (var year = HolidaySeed.FirstYear; year <= HolidaySeed.LastYear; year++)
        {
            if (present.Contains(year)) continue;
            await holidays.UpsertAsync(HolidaySeed.For(year).Select(h => new StoredHoliday(h.Date, h.Name, h.Kind)), ct);
            seeded.Add(year);
        }
        if (seeded.Count > 0) log.LogInformation("Seeded default holidays for {Years}", string.Join(", ", seeded));
        return seeded;
    }
}

/// <summary>After migrations (StartupPreparation runs first): seed missing years and load the calendar.</summary>
public sealed class CalendarStartup(BusinessCalendars calendars) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken ct)
    {
        await calendars.SeedMissingYearsAsync(ct);
        await calendars.ReloadAsync(ct);
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
