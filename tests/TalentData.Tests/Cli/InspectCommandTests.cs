using Dapper;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// <c>talentdata inspect</c> through the CLI entry point. The drafts it writes for the five real Regionalstatistik files
/// are loaded as new sources, unedited, in one run of only those pipelines: nothing is quarantined, and raw and staging
/// hold the publisher's Dortmund values (sample-data/realdata/README.md).
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class InspectCommandTests
{
    /// <summary>The five real files, each with the id its draft is loaded under (new ids, beside the committed sources).</summary>
    static readonly (string Sample, string Id)[] RealFiles =
    [
        ("regionalstatistik_schools/21111-01-03-4.csv", "inspected_schools"),
        ("regionalstatistik_vocational_leavers/21121-02-02-4.csv", "inspected_vocational_leavers"),
        ("regionalstatistik_school_leavers/21111-02-06-4.csv", "inspected_school_leavers"),
        ("regionalstatistik_unemployment/13211-02-05-4.csv", "inspected_unemployment"),
        ("regionalstatistik_population/12411-01-01-4_flat.zip", "inspected_population"),
    ];

    /// <summary>The other two formats, in the same run: an Opendatasoft export and a BA table (its entity is named after the file).</summary>
    static readonly (string Sample, string Id)[] OtherFormats =
    [
        ("dortmund_population/residents.csv", "inspected_residents"),
        ("ba_training_market/ausbildungsmarkt.csv", "inspected_training_market"),
    ];

    RepoCopy copy = null!;
    TalentData.Running.RunReport report = null!;
    TalentData.Warehouse.Warehouse work = null!;
    readonly List<(int Code, string Output)> inspections = [];

    static (int Code, string Stdout, string Stderr) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [OneTimeSetUp]
    public void InspectAndLoadTheFiveRealFiles()
    {
        copy = new RepoCopy();
        foreach (var (sample, id) in RealFiles.Concat(OtherFormats))
        {
            var (code, stdout, stderr) = Cli("inspect", copy.Sample(sample), "--out", copy.Root, "--id", id);
            inspections.Add((code, stdout + stderr));
        }
        report = copy.Run([.. RealFiles.Concat(OtherFormats).Select(f => f.Id)]);
        work = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(copy.Data, "warehouse", "work.duckdb"));
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        work?.Dispose();
        copy?.Dispose();
    }

    [Test]
    public void Drafts_OfTheFiveRealFiles_LoadUnchangedWithoutQuarantine()
    {
        Assert.That(inspections.Select(i => i.Code), Is.All.Zero, string.Join("\n", inspections.Select(i => i.Output)));
        var sources = report.Sources.Where(s => s.SourceId.StartsWith("inspected_", StringComparison.Ordinal)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sources.Select(s => s.SourceId), Is.EquivalentTo(RealFiles.Concat(OtherFormats).Select(f => f.Id)));
            foreach (var s in sources)
            {
                Assert.That(s.Status, Is.EqualTo("loaded"), $"{s.SourceId}: {s.Message}");
                Assert.That(s.RowsQuarantined, Is.Zero, s.SourceId);
                Assert.That(s.RowsLoaded, Is.GreaterThan(0), s.SourceId);
            }
            Assert.That(work.Connection.ExecuteScalar<long>("select count(*) from ops.quarantine where source_id like 'inspected_%'"), Is.Zero);
            // The staging drafts build: every one is a view over its raw table.
            foreach (var (_, id) in RealFiles)
                Assert.That(report.Models.Single(m => m.Model.Name == $"stg_{id}__kreise").Status, Is.EqualTo("built"), id);
        }
    }

    [Test]
    public void Drafts_OfAnOpendatasoftExportAndABaTable_LoadUnchanged()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Models.Single(m => m.Model.Name == "stg_inspected_residents__residents").Status, Is.EqualTo("built"));
            Assert.That(report.Models.Single(m => m.Model.Name == "stg_inspected_training_market__ausbildungsmarkt").Status, Is.EqualTo("built"));
            Assert.That(work.Connection.ExecuteScalar<long>("select count(*) from staging.stg_inspected_residents__residents"), Is.EqualTo(10416));
            // Area keys stay text: "010" is no number.
            Assert.That(work.Connection.ExecuteScalar<string>("select min(statistischer_bezirk_nr) from staging.stg_inspected_residents__residents"), Is.EqualTo("000"));
            Assert.That(work.Connection.ExecuteScalar<double?>("""
                select value from staging.stg_inspected_training_market__ausbildungsmarkt
                where section_label = 'Agentur für Arbeit Dortmund' and row_label = 'Gemeldete Bewerber/innen' and column_header = '2023/24'
                """), Is.EqualTo(4734), "thousands dot 4.734 read as 4734");
        }
    }

    double? Staged(string id, string where) =>
        work.Connection.QuerySingle<double?>($"select value from staging.stg_{id}__kreise where region_code = '05913' and {where}");

    [Test]
    public void Schools_DortmundGymnasien_16Schools14945Pupils()
    {
        const string Schools = "column_header = 'Allgemeinbildende Schulen /  /  / Anzahl' and label_1 = 'Gymnasien'";
        const string Pupils = "column_header = 'Schülerinnen und Schüler an allgemeinbildenden Schulen / Geschlecht / Insgesamt / Anzahl' and label_1 = 'Gymnasien'";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Staged("inspected_schools", Schools), Is.EqualTo(16));
            Assert.That(Staged("inspected_schools", Pupils), Is.EqualTo(14945));
            Assert.That(work.Connection.ExecuteScalar<string>(
                $"select value_text from raw.inspected_schools__kreise where region_code = '05913' and label_1 = 'Insgesamt' and {Schools.Replace("Gymnasien", "Insgesamt")}"),
                Is.EqualTo("x"), "a symbol stays as printed in raw");
            Assert.That(work.Connection.ExecuteScalar<long>("select count(distinct region_code) from raw.inspected_schools__kreise"), Is.EqualTo(538));
        }
    }

    [Test]
    public void VocationalLeavers_Dortmund_1755LeaversAnd210WithAhr()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Staged("inspected_vocational_leavers", "year = 2023 and column_header = 'Absolvierende/Abgehende / Geschlecht / Insgesamt /  /  / Anzahl'"),
                Is.EqualTo(1755));
            Assert.That(Staged("inspected_vocational_leavers",
                "year = 2023 and column_header = 'Absolvierende/Abgehende / davon mit / Allg. Hochschulreife-einschl.fachge.Hochschulreife / Geschlecht / Insgesamt / Anzahl'"),
                Is.EqualTo(210));
        }
    }

    [Test]
    public void SchoolLeaversAndUnemployment_Dortmund2023()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Staged("inspected_school_leavers",
                "year = 2023 and column_header = 'Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss / Insgesamt / Insgesamt'"), Is.EqualTo(5855));
            Assert.That(Staged("inspected_unemployment", "year = 2023 and column_header = 'Arbeitslose /  / Anzahl'"), Is.EqualTo(37080));
            Assert.That(Staged("inspected_unemployment", "year = 2023 and column_header = 'Arbeitslosenquote bez. abh. zivile Erwerbspers. /  / Prozent'"), Is.EqualTo(12.3));
        }
    }

    [Test]
    public void Population_DortmundFortschreibung_603462()
    {
        var rows = work.Connection.Query<(string, double?, DateTime)>(
            "select coalesce(ges_code, ''), value, reference_date from staging.stg_inspected_population__kreise where region_code = '05913'").ToList();
        Assert.That(rows, Is.EquivalentTo(new[]
        {
            ("", (double?)603462, new DateTime(2024, 12, 31)),
            ("GESM", (double?)297860, new DateTime(2024, 12, 31)),
            ("GESW", (double?)305602, new DateTime(2024, 12, 31)),
        }));
    }

    [Test]
    public void WithoutOut_PrintsTheFindingsThePipelineYamlAndTheStagingSql()
    {
        var (code, stdout, stderr) = Cli("inspect", Path.Combine(RepoPaths.SampleData, "regionalstatistik_schools", "21111-01-03-4.csv"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, stderr);
            Assert.That(stdout, Does.Contain("format         genesis_table_csv, table 21111-01-03-4")
                .And.Contain("encoding       windows-1252, without byte-order mark")
                .And.Contain("label columns  1")
                .And.Contain("area keys      538, e.g. DG, 01")
                .And.Contain("'x' 6,270×"));
            Assert.That(stdout, Does.Contain("==> pipelines/regionalstatistik_21111_01_03_4.yaml <==")
                .And.Contain("    sample: \"sample-data/regionalstatistik_schools/21111-01-03-4.csv\"")
                .And.Contain("      - header: \"Allgemeinbildende Schulen /  /  / Anzahl\""));
            Assert.That(stdout, Does.Contain("==> sql/staging/regionalstatistik_21111_01_03_4/stg_regionalstatistik_21111_01_03_4__kreise.sql <==")
                .And.Contain("select * from raw.regionalstatistik_21111_01_03_4__kreise"));
        }
    }

    [Test]
    public void Out_IntoAProjectWhereTheSourceExists_RefusesAndWritesNothing()
    {
        var (code, _, stderr) = Cli("inspect", copy.Sample(RealFiles[0].Sample), "--out", copy.Root, "--id", RealFiles[0].Id);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Does.Contain($"pipelines/{RealFiles[0].Id}.yaml").And.Contain("already exist").And.Contain("--id"));
        }
    }

    [Test]
    public void Out_WithAFileFromOutsideTheProject_CopiesItIntoSampleDataAndTheDraftNamesIt()
    {
        using var downloads = new TempDir();
        using var project = new TempDir();
        var file = Path.Combine(downloads.Path, "13211-02-05-4.csv");
        File.Copy(copy.Sample(RealFiles[3].Sample), file);
        var (code, stdout, stderr) = Cli("inspect", file, "--out", project.Path);
        var pipeline = Path.Combine(project.Path, "pipelines", "regionalstatistik_13211_02_05_4.yaml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, stderr);
            Assert.That(File.ReadAllBytes(Path.Combine(project.Path, "sample-data", "regionalstatistik_13211_02_05_4", "13211-02-05-4.csv")),
                Is.EqualTo(File.ReadAllBytes(file)), "the file is copied byte for byte");
            Assert.That(File.ReadAllText(pipeline), Does.Contain("sample: \"sample-data/regionalstatistik_13211_02_05_4/13211-02-05-4.csv\""));
            Assert.That(File.Exists(Path.Combine(project.Path, "sql", "staging", "regionalstatistik_13211_02_05_4", "stg_regionalstatistik_13211_02_05_4__kreise.sql")));
            Assert.That(File.Exists(Path.Combine(project.Path, "sql", "staging", "regionalstatistik_13211_02_05_4", "stg_regionalstatistik_13211_02_05_4__kreise.yaml")));
            Assert.That(stdout, Does.Contain("wrote    pipelines/regionalstatistik_13211_02_05_4.yaml").And.Not.Contain("==> "));
            // The core reads no staging model: the next step names the input view it needs.
            Assert.That(stdout, Does.Contain("sql/inputs/<what it gives>.sql selects from staging.stg_regionalstatistik_13211_02_05_4__kreise"));
            // The copied file is declared as the publisher's, so runs and the repository's provenance tests know it.
            var declared = TalentData.Fetching.SampleProvenance.Load(project.Path).ByPath("sample-data/regionalstatistik_13211_02_05_4/13211-02-05-4.csv");
            Assert.That(declared?.Synthetic, Is.False);
        }
    }

    [Test]
    public void BadId_ExitsOneNamingTheRule()
    {
        var (code, _, stderr) = Cli("inspect", copy.Sample(RealFiles[0].Sample), "--id", "Schools");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain("id 'Schools' must be snake_case"));
    }

    [Test]
    public void MissingFile_ExitsOneNamingTheFile()
    {
        var path = Path.Combine(copy.Root, "sample-data", "no-such-file.csv");
        var (code, stdout, stderr) = Cli("inspect", path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Does.StartWith("talentdata inspect: ").And.Contain(path).And.Contain("no such file"));
            Assert.That(stdout, Is.Empty);
        }
    }

    [Test]
    public void EmptyFile_ExitsOneNamingTheFile()
    {
        using var dir = new TempDir();
        var path = dir.File("empty.csv", "");
        var (code, _, stderr) = Cli("inspect", path);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Does.Contain(path).And.Contain("the file is empty (0 bytes)"));
    }

    [Test]
    public void UnknownFormat_ExitsOneNamingTheFileAndWhatItFound()
    {
        using var dir = new TempDir();
        var path = dir.File("export.csv", "Region;Wert\nDortmund;1\n");
        var (code, stdout, stderr) = Cli("inspect", path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.EqualTo(1));
            Assert.That(stderr, Does.Contain(path).And.Contain("line 1: unknown format").And.Contain("found 'Region;Wert'"));
            Assert.That(stdout, Is.Empty);
        }
    }
}
