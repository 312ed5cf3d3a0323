using Incidents.Mail.Escalation;
using Incidents.Storage.Escalation;
using Incidents.Testing.Smtp;
using Incidents.Web.Escalation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Incidents.Web.Tests.Escalation;

/// <summary>The firing path's log lines carry the case number, the deadline and the step as fields an operator can filter on.</summary>
[Trait("Category", "Smtp")]
[Collection(nameof(HostsWithProcessWideState))]
public sealed class FiringLogTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_fired_step_is_logged_with_the_case_number_the_deadline_and_the_step_as_fields()
    {
        using var smtp = new AiosmtpdServer();
        using var db = new SqliteFile("escalation");
        var clock = new FakeTimeProvider(T0);
        await using var host = await EscalationHost.StartAsync(db, clock, smtp);
        await Seed.UsersAsync(host.Services);
        var due = T0 + TimeSpan.FromMinutes(10);
        var (caseId, number, _) = await Seed.CaseAsync(host.Services, T0, [Seed.Deadline(T0, due, Seed.Breach(due))]);
        var log = new CapturingLogger<EscalationFiring>();
        var firing = new EscalationFiring(host.Get<EscalationStore>(), host.Get<EscalationComposer>(), host.Get<EscalationOptions>(),
            host.Get<OutboxPump>(), clock, log);
        clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(FireStatus.Fired, (await firing.FireAsync(new StepRef(caseId, "processing", "breach"))).Status);

        var fields = Assert.Single(log.Entries, e => e.Level == LogLevel.Information).Fields;
        Assert.Equal(number, fields["CaseNumber"]);
        Assert.Equal(caseId, fields["CaseId"]);
        Assert.Equal("processing", fields["Deadline"]);
        Assert.Equal("breach", fields["Step"]);
        Assert.Equal(due, fields["DueAt"]);
    }

    private sealed class CapturingLogger<T> : ILogger<T>
    {
        public List<(LogLevel Level, IReadOnlyDictionary<string, object?> Fields)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, state is IEnumerable<KeyValuePair<string, object?>> kv
                ? kv.ToDictionary(p => p.Key, p => p.Value)
                : new Dictionary<string, object?>()));
    }
}
