using System.Text;
using Dapper;
using TalentData.Running;
using TalentData.Tests.Crash;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// One run into an empty data folder with two broken sources — the population file with two malformed lines (rows
/// set aside) and an empty social-indicators file (the source fails) — and what it leaves: a snapshot with everything
/// else, and `status` showing what each raw table holds, the never-loaded source with its error, and the rows set
/// aside with file, line and reason.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class FailingSourceTests
{
    const string Population = "dortmund_population", Social = "dortmund_social_indicators";

    RepoCopy copy = null!;
    RunReport report = null!;

    [OneTimeSetUp]
    public void RunWithTwoBrokenSources()
    {
        copy = new RepoCopy();
        var population = copy.Sample("dortmund_population/residents.csv");
        var lines = File.ReadAllText(population).Split("\r\n").ToList();
        lines[5] = string.Join(';', lines[5].Split(';').Take(9));            // line 6: a field missing
        lines[7] = lines[7][..lines[7].LastIndexOf(';')] + ";zwölf";         // line 8: not a number
        File.WriteAllText(population, string.Join("\r\n", lines), new UTF8Encoding(true));
        File.WriteAllText(copy.Sample("dortmund_social_indicators/sozialindikatoren.csv"), "");
        report = copy.Run();
    }

    [OneTimeTearDown]
    public void CleanUp() => copy.Dispose();

    static (int ExitCode, string Output) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(args, stdout, stderr);
        return (code, stdout + stderr.ToString());
    }

    string Query(string sql)
    {
        var (code, text) = Cli("query", sql, "--format", "csv", "--data-dir", copy.Data);
        Assert.That(code, Is.Zero, text);
        return text.Replace("\r", "").Split('\n')[1];
    }

    [Test]
    public void Run_OneSourceFailingInAnEmptyFolder_LeavesASnapshotWithEverythingThatLoaded()
    {
        Assert.That(report.Succeeded, Is.False);
        Assert.That(report.Sources.Single(s => s.SourceId == Social).Status, Is.EqualTo("failed"));
        Assert.That(File.Exists(copy.Snapshot), Is.True, "the analysts' snapshot exists although a source failed");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Query("select count(*) from raw.dortmund_unemployment__unemployed"), Is.EqualTo("2232"), "a source that loaded is in it");
            Assert.That(Query("select cast(value as bigint) from marts.indicator_values where indicator_id = 'population_total' and area_level = 'stadt' and year = 2023"),
                Is.EqualTo("612065"), "the models built from what loaded are in it");
            Assert.That(Query($"select count(*) from raw.{Social}__stadtbezirke"), Is.EqualTo("0"), "the failed source is empty, as it never loaded");
            Assert.That(Query($"select status || ': ' || error from ops.runs where run_id = '{report.RunId}'"), Does.StartWith("\"failed: source dortmund_social_indicators/stadtbezirke: ").And.Contain("the file is empty"),
                "the snapshot's ledger says the run failed and why");
            Assert.That(Query($"select count(*) from ops.quarantine where run_id = '{report.RunId}'"), Is.EqualTo("2"), "the rows set aside are readable by query");
        }
    }

    [Test]
    public void Status_AfterTheFailedRun_ShowsEveryConfiguredSourceWhatItHoldsAndTheNeverLoadedOneWithItsError()
    {
        var (code, text) = Cli("status", "--data-dir", copy.Data);
        Assert.That(code, Is.Zero, text);
        using (Assert.EnterMultipleScope())
        {
            foreach (var id in Directory.GetFiles(RepoPaths.Pipelines, "*.yaml").Select(Path.GetFileNameWithoutExtension))
                Assert.That(text, Does.Contain($"\n  {id}/"), $"{id} is listed");
            Assert.That(text, Does.Match($@"\n  {Social}/stadtbezirke +NEVER LOADED \(raw\.{Social}__stadtbezirke is empty\)\n +last attempt failed \(run {report.RunId}, [^)]+\): .*landing/{Social}/[0-9a-f]{{64}}\.csv: the file is empty"));
            Assert.That(text, Does.Contain($"{Population}/residents                     10,414 rows  holds 6 periods (jahr): 2019 1,734, 2020 1,736, 2021 1,736, 2022 1,736, 2023 1,736, 2024 1,736"),
                "rows per period of what the table holds");
            Assert.That(text, Does.Contain($"last load ").And.Contain("10,414 rows, 2 quarantined, periods 2019,2020,2021,2022,2023,2024, from sample-data/dortmund_population/residents.csv (sample)"));
        }
    }

    [Test]
    public void StatusSource_RowsSetAside_ShowsFileLineAndReason()
    {
        var (code, text) = Cli("status", "--source", Population, "--data-dir", copy.Data);
        Assert.That(code, Is.Zero, text);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain($"rows set aside by run {report.RunId} (2; file, line, reason):"));
            Assert.That(text, Does.Match($@"\n    landing/{Population}/[0-9a-f]{{64}}\.csv, line 6: expected 10 fields, found 9\n"));
            Assert.That(text, Does.Match($@"\n    landing/{Population}/[0-9a-f]{{64}}\.csv, line 8: column anzahl: .*'zwölf'\n"));
            Assert.That(text, Does.Not.Contain(Social + "/"), "only the source asked for");
        }
    }

    [Test]
    public void StatusSource_FailedSource_ShowsItsLastErrorAndTheChecksNamingIt()
    {
        var (code, text) = Cli("status", "--source", Social, "--data-dir", copy.Data);
        Assert.That(code, Is.Zero, text);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.Contain("NEVER LOADED").And.Contain($"last attempt failed (run {report.RunId}").And.Contain("the file is empty; expected an Opendatasoft CSV export."));
            Assert.That(text, Does.Contain("no rows ever set aside"));
            Assert.That(text, Does.Contain("warning assert_sources_fresh").And.Contain($"\"source_id\":\"{Social}\""), "the failed check naming the source, with its row");
        }
    }

    [Test]
    public void StatusSource_UnknownSource_FailsListingTheConfiguredOnes()
    {
        var (code, text) = Cli("status", "--source", "dortmund_typo", "--data-dir", copy.Data);
        Assert.That(code, Is.EqualTo(1), text);
        var configured = TalentData.Project.PipelineCatalog.Load(Path.Combine(RepoPaths.Root, "pipelines"), TalentData.Loading.ReaderFormats.All).All
            .Select(p => p.Id).Order(StringComparer.Ordinal);
        Assert.That(text, Does.Contain($"No source 'dortmund_typo' in pipelines/. Configured sources: {string.Join(", ", configured)}."));
    }

    [Test]
    public void Run_SourceFailsAfterAGoodRun_SnapshotIsRefreshedWithItsLastGoodData()
    {
        using var later = new RepoCopy();
        GoodRun.Instance.CopyTo(later.Data);
        File.WriteAllText(later.Sample("dortmund_social_indicators/sozialindikatoren.csv"), "");

        var failed = later.Run(Social);

        Assert.That(failed.Succeeded, Is.False);
        Assert.That(RunState.Sha(later.Snapshot), Is.Not.EqualTo(GoodRun.Instance.SnapshotSha), "the snapshot is refreshed");
        // ref.sample_files lists the emptied file by its new bytes: the one table that must differ.
        var now = RunState.Contents(later.Snapshot);
        Assert.That(now.Remove(TalentData.Project.ProjectManifest.SampleFilesTable), Is.True);
        var good = new SortedDictionary<string, string>(GoodRun.Instance.SnapshotContents);
        good.Remove(TalentData.Project.ProjectManifest.SampleFilesTable);
        Assert.That(now.Except(good).Concat(good.Except(now)), Is.Empty,
            "the failed source's last good data, and every figure built from it, as before");
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(later.Snapshot);
        Assert.That(w.Connection.ExecuteScalar<string>("select status from ops.runs where run_id = $r", new { r = failed.RunId }), Is.EqualTo("failed"));
    }
}
