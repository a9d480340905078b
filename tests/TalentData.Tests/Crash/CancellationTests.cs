using System.Diagnostics;
using Dapper;
using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Crash;

/// <summary>
/// A run cancelled by the operator (SIGTERM to `serve`, a dashboard Delete, Ctrl+C) in any stage stops there: no later
/// stage starts, the ledger says "cancelled" (the run and the step it was in), and the last good publication — exports
/// and snapshot — stays byte for byte. After the commit point a cancellation is no longer honoured: the run completes.
/// Each test brings a later delivery, so a run that went on would visibly change what is published. The project is the
/// <see cref="SmallProject"/>, which crosses every stage at a fraction of the whole sample's cost.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)] // each test runs in its own data folder; the repository copy is only read
public sealed class CancellationTests
{
    static readonly string[] StageOrder =
        [Stage.Reference, Stage.Load, Stage.Models, Stage.Checks, Stage.Disclosure, Stage.Publish, Stage.Catalog, Stage.Snapshot, Stage.Commit];

    /// <summary>The small project with the later delivery, and its last good state (made once per process).</summary>
    static SmallProject Project => SmallProject.Instance;

    public static IEnumerable<TestCaseData> CancelPoints()
    {
        TestCaseData Point(string point, string what) => new TestCaseData(point).SetArgDisplayNames(what);
        yield return Point("reference:start:ref", "before the reference tables");
        // The points name steps of the small project: its raw tables, models and datasets.
        yield return Point($"load:start:{SmallProject.ChangedRawTable}", "landing the changed file");
        yield return Point($"load:rows:{SmallProject.ChangedRawTable}", "raw load half-way");
        yield return Point($"load:end:{SmallProject.ChangedRawTable}", "changed file loaded, other sources not yet");
        yield return Point($"models:model:{SmallProject.LastChangedModel}", "models half rebuilt");
        yield return Point("checks:start:sql/checks/", "checks started");
        yield return Point("checks:end:sql/checks/", "checks done, nothing protected");
        // The stage names how many datasets it protects: every dataset the project publishes.
        yield return Point($"disclosure:end:{SmallProject.DatasetCount} datasets", "datasets protected, none staged");
        yield return Point($"publish:end:{SmallProject.ChangedDataset}", "some datasets staged, others not");
        yield return Point("catalog:end:data/exports/catalog.jsonld", "every release and the catalogue staged");
        yield return Point("snapshot:end:" + DataLayout.SnapshotDisplay, "snapshot copied, commit record not written");
    }

    [TestCaseSource(nameof(CancelPoints))]
    public void Run_CancelledAt_StopsThereAndKeepsTheLastGoodPublication(string point)
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Project.CopyGoodTo(data);
        using var cancel = new CancellationTokenSource();
        var afterCancel = new List<RunEvent>();
        var options = new RunOptions(Project.Root, data, []) { ProgressEveryRows = 2000 };
        var runner = new PipelineRunner(options, TimeProvider.System, e =>
        {
            if (cancel.IsCancellationRequested)
                afterCancel.Add(e);
            else if ($"{e.Step}:{e.Phase}:{e.Target}" == point)
                cancel.Cancel();
        });

