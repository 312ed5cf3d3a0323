using Hangfire;
using Incidents.Core.Calendar;
using Incidents.Core.Workflows;
using Incidents.Storage.Calendar;
using StoredHoliday = Incidents.Storage.Calendar.Holiday;

namespace Incidents.Web.Calendar;

/// <summary>
/// The business calendar over the holidays and calendar_years tables, and the WorkflowRuntime built on it. WorkflowRuntime
/// is registered as a transient resolved from here, so an edit (Reload) takes effect for the next request without a
/// restart. Long-lived singletons should take this class and read Runtime when they act, not capture a WorkflowRuntime.
/// The table is loaded by the start-up step (CalendarStartup) before the host serves; Runtime never reads the database
/// itself. Several hosts on one database: an edit made on another host is picked up within <see cref="Freshness"/> (a
/// background re-read once the loaded table is older than that).
/// </summary>
public sealed class BusinessCalendars(HolidayStore holidays, TimeProvider time, ILogger<BusinessCalendars> log)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);
    public const string SeedActor = "system";

    private volatile WorkflowRuntime? _runtime;
    private long _loadedAt;
    private int _refreshing;

    public WorkflowRuntime Runtime
    {
        get
        {
            if (_runtime is not { } current)
                throw new InvalidOperationException("The holiday calendar is not loaded yet: CalendarStartup loads it before the host serves.");
            if (time.GetElapsedTime(Interlocked.Read(ref _loadedAt)) > Freshness && Interlocked.Exchange(ref _refreshing, 1) == 0)
                _ = RefreshAsync();
            return current;
        }
    }

    public BusinessCalendar Calendar => Runtime.Calendar;

    /// <summary>Reads the holiday table and its years again and swaps the runtime.</summary>
    public async Task<WorkflowRuntime> ReloadAsync(CancellationToken ct = default)
    {
        var days = await holidays.ListAsync(ct: ct);
        var years = await holidays.YearsAsync(ct);
        var runtime = new WorkflowRuntime(new BusinessCalendar(
            days.Select(h => new Core.Calendar.Holiday(h.Date, h.Name, h.Kind, h.Provisional)),
            years.Select(y => new CalendarYear(y.Year, y.IsProvisional))));
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

    /// <summary>
    /// Writes HolidaySeed's days for each year 2021–2036 that calendar_years does not list yet (a new database, or one
    /// seeded before the table had years, whose 2021–2030 rows came from a formula that got Tết wrong: they are
    /// replaced). Returns the years seeded.
    /// </summary>
    public async Task<IReadOnlyList<int>> SeedMissingYearsAsync(CancellationToken ct = default)
    {
        var present = (await holidays.YearsAsync(ct)).Select(y => y.Year).ToHashSet();
        var seeded = new List<int>();
        for (var year = HolidaySeed.FirstYear; year <= HolidaySeed.LastYear; year++)
        {
            if (present.Contains(year)) continue;
            await holidays.ReplaceYearAsync(year, HolidaySeed.For(year).Select(ToStored),
                HolidaySeed.IsProvisional(year) ? CalendarYearRow.Provisional : CalendarYearRow.Confirmed, SeedActor, time.GetUtcNow(), ct);
            seeded.Add(year);
        }
        if (seeded.Count > 0) log.LogInformation("Seeded holidays for {Years}", string.Join(", ", seeded));
        return seeded;
    }

    public static StoredHoliday ToStored(Core.Calendar.Holiday h) => new(h.Date, h.Name, h.Kind, h.Provisional);
}

/// <summary>After migrations (StartupPreparation runs first): seed missing years, load the calendar, then recount the open
/// day-counted deadlines if the seed changed the table and resume recounts a stopped host left unfinished.</summary>
public sealed class CalendarStartup(BusinessCalendars calendars, CalendarRecounts recounts, IRecurringJobManager recurring,
    Escalation.EscalationOptions options, ILogger<CalendarStartup> log) : IHostedLifecycleService
{
    private IReadOnlyList<int> _seeded = [];

    public async Task StartingAsync(CancellationToken ct)
    {
        _seeded = await calendars.SeedMissingYearsAsync(ct);
        await calendars.ReloadAsync(ct);
    }

    public Task StartAsync(CancellationToken ct)
    {
        // A recount whose job was lost (in-memory Hangfire storage, a host stopped mid-way) is picked up within a minute.
        if (options.RecurringJobs)
            recurring.AddOrUpdate<CalendarRecounts>(CalendarRecounts.JobId, r => r.ResumeAsync(CancellationToken.None), Cron.Minutely());
        return Task.CompletedTask;
    }

    public async Task StartedAsync(CancellationToken ct)
    {
        try
        {
            if (_seeded.Count > 0) await recounts.QueueAsync(string.Join(", ", _seeded), BusinessCalendars.SeedActor, ct);
            recounts.ResumeInBackground();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Could not queue the calendar recount at start-up; the minutely job will resume unfinished ones");
        }
    }

    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
