using Hangfire.States;
using Incidents.Storage.Escalation;
using Incidents.Web.Deadlines;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Escalation;

/// <summary>Where a step's job lands in Hangfire's whole-second schedule, which decides how late it can wake.</summary>
public sealed class StepFilingTests
{
    [Theory]
    [InlineData(1)]    // just past a whole second: filed by rounding up, it would wake a whole second late
    [InlineData(500)]
    [InlineData(999)]  // just before one: filed at the start of its second, never after it
    public void A_step_is_filed_at_the_start_of_the_second_it_falls_in_so_its_job_never_wakes_after_it(int msPastSecond)
    {
        var jobs = new RecordedJobs();
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(now); // the product clock agrees with the real one here
        var scheduler = new DeadlineScheduler(jobs, clock, NullLogger<DeadlineScheduler>.Instance);
        var wholeSecond = now.ToUnixTimeMilliseconds() / 1000 * 1000;
        var due = DateTimeOffset.FromUnixTimeMilliseconds(wholeSecond + 30_000 + msPastSecond);

        var before = DateTimeOffset.UtcNow;
        Assert.True(scheduler.Arm(new PendingStep(new StepRef(7, "processing", "breach"), "breach", due)));
        var after = DateTimeOffset.UtcNow;

        var (job, state) = Assert.Single(jobs.Created);
        Assert.Equal(typeof(StepJob), job.Type);
        Assert.Equal(due.ToUnixTimeMilliseconds(), job.Args[3]);
        var at = Assert.IsType<ScheduledState>(state).EnqueueAt;
        // The real clock moved between the product clock's reading and the filing; bound the filing by both readings.
        Assert.Equal(0, new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeMilliseconds() % 1000);
        Assert.InRange(new DateTimeOffset(at, TimeSpan.Zero), (due + (before - now)).AddSeconds(-1), due + (after - now));
    }
}
