namespace Incidents.Testing;

/// <summary>Real-time waits with a deadline, polled, for what a test cannot await directly (a background job, a mail).</summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>True as soon as the condition holds; false when it still does not at the deadline.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return true;
            await Task.Delay(Interval);
        }
        return await condition();
    }

    /// <summary>
    /// Waits until the count has not changed for <paramref name="quiet"/> ("nothing more arrives"), or until
    /// <paramref name="timeout"/> passes, and returns the last count. A late arrival restarts the quiet window, so a
    /// duplicate still in flight is seen rather than missed by a fixed sleep that happened to be too short.
    /// </summary>
    public static async Task<int> UntilQuietAsync(Func<int> count, TimeSpan quiet, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var last = count();
        var since = DateTime.UtcNow;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(Interval);
            var now = count();
            if (now != last) { last = now; since = DateTime.UtcNow; }
            else if (DateTime.UtcNow - since >= quiet) break;
        }
        return last;
    }
}
