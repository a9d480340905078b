using TalentData.Running;
using System.Text.RegularExpressions;
using Dapper;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Crash;

/// <summary>
/// `talentdata run` killed with SIGKILL at known points of a run that brings changed data, at least one in every
/// stage. The run is held at each point through the CLI's TALENTDATA_PAUSE_AT hook, then killed. A run publishes
/// nothing before its commit point (the commit record, <see cref="TalentData.Publishing.PendingCommit"/>): killed
/// before it, the published snapshot and exports must be exactly the last good ones and the ledger must not say
/// "succeeded"; killed after it, the next start completes the commit. Either way a rerun must give what an
/// uninterrupted run gives and leave nothing staged. The project is the <see cref="SmallProject"/>: its good state
/// and its uninterrupted run are made once, and each test copies them.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)] // each test kills and reruns in its own copy; the fixture's state is read-only after setup
public sealed partial class CrashTests
{
    // A bound, not a wait: a run beside other runs on a loaded machine can take over a minute.
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    /// <summary>The raw load reports progress every this many rows in these runs, so that a load can be held half-way.</summary>
    const string ProgressRows = "2000";

    /// <summary>A later delivery of the population file, and what a run that brings it publishes when left alone.</summary>
    sealed record Delivery(string Root, SortedDictionary<string, string> Exports, SortedDictionary<string, string> Contents);

    SortedDictionary<string, string> goodExports = null!;
    string goodSnapshot = "";
    SortedDictionary<string, string> goodContents = null!;
    Delivery small = null!;

    /// <summary>The small project's last good state and the uninterrupted run of its later delivery, made once per process.</summary>
    [OneTimeSetUp]
    public void ReadGoodStateAndReference()
    {
        var project = SmallProject.Instance;
        goodExports = project.GoodExports;
        goodSnapshot = project.GoodSnapshotSha;
        goodContents = project.GoodContents;
        small = new Delivery(project.Root, project.LaterExports, project.LaterContents);
    }

    static void CopyGoodTo(string data) => SmallProject.Instance.CopyGoodTo(data);

    static string SnapshotOf(string data) => Path.Combine(data, "warehouse", "talentdata.duckdb");
    static string WorkOf(string data) => Path.Combine(data, "warehouse", "work.duckdb");
    static string CommitRecordOf(string data) => Path.Combine(data, "warehouse", "pending-commit.json");

    public static IEnumerable<TestCaseData> KillPoints()
    {
        TestCaseData Point(string point, string what) => new TestCaseData(point).SetArgDisplayNames(what);
        yield return Point("reference:start:ref", "run recorded, nothing loaded");
        yield return Point("reference:end:ref", "reference tables reloaded");
        // The points name steps of the small project: its raw tables, models and datasets.
        yield return Point($"load:start:{SmallProject.ChangedRawTable}", "landing the changed file");
        yield return Point($"load:rows:{SmallProject.ChangedRawTable}", "raw load half-way (2,000 rows appended)");
        yield return Point($"load:end:{SmallProject.ChangedRawTable}", "changed file in raw, other sources not yet");
        yield return Point($"load:start:{SmallProject.LastRawTable}", "landing the last source");
        yield return Point("models:start:sql/", "all sources loaded, no model built");
        yield return Point($"models:model:{SmallProject.LastChangedModel}", "SQL models half rebuilt");
        yield return Point("models:end:sql/", "models built, checks not run");
        yield return Point("checks:end:sql/checks/", "checks recorded, nothing published");
        // The stage names the number of datasets it protects: every dataset the project declares.
        yield return Point($"disclosure:start:{SmallProject.DatasetCount} datasets", "about to protect the datasets");
        yield return Point($"publish:end:{SmallProject.ChangedDataset}", "some datasets staged, others not");
        yield return Point("catalog:end:data/exports/catalog.jsonld", "every release and the catalogue staged");
        yield return Point("snapshot:end:data/warehouse/talentdata.duckdb", "snapshot copied, commit record not written");
        yield return Point("commit:start:data/", "commit record written, nothing switched yet");
        yield return Point("commit:end:data/", "committed, process not yet exited");
    }

    [TestCaseSource(nameof(KillPoints))]
    public void Run_KilledAt_PublishesAllOrNothingAndRerunMatchesUninterruptedRun(string point)
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        CopyGoodTo(data);

        using (var cli = CliProcess.Start(small.Root,
            new Dictionary<string, string> { ["TALENTDATA_PAUSE_AT"] = point, ["TalentData__Run__ProgressRows"] = ProgressRows }, "run", "--data-dir", data))
        {
            cli.WaitForLine(new Regex("^paused at .*$", RegexOptions.Multiline), Patience);
            cli.KillHard();
        }

