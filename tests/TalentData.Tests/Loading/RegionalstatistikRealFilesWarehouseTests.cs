using Dapper;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Loading;

/// <summary>
/// The real Regionalstatistik files that three pipelines bundle whole (21111-01-03-4, 21121-02-02-4 and the flat file of
/// 12411-01-01-4), loaded by the shared sample run (<see cref="GoodRun"/>) through their pipelines into raw and built
/// into staging: the Dortmund values of sample-data/realdata/README.md to the digit, every region they hold, and the
/// year a school year is reported as. Read from a private copy of that run's working warehouse.
/// </summary>
public class RegionalstatistikRealFilesWarehouseTests
{
    readonly TempDir dir = new();
    TalentData.Warehouse.Warehouse work = null!;

    [OneTimeSetUp]
    public void OpenSampleWarehouse()
    {
        Assert.That(GoodRun.Instance.Report.Succeeded, Is.True, GoodRun.Instance.Report.Error);
        var data = Path.Combine(dir.Path, "data");
        GoodRun.Instance.CopyWarehouseAndLandingTo(data);
        work = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(data, "warehouse", "work.duckdb"));
    }

    [OneTimeTearDown]
    public void CleanUp()
    {
        work?.Dispose();
        dir.Dispose();
    }

    (double? Value, string Status) Pupils(string schoolType, string? group) =>
        work.Connection.QuerySingle<(double?, string)>("""
            select value, status from staging.stg_regionalstatistik_schools__kreise
            where region_code = '05913' and year = 2024 and school_type_name = $schoolType
              and ((measure = 'schools' and $group is null) or (measure = 'pupils' and pupil_group = $group))
            """, new { schoolType, group });

    [Test]
    public void Schools_DortmundBySchulart_ExactForTheSchoolYear2023_24()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Pupils("Gymnasien", null), Is.EqualTo(((double?)16, "")));
            Assert.That(Pupils("Gymnasien", "total"), Is.EqualTo(((double?)14945, "")));
            Assert.That(Pupils("Gymnasien", "female"), Is.EqualTo(((double?)7860, "")));
            Assert.That(Pupils("Gymnasien", "foreign"), Is.EqualTo(((double?)2060, "")));
            Assert.That(Pupils("Gymnasien", "grade_7"), Is.EqualTo(((double?)1920, "")));
            Assert.That(Pupils("Gymnasien", "grade_11_introductory_phase"), Is.EqualTo(((double?)125, "")));
            Assert.That(Pupils("Integrierte Gesamtschulen", null), Is.EqualTo(((double?)11, "")));
            Assert.That(Pupils("Integrierte Gesamtschulen", "total"), Is.EqualTo(((double?)10935, "")));
            Assert.That(Pupils("Grundschulen", null), Is.EqualTo(((double?)88, "")));
            Assert.That(Pupils("Grundschulen", "total"), Is.EqualTo(((double?)23755, "")));
            Assert.That(Pupils("Insgesamt", null), Is.EqualTo(((double?)null, "x")));
            Assert.That(Pupils("Insgesamt", "total"), Is.EqualTo(((double?)64650, "")));
        }
    }

    [Test]
    public void Schools_StichtagSchuljahresbeginn2023_IsReportedAsYear2024()
    {
        var years = work.Connection.Query<(int, string, int)>(
            "select distinct year, school_year, school_year_start_year from staging.stg_regionalstatistik_schools__kreise").ToList();
        Assert.That(years, Is.EqualTo(new[] { (2024, "2023/24", 2023) }));
    }

    [Test]
    public void VocationalLeavers_Dortmund_Exact()
    {
        var rows = work.Connection.Query<(string, string, double?)>("""
            select qualification, sex, value from staging.stg_regionalstatistik_vocational_leavers__kreise
            where region_code = '05913' and year = 2023
            """).ToDictionary(r => (r.Item1, r.Item2), r => r.Item3);
        Assert.That(rows, Is.EquivalentTo(new Dictionary<(string, string), double?>
        {
            [("total", "total")] = 1755, [("total", "female")] = 845,
            [("hauptschulabschluss", "total")] = 740, [("hauptschulabschluss", "female")] = 355,
            [("mittlerer_abschluss", "total")] = 535, [("mittlerer_abschluss", "female")] = 240,
            [("fachhochschulreife", "total")] = 270, [("fachhochschulreife", "female")] = 140,
            [("allgemeine_hochschulreife", "total")] = 210, [("allgemeine_hochschulreife", "female")] = 110,
            [("additional_school_part_fhr", "total")] = 445, [("additional_school_part_fhr", "female")] = 210,
        }));
    }

    [Test]
    public void Population_DortmundFortschreibung_Exact()
    {
        var rows = work.Connection.Query<(string, double?, string, DateTime)>("""
            select sex, value, population_concept, reference_date from staging.stg_regionalstatistik_population__kreise
            where region_code = '05913'
            """).ToList();
        Assert.That(rows, Is.EquivalentTo(new[]
        {
            ("total", (double?)603462, "fortschreibung", new DateTime(2024, 12, 31)),
            ("male", (double?)297860, "fortschreibung", new DateTime(2024, 12, 31)),
            ("female", (double?)305602, "fortschreibung", new DateTime(2024, 12, 31)),
        }));
    }

    [TestCase("stg_regionalstatistik_schools__kreise", 538)]
    [TestCase("stg_regionalstatistik_vocational_leavers__kreise", 538)]
    [TestCase("stg_regionalstatistik_population__kreise", 489)]
    public void EveryRegionOfTheFile_ReachesStaging(string model, int regions)
    {
        var found = work.Connection.ExecuteScalar<long>($"select count(distinct region_code) from staging.{model}");
        Assert.That(found, Is.EqualTo(regions));
    }

    [Test]
    public void TableFiles_HoldGermanyTheLaenderAndEveryKreis()
    {
        foreach (var model in new[] { "stg_regionalstatistik_schools__kreise", "stg_regionalstatistik_vocational_leavers__kreise" })
        {
            var byDepth = work.Connection.Query<(int, long)>(
                $"select region_depth, count(distinct region_code) from staging.{model} group by 1 order by 1").ToList();
            var laender = work.Connection.ExecuteScalar<long>($"select count(distinct region_code) from staging.{model} where length(region_code) = 2 and region_code <> 'DG'");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(byDepth[0], Is.EqualTo((0, 1L)), $"{model}: Germany");
                Assert.That(laender, Is.EqualTo(16), $"{model}: the Länder");
                Assert.That(work.Connection.ExecuteScalar<long>($"select count(*) from staging.{model} where region_code = '05913'"), Is.GreaterThan(0), model);
            }
        }
    }

    [Test]
    public void RealSources_LoadedWithoutQuarantineAndTheirChecksPass()
    {
        var quarantined = work.Connection.ExecuteScalar<long>(
            "select count(*) from ops.quarantine where source_id in ('regionalstatistik_schools', 'regionalstatistik_vocational_leavers', 'regionalstatistik_population')");
        const string Ours = "(models like '%regionalstatistik_schools%' or models like '%regionalstatistik_vocational_leavers%' or models like '%regionalstatistik_population%')";
        var run = work.Connection.ExecuteScalar<long>($"select count(*) from qa.check_results where {Ours}");
        var failed = work.Connection.Query<string>($"select check_name from qa.check_results where not passed and {Ours}").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(quarantined, Is.Zero);
            Assert.That(run, Is.GreaterThanOrEqualTo(9), "the period, not_null and unique checks of the three staging models ran");
            Assert.That(failed, Is.Empty);
        }
    }
}
