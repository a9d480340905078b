using Dapper;
using TalentData.Fetching;
using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Fetching;

/// <summary>
/// Landing keeps every file a load accepted, and of the rejected deliveries only the newest within the retention
/// (count and bytes per source); the run says what it removed.
/// </summary>
public sealed class LandingRetentionTests
{
    static string Sha(int i) => i.ToString("x64");

    /// <summary>A landing folder of one source: <paramref name="count"/> deliveries of 100 bytes, delivery i landed i hours after the first.</summary>
    static string Deliveries(TempDir dir, int count)
    {
        var folder = Path.Combine(dir.Path, "landing", "src_x");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < count; i++)
        {
            var file = Path.Combine(folder, Sha(i) + ".csv");
            File.WriteAllBytes(file, new byte[100]);
            File.SetLastWriteTimeUtc(file, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i));
        }
        File.WriteAllText(Path.Combine(folder, "manifest.jsonl"), "{}\n");
        return folder;
    }

    [Test]
    public void PruneRejected_MoreThanTheCount_RemovesTheOldestRejectedAndKeepsEveryAcceptedFile()
    {
        using var dir = new TempDir();
        var folder = Deliveries(dir, 6);
        var landing = new Landing(Path.Combine(dir.Path, "landing"), TimeProvider.System);
        // Delivery 0 (the oldest) was accepted by a load: it is the raw record and stays whatever its age.
        var removed = landing.PruneRejected("src_x", new HashSet<string> { Sha(0) }, new LandingRetention(RejectedCount: 2));
        Assert.That(removed.Select(r => r.File), Is.EqualTo(new[] { Sha(3) + ".csv", Sha(2) + ".csv", Sha(1) + ".csv" }));
        Assert.That(removed.Sum(r => r.Bytes), Is.EqualTo(300));
        Assert.That(Directory.GetFiles(folder).Select(Path.GetFileName).Order(),
            Is.EqualTo(new[] { Sha(0) + ".csv", Sha(4) + ".csv", Sha(5) + ".csv", "manifest.jsonl" }.Order()));
    }

    [Test]
    public void PruneRejected_MoreThanTheBytes_KeepsOnlyWhatFits()
    {
        using var dir = new TempDir();
        var folder = Deliveries(dir, 3);
        var landing = new Landing(Path.Combine(dir.Path, "landing"), TimeProvider.System);
        var removed = landing.PruneRejected("src_x", new HashSet<string>(), new LandingRetention(RejectedCount: 10, RejectedBytes: 250));
        Assert.That(removed.Select(r => r.File), Is.EqualTo(new[] { Sha(0) + ".csv" }), "two deliveries of 100 bytes fit in 250");
    }

    [Test]
    public void FromEnvironment_DefaultsAndAMalformedValue()
    {
        Assert.That(LandingRetention.FromEnvironment(_ => null), Is.EqualTo(new LandingRetention(3, 256L * 1024 * 1024)));
        Assert.That(LandingRetention.FromEnvironment(v => v == LandingRetention.MegabytesVariable ? "10" : v == LandingRetention.CountVariable ? "0" : null),
            Is.EqualTo(new LandingRetention(0, 10L * 1024 * 1024)));
        var ex = Assert.Throws<PipelineException>(() => LandingRetention.FromEnvironment(v => v == LandingRetention.CountVariable ? "-1" : null));
        Assert.That(ex!.Message, Is.EqualTo("TalentData__Landing__KeepRejected must be a whole number of at least 0, found '-1'."));
    }

    [Test]
    public void LoadSources_RejectedDeliveryBeyondTheRetention_RemovedAndTheRunSaysSo()
    {
        const string source = "dortmund_social_indicators";
        using var repo = new RepoCopy();
        GoodRun.Instance.CopyWarehouseAndLandingTo(repo.Data);
        var manifest = ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All);
        File.WriteAllText(repo.Sample("dortmund_social_indicators/sozialindikatoren.csv"), ""); // an empty export: rejected
        var landingFolder = Path.Combine(repo.Data, "landing", source);
        var accepted = Directory.GetFiles(landingFolder).Order().ToList();

        var options = repo.Options(source) with { Landing = new LandingRetention(RejectedCount: 0) };
        var events = new List<RunEvent>();
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(options.Data.WorkPath);
        var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, [source], manifest.Pipelines);
        using (var stages = new RunStages(manifest, options, warehouse, ledger, TimeProvider.System, events.Add, null, CancellationToken.None))
            Assert.That(stages.LoadSources([manifest.Pipeline(source)]).Outcomes.Single().Outcome.Status, Is.EqualTo(SourceStatus.Failed));

        var empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.csv"; // sha256 of no bytes
        var said = events.Single(e => e.Phase == "pruned");
        Assert.That(said.Detail, Is.EqualTo($"removed 1 rejected deliveries (0 bytes) beyond the retention of 0 files and 256 MiB: {empty}"));
        Assert.That(warehouse.Connection.ExecuteScalar<string>("select error from ops.run_steps where run_id = $r and target = $t",
            new { r = ledger.RunId, t = $"data/landing/{source}/" }), Is.EqualTo(said.Detail), "the ledger says it too");
        Assert.That(Directory.GetFiles(landingFolder).Order(), Is.EqualTo(accepted), "the accepted deliveries and the manifest stay");
    }
}