        var committed = point.StartsWith("commit:", StringComparison.Ordinal);
        var killedRun = AssertStateAfterKill(data, point);
        AssertRerunMatchesUninterruptedRun(data);
        using var work = TalentData.Warehouse.Warehouse.OpenReadOnly(WorkOf(data));
        Assert.That(work.Connection.ExecuteScalar<string>("select status from ops.runs where run_id = $killedRun", new { killedRun }),
            Is.EqualTo(committed ? "succeeded" : "interrupted"),
            committed ? "the next start completed the commit the killed run had reached" : "the killed run is recorded as interrupted");
    }

    [Test]
    public void Run_KilledWhileCopyingTheSnapshot_KeepsLastGoodPublicationAndRerunMatchesUninterruptedRun()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        CopyGoodTo(data);
        var warehouseDir = Path.Combine(data, "warehouse");

        // No progress event fires inside the copy, so the kill follows the temporary snapshot file appearing.
        using var killed = new ManualResetEventSlim();
        using (var watcher = new FileSystemWatcher(warehouseDir, ".snapshot-*"))
        using (var cli = CliProcess.Start(small.Root, null, "run", "--data-dir", data))
        {
            watcher.Created += (_, _) => { cli.KillNow(); killed.Set(); };
            watcher.EnableRaisingEvents = true;
            if (!killed.Wait(Patience))
                Assert.Fail($"the run never started a snapshot copy.\n{cli.Output}\n{cli.Error}");
            cli.WaitForExit(Patience);
            watcher.EnableRaisingEvents = false;
            if (cli.Output.Contains("snapshot end", StringComparison.Ordinal))
                Assert.Inconclusive("the copy finished before the kill landed; nothing was interrupted");
        }

        AssertStateAfterKill(data, "snapshot:start");
        AssertRerunMatchesUninterruptedRun(data);
    }

    static void AssertRerunMatchesUninterruptedRun(string data, Delivery delivery)
    {
        var rerun = new PipelineRunner(new RunOptions(delivery.Root, data, []), TimeProvider.System).Run();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rerun.Succeeded, Is.True, rerun.Error);
            Assert.That(RunState.Exports(data), Is.EqualTo(delivery.Exports), "exports after the rerun, with nothing staged left over");
            Assert.That(RunState.Contents(SnapshotOf(data)), Is.EqualTo(delivery.Contents), "snapshot contents after the rerun");
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(SnapshotOf(data))!, ".snapshot-*"), Is.Empty, "the rerun removed a half-copied snapshot");
            Assert.That(File.Exists(CommitRecordOf(data)), Is.False, "no commit is left pending");
        }
        using var work = TalentData.Warehouse.Warehouse.OpenReadOnly(WorkOf(data));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(work.Connection.Query<string>("select status from ops.runs where status = 'running'"), Is.Empty, "no run is left running");
            Assert.That(work.Connection.Query<string>("select table_name from information_schema.tables where table_schema = 'raw' and table_name like '%incoming'"), Is.Empty, "no half-loaded table is left");
        }
    }

    void AssertRerunMatchesUninterruptedRun(string data) => AssertRerunMatchesUninterruptedRun(data, small);

    /// <summary>A clock a day ahead of the real one: a run with it publishes as the next day would.</summary>
    sealed class NextDay : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddDays(1);
    }

    /// <summary>
    /// The comparison every rerun above makes holds when the rerun falls on the day after the uninterrupted run (a
    /// suite running across midnight): the same delivery run the next day publishes what the reference run published,
    /// up to the release names and times. The releases are then named 2026-12-05.2 in one and 2026-12-06 in the other.
    /// </summary>
    [Test]
    public void Exports_OfTheSameRunOnTheNextDay_CompareEqualToTheUninterruptedRun()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        CopyGoodTo(data);
        var rerun = new PipelineRunner(new RunOptions(small.Root, data, []), new NextDay()).Run();
        Assert.That(rerun.Succeeded, Is.True, rerun.Error);
        Assert.That(RunState.Exports(data), Is.EqualTo(small.Exports));
    }

    /// <summary>
    /// Right after the kill: before the commit point the published state is the last good one, byte for byte, and the
    /// ledger says "running" (never "succeeded"); at the commit point the record is there and the ledger still says
    /// "running"; after the commit everything is the new publication and the ledger says "succeeded". Returns the id of
    /// the killed run.
    /// </summary>
    string AssertStateAfterKill(string data, string point)
    {
        var committing = point == "commit:start:data/";
        var committed = point == "commit:end:data/";
        string killedRun;
        // Opened for writing as the next run would: the killed process may have left a write-ahead log to replay.
        using (var work = TalentData.Warehouse.Warehouse.OpenForWriting(WorkOf(data)))
        {
            var runs = work.Connection.Query<(string RunId, string Status)>("select run_id, status from ops.runs order by started_at").ToList();
            Assert.That(runs, Has.Count.EqualTo(2), "the good run and the killed one");
            killedRun = runs[^1].RunId;
            Assert.That(runs[^1].Status, Is.EqualTo(committed ? "succeeded" : "running"),
                "the ledger says how far the killed run got; it never claims success before the publication is in place");
        }
        var exports = RunState.Exports(data);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.Exists(CommitRecordOf(data)), Is.EqualTo(committing), "the commit record exists exactly between the commit point and the end of the commit");
            Assert.That(exports.Keys.Where(k => !k.Split('/').Any(part => part.StartsWith('.'))), Is.EqualTo(committed ? small.Exports.Keys : goodExports.Keys),
                "nothing the killed run staged is visible under a public name");
            foreach (var (file, hash) in committed ? small.Exports : goodExports)
                Assert.That(exports.GetValueOrDefault(file), Is.EqualTo(hash), $"{file}: {(committed ? "the committed new bytes" : "the last good bytes")}");
            if (committed)
                Assert.That(RunState.Contents(SnapshotOf(data)), Is.EqualTo(small.Contents), "the swapped snapshot is the complete new one");
            else
                Assert.That(RunState.Sha(SnapshotOf(data)), Is.EqualTo(goodSnapshot), "the snapshot is the last good one, byte for byte");
        }
        using var snapshot = TalentData.Warehouse.Warehouse.OpenReadOnly(SnapshotOf(data));
        Assert.That(snapshot.Connection.ExecuteScalar<long>($"select count(*) from {SmallProject.ChangedMart}"), Is.GreaterThan(0), "the snapshot opens read-only and answers");
        return killedRun;
    }
}
