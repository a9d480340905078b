using Hangfire;
using Hangfire.Server;

namespace TalentData.Cli.Jobs;

/// <summary>
/// Loads every pending hand-off into the warehouse, then rebuilds, checks, protects and publishes once for all of them;
/// enqueued by each parse job on the warehouse queue. One that finds nothing pending (an earlier one took it) ends
/// "skipped" without a run.
/// </summary>
public sealed class HandOffJob(WarehouseWriter writer)
{
    public const string Name = "load-handoffs";

    [Queue(WarehouseWriter.Queue)]
    [JobDisplayName(Name)]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 60, 300, 900 }, OnlyOn = new[] { typeof(WarehouseBusyException) }, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public string Run(PerformContext? context, CancellationToken cancel) =>
        writer.Execute(Name, [], writer.Mode, context, cancel, handOffs: true);
}
