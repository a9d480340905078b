using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;
using TalentData.Warehouse;

namespace TalentData.Tests.Project;

/// <summary>
/// A pipeline's <c>sample:</c> must lead into sample-data/ once every link is followed: a path or link out of it
/// (to /etc/passwd, /proc/self/environ) is refused at manifest load with the pipeline file and the line of the key,
/// nothing of the file is read or echoed, and the last good publication stays.
/// </summary>
public sealed class SamplePathTests
{
    const string Pipeline = "pipelines/dortmund_social_indicators.yaml";
    const string GoodSample = "sample-data/dortmund_social_indicators/sozialindikatoren.csv";
    const int SampleLine = 14;

    static PipelineException LoadWithSample(RepoCopy repo, string sample)
    {
        var file = Path.Combine(repo.Root, Pipeline);
        var text = File.ReadAllText(file);
        Assert.That(text.Split('\n')[SampleLine - 1], Does.Contain("sample: " + GoodSample), "the case edits the line it names");
        File.WriteAllText(file, text.Replace("sample: " + GoodSample, "sample: " + sample));
        return Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All))!;
    }

    [TestCase("../../../../../../../../../../etc/passwd", "/etc/passwd")]
    [TestCase("/etc/passwd", "/etc/passwd")]
    [TestCase("/proc/self/environ", "/proc/\\d+/environ")]
    [TestCase("sample-data/../../../../../../etc/passwd", "/etc/passwd")]
    public void Load_SampleOutsideSampleData_RefusedWithFileAndLine(string sample, string leadsTo)
    {
        using var repo = new RepoCopy();
        var ex = LoadWithSample(repo, sample);
        Assert.That(ex.Message, Does.Match($"^{System.Text.RegularExpressions.Regex.Escape($"{Pipeline}, line {SampleLine}: sample '{sample}' leads to ")}{leadsTo}" +
                                           System.Text.RegularExpressions.Regex.Escape(", outside sample-data/; expected a file under sample-data/ (symbolic links are followed).") + "$"));
    }

    [Test]
    public void Load_SampleIsALinkOutOfSampleData_RefusedWithoutEchoingTheFile()
    {
        using var repo = new RepoCopy();
        var sample = Path.Combine(repo.Root, GoodSample);
        File.Delete(sample);
        File.CreateSymbolicLink(sample, "/etc/passwd");
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Does.StartWith($"{Pipeline}, line {SampleLine}: sample '{GoodSample}' leads to /etc/passwd, outside sample-data/"));
        Assert.That(ex.Message, Does.Not.Contain("root:"), "nothing of the file outside is echoed");
    }

    [Test]
    public void Load_LinkedFolderThenDotDot_FollowsTheLinkBeforeGoingUp()
    {
        // sample-data/escape -> /usr/share: 'escape/../../etc/passwd' reads /etc/passwd, although a lexical '..' would stay inside.
        using var repo = new RepoCopy();
        Directory.CreateSymbolicLink(Path.Combine(repo.Root, "sample-data", "escape"), "/usr/share");
        var ex = LoadWithSample(repo, "sample-data/escape/../../etc/passwd");
        Assert.That(ex.Message, Does.Contain("leads to /etc/passwd, outside sample-data/"));
    }

    [Test]
    public void Load_LinkInsideSampleData_Accepted()
    {
        using var repo = new RepoCopy();
        var sample = Path.Combine(repo.Root, GoodSample);
        var moved = Path.Combine(repo.Root, "sample-data", "dortmund_social_indicators", "real.csv");
        File.Move(sample, moved);
        File.CreateSymbolicLink(sample, "real.csv");
        var manifest = ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All);
        Assert.That(ConfinedPath.Sample(repo.Root, manifest.Pipeline("dortmund_social_indicators"), manifest.Pipeline("dortmund_social_indicators").Entities[0]),
            Is.EqualTo(Path.GetFullPath(moved)));
    }

    [Test]
    public void Run_SampleOutside_StopsBeforeAnythingRunsAndThePublicationStays()
    {
        using var repo = new RepoCopy();
        GoodRun.Instance.CopyTo(repo.Data);
        var before = RunState.Exports(repo.Data);
        var snapshot = RunState.Sha(repo.Snapshot);
        var file = Path.Combine(repo.Root, Pipeline);
        File.WriteAllText(file, File.ReadAllText(file).Replace("sample: " + GoodSample, "sample: /proc/self/environ"));
        var ex = Assert.Throws<PipelineException>(() => repo.Run());
        Assert.That(ex!.Message, Does.StartWith($"{Pipeline}, line {SampleLine}: sample '/proc/self/environ'"));
        Assert.That(RunState.Exports(repo.Data), Is.EqualTo(before), "the last good exports, byte for byte");
        Assert.That(RunState.Sha(repo.Snapshot), Is.EqualTo(snapshot), "the last good snapshot");
        Assert.That(Directory.GetFiles(Path.Combine(repo.Data, "landing"), "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("PATH=", StringComparison.Ordinal)), Is.Empty, "no environment landed");
    }

    [Test]
    public void Load_SampleSwappedForALinkAfterTheManifestLoaded_SourceFailsAndNothingLands()
    {
        using var repo = new RepoCopy();
        GoodRun.Instance.CopyWarehouseAndLandingTo(repo.Data);
        var manifest = ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All);
        var sample = Path.Combine(repo.Root, GoodSample);
        File.Delete(sample);
        File.CreateSymbolicLink(sample, "/etc/passwd");
        var landed = Directory.GetFiles(Path.Combine(repo.Data, "landing"), "*", SearchOption.AllDirectories).Length;

        var options = repo.Options("dortmund_social_indicators");
        SourceLoads sources;
        using (var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(options.Data.WorkPath))
        {
            var ledger = RunLedger.Start(warehouse, TimeProvider.System, RunMode.Sample, ["dortmund_social_indicators"], manifest.Pipelines);
            using var stages = new RunStages(manifest, options, warehouse, ledger, TimeProvider.System, null, null, CancellationToken.None);
            sources = stages.LoadSources([manifest.Pipeline("dortmund_social_indicators")]);
        }
        var outcome = sources.Outcomes.Single().Outcome;
        Assert.That(outcome.Status, Is.EqualTo(SourceStatus.Failed));
        Assert.That(outcome.Message, Does.StartWith($"{Pipeline}, line {SampleLine}: sample '{GoodSample}' leads to /etc/passwd"));
        Assert.That(outcome.Message, Does.Not.Contain("root:"));
        Assert.That(Directory.GetFiles(Path.Combine(repo.Data, "landing"), "*", SearchOption.AllDirectories), Has.Length.EqualTo(landed), "nothing landed");
    }
}
