using Hangfire;
using Hangfire.Server;

namespace TalentData.Cli.Jobs;

/// <summary>Every pipeline, then rebuild and publish; the recurring job <c>full-run</c>.</summary>
public sealed class FullRunJob(WarehouseWriter writer)
{
    [Queue(WarehouseWriter.Queue)]
    [JobDisplayName("full-run")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 60, 300, 900 }, OnlyOn = new[] { typeof(WarehouseBusyException) }, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public string Run(PerformContext? context, CancellationToken cancel) =>
        writer.Execute(WarehouseWriter.FullRun, [], writer.Mode, context, cancel);
}
