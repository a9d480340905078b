using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Sql;

/// <summary>
/// Indicator values at every level, recomputed by hand from the sample files, and the data-quality checks. They read
/// the snapshot of the shared sample run (<see cref="GoodRun"/>), through a private copy that only this fixture opens.
/// </summary>
public class IndicatorTests
{
    readonly TempDir dir = new();
    TalentData.Warehouse.Warehouse snapshot = null!;

    [OneTimeSetUp]
    public void OpenSampleSnapshot()
    {
        Assert.That(GoodRun.Instance.Report.Succeeded, Is.True, GoodRun.Instance.Report.Error);
        var data = Path.Combine(dir.Path, "data");
        GoodRun.Instance.CopyTo(data);
        snapshot = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(data, "warehouse", "talentdata.duckdb"));
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        snapshot?.Dispose();
        dir.Dispose();
    }

    static IEnumerable<string[]> Rows(string relative) =>
        File.ReadAllLines(Path.Combine(RepoPaths.SampleData, relative), Encoding.UTF8).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(';'));

    static long N(string s) => long.Parse(s, CultureInfo.InvariantCulture);

    double? Value(string indicator, string level, string code, int year) =>
        snapshot.Connection.ExecuteScalar<double?>(
            "select value from marts.indicator_values where indicator_id = $indicator and area_level = $level and area_code = $code and year = $year",
            new { indicator, level, code, year });

    [Test]
    public void IndicatorValues_CoverAtLeastSeventeenIndicatorsWithCompleteCatalogue()
    {
        var ids = snapshot.Connection.Query<string>("select distinct indicator_id from marts.indicator_values").ToList();
        Assert.That(ids, Has.Count.GreaterThanOrEqualTo(17));
        var incomplete = snapshot.Connection.Query<string>("""
            select indicator_id from marts.indicators
            where coalesce(title_de, '') = '' or coalesce(title_en, '') = '' or coalesce(description_de, '') = ''
               or coalesce(unit, '') = '' or decimals is null or coalesce(source_ids, '') = '' or coalesce(periodicity, '') = ''
               or coalesce(reference_date, '') = '' or coalesce(licence, '') = '' or coalesce(methodology_de, '') = ''
            """).ToList();
        Assert.That(incomplete, Is.Empty);
        Assert.That(snapshot.Connection.Query<string>("select indicator_id from marts.indicators where description_de not like '%Zähler%' and description_de not like '%veröffentlicht%'"), Is.Empty,
            "definitions name numerator and denominator, or say the value is taken as published");
    }

    [Test]
    public void UnemploymentDensity_Nordmarkt2023_EqualsUnemployedPer100Residents15To64()
    {
        var unemployed = Rows("dortmund_unemployment/unemployed.csv").Where(f => f[0] == "2023" && f[1] == "05").Sum(f => N(f[5]));
        string[] workingAge = ["15 bis unter 18", "18 bis unter 25", "25 bis unter 45", "45 bis unter 65"];
        var residents = Rows("dortmund_population/residents.csv").Where(f => f[1] == "2023" && f[2] == "050" && workingAge.Contains(f[7])).Sum(f => N(f[9]));
        Assert.That(Value("unemployment_density", "statistischer_bezirk", "050", 2023), Is.EqualTo(Math.Round(100.0 * unemployed / residents, 1)));
        Assert.That(Value("unemployed_total", "statistischer_bezirk", "050", 2023), Is.EqualTo(unemployed));
    }

    [Test]
    public void YouthUnemploymentDensity_City2024_UsesSummedNumeratorAndDenominator()
    {
        var unemployed = Rows("dortmund_unemployment/unemployed.csv").Where(f => f[0] == "2024" && f[4] == "unter 25").Sum(f => N(f[5]));
        var residents = Rows("dortmund_population/residents.csv").Where(f => f[1] == "2024" && f[7] is "15 bis unter 18" or "18 bis unter 25").Sum(f => N(f[9]));
        Assert.That(Value("youth_unemployment_density", "stadt", "05913000", 2024), Is.EqualTo(Math.Round(100.0 * unemployed / residents, 1)));
    }

    [Test]
    public void SchoolLeaversShareWithoutHauptschulabschluss_InnenstadtNord2023_MatchesTheSample()
    {
        var rows = Rows("dortmund_school_leavers/leavers.csv").Where(f => f[0] == "2022/23" && f[1] == "20").ToList();
        var total = rows.Sum(f => N(f[5]));
        var without = rows.Where(f => f[3] == "ohne Hauptschulabschluss").Sum(f => N(f[5]));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Value("school_leavers_total", "stadtbezirk", "20", 2023), Is.EqualTo(total));
            Assert.That(Value("school_leavers_share_without_hauptschulabschluss", "stadtbezirk", "20", 2023), Is.EqualTo(Math.Round(100.0 * without / total, 1)));
        }
    }

    [Test]
    public void SchoolLeavers_CityAndBenchmarks2023_MatchDistrictSumAndTheRealRegionalstatistikRows()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Value("school_leavers_total", "stadt", "05913000", 2023), Is.EqualTo(5855), "the official figure; the districts' 5,850 stays in marts.reconciliation");
            Assert.That(Value("school_leavers_share_abitur", "stadt", "05913000", 2023), Is.EqualTo(Math.Round(100.0 * 2000 / 5855, 1)), "from the official figures");
            Assert.That(Value("school_leavers_total", "land", "05", 2023), Is.EqualTo(183830));
            Assert.That(Value("school_leavers_total", "bund", "DG", 2023), Is.EqualTo(782423));
            Assert.That(Value("school_leavers_share_abitur", "bund", "DG", 2023), Is.EqualTo(Math.Round(100.0 * 259230 / 782423, 1)));
            Assert.That(Value("school_leavers_share_without_hauptschulabschluss", "land", "05", 2023), Is.EqualTo(Math.Round(100.0 * 11835 / 183830, 1)));
        }
    }

    [Test]
    public void TransitionRateGymnasium_City2024_MatchesTheSample()
    {
        var rows = Rows("dortmund_school_transitions/transitions.csv").Where(f => f[0] == "2023/24").ToList();
        var gymnasium = rows.Where(f => f[3] == "Gymnasium").Sum(f => N(f[4]));
        Assert.That(Value("transition_rate_gymnasium", "stadt", "05913000", 2024), Is.EqualTo(Math.Round(100.0 * gymnasium / rows.Sum(f => N(f[4])), 1)));
    }

    [Test]
    public void TrainingIndicators_AreRecomputedFromTheBaCounts()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Value("training_applicants_per_100_places", "stadt", "05913000", 2024), Is.EqualTo(Math.Round(100.0 * 4734 / 4389, 1)));
            Assert.That(Value("training_unplaced_applicants_share", "land", "05", 2024), Is.EqualTo(Math.Round(100.0 * 8126 / 110204, 1)));
            Assert.That(Value("training_applicants_per_100_places", "bund", "DG", 2019), Is.EqualTo(Math.Round(100.0 * 508613 / 547814, 1)));
        }
    }

    [Test]
    public void OfficialRates2023_ComeFromTheRealRegionalstatistikRows()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Value("unemployment_rate_official", "stadt", "05913000", 2023), Is.EqualTo(11.5));
            Assert.That(Value("youth_unemployment_rate_official", "stadt", "05913000", 2023), Is.EqualTo(9.6));
            Assert.That(Value("unemployment_rate_official", "land", "05", 2023), Is.EqualTo(7.2));
            Assert.That(Value("unemployment_rate_official", "bund", "DG", 2023), Is.EqualTo(5.7));
            Assert.That(Value("unemployed_total", "land", "05", 2023), Is.EqualTo(710175));
        }
    }

    [Test]
    public void Sgb2Quota_ExistsOnlyForStadtbezirke()
    {
        var levels = snapshot.Connection.Query<string>("select distinct area_level from marts.indicator_values where indicator_id = 'sgb2_quota'").ToList();
        Assert.That(levels, Is.EqualTo(new[] { "stadtbezirk" }));
        var innenstadtWest = Rows("dortmund_social_indicators/sozialindikatoren.csv").Single(f => f[0] == "2023" && f[1] == "10");
        Assert.That(Value("sgb2_quota", "stadtbezirk", "10", 2023), Is.EqualTo(double.Parse(innenstadtWest[3], CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Reconciliation_SampleData_PassesAndIsVisibleInCheckResults()
    {
        var breaches = snapshot.Connection.ExecuteScalar<long>("select count(*) from marts.reconciliation where not within_tolerance");
        var compared = snapshot.Connection.ExecuteScalar<long>("select count(*) from marts.reconciliation where comparison in ('school_leavers', 'unemployment')");
        var result = snapshot.Connection.QuerySingle<(bool Passed, string Severity)>(
            "select passed, severity from qa.check_results where check_name = 'assert_reconciliation_within_tolerance' order by checked_at desc limit 1");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(compared, Is.EqualTo(6 * 6 * 2 + 6 * 2), "six school categories in total and for women, and two unemployment measures per year");
            Assert.That(breaches, Is.Zero);
            Assert.That(result.Passed, Is.True);
            Assert.That(result.Severity, Is.EqualTo("error"));
        }
    }
}

/// <summary>Deliberately broken samples: the right check fails with the right severity, and the last good exports stay.</summary>
[Parallelizable(ParallelScope.All)] // every test breaks and runs its own repository copy
public class CheckFailureTests
{
    static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    static void Edit(RepoCopy repo, string relative, Func<string, string> change)
    {
        var path = repo.Sample(relative);
        var text = File.ReadAllText(path);
        var changed = change(text);
        Assert.That(changed, Is.Not.EqualTo(text), "the edit must change the sample");
        File.WriteAllText(path, changed, new UTF8Encoding(true));
    }

    [Test]
    public void DistrictSumOffByMoreThanTolerance_FailsReconciliationAndKeepsDependentExports()
    {
        using var repo = new RepoCopy();
        GoodRun.Instance.CopyTo(repo.Data); // the last good run
        var unemploymentCsv = Sha(repo.Export("arbeitslose-statistische-bezirke"));
        var indicatorsCsv = Sha(repo.Export("talentindikatoren-bezirke"));

        // 2023, Nordmarkt (05), SGB II, 25 to under 55: 600 more than the sample says.
        Edit(repo, "dortmund_unemployment/unemployed.csv", text =>
        {
            var lines = text.Split("\r\n");
            var i = Array.FindIndex(lines, l => l.StartsWith("2023;05;", StringComparison.Ordinal) && l.Contains(";SGB II;25 bis unter 55;", StringComparison.Ordinal));
            var f = lines[i].Split(';');
            f[5] = (long.Parse(f[5], CultureInfo.InvariantCulture) + 600).ToString(CultureInfo.InvariantCulture);
            lines[i] = string.Join(';', f);
            return string.Join("\r\n", lines);
        });
        var report = repo.Run();

        var check = report.Checks.Single(c => c.Check == "assert_reconciliation_within_tolerance");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Succeeded, Is.False);
            Assert.That(check.Passed, Is.False);
            Assert.That(check.Severity, Is.EqualTo("error"));
            Assert.That(check.FailingRows, Is.EqualTo(1), "the 2023 total; the under-25 sum is untouched");
            Assert.That(report.Published, Does.Not.Contain("arbeitslose-statistische-bezirke").And.Not.Contain("talentindikatoren-bezirke"));
            Assert.That(report.Published, Does.Contain("sozialindikatoren-stadtbezirke"), "datasets that do not depend on the failing models still publish");
            Assert.That(report.Withheld, Has.Some.StartsWith("bevoelkerung-statistische-bezirke: withheld together with"), "person-count tables are published together");
            Assert.That(Sha(repo.Export("arbeitslose-statistische-bezirke")), Is.EqualTo(unemploymentCsv));
            Assert.That(Sha(repo.Export("talentindikatoren-bezirke")), Is.EqualTo(indicatorsCsv));
        }
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(repo.Data, "warehouse", "work.duckdb"));
        var failure = w.Connection.ExecuteScalar<string>("select row_json from qa.check_failures where check_name = 'assert_reconciliation_within_tolerance'");
        Assert.That(failure, Does.Contain("\"district_sum\":37680").And.Contain("\"official_value\":37080").And.Contain("\"difference\":600"));
        Assert.That(w.Connection.ExecuteScalar<long>("select count(distinct run_id) from qa.check_results"), Is.EqualTo(2), "history of both runs is kept");
    }

    [Test]
    public void DuplicateKey_FailsTheUniqueCheckWithSeverityError()
    {
        // The check of the population's fact and the dataset built from it: the project of that source alone suffices.
        using var repo = RepoCopy.Reduced("dortmund_population");
        Edit(repo, "dortmund_population/residents.csv", text =>
        {
            var lines = text.Split("\r\n").ToList();
            lines.Insert(100, lines[99]);
            return string.Join("\r\n", lines);
        });
        var report = repo.Run();
        var check = report.Checks.Single(c => c.Check == "core_fct_population__unique__year_stat_bezirk_code_sex_age_group_nationality");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.Passed, Is.False);
            Assert.That(check.Severity, Is.EqualTo("error"));
            Assert.That(check.FailingRows, Is.EqualTo(1));
            Assert.That(report.Published, Does.Not.Contain("bevoelkerung-statistische-bezirke"));
            Assert.That(File.Exists(repo.Export("bevoelkerung-statistische-bezirke")), Is.False, "never published, so nothing may appear");
        }
    }

    [Test]
    public void WarnCheck_IsRecordedButPublishes()
    {
        using var repo = new RepoCopy();
        var catalogue = Path.Combine(repo.Root, "sql", "reference", "indicators.csv");
        var lines = File.ReadAllLines(catalogue);
        for (var i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith("population_total,", StringComparison.Ordinal))
                lines[i] = lines[i][..lines[i].LastIndexOf(',')] + ",0.01";
        File.WriteAllLines(catalogue, lines);
        var report = repo.Run();
        var check = report.Checks.Single(c => c.Check == "assert_indicator_year_over_year_plausible");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Succeeded, Is.True, report.Error);
            Assert.That(check.Warned, Is.True);
            Assert.That(check.FailingRows, Is.GreaterThan(0));
            Assert.That(report.Published, Does.Contain("talentindikatoren-bezirke"));
        }
    }

    [Test]
    public void SecretDistrictCell_CityTakesTheOfficialTotalAndTheDistrictStaysSecret()
    {
        using var repo = new RepoCopy();
        // Innenstadt-Nord, 2022/23, ohne Hauptschulabschluss, weiblich: published as '.' (secret).
        Edit(repo, "dortmund_school_leavers/leavers.csv", text =>
        {
            var lines = text.Split("\r\n");
            var i = Array.FindIndex(lines, l => l.StartsWith("2022/23;20;Innenstadt-Nord;ohne Hauptschulabschluss;weiblich;", StringComparison.Ordinal));
            lines[i] = lines[i][..(lines[i].LastIndexOf(';') + 1)] + ".";
            return string.Join("\r\n", lines);
        });
        var report = repo.Run();
        Assert.That(report.Sources.Single(s => s.SourceId == "dortmund_school_leavers").RowsQuarantined, Is.Zero, "a symbol is data, not a malformed row");
        // The published city row by Abschluss and sex is also published by Regionalstatistik, so the secret district
        // cell has no partner there: the dataset is withheld (last good release stays) rather than published unsafe.
        Assert.That(report.Withheld, Has.Some.StartsWith("schulabgaenge-abschluss-stadtbezirke: ").And.Some.Contains("Disclosure control"));

        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(repo.Data, "warehouse", "work.duckdb"));
        (double? Value, string Status, string Sources) Get(string indicator, string level, string code) =>
            w.Connection.QuerySingle<(double?, string, string)>(
                "select value, status, source_ids from marts.indicator_values where indicator_id = $indicator and area_level = $level and area_code = $code and year = 2023",
                new { indicator, level, code });
        var district = Get("school_leavers_total", "stadtbezirk", "20");
        var city = Get("school_leavers_total", "stadt", "05913000");
        var cityShare = Get("school_leavers_share_without_hauptschulabschluss", "stadt", "05913000");
        var otherDistrict = Get("school_leavers_total", "stadtbezirk", "30");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(district.Value, Is.Null, "a sum over a secret cell is never computed (and never taken as zero)");
            Assert.That(district.Status, Is.EqualTo("."));
            Assert.That(city.Value, Is.EqualTo(5855), "the official city total of Regionalstatistik replaces the sum");
            Assert.That(city.Status, Is.Empty);
            Assert.That(city.Sources, Does.Contain("regionalstatistik_school_leavers"));
            Assert.That(cityShare.Value, Is.EqualTo(Math.Round(100.0 * 560 / 5855, 1)));
            Assert.That(otherDistrict.Status, Is.Empty);
            Assert.That(otherDistrict.Value, Is.Not.Null);
        }
    }

    [Test]
    public void SecretPopulationCell_WithoutOfficialTotal_MakesTheSumsSecret()
    {
        using var repo = new RepoCopy();
        Edit(repo, "dortmund_population/residents.csv", text =>
        {
            var lines = text.Split("\r\n");
            var i = Array.FindIndex(lines, l => l.StartsWith("2024-12-31;2024;550;", StringComparison.Ordinal));
            lines[i] = lines[i][..(lines[i].LastIndexOf(';') + 1)] + ".";
            return string.Join("\r\n", lines);
        });
        repo.Run();
        using var w = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(repo.Data, "warehouse", "work.duckdb"));
        var statuses = w.Connection.Query<(string Level, string Status, double? Value)>(
            "select area_level, status, value from marts.indicator_values where indicator_id = 'population_total' and year = 2024 and area_code in ('550', '80', '05913000') order by area_level").ToList();
        Assert.That(statuses.Select(s => s.Status), Is.EqualTo(new[] { ".", ".", "." }));
        Assert.That(statuses.Select(s => s.Value), Is.All.Null);
    }

    [Test]
    public void GenericAcceptedValuesCheck_UnexpectedCategory_FailsAndWithholdsTheModelsDatasets()
    {
        // The check of the population's fact and the dataset built from it: the project of that source alone suffices.
        using var repo = RepoCopy.Reduced("dortmund_population");
        Edit(repo, "dortmund_population/residents.csv", text =>
        {
            var lines = text.Split("\r\n");
            lines[1] = lines[1].Replace(";männlich;", ";divers;");
            return string.Join("\r\n", lines);
        });
        var report = repo.Run();
        var check = report.Checks.Single(c => c.Check == "core_fct_population__accepted_values__sex");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.Passed, Is.False);
            Assert.That(check.Severity, Is.EqualTo("error"));
            Assert.That(check.File, Is.EqualTo("sql/core/fct_population.yaml"));
            Assert.That(check.FailingRows, Is.EqualTo(1));
            Assert.That(report.Published, Does.Not.Contain("bevoelkerung-statistische-bezirke"));
        }
    }

    [Test]
    public void GenericChecks_TypoInDeclaration_FailsAtStartNamingFileAndLine()
    {
        using var repo = new RepoCopy();
        File.AppendAllText(Path.Combine(repo.Root, "sql", "core", "fct_unemployment.yaml"), "  - { type: not_nul, columns: [year] }\n");
        var ex = Assert.Throws<PipelineException>(() => repo.Run());
        Assert.That(ex!.Message, Does.Contain("sql/core/fct_unemployment.yaml").And.Contain("unknown type").And.Contain("not_null"));
    }
}
