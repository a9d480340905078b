using System.Text.RegularExpressions;
using Dapper;
using TalentData.Pipelines;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Crash;

/// <summary>
/// `talentdata run` killed with SIGKILL at known points of a run that brings changed data. The run is held at
/// each point through the CLI's TALENTDATA_PAUSE_AT hook, then killed. Afterwards the warehouse must open, the
/// published snapshot and exports must be exactly the last good ones (a dataset counts as published once the
/// killed run reported it written), and a rerun must give what an uninterrupted run gives.
/// </summary>
[TestFixture]
public sealed partial class CrashTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    RepoCopy repo = null!;
    string goodData = "";
    SortedDictionary<string, string> goodExports = null!;
    string goodSnapshot = "";
    SortedDictionary<string, string> expectedExports = null!;
    SortedDictionary<string, string> expectedContents = null!;

    [OneTimeSetUp]
    public void RunGoodAndReference()
    {
        repo = new RepoCopy();
        goodData = Path.Combine(repo.Data, "good");
        var good = new PipelineRunner(new RunOptions(repo.Root, goodData, []), TimeProvider.System).Run();
        Assert.That(good.Succeeded, Is.True, good.Error);
        goodExports = RunState.Exports(goodData);
        goodSnapshot = RunState.Sha(SnapshotOf(goodData));

        // Every killed run brings this later delivery; the reference is the same run left alone.
        RunState.WriteLaterPopulationDelivery(repo.Root);
        var referenceData = Path.Combine(repo.Data, "reference");
        RunState.CopyDirectory(goodData, referenceData);
        var reference = new PipelineRunner(new RunOptions(repo.Root, referenceData, []), TimeProvider.System).Run();
        Assert.That(reference.Succeeded, Is.True, reference.Error);
        expectedExports = RunState.Exports(referenceData);
        expectedContents = RunState.Contents(SnapshotOf(referenceData));
        Assert.That(expectedExports["bevoelkerung-statistische-bezirke/latest/data.csv"],
            Is.Not.EqualTo(goodExports["bevoelkerung-statistische-bezirke/latest/data.csv"]), "the later delivery must change what is published");
    }

    [OneTimeTearDown]
    public void CleanUp() => repo?.Dispose();

    static string SnapshotOf(string data) => Path.Combine(data, "warehouse", "talentdata.duckdb");
    static string WorkOf(string data) => Path.Combine(data, "warehouse", "work.duckdb");

    public static IEnumerable<TestCaseData> KillPoints()
    {
        TestCaseData Point(string point, string what) => new TestCaseData(point).SetArgDisplayNames(what);
        yield return Point("reference:start:ref", "run recorded, nothing loaded");
        yield return Point("reference:end:ref", "reference tables reloaded");
        yield return Point("load:start:raw.dortmund_population__residents", "landing the changed file");
        yield return Point("load:rows:raw.dortmund_population__residents", "raw load half-way (100,000 rows appended)");
        yield return Point("load:end:raw.dortmund_population__residents", "changed file in raw, other sources not yet");
        yield return Point("load:start:raw.regionalstatistik_unemployment__kreise", "landing the last source");
        yield return Point("models:start:sql/", "all sources loaded, no model built");
        yield return Point("models:model:marts.indicator_values", "SQL models half rebuilt");
        yield return Point("models:end:sql/", "models built, checks not run");
        yield return Point("checks:end:sql/checks/", "checks recorded, nothing published");
        yield return Point("publish:start:arbeitslose-statistische-bezirke", "publish about to write the first dataset");
        yield return Point("publish:end:bevoelkerung-statistische-bezirke", "some datasets published, others not");
        yield return Point("snapshot:start:data/warehouse/talentdata.duckdb", "run recorded as succeeded, snapshot not swapped");
        yield return Point("snapshot:end:data/warehouse/talentdata.duckdb", "snapshot swapped, process not yet exited");
    }

    [TestCaseSource(nameof(KillPoints))]
    public void Run_KilledAt_KeepsLastGoodPublicationAndRerunMatchesUninterruptedRun(string point)
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        RunState.CopyDirectory(goodData, data);

        string printed;
        using (var cli = CliProcess.Start(repo.Root, new Dictionary<string, string> { ["TALENTDATA_PAUSE_AT"] = point }, "run", "--data-dir", data))
        {
            cli.WaitForLine(new Regex("^paused at .*$", RegexOptions.Multiline), Patience);
            cli.KillHard();
            printed = cli.Output;
        }

        AssertLastGoodPublication(data, printed, point);

        var rerun = new PipelineRunner(new RunOptions(repo.Root, data, []), TimeProvider.System).Run();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rerun.Succeeded, Is.True, rerun.Error);
            Assert.That(RunState.Exports(data), Is.EqualTo(expectedExports), "exports after the rerun");
            Assert.That(RunState.Contents(SnapshotOf(data)), Is.EqualTo(expectedContents), "snapshot contents after the rerun");
        }
    }

    [Test]
    public void Run_KilledWhileCopyingTheSnapshot_KeepsLastGoodSnapshotAndRerunMatchesUninterruptedRun()
    {
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        RunState.CopyDirectory(goodData, data);
        var warehouseDir = Path.Combine(data, "warehouse");

        // No progress event fires inside the copy, so the kill follows the temporary snapshot file appearing.
        string[] leftovers;
        using (var watcher = new FileSystemWatcher(warehouseDir, ".snapshot-*"))
        using (var killed = new ManualResetEventSlim())
        using (var cli = CliProcess.Start(repo.Root, null, "run", "--data-dir", data))
        {
            watcher.Created += (_, _) => { cli.KillNow(); killed.Set(); };
            watcher.EnableRaisingEvents = true;
            if (!killed.Wait(Patience))
                Assert.Fail($"the run never started a snapshot copy.\n{cli.Output}\n{cli.Error}");
            cli.WaitForExit(Patience);
            leftovers = Directory.GetFiles(warehouseDir, ".snapshot-*");
            if (leftovers.Length == 0 || cli.Output.Contains("snapshot end", StringComparison.Ordinal))
                Assert.Inconclusive("the copy finished before the kill landed; nothing was interrupted");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(RunState.Sha(SnapshotOf(data)), Is.EqualTo(goodSnapshot), "the half-copied snapshot never replaced the last good one");
            Assert.That(RunState.Exports(data), Is.EqualTo(expectedExports), "every dataset had been published before the copy");
        }
        var rerun = new PipelineRunner(new RunOptions(repo.Root, data, []), TimeProvider.System).Run();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rerun.Succeeded, Is.True, rerun.Error);
            Assert.That(RunState.Exports(data), Is.EqualTo(expectedExports), "exports after the rerun");
            Assert.That(RunState.Contents(SnapshotOf(data)), Is.EqualTo(expectedContents), "snapshot contents after the rerun");
        }
    }

    /// <summary>
    /// Between the pause and the kill nothing else happens, so what the killed run printed says exactly what it
    /// finished: the datasets it reported written are the new publication, all others must be the old bytes.
    /// </summary>
    void AssertLastGoodPublication(string data, string printed, string point)
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
                var expected = published.Contains(dataset) ? expectedExports[file] : expectedGood;
                Assert.That(exports.GetValueOrDefault(file), Is.EqualTo(expected),
                    $"{file}: {(published.Contains(dataset) ? "published by the killed run, so the new bytes" : "not reached by the killed run, so the last good bytes")}");
            }
            if (printed.Contains("snapshot end", StringComparison.Ordinal))
                Assert.That(RunState.Contents(SnapshotOf(data)), Is.EqualTo(expectedContents), "the swapped snapshot is the complete new one");
            else
                Assert.That(RunState.Sha(SnapshotOf(data)), Is.EqualTo(goodSnapshot), "the snapshot is the last good one, byte for byte");
        }
        using var snapshot = TalentData.Warehouse.Warehouse.OpenReadOnly(SnapshotOf(data));
        Assert.That(snapshot.Connection.ExecuteScalar<long>("select count(*) from marts.indicator_values"), Is.GreaterThan(0), "the snapshot opens read-only and answers");
    }

    [GeneratedRegex(@"^\S+ publish\s+end\s+(?<dataset>\S+)", RegexOptions.Multiline)]
    private static partial Regex PublishedLine();
}
