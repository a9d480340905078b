using TalentData.Running;
using System.Text.RegularExpressions;
using Dapper;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Crash;

/// <summary>
/// `talentdata run` killed with SIGKILL at known points of a run that brings changed data. The run is held at
/// each point through the CLI's TALENTDATA_PAUSE_AT hook, then killed. Afterwards the warehouse must open, the
/// published snapshot and exports must be exactly the last good ones (a dataset counts as published once the
/// killed run reported it written), and a rerun must give what an uninterrupted run gives. The good state is the
/// shared <see cref="GoodRun"/> and the uninterrupted runs are made once per delivery; each test copies them.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)] // each test kills and reruns in its own copy; the fixture's state is read-only after setup
public sealed partial class CrashTests
{
    // A bound, not a wait: a run of the large delivery beside other runs on a loaded machine can take over a minute.
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    /// <summary>A later delivery of the population file, and what a run that brings it publishes when left alone.</summary>
    sealed record Delivery(RepoCopy Repo, SortedDictionary<string, string> Exports, SortedDictionary<string, string> Contents)
    {
        public string Root => Repo.Root;
    }

    string goodData = "";
    SortedDictionary<string, string> goodExports = null!;
    string goodSnapshot = "";
    Delivery small = null!;
    Delivery large = null!;

    [OneTimeSetUp]
    public void CopyGoodAndRunReferences()
    {
        var smallRepo = new RepoCopy();
        var largeRepo = new RepoCopy();
        // A private copy: the concurrency tests open its snapshot, which the shared folder must never be.
        goodData = Path.Combine(smallRepo.Data, "good");
        GoodRun.Instance.CopyTo(goodData);
        goodExports = GoodRun.Instance.Exports;
        goodSnapshot = GoodRun.Instance.SnapshotSha;

        // Every killed run brings a later delivery; its reference is the same run left alone. The large one has more
        // than 100,000 rows, so the load reports progress half-way, where a run can be held and killed mid-load.
        RunState.WriteLaterPopulationDelivery(smallRepo.Root, earlierYears: false);
        RunState.WriteLaterPopulationDelivery(largeRepo.Root, earlierYears: true);
        small = Reference(smallRepo);
        large = Reference(largeRepo);
    }

    Delivery Reference(RepoCopy repo)
    {
        var referenceData = Path.Combine(repo.Data, "reference");
        RepoCopy.CopyDirectory(goodData, referenceData);
        var reference = new PipelineRunner(new RunOptions(repo.Root, referenceData, []), TimeProvider.System).Run();
        Assert.That(reference.Succeeded, Is.True, reference.Error);
        var delivery = new Delivery(repo, RunState.Exports(referenceData), RunState.Contents(SnapshotOf(referenceData)));
        Assert.That(delivery.Exports["bevoelkerung-statistische-bezirke/latest/data.csv"],
            Is.Not.EqualTo(goodExports["bevoelkerung-statistische-bezirke/latest/data.csv"]), "the later delivery must change what is published");
        return delivery;
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        small?.Repo.Dispose();
        large?.Repo.Dispose();
    }

    static string SnapshotOf(string data) => Path.Combine(data, "warehouse", "talentdata.duckdb");
    static string WorkOf(string data) => Path.Combine(data, "warehouse", "work.duckdb");

    public static IEnumerable<TestCaseData> KillPoints()
    {
        TestCaseData Point(string point, string what, bool largeDelivery = false) => new TestCaseData(point, largeDelivery).SetArgDisplayNames(what);
        yield return Point("reference:start:ref", "run recorded, nothing loaded");
        yield return Point("reference:end:ref", "reference tables reloaded");
        yield return Point("load:start:raw.dortmund_population__residents", "landing the changed file");
        yield return Point("load:rows:raw.dortmund_population__residents", "raw load half-way (100,000 rows appended)", largeDelivery: true);
        yield return Point("load:end:raw.dortmund_population__residents", "changed file in raw, other sources not yet");
        yield return Point("load:start:raw.regionalstatistik_unemployment__kreise", "landing the last source");
        yield return Point("models:start:sql/", "all sources loaded, no model built");
        yield return Point("models:model:marts.indicator_values", "SQL models half rebuilt");
        yield return Point("models:end:sql/", "models built, checks not run");
        yield return Point("checks:end:sql/checks/", "checks recorded, nothing published");
        yield return Point("disclosure:start:7 datasets", "publish about to protect and write the datasets");
        yield return Point("publish:end:bevoelkerung-statistische-bezirke", "some datasets published, others not");
        yield return Point("snapshot:start:data/warehouse/talentdata.duckdb", "run recorded as succeeded, snapshot not swapped");
        yield return Point("snapshot:end:data/warehouse/talentdata.duckdb", "snapshot swapped, process not yet exited");
    }

    [TestCaseSource(nameof(KillPoints))]
    public void Run_KilledAt_KeepsLastGoodPublicationAndRerunMatchesUninterruptedRun(string point, bool largeDelivery)
    {
        var delivery = largeDelivery ? large : small;
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        RepoCopy.CopyDirectory(goodData, data);

        string printed;
        using (var cli = CliProcess.Start(delivery.Root, new Dictionary<string, string> { ["TALENTDATA_PAUSE_AT"] = point }, "run", "--data-dir", data))
        {
            cli.WaitForLine(new Regex("^paused at .*$", RegexOptions.Multiline), Patience);
            cli.KillHard();
            printed = cli.Output;
        }

        AssertLastGoodPublication(data, printed, point, delivery);
        AssertRerunMatchesUninterruptedRun(data, delivery);
    }

