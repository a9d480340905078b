using Hangfire;
using Hangfire.Server;

namespace TalentData.Cli.Jobs;

/// <summary>Fetches and loads one pipeline, then rebuilds and publishes; the recurring job <c>source:&lt;id&gt;</c>.</summary>
public sealed class SourceJob(WarehouseWriter writer)
{
    [Queue(WarehouseWriter.Queue)]
    [JobDisplayName("source:{0}")]
    // Network errors are retried by Polly inside the run, data errors never help by retrying: only "busy" is retried.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 60, 300, 900 }, OnlyOn = new[] { typeof(WarehouseBusyException) }, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public string Run(string sourceId, PerformContext? context, CancellationToken cancel) =>
        writer.Execute($"source:{sourceId}", [sourceId], writer.Mode, context, cancel);
}