        Assert.That(() => runner.Run(cancel.Token), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(cancel.IsCancellationRequested, Is.True, $"the run never reached {point}");
        var stage = Array.IndexOf(StageOrder, point.Split(':')[0]);
        Assert.That(afterCancel.Where(e => Array.IndexOf(StageOrder, e.Step) > stage).Select(e => $"{e.Step}:{e.Phase}:{e.Target}"), Is.Empty,
            "no later stage starts after the cancellation");
        Assert.That(RunState.Exports(data), Is.EqualTo(Project.GoodExports), "the last good exports stay");
        Assert.That(RunState.Sha(Path.Combine(data, "warehouse", "talentdata.duckdb")), Is.EqualTo(Project.GoodSnapshotSha), "the last good snapshot stays");
        Assert.That(File.Exists(Path.Combine(data, "warehouse", "pending-commit.json")), Is.False, "no commit record");
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(data, "exports"), ".staged-*", SearchOption.AllDirectories), Is.Empty, "nothing staged is left");

        using var work = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(data, "warehouse", "work.duckdb"));
        var (status, error) = work.Connection.QuerySingle<(string, string)>("select status, error from ops.runs order by started_at desc limit 1");
        Assert.That(status, Is.EqualTo(RunStatus.Cancelled));
        Assert.That(error, Does.Contain("last good publication stays"));
        Assert.That(work.Connection.Query<string>(
            "select step || ' ' || coalesce(target, '') from ops.run_steps where run_id = (select run_id from ops.runs order by started_at desc limit 1) and status = 'running'"),
            Is.Empty, "no step of the cancelled run is left running");
    }

    [Test]
    public void Run_CancelledAfterTheCommitPoint_CompletesAndPublishesTheDelivery()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Project.CopyGoodTo(data);
        using var cancel = new CancellationTokenSource();
        var runner = new PipelineRunner(new RunOptions(Project.Root, data, []), TimeProvider.System, e =>
        {
            if (e is { Step: Stage.Commit, Phase: "start" })
                cancel.Cancel();
        });

        var report = runner.Run(cancel.Token);

        Assert.That(cancel.IsCancellationRequested, Is.True);
        Assert.That(report.Succeeded, Is.True, report.Error);
        Assert.That(RunState.Exports(data)[$"{SmallProject.ChangedDataset}/latest/data.csv"],
            Is.Not.EqualTo(Project.GoodExports[$"{SmallProject.ChangedDataset}/latest/data.csv"]), "the committed run published the later delivery");
    }

    /// <summary>
    /// A check that would run for hours is interrupted inside DuckDB, not awaited: the run ends promptly, the check is
    /// not recorded as failed or passed, and nothing is published.
    /// </summary>
    [Test]
    public void Run_CancelledDuringASlowCheck_InterruptsTheQuery()
    {
        using var slowRepo = RepoCopy.Reduced(SmallProject.Sources);
        RunState.WriteLaterPopulationDelivery(slowRepo.Root);
        File.WriteAllText(Path.Combine(slowRepo.Root, "sql", "checks", "assert_zz_slow.sql"),
            "-- A check that scans 10^12 rows.\nselect p.year from core.fct_population p, range(1000000000000) r where r.range < 0 and p.year < 0\n");
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        Project.CopyGoodTo(data);
        using var cancel = new CancellationTokenSource();
        var clock = new Stopwatch();
        var runner = new PipelineRunner(new RunOptions(slowRepo.Root, data, []), TimeProvider.System, e =>
        {
            if (e is { Step: Stage.Checks, Phase: "start" })
            {
                clock.Start();
                cancel.CancelAfter(TimeSpan.FromSeconds(1));
            }
        });

        Assert.That(() => runner.Run(cancel.Token), Throws.InstanceOf<OperationCanceledException>());

        // The check alone needs far longer than this bound; a run that waited for it would exceed it by minutes.
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), "the running check was interrupted");
        Assert.That(RunState.Exports(data), Is.EqualTo(Project.GoodExports));
        using var work = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(data, "warehouse", "work.duckdb"));
        var runId = work.Connection.QuerySingle<string>("select run_id from ops.runs order by started_at desc limit 1");
        Assert.That(work.Connection.QuerySingle<string>("select status from ops.runs where run_id = $runId", new { runId }), Is.EqualTo(RunStatus.Cancelled));
        Assert.That(work.Connection.QuerySingle<string>("select status from ops.run_steps where run_id = $runId and step = 'checks'", new { runId }),
            Is.EqualTo(RunStatus.Cancelled));
        Assert.That(work.Connection.ExecuteScalar<long>("select count(*) from qa.check_results where run_id = $runId and check_name = 'assert_zz_slow'", new { runId }),
            Is.Zero, "an interrupted check has no result");
    }
}