    [Test]
    public void Run_KilledWhileCopyingTheSnapshot_KeepsLastGoodSnapshotAndRerunMatchesUninterruptedRun()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        RepoCopy.CopyDirectory(goodData, data);
        var warehouseDir = Path.Combine(data, "warehouse");

        // No progress event fires inside the copy, so the kill follows the temporary snapshot file appearing; the
        // large delivery makes the copy long enough to be hit.
        string[] leftovers;
        using var killed = new ManualResetEventSlim();
        using (var watcher = new FileSystemWatcher(warehouseDir, ".snapshot-*"))
        using (var cli = CliProcess.Start(large.Root, null, "run", "--data-dir", data))
        {
            watcher.Created += (_, _) => { cli.KillNow(); killed.Set(); };
            watcher.EnableRaisingEvents = true;
            if (!killed.Wait(Patience))
                Assert.Fail($"the run never started a snapshot copy.\n{cli.Output}\n{cli.Error}");
            cli.WaitForExit(Patience);
            watcher.EnableRaisingEvents = false;
            leftovers = Directory.GetFiles(warehouseDir, ".snapshot-*");
            if (leftovers.Length == 0 || cli.Output.Contains("snapshot end", StringComparison.Ordinal))
                Assert.Inconclusive("the copy finished before the kill landed; nothing was interrupted");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(RunState.Sha(SnapshotOf(data)), Is.EqualTo(goodSnapshot), "the half-copied snapshot never replaced the last good one");
            Assert.That(RunState.Exports(data), Is.EqualTo(large.Exports), "every dataset had been published before the copy");
        }
        AssertRerunMatchesUninterruptedRun(data, large);
    }

    static void AssertRerunMatchesUninterruptedRun(string data, Delivery delivery)
    {
        var rerun = new PipelineRunner(new RunOptions(delivery.Root, data, []), TimeProvider.System).Run();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rerun.Succeeded, Is.True, rerun.Error);
            Assert.That(RunState.Exports(data), Is.EqualTo(delivery.Exports), "exports after the rerun");
            Assert.That(RunState.Contents(SnapshotOf(data)), Is.EqualTo(delivery.Contents), "snapshot contents after the rerun");
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(SnapshotOf(data))!, ".snapshot-*"), Is.Empty, "the rerun removed a half-copied snapshot");
        }
        using var work = TalentData.Warehouse.Warehouse.OpenReadOnly(WorkOf(data));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(work.Connection.Query<string>("select status from ops.runs where status = 'running'"), Is.Empty, "the killed run is recorded as interrupted");
            Assert.That(work.Connection.Query<string>("select table_name from information_schema.tables where table_schema = 'raw' and table_name like '%incoming'"), Is.Empty, "no half-loaded table is left");
        }
    }

    /// <summary>
    /// Between the pause and the kill nothing else happens, so what the killed run printed says exactly what it
    /// finished: the datasets it reported written are the new publication, all others must be the old bytes.
    /// </summary>
    void AssertLastGoodPublication(string data, string printed, string point, Delivery delivery)
    {
        var finishedRun = point.StartsWith("snapshot:", StringComparison.Ordinal);
        using (var work = TalentData.Warehouse.Warehouse.OpenForWriting(WorkOf(data)))
        {
            var runs = work.Connection.Query<string>("select status from ops.runs order by started_at").ToList();
            Assert.That(runs, Has.Count.EqualTo(2), "the good run and the killed one");
            Assert.That(runs[^1], Is.EqualTo(finishedRun ? "succeeded" : "running"),
                "the ledger says how far the killed run got; it never claims success before every dataset was written");
        }

        var published = PublishedLine().Matches(printed).Select(m => m.Groups["dataset"].Value).ToHashSet();
        var exports = RunState.Exports(data);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exports.Keys.Where(k => k.EndsWith(".tmp", StringComparison.Ordinal)), Is.Empty, "no half-written export");
            foreach (var (file, expectedGood) in goodExports)
            {
                var dataset = file.Split('/')[0];
                if (dataset == "catalog.jsonld" && printed.Contains("catalog  end", StringComparison.Ordinal))
                    published.Add(dataset);
                var expected = published.Contains(dataset) ? delivery.Exports[file] : expectedGood;
                Assert.That(exports.GetValueOrDefault(file), Is.EqualTo(expected),
                    $"{file}: {(published.Contains(dataset) ? "published by the killed run, so the new bytes" : "not reached by the killed run, so the last good bytes")}");
            }
            if (printed.Contains("snapshot end", StringComparison.Ordinal))
                Assert.That(RunState.Contents(SnapshotOf(data)), Is.EqualTo(delivery.Contents), "the swapped snapshot is the complete new one");
            else
                Assert.That(RunState.Sha(SnapshotOf(data)), Is.EqualTo(goodSnapshot), "the snapshot is the last good one, byte for byte");
        }
        using var snapshot = TalentData.Warehouse.Warehouse.OpenReadOnly(SnapshotOf(data));
        Assert.That(snapshot.Connection.ExecuteScalar<long>("select count(*) from marts.indicator_values"), Is.GreaterThan(0), "the snapshot opens read-only and answers");
    }

    [GeneratedRegex(@"^\S+ publish\s+end\s+(?<dataset>\S+)", RegexOptions.Multiline)]
    private static partial Regex PublishedLine();
}
