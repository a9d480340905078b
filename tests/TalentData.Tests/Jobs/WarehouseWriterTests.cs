using System.Security.Cryptography;
using Dapper;
using Hangfire;
using Hangfire.States;
using TalentData.Cli.Jobs;
using TalentData.Tests.Fetching;

namespace TalentData.Tests.Jobs;

/// <summary>The jobs on a real Hangfire server (InMemory storage): triggering, one writer, retries, cancellation.</summary>
[Parallelizable(ParallelScope.Self)]
public class WarehouseWriterTests
{
    const string Population = "source:dortmund_population";
    const string Dataset = "bevoelkerung-statistische-bezirke";

    static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    [Test]
    public void Trigger_SourceJob_RunsToSucceededWithItsRunIdAndProgress()
    {
        using var host = new JobHost();
        host.Register();
        host.StartServer();

        var jobId = host.Recurring.TriggerJob(Population);

        Assert.That(host.WaitFor(jobId!, 60, SucceededState.StateName, FailedState.StateName), Is.EqualTo(SucceededState.StateName), host.StateData(jobId!).Reason);
        var runId = host.Parameter(jobId!, "RunId");
        Assert.That(runId, Is.Not.Null);
        Assert.That(host.Parameter(jobId!, "Progress"), Does.Contain("succeeded"));
        Assert.That(host.StateData(jobId!).Data["Result"], Does.Contain($"run {runId.Trim('"')}: succeeded"));
        Assert.That(host.Warehouse(w => w.Connection.ExecuteScalar<string>("select pipelines from ops.runs")), Is.EqualTo("dortmund_population"));
        Assert.That(host.Warehouse(w => w.Connection.ExecuteScalar<long>("select count(*) from ops.run_steps where step = 'load'")), Is.EqualTo(1));
        Assert.That(File.Exists(host.Repo.Export(Dataset)));
    }

    [Test]
    public async Task Trigger_WhileARunIsWriting_WaitsThenRunsOnceAndASecondWaitingTriggerIsSkipped()
    {
        await using var publisher = await PublisherStandIn.StartAsync();
        using var host = new JobHost("live");
        publisher.ServeSamplesOf(host.Repo);
        host.Register();
        publisher.Hold = new SemaphoreSlim(0);
        host.StartServer();

        var first = host.Recurring.TriggerJob(Population)!;
        Assert.That(publisher.Reached.Task.Wait(TimeSpan.FromSeconds(30)), "the first run reached the publisher");
        var second = host.Recurring.TriggerJob(Population)!;
        var third = host.Recurring.TriggerJob(Population)!;
        Thread.Sleep(500);
        Assert.That(host.State(first), Is.EqualTo(ProcessingState.StateName));
        Assert.That(host.State(second), Is.EqualTo(EnqueuedState.StateName), "no second writer while the first runs");
        Assert.That(host.State(third), Is.EqualTo(EnqueuedState.StateName));
        Assert.That(publisher.RequestCount, Is.EqualTo(1));

        publisher.Hold.Release();
        foreach (var job in new[] { first, second, third })
            Assert.That(host.WaitFor(job, 60, SucceededState.StateName, FailedState.StateName), Is.EqualTo(SucceededState.StateName), host.StateData(job).Reason);

        Assert.That(host.StateData(second).Data["Result"], Does.Contain("0 loaded, 1 unchanged"), "the queued trigger ran after the first");
        Assert.That(host.StateData(third).Data["Result"], Does.StartWith("\"skipped: a source:dortmund_population run started at"));
        var runs = host.Warehouse(w => w.Connection.Query<(DateTime Started, DateTime Finished)>("select started_at, finished_at from ops.runs order by started_at").ToList());
        Assert.That(runs, Has.Count.EqualTo(2));
        Assert.That(runs[1].Started, Is.GreaterThanOrEqualTo(runs[0].Finished), "the runs did not overlap");
    }

    [Test]
    public async Task Execute_AnotherWriterHoldsTheLock_RefusedAsBusyAndScheduledForARetry()
    {
        await using var publisher = await PublisherStandIn.StartAsync();
        using var host = new JobHost("live");
        publisher.ServeSamplesOf(host.Repo);
        host.Register();
        publisher.Hold = new SemaphoreSlim(0);
        // Two workers, unlike serve: the storage lock alone must keep the second job out.
        host.StartServer(workers: 2);

        var first = host.Recurring.TriggerJob(Population)!;
        Assert.That(publisher.Reached.Task.Wait(TimeSpan.FromSeconds(30)));
        var second = host.Recurring.TriggerJob("full-run")!;

        Assert.That(host.WaitFor(second, 30, ScheduledState.StateName, FailedState.StateName), Is.EqualTo(ScheduledState.StateName));
        Assert.That(host.StateData(second).Reason, Does.Contain("Retry attempt 1 of 3").And.Contain("only one run writes at a time"));
        Assert.That(publisher.RequestCount, Is.EqualTo(1), "the refused job never fetched");
        publisher.Hold.Release();
        Assert.That(host.WaitFor(first, 60, SucceededState.StateName, FailedState.StateName), Is.EqualTo(SucceededState.StateName));
    }

    [Test]
    public async Task Trigger_SourceFails_JobFailsAtOnceWithTheReasonAndIsNotRetried()
    {
        await using var publisher = await PublisherStandIn.StartAsync();
        using var host = new JobHost("live");
        publisher.ServeSamplesOf(host.Repo);
        host.Register();
        for (var i = 0; i < 5; i++) publisher.Faults.Enqueue(Fault.NotFound);
        host.StartServer();

        var job = host.Recurring.TriggerJob(Population)!;

        Assert.That(host.WaitFor(job, 60, FailedState.StateName, ScheduledState.StateName, SucceededState.StateName), Is.EqualTo(FailedState.StateName),
            "Hangfire's default of 10 retries is replaced: a data or HTTP 404 failure is not retried");
        Assert.That(host.StateData(job).Data["ExceptionMessage"], Does.Contain("HTTP 404"));
        Assert.That(publisher.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Delete_RunningJob_CancelsPromptlyRecordsCancelledAndKeepsTheLastPublication()
    {
        await using var publisher = await PublisherStandIn.StartAsync();
        using var host = new JobHost("live");
        publisher.ServeSamplesOf(host.Repo);
        host.Register();
        host.StartServer();
        var good = host.Recurring.TriggerJob("full-run")!;
        Assert.That(host.WaitFor(good, 60, SucceededState.StateName, FailedState.StateName), Is.EqualTo(SucceededState.StateName), host.StateData(good).Reason);
        var published = Sha(host.Repo.Export(Dataset));
        var snapshot = Sha(host.Repo.Snapshot);

        publisher.ETag = "\"v2\"";
        publisher.Hold = new SemaphoreSlim(0);
        var running = host.Recurring.TriggerJob(Population)!;
        Assert.That(publisher.Reached.Task.Wait(TimeSpan.FromSeconds(30)));
        var queued = host.Recurring.TriggerJob(Population)!;
        var deletedAt = DateTime.UtcNow;
        Assert.That(host.Client.Delete(running), Is.True);
        // The single worker takes the waiting job only once the cancelled run has ended.
        host.WaitFor(queued, 10, ProcessingState.StateName, SucceededState.StateName, FailedState.StateName);

        Assert.That(DateTime.UtcNow - deletedAt, Is.LessThan(TimeSpan.FromSeconds(5)), "cancelled promptly");
        Assert.That(host.State(running), Is.EqualTo(DeletedState.StateName));
        Assert.That(Sha(host.Repo.Export(Dataset)), Is.EqualTo(published));
        Assert.That(Sha(host.Repo.Snapshot), Is.EqualTo(snapshot));

        // The cancelled run covers nothing: the trigger that waited behind it runs.
        publisher.Hold.Release();
        Assert.That(host.WaitFor(queued, 60, SucceededState.StateName, FailedState.StateName), Is.EqualTo(SucceededState.StateName), host.StateData(queued).Reason);
        Assert.That(host.StateData(queued).Data["Result"], Does.Contain(": succeeded;").And.Not.Contain("skipped"));
        var runs = host.Warehouse(w => w.Connection.Query<string>("select status from ops.runs order by started_at").ToList());
        Assert.That(runs, Is.EqualTo(new[] { "succeeded", "cancelled", "succeeded" }));
        Assert.That(host.Warehouse(w => w.Connection.ExecuteScalar<string>("select status from ops.run_steps where step = 'load' and run_id = (select run_id from ops.runs where status = 'cancelled')")),
            Is.EqualTo("cancelled"));
    }
}
