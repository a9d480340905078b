using TalentData.Fetching;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Fetching;

/// <summary>Every bundled file says whether it is the publisher's or synthetic, and a bad declaration fails clearly.</summary>
public class SampleProvenanceTests
{
    [Test]
    public void Repository_EveryFileOfEverySampleFolderIsDeclared()
    {
        var provenance = SampleProvenance.Load(RepoPaths.Root);
        var pipelines = PipelineCatalog.Load(RepoPaths.Pipelines, TalentData.Loading.ReaderFormats.All).All;
        using (Assert.EnterMultipleScope())
        {
            foreach (var entity in pipelines.SelectMany(p => p.Entities))
                Assert.That(provenance.ByPath(entity.Sample), Is.Not.Null, $"{entity.Sample} has no entry in its folder's {SampleProvenance.FileName}");
            foreach (var pipeline in pipelines)
            foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.SampleData, pipeline.Id)).Select(Path.GetFileName))
                if (file is not ("README.md" or SampleProvenance.FileName))
                    Assert.That(provenance.ByPath($"sample-data/{pipeline.Id}/{file}"), Is.Not.Null, $"sample-data/{pipeline.Id}/{file} is not declared");
        }
    }

    [Test]
    public void Repository_OnlyTheTwoGenesisFilesHaveRealParts_AndTheirRealYearIs2023()
    {
        var provenance = SampleProvenance.Load(RepoPaths.Root);
        Assert.That(provenance.Files.Where(f => f.RealPeriods.Count > 0).Select(f => (f.Path, string.Join(",", f.RealPeriods))), Is.EquivalentTo(new[]
        {
            ("sample-data/regionalstatistik_school_leavers/21111-02-06-4.csv", "2023"),
            ("sample-data/regionalstatistik_unemployment/13211-02-05-4.csv", "2023"),
        }));
    }

    [Test]
    public void Repository_OnlyTheWholeRealRegionalstatistikFilesAreNotSynthetic_AndFeedTheStaedtevergleich()
    {
        var provenance = SampleProvenance.Load(RepoPaths.Root);
        var manifest = RepoManifest.Instance;
        var real = new[]
        {
            "sample-data/regionalstatistik_population/12411-01-01-4_flat.zip",
            "sample-data/regionalstatistik_schools/21111-01-03-4.csv",
            "sample-data/regionalstatistik_vocational_leavers/21121-02-02-4.csv",
        };
        Assert.That(provenance.Files.Where(f => !f.Synthetic).Select(f => f.Path), Is.EquivalentTo(real));
        // The Städtevergleich publishes them for every Kreis; its artefacts credit the statistical offices for them without
        // the sample restriction and describe them as the publisher's values (SampleMarkingTests).
        var comparison = manifest.Datasets.Single(d => d.Dataset.Dataset == "staedtevergleich").RawTables.Select(t => t.Entity.Sample).ToHashSet();
        Assert.That(comparison, Is.SupersetOf(real));
    }

    [Test]
    public void Load_DeclaredFileMissing_NamesTheDeclarationAndTheFile()
    {
        using var dir = new TempDir();
        dir.File("sample-data/src/provenance.yaml", "files:\n  - file: gone.csv\n    synthetic: true\n    origin: made up\n");
        var error = Assert.Throws<PipelineException>(() => SampleProvenance.Load(dir.Path))!;
        Assert.That(error.Message, Does.Contain("sample-data/src/provenance.yaml").And.Contain("'gone.csv'").And.Contain("does not exist"));
    }

    [Test]
    public void Load_UnknownKey_NamesFileAndLine()
    {
        using var dir = new TempDir();
        dir.File("sample-data/src/data.csv", "a;b\r\n");
        dir.File("sample-data/src/provenance.yaml", "files:\n  - file: data.csv\n    synthetic: true\n    real: [2023]\n    origin: made up\n");
        var error = Assert.Throws<PipelineException>(() => SampleProvenance.Load(dir.Path))!;
        Assert.That(error.Message, Does.Contain("sample-data/src/provenance.yaml, line 4"));
    }

    [Test]
    public void Load_RealPeriodsOnAFileThatIsNotSynthetic_IsAContradiction()
    {
        using var dir = new TempDir();
        dir.File("sample-data/src/data.csv", "a;b\r\n");
        dir.File("sample-data/src/provenance.yaml", "files:\n  - file: data.csv\n    synthetic: false\n    real_periods: [\"2023\"]\n    origin: real\n");
        var error = Assert.Throws<PipelineException>(() => SampleProvenance.Load(dir.Path))!;
        Assert.That(error.Message, Does.Contain("real_periods"));
    }

    [Test]
    public void Load_KnowsAFileByContent()
    {
        using var dir = new TempDir();
        var path = dir.File("sample-data/src/data.csv", "a;b\r\n1;2\r\n");
        dir.File("sample-data/src/provenance.yaml", "files:\n  - file: data.csv\n    synthetic: true\n    origin: made up\n");
        var provenance = SampleProvenance.Load(dir.Path);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        Assert.That(provenance.BySha256(sha)?.Path, Is.EqualTo("sample-data/src/data.csv"));
        Assert.That(provenance.BySha256(new string('0', 64)), Is.Null);
    }
}
