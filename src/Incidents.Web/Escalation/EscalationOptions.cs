using Incidents.Core.Escalation;
using Incidents.Storage.Escalation;

namespace Incidents.Web.Escalation;

/// <summary>
/// Incidents:Escalation. Recipients adds configured addresses to a symbolic recipient on top of the users table, e.g.
/// Incidents__Escalation__Recipients__leadership__0=lanhdao@example.vn; the key "admin" also receives unrouted-step
/// notices, and "leadership" the daily digest.
/// </summary>
public sealed class EscalationOptions
{
    public const string Section = "Incidents:Escalation";

    public Dictionary<string, List<string>> Recipients { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Real-time interval at which the dispatcher loop looks for due rows (retries with backoff) without a nudge.</summary>
    public TimeSpan DispatchPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Real-time interval of the arm-only pass (DeadlineSweep.ArmAsync) between minutely sweeps; zero turns it off.</summary>
    public TimeSpan ArmPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Register the recurring jobs (sweep, dispatch, digest). Tests that drive the sweep on a fake clock turn
    /// it off so a minutely run cannot interleave with theirs.</summary>
    public bool RecurringJobs { get; set; } = true;

    /// <summary>How many other due steps a woken step job fires in its own transaction (0: only its own step).</summary>
    public int FireBatch { get; set; } = 200;

    /// <summary>Run the catch-up sweep when the host starts (tests that drive the sweep themselves turn it off).</summary>
    public bool SweepAtStartup { get; set; } = true;

    /// <summary>Each invalid setting, named by its configuration key; empty when all are valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var p = new List<string>();
        if (DispatchPollInterval <= TimeSpan.Zero) p.Add($"{Section}:{nameof(DispatchPollInterval)} must be positive.");
        if (ArmPollInterval < TimeSpan.Zero) p.Add($"{Section}:{nameof(ArmPollInterval)} must be zero (off) or positive.");
        if (FireBatch < 0) p.Add($"{Section}:{nameof(FireBatch)} must be zero or more.");
        foreach (var (key, addresses) in Recipients)
            foreach (var (a, i) in addresses.Select((a, i) => (a, i)))
                if (!string.IsNullOrWhiteSpace(a) && !MimeKit.MailboxAddress.TryParse(a, out _))
                    p.Add($"{Section}:{nameof(Recipients)}:{key}:{i} is not an email address: '{a}'.");
        return p;
    }

    public RecipientExtras Extras() => new(Recipients.ToDictionary(kv => kv.Key,
        kv => (IReadOnlyList<string>)kv.Value.Where(a => !string.IsNullOrWhiteSpace(a)).ToList(), StringComparer.Ordinal));
}
