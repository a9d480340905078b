using Hangfire;
using Hangfire.Server;

namespace TalentData.Cli.Jobs;

/// <summary>
/// The recurring job <c>source:&lt;id&gt;</c>. With workers (PostgreSQL storage) it fetches and parses the source on
/// the <see cref="SourceParser.Queue"/> queue, in parallel on every worker, and hands the result to the warehouse writer
/// (<see cref="HandOffJob"/>). On one process (SQLite) it fetches, loads, rebuilds and publishes as one run on the
/// warehouse queue. No [Queue] here: <see cref="RecurringJobRegistration"/> gives each its queue, which the dashboard shows.
/// </summary>
public sealed class SourceJob(WarehouseWriter writer, SourceParser parser)
{
    [JobDisplayName("source:{0}")]
    // Network errors are retried by Polly inside the run, data errors never help by retrying: only "busy" is retried.
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 60, 300, 900 }, OnlyOn = new[] { typeof(WarehouseBusyException) }, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public string Run(string sourceId, PerformContext? context, CancellationToken cancel) =>
        writer.HandsOff ? parser.Parse(sourceId, context, cancel) : writer.Execute($"source:{sourceId}", [sourceId], writer.Mode, context, cancel);
}
