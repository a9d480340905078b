using System.Text.Json.Nodes;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cities;

/// <summary>
/// One run of the synthetic second city, cities/musterstadt, from its folder alone through the command line (`run --city`,
/// then `publish --site --city`), shared by the tests below: it publishes its own datasets and atlas, names itself and not
/// Dortmund, and reports what it provides no inputs for as not configured.
/// </summary>
public class SecondCityTests
{
    static readonly string CityFolder = Path.Combine(RepoPaths.Root, "cities", "musterstadt");

    sealed class CityRun
    {
        public static readonly Lazy<CityRun> Shared = new(() => new CityRun(), LazyThreadSafetyMode.ExecutionAndPublication);

        readonly TempDir dir = new();
        public string Data => Path.Combine(dir.Path, "data");
        public string Site => Path.Combine(dir.Path, "site");
        public string Exports => Path.Combine(Data, "exports");
        public int RunCode { get; }
        public string RunOutput { get; }
        public int SiteCode { get; }
        public string SiteOutput { get; }

        CityRun()
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
            (RunCode, RunOutput) = Cli("run", "--city", CityFolder, "--data-dir", Data);
            (SiteCode, SiteOutput) = Cli("publish", "--site", Site, "--city", CityFolder, "--data-dir", Data);
        }

        static (int Code, string Output) Cli(params string[] args)
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var code = TalentData.Cli.Program.Run(args, stdout, stderr);
            return (code, stdout + "\n" + stderr);
        }
    }

    static CityRun Run => CityRun.Shared.Value;

    static readonly string[] Published =
        ["arbeitslose-statistische-bezirke", "bevoelkerung-statistische-bezirke", "schulabgaenge-abschluss-stadtbezirke", "talentindikatoren-bezirke"];

    /// <summary>Names of Dortmund's districts that are no part of a Musterstadt name ("City" is a word in English pages).</summary>
    static IReadOnlyList<string> DortmundDistrictNames()
    {
        string[] Column(string file, int column) =>
            [.. File.ReadAllLines(Path.Combine(RepoPaths.Sql, "reference", file)).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[column])];
        return [.. Column("stadtbezirke.csv", 1).Concat(Column("stat_bezirke.csv", 2)).Where(n => n != "City").Distinct()];
    }

    [Test]
    public void Run_FromTheCityFolder_PublishesItsDatasetsIntoItsOwnDataFolder()
    {
        Assert.That(Run.RunCode, Is.Zero, Run.RunOutput);
        Assert.That(Directory.GetDirectories(Run.Exports).Select(Path.GetFileName), Is.SupersetOf(Published), Run.RunOutput);
        foreach (var slug in Published)
            Assert.That(File.Exists(Path.Combine(Run.Exports, slug, "latest", "data.csv")), Is.True, slug);
    }

    [Test]
    public void Run_DatasetsWithoutInputs_AreReportedNotConfiguredInTheSummaryAndTheLedger_NotPublished()
    {
        Assert.That(Run.RunCode, Is.Zero, Run.RunOutput);
        Assert.That(Run.RunOutput, Does.Contain("uebergaenge-weiterfuehrende-schulen: not configured for Musterstadt: no inputs.school_transitions"));
        Assert.That(Run.RunOutput, Does.Contain("sozialindikatoren-stadtbezirke: not configured for Musterstadt: no inputs.social_indicators"));
        Assert.That(Directory.Exists(Path.Combine(Run.Exports, "uebergaenge-weiterfuehrende-schulen")), Is.False, "nothing published for it");
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(Run.Data, "warehouse", "talentdata.duckdb"));
        var rows = Dapper.SqlMapper.Query<(string Dataset, string Status, string Reason)>(warehouse.Connection,
            "select dataset, status, reason from ops.publications where status = $status order by dataset", new { status = PublicationStatus.NotConfigured }).ToList();
        Assert.That(rows.Select(r => r.Dataset), Is.SupersetOf(new[] { "angebote-orte", "ausbildungsmarkt-dortmund", "sozialindikatoren-stadtbezirke", "staedtevergleich", "uebergaenge-weiterfuehrende-schulen" }));
        Assert.That(rows.Single(r => r.Dataset == "ausbildungsmarkt-dortmund").Reason, Is.EqualTo("not configured for Musterstadt: no inputs.training_market"));
        var skippedChecks = Dapper.SqlMapper.Query<string>(warehouse.Connection,
            "select error from ops.run_steps where target = 'assert_training_market_parts_within_totals'").ToList();
        Assert.That(skippedChecks, Has.Some.EqualTo("not configured for Musterstadt: no inputs.training_market"), "the check of an unbuilt model is skipped with the reason");
    }

    [Test]
    public void Exports_NameTheCitysKeyAndName_NeverDortmunds()
    {
        Assert.That(Run.RunCode, Is.Zero, Run.RunOutput);
        var files = Published.SelectMany(slug => new[] { "data.csv", "data.jsonstat.json", "datapackage.json" }.Select(f => Path.Combine(Run.Exports, slug, "latest", f)))
            .Append(Path.Combine(Run.Exports, DcatWriter.CatalogFile)).ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var file in files)
            {
                var text = File.ReadAllText(file);
                Assert.That(text, Does.Not.Contain("05913").And.Not.Contain("Dortmund"), Path.GetRelativePath(Run.Exports, file));
            }
            Assert.That(File.ReadAllText(Path.Combine(Run.Exports, "schulabgaenge-abschluss-stadtbezirke", "latest", "data.csv")), Does.Contain(",stadt,09999000,Musterstadt,"));
            var package = JsonNode.Parse(File.ReadAllText(Path.Combine(Run.Exports, "talentindikatoren-bezirke", "latest", "datapackage.json")))!;
            Assert.That(package["title"]!.GetValue<string>(), Does.Contain("Musterstadts Stadtbezirke"));
            Assert.That(package["synthetic"]!.GetValue<bool>(), Is.True, "every file of the city is marked synthetic");
            Assert.That(File.ReadAllText(Path.Combine(Run.Exports, DcatWriter.CatalogFile)), Does.Contain("09999000").And.Contain("Musterstadt"));
        }
    }

    [Test]
    public void Exports_PassTheSameValidatorsAsDortmunds()
    {
        Assert.That(Run.RunCode, Is.Zero, Run.RunOutput);
        // Taken before the scope: without ../shared/validators (a user's clone) the test is skipped, which NUnit does not
        // allow inside a multiple-assertion scope.
        var jsonStatSchema = Validators.JsonStatSchema;
        var dataPackageSchema = Validators.DataPackageSchema;
        using (Assert.EnterMultipleScope())
            foreach (var slug in Published)
            {
                var jsonStat = File.ReadAllBytes(Path.Combine(Run.Exports, slug, "latest", "data.jsonstat.json"));
                Assert.That(Validators.SchemaErrors(jsonStatSchema, jsonStat), Is.Empty, slug);
                Assert.That(JsonStatRules.Violations(JsonNode.Parse(jsonStat)!), Is.Empty, slug);
                Assert.That(Validators.SchemaErrors(dataPackageSchema, File.ReadAllBytes(Path.Combine(Run.Exports, slug, "latest", "datapackage.json"))), Is.Empty, slug);
            }
    }

    [Test]
    public void Disclosure_LeavesMostCellsOfTheSyntheticCountsPublished()
    {
        Assert.That(Run.RunCode, Is.Zero, Run.RunOutput);
        foreach (var slug in new[] { "bevoelkerung-statistische-bezirke", "arbeitslose-statistische-bezirke", "schulabgaenge-abschluss-stadtbezirke" })
        {
            var rows = File.ReadAllLines(Path.Combine(Run.Exports, slug, "latest", "data.csv")).Skip(1).ToList();
            var suppressed = rows.Count(r => r.Split(',')[^1] == ".");
            Assert.That(suppressed, Is.LessThan(rows.Count / 10), $"{slug}: {suppressed} of {rows.Count} rows suppressed");
        }
    }

    [Test]
    public void Site_PagesNameTheCity_AndNoDortmundDistrict()
    {
        Assert.That(Run.SiteCode, Is.Zero, Run.SiteOutput);
        var pages = Directory.GetFiles(Run.Site, "*.html", SearchOption.AllDirectories);
        Assert.That(pages, Has.Length.GreaterThan(20));
        Assert.That(File.ReadAllText(Path.Combine(Run.Site, "index.html")), Does.Contain("Talent-Atlas Musterstadt"));
        var dortmund = DortmundDistrictNames().Append("Dortmund").ToList();
        var found = pages.SelectMany(p => dortmund.Where(File.ReadAllText(p).Contains).Select(n => $"{Path.GetRelativePath(Run.Site, p)}: {n}")).Take(10).ToList();
        Assert.That(found, Is.Empty);
        Assert.That(Directory.GetFiles(Run.Site, "*.html", SearchOption.AllDirectories).Any(p => File.ReadAllText(p).Contains("Am Beispielpark")), Is.True,
            "a statistischer Bezirk of Musterstadt has its page");
    }

    [Test]
    public void Manifest_OfTheCityFolder_TakesItsOwnSourcesAndLayersAndTheSharedCore()
    {
        var manifest = ProjectManifest.Load(CityFolder, TalentData.Loading.ReaderFormats.All);
        Assert.That(manifest.Pipelines.Select(p => p.Id), Is.EquivalentTo(new[] { "musterstadt_population", "musterstadt_unemployment", "musterstadt_school_leavers" }),
            "the city's pipelines replace the repository's: no Dortmund source leaks in");
        Assert.That(manifest.Models.Where(m => m.Schema is "staging" or "inputs").Select(m => m.File), Is.All.StartsWith("cities/musterstadt/sql/"));
        Assert.That(manifest.Models.Where(m => m.Schema is "core" or "marts").Select(m => m.File), Is.All.StartsWith("sql/"));
        Assert.That(manifest.Sql.Reference("stadtbezirke.csv"), Does.StartWith(Path.Combine(CityFolder, "sql", "reference")));
        Assert.That(manifest.Sql.Reference("symbols.csv"), Does.StartWith(Path.Combine(RepoPaths.Sql, "reference")), "a code list the city has not is the repository's");
        Assert.That(manifest.NotConfiguredModels.Single(m => m.Name == "core.fct_school_transitions").Reason, Is.EqualTo("not configured for Musterstadt: no inputs.school_transitions"));
        var indicators = manifest.Models.Single(m => m.QualifiedName == "core.int_indicator_inputs");
        Assert.That(indicators.References, Is.EqualTo(new[] { "core.int_indicator_inputs__demography", "core.int_indicator_inputs__official_unemployment",
            "core.int_indicator_inputs__school_leavers", "core.int_indicator_inputs__unemployment" }), "the union of the parts the city builds");
        Assert.That(indicators.Sql, Does.Not.Contain("__transitions").And.Contain("union all by name"));
    }

    [Test]
    public void Manifest_CityFolderWithABrokenCityYaml_NamesTheFile()
    {
        using var repo = new RepoCopy();
        var city = Path.Combine(repo.Root, "cities", "musterstadt");
        RepoCopy.CopyDirectory(CityFolder, city);
        var yaml = Path.Combine(city, "config", "city.yaml");
        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("key: \"09999000\"", "key: \"9999\""));
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(city, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Does.StartWith("cities/musterstadt/config/city.yaml: key must be the 8-digit Amtlicher Gemeindeschlüssel, found '9999'"));

        File.WriteAllText(yaml, File.ReadAllText(yaml).Replace("key: \"9999\"", "key: \"09999000\"\nmayor: nobody"));
        var unknown = Assert.Throws<PipelineException>(() => ProjectManifest.Load(city, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(unknown.Message, Does.StartWith("cities/musterstadt/config/city.yaml, line "));
    }

    [Test]
    public void Manifest_CityStagingModelBroken_NamesTheCitysFile()
    {
        using var repo = new RepoCopy();
        var city = Path.Combine(repo.Root, "cities", "musterstadt");
        RepoCopy.CopyDirectory(CityFolder, city);
        File.WriteAllText(Path.Combine(city, "sql", "inputs", "residents.sql"), "select * from staging.stg_musterstadt_population__residents; select 1");
        var ex = Assert.Throws<PipelineException>(() => ProjectManifest.Load(city, TalentData.Loading.ReaderFormats.All))!;
        Assert.That(ex.Message, Does.StartWith("cities/musterstadt/sql/inputs/residents.sql"));
    }
}
