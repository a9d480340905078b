using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// The main job over the bundled sample data, through the CLI entry point, in a temporary data folder. Tests that
/// need a last good state before their own run start from a copy of the shared <see cref="GoodRun"/>.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public class EndToEndTests
{
    TempDir data = null!;
    int exitCode;
    string output = "";

    [OneTimeSetUp]
    public void RunOnce()
    {
        data = new TempDir();
        (exitCode, output) = Cli("run", "--data-dir", data.Path);
    }

    [OneTimeTearDown]
    public void CleanUp() => data.Dispose();

    static (int ExitCode, string Output) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = TalentData.Cli.Program.Run(args, stdout, stderr);
        return (code, stdout + stderr.ToString());
    }

    static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    string Snapshot => Path.Combine(data.Path, "warehouse", "talentdata.duckdb");

    [Test]
    public void Run_SampleDataWithoutBaseUrl_SaysItPublishesUnderTheLocalDefault()
    {
        var variable = TalentData.Publishing.PublishSettings.BaseUrlVariable;
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 })
            Assert.Ignore($"{variable} is set in this environment");
        Assert.That(output, Does.Contain("local default base URL").And.Contain(variable));
    }

    [Test]
    public void Run_SampleData_SucceedsAndReportsEveryStep()
    {
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("succeeded").And.Contain("0 rows quarantined"));
    }

    [Test]
    public void Run_SampleData_CityTotalEqualsSumOfStatistischeBezirkeEveryYear()
    {
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Snapshot);
        var rows = w.Connection.Query<(int Year, double City, double Districts, long Count)>("""
            select year,
                   max(value) filter (where area_level = 'stadt'),
                   sum(value) filter (where area_level = 'statistischer_bezirk'),
                   count(*) filter (where area_level = 'statistischer_bezirk')
            from marts.indicator_values where indicator_id = 'population_total' group by year order by year
            """).ToList();
        Assert.That(rows.Select(r => r.Year), Is.EqualTo(new[] { 2019, 2020, 2021, 2022, 2023, 2024 }));
        foreach (var r in rows)
        {
            Assert.That(r.Count, Is.EqualTo(62), $"{r.Year}: statistische Bezirke");
            Assert.That(r.Districts, Is.EqualTo(r.City), $"{r.Year}: districts vs city");
        }
        Assert.That(rows.Single(r => r.Year == 2023).City, Is.EqualTo(612065));
    }

    [Test]
    public void Run_SampleData_DistrictValuesMatchTheSampleFile()
    {
        // Hörde (530), 2023: recomputed here straight from the sample file.
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.SampleData, "dortmund_population", "residents.csv"), Encoding.UTF8).Skip(1)
            .Select(l => l.Split(';')).Where(f => f[1] == "2023" && f[2] == "530").ToList();
        var total = lines.Sum(f => long.Parse(f[9], CultureInfo.InvariantCulture));
        var nonGerman = lines.Where(f => f[8] == "nichtdeutsch").Sum(f => long.Parse(f[9], CultureInfo.InvariantCulture));
        var under18 = lines.Where(f => f[7] is "0 bis unter 6" or "6 bis unter 15" or "15 bis unter 18").Sum(f => long.Parse(f[9], CultureInfo.InvariantCulture));

        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Snapshot);
        double Value(string id) => w.Connection.ExecuteScalar<double>(
            "select value from marts.indicator_values where indicator_id = $id and area_level = 'statistischer_bezirk' and area_code = '530' and year = 2023", new { id });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(total, Is.GreaterThan(20000), "Hörde is one of the large districts");
            Assert.That(Value("population_total"), Is.EqualTo(total));
            Assert.That(Value("population_share_non_german"), Is.EqualTo(Math.Round(100.0 * nonGerman / total, 1)));
            Assert.That(Value("population_share_under_18"), Is.EqualTo(Math.Round(100.0 * under18 / total, 1)));
        }
    }

    [Test]
    public void Run_SampleData_SharesAreRecomputedAtEveryLevelNotAveraged()
    {
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Snapshot);
        var stadtbezirk = w.Connection.QuerySingle<(double Value, double Numerator, double Denominator)>(
            "select value, numerator, denominator from marts.indicator_values where indicator_id = 'population_share_non_german' and area_level = 'stadtbezirk' and area_code = '20' and year = 2024");
        var sums = w.Connection.QuerySingle<(double Numerator, double Denominator)>("""
            select sum(v.numerator), sum(v.denominator) from marts.indicator_values v
            join marts.areas a on a.area_level = v.area_level and a.area_code = v.area_code
            where v.indicator_id = 'population_share_non_german' and v.area_level = 'statistischer_bezirk' and a.parent_code = '20' and v.year = 2024
            """);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stadtbezirk.Numerator, Is.EqualTo(sums.Numerator));
            Assert.That(stadtbezirk.Denominator, Is.EqualTo(sums.Denominator));
            Assert.That(stadtbezirk.Value, Is.EqualTo(Math.Round(100 * sums.Numerator / sums.Denominator, 1)));
        }
    }

    [Test]
    public void Query_CountOfStatistischeBezirke_Prints62AsCsv()
    {
        var (code, text) = Cli("query", "select count(*) as n from marts.areas where area_level = 'statistischer_bezirk'", "--format", "csv", "--data-dir", data.Path);
        Assert.That(code, Is.Zero, text);
        Assert.That(text.Replace("\r", ""), Is.EqualTo("n\n62\n"));
    }

    [Test]
    public void Query_AreasWithUmlauts_KeepsExactNames()
    {
        var (_, text) = Cli("query", "select area_name from marts.areas where area_code in ('670', '020') order by area_code", "--format", "json", "--data-dir", data.Path);
        Assert.That(text, Does.Contain("Dorstfelder Br\\u00FCcke").Or.Contain("Dorstfelder Brücke"));
        Assert.That(text, Does.Contain("Kirchh\\u00F6rde-L\\u00F6ttringhausen").Or.Contain("Kirchhörde-Löttringhausen"));
    }

    [Test]
    public void Query_WriteStatement_IsRefusedWithExitCode1()
    {
        var (code, text) = Cli("query", "delete from marts.areas", "--data-dir", data.Path);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("refused").And.Contain("read-only"));
        var (_, count) = Cli("query", "select count(*) from marts.areas", "--format", "csv", "--data-dir", data.Path);
        Assert.That(count, Does.Contain("77"));
    }

    [Test]
    public void Query_CopyToFile_IsRefused()
    {
        var target = Path.Combine(data.Path, "leak.csv");
        var (code, _) = Cli("query", $"copy (select * from marts.areas) to '{target}'", "--data-dir", data.Path);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(File.Exists(target), Is.False);
    }

    [Test]
    public void Status_AfterRun_ListsSourcesRowsAndChecks()
    {
        var (code, text) = Cli("status", "--data-dir", data.Path);
        Assert.That(code, Is.Zero, text);
        Assert.That(text, Does.Contain("dortmund_population/residents").And.Contain("10,416 rows").And.Contain("Checks of run"));
    }

    [Test]
    public void Cli_UnknownOption_ExitsWith2()
    {
        var (code, text) = Cli("run", "--no-such-option");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(text, Does.Contain("--no-such-option"));
    }

    [Test]
    public void Cli_UnknownPipeline_ExitsWith1NamingKnownOnes()
    {
        var (code, text) = Cli("run", "--pipeline", "dortmund_typo", "--data-dir", data.Path);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("No pipeline 'dortmund_typo'").And.Contain("dortmund_population"));
    }

    [Test]
    public void Plan_UnknownPipelineOrLiveMode_SaysWhatItCannotKnow()
    {
        var (code, text) = Cli("run", "--plan", "--pipeline", "dortmund_typo", "--data-dir", data.Path);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(text, Does.Contain("No pipeline 'dortmund_typo'").And.Contain("dortmund_population"));

        var variable = TalentData.Publishing.PublishSettings.BaseUrlVariable;
        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 })
        {
            var (liveCode, live) = Cli("run", "--plan", "--mode", "live", "--data-dir", data.Path);
            Assert.That(liveCode, Is.EqualTo(1), live);
            Assert.That(live, Does.Contain(variable), "a live plan needs the settings a live run needs");
        }
        var plan = TalentData.Running.RunPlan.Make(new TalentData.Running.RunOptions(RepoPaths.Root, data.Path, [], TalentData.Project.RunMode.Live)
            { Publish = new TalentData.Publishing.PublishSettings(BaseUrl: "https://open-data.example.org/talentdata/opendata/") });
        Assert.That(plan.Notes, Has.Some.StartsWith("live sources show whether they changed only when fetched"));
        Assert.That(plan.Loads, Is.Empty, "nothing is fetched to plan");
    }

    [Test]
    public void Plan_EmptyDataFolder_SaysEverythingRunsAndCreatesNothing()
    {
        using var empty = new TempDir();
        var folder = Path.Combine(empty.Path, "data");
        var (code, text) = Cli("run", "--plan", "--data-dir", folder);
        Assert.That(code, Is.Zero, text);
        var manifest = RepoManifest.Instance;
        Assert.That(text, Does.Contain($"would load ({manifest.RawTables.Count}):").And.Contain($"would rebuild ({manifest.Models.Count}):")
            .And.Contain("raw.dortmund_population__residents: no run yet"));
        Assert.That(Directory.Exists(Path.Combine(folder, "warehouse")), Is.False, "a plan writes nothing");
    }

    [Test]
    public void Run_Twice_SecondRunLoadsNothingAndKeepsEveryOutputIdentical()
    {
        using var copy = new RepoCopy();
        var first = GoodRun.Instance.Report; // the first run, copied
        Assert.That(first.Succeeded, Is.True, first.Error);
        GoodRun.Instance.CopyTo(copy.Data);
        var csv = File.ReadAllBytes(copy.Export("bevoelkerung-statistische-bezirke"));
        string Values()
        {
            using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(copy.Snapshot);
            return string.Join("\n", w.Connection.Query<string>("select concat_ws('|', indicator_id, area_level, area_code, year, value, status) from marts.indicator_values order by all"));
        }
        var valuesBefore = Values();

        var second = copy.Run();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.Succeeded, Is.True, second.Error);
            Assert.That(second.Sources, Is.Empty, "the project files and samples are unchanged, so no source is even read");
            Assert.That(second.UnchangedSince, Is.EqualTo(first.RunId));
            Assert.That(File.ReadAllBytes(copy.Export("bevoelkerung-statistische-bezirke")), Is.EqualTo(csv));
            Assert.That(Values(), Is.EqualTo(valuesBefore));
        }
        Assert.That(csv.Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "no BOM");
        Assert.That(Encoding.UTF8.GetString(csv).Split("\r\n")[0], Is.EqualTo("jahr,stichtag,statistischer_bezirk_nr,statistischer_bezirk,stadtbezirk_nr,stadtbezirk,geschlecht,altersgruppe,staatsangehoerigkeit,einwohner,status"));
    }

    [Test]
    public void Run_UnknownAreaCode_FailsTheCheckListsTheCodeAndKeepsThePublication()
    {
        using var copy = new RepoCopy();
        GoodRun.Instance.CopyTo(copy.Data); // the last good run
        var csvBefore = Sha(copy.Export("bevoelkerung-statistische-bezirke"));
        var snapshotBefore = Sha(copy.Snapshot);

        var sample = copy.Sample("dortmund_population/residents.csv");
        var text = File.ReadAllText(sample);
        File.WriteAllText(sample, text.Replace("2024-12-31;2024;530;Hörde", "2024-12-31;2024;999;Hörde"), new UTF8Encoding(true));
        var report = copy.Run();

        var check = report.Checks.Single(c => c.Check == "core_fct_population__area_code_known__stat_bezirk_code");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(check.Passed, Is.False);
            Assert.That(check.Severity, Is.EqualTo("error"));
            Assert.That(report.Published, Does.Not.Contain("bevoelkerung-statistische-bezirke"));
            Assert.That(Sha(copy.Export("bevoelkerung-statistische-bezirke")), Is.EqualTo(csvBefore), "last good extract untouched");
            Assert.That(Sha(copy.Snapshot), Is.EqualTo(snapshotBefore), "last good snapshot untouched");
        }
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(copy.Data, "warehouse", "work.duckdb"));
        var sampleRow = w.Connection.ExecuteScalar<string>("select row_json from qa.check_failures where check_name = 'core_fct_population__area_code_known__stat_bezirk_code' order by run_id desc limit 1");
        // the code, the file it came from and the first line it is on (every 2024 row of district 530 now says 999)
        Assert.That(sampleRow, Does.Contain("\"area_code\":\"999\"").And.Match("\"source_file\":\"[^\"]*dortmund_population[^\"]*\",\"first_line\":9578,"));
    }

    [Test]
    public void Run_RenamedColumn_FailsTheSourceNamingFileExpectedAndFound()
    {
        // The subject is the load of one source: the project cut down to it fails it the same way, in a fraction of the time.
        using var copy = RepoCopy.Reduced("dortmund_population");
        var sample = copy.Sample("dortmund_population/residents.csv");
        File.WriteAllText(sample, File.ReadAllText(sample).Replace(";anzahl\r\n", ";einwohner\r\n"), new UTF8Encoding(true));
        var report = copy.Run("dortmund_population");
        var failed = report.Sources.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(failed.Status, Is.EqualTo("failed"));
            Assert.That(failed.Message, Does.Contain("landing/dortmund_population/").And.Contain("expected: stichtag;jahr;")
                .And.Contain(";anzahl").And.Contain("found:    stichtag;").And.Contain(";einwohner"));
        }
    }

    [Test]
    public void Run_MalformedRows_AreQuarantinedWithLineNumbersAndTheRestLoads()
    {
        using var copy = RepoCopy.Reduced("dortmund_population"); // the load of one source is the subject
        var sample = copy.Sample("dortmund_population/residents.csv");
        var lines = File.ReadAllText(sample).Split("\r\n").ToList();
        lines[5] = string.Join(';', lines[5].Split(';').Take(9));            // line 6: a field missing
        lines[7] = lines[7][..lines[7].LastIndexOf(';')] + ";zwölf";         // line 8: not a number
        File.WriteAllText(sample, string.Join("\r\n", lines), new UTF8Encoding(true));

        var report = copy.Run("dortmund_population");
        var source = report.Sources.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(source.Status, Is.EqualTo("loaded"));
            Assert.That(source.RowsQuarantined, Is.EqualTo(2));
            Assert.That(source.RowsLoaded, Is.EqualTo(10416 - 2));
        }
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(copy.Data, "warehouse", "work.duckdb"));
        var q = w.Connection.Query<(long Line, string Reason)>("select line_number, reason from ops.quarantine order by line_number").ToList();
        Assert.That(q.Select(x => x.Line), Is.EqualTo(new long[] { 6, 8 }));
        Assert.That(q[0].Reason, Does.Contain("expected 10 fields, found 9"));
        Assert.That(q[1].Reason, Does.Contain("column anzahl").And.Contain("zwölf"));
    }

    [Test]
    public void Run_ReloadOfOneYear_ReplacesThatYearAndKeepsTheOthers()
    {
        using var copy = new RepoCopy();
        GoodRun.Instance.CopyTo(copy.Data); // every year loaded
        var sample = copy.Sample("dortmund_population/residents.csv");
        var lines = File.ReadAllText(sample).Split("\r\n");
        // A later delivery with 2024 only, every count one higher.
        var only2024 = lines.Take(1).Concat(lines.Skip(1).Where(l => l.StartsWith("2024-12-31;", StringComparison.Ordinal))
            .Select(l => l[..(l.LastIndexOf(';') + 1)] + (long.Parse(l[(l.LastIndexOf(';') + 1)..], CultureInfo.InvariantCulture) + 1)));
        File.WriteAllText(sample, string.Join("\r\n", only2024) + "\r\n", new UTF8Encoding(true));
        Assert.That(copy.Run("dortmund_population").Succeeded, Is.True);

        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(copy.Snapshot);
        var totals = w.Connection.Query<(int Year, double Value)>("select year, value from marts.indicator_values where indicator_id = 'population_total' and area_level = 'stadt' order by year").ToDictionary(r => r.Year, r => r.Value);
        Assert.That(totals.Keys, Is.EqualTo(new[] { 2019, 2020, 2021, 2022, 2023, 2024 }));
        Assert.That(totals[2023], Is.EqualTo(612065));
        Assert.That(totals[2024], Is.EqualTo(613487 + 62 * 28), "one more per cell: 62 districts x 28 cells");
    }

    [Test]
    public void Run_EmptyAndHeaderOnlyFiles_FailTheSourceAndKeepItsData()
    {
        // The load of one source is the subject: the project cut down to it, after a good run of its own.
        using var copy = RepoCopy.Reduced("dortmund_social_indicators");
        Assert.That(copy.Run().Succeeded, Is.True, "the last good run");
        var sample = copy.Sample("dortmund_social_indicators/sozialindikatoren.csv");
        var header = File.ReadAllText(sample).Split("\r\n")[0] + "\r\n";

        File.WriteAllText(sample, "");
        var empty = copy.Run("dortmund_social_indicators");
        File.WriteAllText(sample, header, new UTF8Encoding(false));
        var headerOnly = copy.Run("dortmund_social_indicators");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(empty.Sources.Single().Message, Does.Contain("the file is empty"));
            Assert.That(headerOnly.Sources.Single().Message, Does.Contain("header but no data rows"));
        }
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(copy.Data, "warehouse", "work.duckdb"));
        Assert.That(w.Connection.ExecuteScalar<long>("select count(*) from raw.dortmund_social_indicators__stadtbezirke"), Is.EqualTo(72));
    }

    [Test]
    public void Run_WarehouseHeldByAnotherProcess_FailsNamingTheHolder()
    {
        using var copy = new RepoCopy();
        GoodRun.Instance.CopyTo(copy.Data); // a loaded warehouse
        var work = Path.Combine(copy.Data, "warehouse", "work.duckdb");
        // DuckDB takes a POSIX record lock on the file; another process holding one is what DuckDB sees when
        // `talentdata serve` or a second run holds the warehouse.
        var holder = Process.Start(new ProcessStartInfo("python3", ["-c",
            "import fcntl,sys,time; f=open(sys.argv[1],'r+b'); fcntl.lockf(f, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)", work])
        { RedirectStandardOutput = true });
        if (holder is null) { Assert.Ignore("python3 is not available to hold the lock"); return; }
        try
        {
            Assert.That(holder.StandardOutput.ReadLine(), Is.EqualTo("locked"));
            var (code, text) = Cli("run", "--pipeline", "dortmund_social_indicators", "--data-dir", copy.Data);
            Assert.That(code, Is.EqualTo(1));
            Assert.That(text, Does.Contain("is held by process " + holder.Id).And.Contain("Only one writer"));
            Assert.That(text, Does.Not.Contain("   at "), "no stack trace");
            var (planCode, plan) = Cli("run", "--plan", "--data-dir", copy.Data);
            Assert.That(planCode, Is.EqualTo(1), plan);
            Assert.That(plan, Does.Contain("is held by process " + holder.Id), "the plan reads the warehouse and says who holds it");
            Assert.That(plan, Does.Not.Contain("   at "), "no stack trace");
        }
        finally
        {
            holder.Kill();
            holder.WaitForExit();
        }
    }

    [Test]
    public void Publish_AfterARun_RepublishesFromWhatIsLoadedWithoutLoadingAndKeepsTheFilesIdentical()
    {
        var csv = Path.Combine(data.Path, "exports", "talentindikatoren-bezirke", "latest", "data.csv");
        var before = Sha(csv);
        var (code, text) = Cli("publish", "--full", "--data-dir", data.Path);
        var models = RepoManifest.Instance.Models.Count;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(code, Is.Zero, text);
            Assert.That(text, Does.Contain("sources: 0 loaded, 0 unchanged, 0 failed"));
            Assert.That(text, Does.Contain($"models:  {models} built, 0 unchanged"), "--full rebuilds every model");
            Assert.That(text, Does.Contain("talentindikatoren-bezirke"));
            Assert.That(Sha(csv), Is.EqualTo(before), "unchanged data gives byte-identical files");
        }
    }

    [Test]
    public void PlanAndPublish_NothingChanged_SayNothingToDoAndKeepThePublication()
    {
        var csv = Path.Combine(data.Path, "exports", "talentindikatoren-bezirke", "latest", "data.csv");
        var before = Sha(csv);
        var (planCode, plan) = Cli("run", "--plan", "--data-dir", data.Path);
        var (code, text) = Cli("publish", "--data-dir", data.Path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(planCode, Is.Zero, plan);
            Assert.That(plan, Does.StartWith("nothing to do: no source, model, check, setting or code changed since run "));
            Assert.That(code, Is.Zero, text);
            Assert.That(text, Does.Match(@"nothing changed since run \S+: its models, checks and publication stand"));
            Assert.That(text, Does.Contain("checks   skipped sql/checks/ inputs unchanged since run "));
            Assert.That(Sha(csv), Is.EqualTo(before));
        }
    }
}
