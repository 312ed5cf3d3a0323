using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;

namespace Incidents.Web.Tests.Escalation;

/// <summary>Every job handed to Hangfire, instead of Hangfire: what was scheduled, for when, with which arguments.</summary>
internal sealed class RecordedJobs : IBackgroundJobClient
{
    public ConcurrentQueue<(Job Job, IState State)> Created { get; } = new();
    public string Create(Job job, IState state) { Created.Enqueue((job, state)); return Created.Count.ToString(System.Globalization.CultureInfo.InvariantCulture); }
    public bool ChangeState(string jobId, IState state, string expectedState) => true;
}
