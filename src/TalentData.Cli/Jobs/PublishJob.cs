using Hangfire;
using Hangfire.Server;

namespace TalentData.Cli.Jobs;

/// <summary>Loads nothing: rebuilds the models, runs the checks and publishes from what is loaded; the recurring job <c>publish</c>.</summary>
public sealed class PublishJob(WarehouseWriter writer)
{
    [Queue(WarehouseWriter.Queue)]
    [JobDisplayName("publish")]
    [AutomaticRetry(Attempts = 3, DelaysInSeconds = new[] { 60, 300, 900 }, OnlyOn = new[] { typeof(WarehouseBusyException) }, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public string Run(PerformContext? context, CancellationToken cancel) =>
        writer.Execute(WarehouseWriter.Publish, [], "publish", context, cancel);
}
