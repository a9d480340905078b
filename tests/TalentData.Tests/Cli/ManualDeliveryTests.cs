using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using TalentData.Project;
using TalentData.Running;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// `talentdata run --pipeline ID --file PATH`: a downloaded file loaded without editing committed configuration,
/// through the CLI entry point, over a copy of the shared good run. The file lives outside the repository and the
/// data folder, as a download would.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class ManualDeliveryTests
{
    const string Population = "dortmund_population";

    static (int ExitCode, string Output) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(args, stdout, stderr);
        return (code, stdout + stderr.ToString());
    }

    /// <summary>A later vintage of the population file holding 2024 only, every count one higher, written to <paramref name="path"/>.</summary>
    static string Write2024Delivery(string path)
    {
        var lines = File.ReadAllText(Path.Combine(RepoPaths.SampleData, Population, "residents.csv"), Encoding.UTF8).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var only2024 = lines.Skip(1).Where(l => l.StartsWith("2024-12-31;", StringComparison.Ordinal))
            .Select(l => l[..(l.LastIndexOf(';') + 1)] + (long.Parse(l[(l.LastIndexOf(';') + 1)..], CultureInfo.InvariantCulture) + 1));
        File.WriteAllText(path, string.Join("\r\n", lines.Take(1).Concat(only2024)) + "\r\n", new UTF8Encoding(true));
        return path;
    }

    static Dictionary<int, double> CityPopulation(string snapshot)
    {
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(snapshot);
        return w.Connection.Query<(int Year, double Value)>(
            "select year, value from marts.indicator_values where indicator_id = 'population_total' and area_level = 'stadt' order by year").ToDictionary(r => r.Year, r => r.Value);
    }

    [Test]
    public void RunFile_NewVintage_LoadsItAsManualDeliveryAndALaterPlainRunKeepsIt()
    {
        using var copy = new RepoCopy();
        GoodRun.Instance.CopyTo(copy.Data);
        using var downloads = new TempDir();
        var file = Write2024Delivery(Path.Combine(downloads.Path, "bevoelkerung 2024.csv"));
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        var pipelineYaml = File.ReadAllBytes(Path.Combine(RepoPaths.Pipelines, Population + ".yaml"));

        var (code, text) = Cli("run", "--pipeline", Population, "--file", file, "--data-dir", copy.Data);

        Assert.That(code, Is.Zero, text);
        var runId = text.Split('\n').Single(l => l.StartsWith("run ", StringComparison.Ordinal)).Split(' ')[1].TrimEnd(':');
        var totals = CityPopulation(copy.Snapshot);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("1,736 rows from the manual delivery " + file));
            Assert.That(totals.Keys, Is.EqualTo(new[] { 2019, 2020, 2021, 2022, 2023, 2024 }), "the years the file does not deliver are kept");
            Assert.That(totals[2023], Is.EqualTo(612065));
            Assert.That(totals[2024], Is.EqualTo(613487 + 62 * 28), "one more per cell: 62 districts x 28 cells");
            Assert.That(File.ReadAllBytes(Path.Combine(RepoPaths.Pipelines, Population + ".yaml")), Is.EqualTo(pipelineYaml), "no configuration edited");
        }

        // The landing manifest: a manual delivery, with the original path and the hash of its bytes.
        var manifestLine = File.ReadLines(Path.Combine(copy.Data, "landing", Population, "manifest.jsonl")).Last();
        using (var json = JsonDocument.Parse(manifestLine))
        {
            var root = json.RootElement;
            using (Assert.EnterMultipleScope())
            {
                Assert.That(root.GetProperty("origin").GetString(), Is.EqualTo("manual"));
                Assert.That(root.GetProperty("original_path").GetString(), Is.EqualTo(file));
                Assert.That(root.GetProperty("sha256").GetString(), Is.EqualTo(sha));
                Assert.That(File.ReadAllBytes(Path.Combine(copy.Data, "landing", Population, root.GetProperty("path").GetString()!)), Is.EqualTo(File.ReadAllBytes(file)));
            }
        }
        // The ledger: the load says it was a manual delivery of that file.
        using (var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(copy.Data, "warehouse", "work.duckdb")))
        {
            var load = w.Connection.QuerySingle<(string RunId, string Origin, string OriginPath, string Sha, string Periods)>(
                "select run_id, origin, origin_path, sha256, periods from ops.source_loads where source_id = $s order by loaded_at desc limit 1", new { s = Population });
            Assert.That(load, Is.EqualTo((runId, "manual", file, sha, "2024")));
            Assert.That(w.Connection.ExecuteScalar<string>("select original_path from ops.landed_files where sha256 = $sha", new { sha }), Is.EqualTo(file));
        }

        // A later plain run: the committed sample is the one loaded before, so the manual delivery stands. It is not
        // mistaken for the run before the delivery: the sources are read, and the publication kept is the delivery's.
        var (plainCode, plain) = Cli("run", "--data-dir", copy.Data);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(plainCode, Is.Zero, plain);
            Assert.That(plain, Does.Not.Contain("sources: not read"), "the fingerprint of the manual run holds the delivered file");
            Assert.That(plain, Does.Contain($"{Population} raw.{Population}__residents unchanged"));
            Assert.That(plain, Does.Contain($"nothing changed since run {runId}"));
            Assert.That(CityPopulation(copy.Snapshot)[2024], Is.EqualTo(613487 + 62 * 28), "the delivered 2024 figures stay");
        }

        var (statusCode, status) = Cli("status", "--data-dir", copy.Data);
        Assert.That(statusCode, Is.Zero, status);
        Assert.That(status, Does.Contain($"run {runId}: 1,736 rows, 0 quarantined, periods 2024, from manual delivery {file}"));
    }

    [Test]
    public void RunFile_SameFileAgain_IsUnchanged()
    {
        using var copy = new RepoCopy();
        GoodRun.Instance.CopyTo(copy.Data);
        var sample = Path.Combine(RepoPaths.SampleData, Population, "residents.csv");
        // The committed sample handed over as a file: the same bytes the last load read.
        var report = new PipelineRunner(copy.Options(Population) with { Manual = new ManualDelivery(sample) }, TimeProvider.System).Run();
        Assert.That(report.Sources.Single().Status, Is.EqualTo(SourceStatus.Unchanged), report.Error);
    }

    [Test]
    public void RunFile_WithoutPipeline_IsAUsageErrorNamingWhatIsMissing()
    {
        using var data = new TempDir();
        var (code, text) = Cli("run", "--file", "/tmp/some.csv", "--data-dir", data.Path);
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("--file /tmp/some.csv needs exactly one --pipeline ID").And.Contain("found none"));
        Assert.That(Directory.EnumerateFileSystemEntries(data.Path), Is.Empty, "nothing written");
    }

    [Test]
    public void RunFile_TwoPipelines_IsAUsageError()
    {
        var (code, text) = Cli("run", "--pipeline", Population, "--pipeline", "dortmund_unemployment", "--file", "/tmp/some.csv");
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain($"found {Population}, dortmund_unemployment"));
    }

    [Test]
    public void RunEntity_WithoutFile_IsAUsageError()
    {
        var (code, text) = Cli("run", "--pipeline", Population, "--entity", "residents");
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(text, Does.Contain("--entity names the entity a --file holds"));
    }

    [Test]
    public void RunFile_MissingFile_FailsNamingThePathBeforeAnythingIsWritten()
    {
        using var data = new TempDir();
        var missing = Path.Combine(data.Path, "downloads", "nope.csv");
        var (code, text) = Cli("run", "--pipeline", Population, "--file", missing, "--data-dir", Path.Combine(data.Path, "data"));
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain($"--file {missing}: does not exist; expected the downloaded file to load for pipeline {Population}."));
        Assert.That(Directory.Exists(Path.Combine(data.Path, "data")), Is.False, "nothing written");
    }

    [Test]
    public void RunFile_UnknownPipeline_FailsNamingTheKnownOnes()
    {
        using var data = new TempDir();
        var file = data.File("delivery.csv", "x;y\n1;2\n");
        var (code, text) = Cli("run", "--pipeline", "dortmund_typo", "--file", file, "--data-dir", Path.Combine(data.Path, "data"));
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain("No pipeline 'dortmund_typo'").And.Contain(Population));
    }

    [Test]
    public void RunFile_UnknownEntity_FailsListingTheEntitiesWithoutStartingARun()
    {
        using var data = new TempDir();
        var file = data.File("delivery.csv", "x;y\n1;2\n");
        var folder = Path.Combine(data.Path, "data");
        var (code, text) = Cli("run", "--pipeline", Population, "--file", file, "--entity", "bezirke", "--data-dir", folder);
        Assert.That(code, Is.EqualTo(1), text);
        Assert.That(text, Does.Contain($"pipelines/{Population}.yaml has no entity 'bezirke'. Its entities: residents."));
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(folder, "warehouse", "work.duckdb"));
        Assert.That(w.Connection.ExecuteScalar<long>("select count(*) from ops.runs"), Is.Zero, "no run recorded for a mistyped command");
    }

    [Test]
    public void TableIn_PipelineWithSeveralEntities_RequiresEntityAndListsThem()
    {
        using var repo = new RepoCopy();
        var yaml = Path.Combine(repo.Root, "pipelines", "dortmund_social_indicators.yaml");
        var text = File.ReadAllText(yaml);
        var entity = text[text.IndexOf("  - entity: stadtbezirke", StringComparison.Ordinal)..];
        File.WriteAllText(yaml, text.TrimEnd() + "\n" + entity.Replace("entity: stadtbezirke", "entity: stadtbezirke_vorjahr").TrimEnd() + "\n");
        var manifest = ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All);
        var pipeline = manifest.Pipeline("dortmund_social_indicators");

        var unnamed = Assert.Throws<PipelineException>(() => new ManualDelivery("/downloads/sozial.csv").TableIn(manifest, pipeline));
        var unknown = Assert.Throws<PipelineException>(() => new ManualDelivery("/downloads/sozial.csv", "bezirke").TableIn(manifest, pipeline));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(unnamed!.Message, Is.EqualTo("pipelines/dortmund_social_indicators.yaml declares 2 entities (stadtbezirke, stadtbezirke_vorjahr); " +
                                                     "name the one /downloads/sozial.csv holds with --entity NAME."));
            Assert.That(unknown!.Message, Is.EqualTo("pipelines/dortmund_social_indicators.yaml has no entity 'bezirke'. Its entities: stadtbezirke, stadtbezirke_vorjahr."));
            Assert.That(new ManualDelivery("/downloads/sozial.csv", "stadtbezirke_vorjahr").TableIn(manifest, pipeline).Name,
                Is.EqualTo("dortmund_social_indicators__stadtbezirke_vorjahr"));
        }
    }
}
