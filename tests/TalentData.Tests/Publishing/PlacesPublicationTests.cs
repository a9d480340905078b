using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// The places of talent support over the shared sample publication: every place counted in the Stadtbezirk its sample
/// line names, the places without a district named with file and line, and one rate recomputed by hand from the
/// sample files themselves (not from the warehouse).
/// </summary>
public sealed class PlacesPublicationTests
{
    const string Dataset = "angebote-stadtbezirke";

    static SamplePublication Sample => SamplePublication.Instance;

    /// <summary>The data lines of a sample file (UTF-8 with BOM, ';', nothing quoted), each with its line number.</summary>
    static List<(int Line, Dictionary<string, string> Cells)> SampleRows(string source, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.SampleData, source, file), System.Text.Encoding.UTF8);
        var header = lines[0].TrimStart('\uFEFF').Split(';');
        return [.. lines.Skip(1).Select((text, i) => (i + 2, header.Zip(text.Split(';')).ToDictionary(p => p.First, p => p.Second)))];
    }

    /// <summary>Statistischer Bezirk (NN0) to its Stadtbezirk, from the reference the SQL reads too.</summary>
    static Dictionary<string, string> StadtbezirkOf() =>
        File.ReadAllLines(Path.Combine(RepoPaths.Sql, "reference", "stat_bezirke.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(c => c[0], c => c[3]);

    /// <summary>The published values of one indicator by Stadtbezirk.</summary>
    static Dictionary<string, double> Published(string indicator)
    {
        var lines = File.ReadAllLines(Sample.Latest(Dataset, "data.csv"));
        Assert.That(lines[0], Is.EqualTo("jahr,stadtbezirk_nr,stadtbezirk,indikator,wert,status"));
        return lines.Skip(1).Select(l => l.Split(',')).Where(c => c[3] == indicator)
            .ToDictionary(c => c[1], c => double.Parse(c[4], CultureInfo.InvariantCulture));
    }

    [Test]
    public void CountsPerStadtbezirk_EqualTheSampleFilesRows()
    {
        Assert.That(Sample.Report.Published, Does.Contain(Dataset), Sample.Report.Error);
        var stadtbezirkOf = StadtbezirkOf();
        var schools = SampleRows("dortmund_schools", "schulen.csv")
            .Where(r => r.Cells["statistischer_bezirk_nr"] != "")
            .CountBy(r => stadtbezirkOf[r.Cells["statistischer_bezirk_nr"]]).ToDictionary();
        var youth = SampleRows("dortmund_youth_facilities", "jugendfreizeitstaetten.csv")
            .Where(r => r.Cells["stadtbezirk_nr"] != "")
            .CountBy(r => r.Cells["stadtbezirk_nr"]).ToDictionary();
        var daycare = SampleRows("dortmund_daycare", "kindertageseinrichtungen.csv")
            .Where(r => r.Cells["statistischer_bezirk_nr"] != "")
            .GroupBy(r => stadtbezirkOf[r.Cells["statistischer_bezirk_nr"]]).ToList();
        var libraries = SampleRows("dortmund_libraries", "bibliotheken.csv")
            .Where(r => r.Cells["stadtbezirk_nr"] != "")
            .CountBy(r => r.Cells["stadtbezirk_nr"]).ToDictionary();
        var adultEducation = SampleRows("dortmund_adult_education", "vhs_standorte.csv")
            .Where(r => r.Cells["stadtbezirk_nr"] != "")
            .CountBy(r => r.Cells["stadtbezirk_nr"]).ToDictionary();
        var stadtbezirke = stadtbezirkOf.Values.Distinct().ToList();
        Dictionary<string, double> PerStadtbezirk(IReadOnlyDictionary<string, int> counts) => stadtbezirke.ToDictionary(s => s, s => (double)counts.GetValueOrDefault(s));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Published("schulen"), Is.EquivalentTo(PerStadtbezirk(schools)));
            Assert.That(Published("jugendfreizeitstaetten"), Is.EquivalentTo(PerStadtbezirk(youth)));
            Assert.That(Published("kindertageseinrichtungen"), Is.EquivalentTo(PerStadtbezirk(daycare.ToDictionary(g => g.Key, g => g.Count()))));
            Assert.That(Published("kita_plaetze"), Is.EquivalentTo(PerStadtbezirk(daycare.ToDictionary(g => g.Key, g => g.Sum(r => int.Parse(r.Cells["platze"], CultureInfo.InvariantCulture))))));
            Assert.That(Published("bibliotheken"), Is.EquivalentTo(PerStadtbezirk(libraries)));
            Assert.That(Published("vhs_standorte"), Is.EquivalentTo(PerStadtbezirk(adultEducation)));
            // Nothing is counted twice or invented: the published total is the placed rows of the files.
            Assert.That(Published("schulen").Values.Sum(), Is.EqualTo(schools.Values.Sum()));
        }
    }

    [Test]
    public void SchoolsPer1000_OfOneStadtbezirk_IsRecomputedByHandFromTheSampleFiles()
    {
        // Hombruch (90): its schools over its residents aged 6 to under 18 ("6 bis unter 15" + "15 bis unter 18") in
        // the latest year of the population sample, times 1,000, to 2 decimals.
        var stadtbezirkOf = StadtbezirkOf();
        var schools = SampleRows("dortmund_schools", "schulen.csv")
            .Count(r => r.Cells["statistischer_bezirk_nr"] is { Length: > 0 } code && stadtbezirkOf[code] == "90");
        var residents = SampleRows("dortmund_population", "residents.csv");
        var latest = residents.Max(r => int.Parse(r.Cells["jahr"], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        var residents6To17 = residents
            .Where(r => r.Cells["jahr"] == latest && r.Cells["stadtbezirk_nr"] == "90")
            .Where(r => r.Cells["altersgruppe"] is "6 bis unter 15" or "15 bis unter 18")
            .Sum(r => long.Parse(r.Cells["anzahl"], CultureInfo.InvariantCulture));
        Assert.That(schools, Is.GreaterThan(0));
        Assert.That(residents6To17, Is.GreaterThan(1000));
        Assert.That(Published("schulen_je_1000_einwohner_6_bis_unter_18")["90"],
            Is.EqualTo(Math.Round(1000.0 * schools / residents6To17, 2, MidpointRounding.AwayFromZero)));
    }

    /// <summary>The residents of one Stadtbezirk in the latest year of the population sample, of the age groups given (all when none).</summary>
    static long Residents(string stadtbezirk, params string[] ageGroups)
    {
        var residents = SampleRows("dortmund_population", "residents.csv");
        var latest = residents.Max(r => int.Parse(r.Cells["jahr"], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        return residents
            .Where(r => r.Cells["jahr"] == latest && r.Cells["stadtbezirk_nr"] == stadtbezirk)
            .Where(r => ageGroups.Length == 0 || ageGroups.Contains(r.Cells["altersgruppe"]))
            .Sum(r => long.Parse(r.Cells["anzahl"], CultureInfo.InvariantCulture));
    }

    [Test]
    public void DayCarePlacesPer1000ChildrenUnder6_OfOneStadtbezirk_IsRecomputedByHandFromTheSampleFiles()
    {
        // Innenstadt-Nord (20): the places (platze) of its day-care centres, placed by their statistischer Bezirk, over
        // its children "0 bis unter 6" in the latest year, times 1,000, to 1 decimal.
        var stadtbezirkOf = StadtbezirkOf();
        var places = SampleRows("dortmund_daycare", "kindertageseinrichtungen.csv")
            .Where(r => r.Cells["statistischer_bezirk_nr"] is { Length: > 0 } code && stadtbezirkOf[code] == "20")
            .Sum(r => int.Parse(r.Cells["platze"], CultureInfo.InvariantCulture));
        var childrenUnder6 = Residents("20", "0 bis unter 6");
        Assert.That(places, Is.GreaterThan(0));
        Assert.That(childrenUnder6, Is.GreaterThan(1000));
        Assert.That(Published("kita_plaetze_je_1000_kinder_unter_6")["20"],
            Is.EqualTo(Math.Round(1000.0 * places / childrenUnder6, 1, MidpointRounding.AwayFromZero)));
    }

    [Test]
    public void LibrariesAndAdultEducationPer100000_OfOneStadtbezirk_AreRecomputedByHandFromTheSampleFiles()
    {
        // Hörde (80): its library branches and VHS sites by stadtbezirk_nr over all its residents (every age group)
        // in the latest year, times 100,000, to 2 decimals.
        var libraries = SampleRows("dortmund_libraries", "bibliotheken.csv").Count(r => r.Cells["stadtbezirk_nr"] == "80");
        var sites = SampleRows("dortmund_adult_education", "vhs_standorte.csv").Count(r => r.Cells["stadtbezirk_nr"] == "80");
        var residents = Residents("80");
        Assert.That((libraries, sites), Is.EqualTo((2, 2)), "the sample gives Hörde two of each, so a wrong divisor shows");
        Assert.That(residents, Is.GreaterThan(Residents("80", "0 bis unter 6", "6 bis unter 15", "15 bis unter 18", "18 bis unter 25")));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Published("bibliotheken_je_100000_einwohner")["80"], Is.EqualTo(Math.Round(100000.0 * libraries / residents, 2, MidpointRounding.AwayFromZero)));
            Assert.That(Published("vhs_standorte_je_100000_einwohner")["80"], Is.EqualTo(Math.Round(100000.0 * sites / residents, 2, MidpointRounding.AwayFromZero)));
        }
    }

    [Test]
    public void PlacesWithoutADistrict_AreNamedWithFileLineAndReason()
    {
        var files = new[]
        {
            ("dortmund_schools", "schulen.csv", "statistischer_bezirk_nr"),
            ("dortmund_youth_facilities", "jugendfreizeitstaetten.csv", "stadtbezirk_nr"),
            ("dortmund_daycare", "kindertageseinrichtungen.csv", "statistischer_bezirk_nr"),
            ("dortmund_libraries", "bibliotheken.csv", "stadtbezirk_nr"),
            ("dortmund_adult_education", "vhs_standorte.csv", "stadtbezirk_nr"),
        };
        var expected = files.SelectMany(f => SampleRows(f.Item1, f.Item2).Where(r => r.Cells[f.Item3] == "")
            .Select(r => ($"sample-data/{f.Item1}/{f.Item2}", r.Line, r.Cells["geo_point_2d"] != ""))).ToList();
        Assert.That(expected.Count(e => !e.Item3), Is.EqualTo(2), "the sample has exactly two places without a district and coordinates (a mobile youth offer, the Bücherbus)");
        Assert.That(expected, Has.Count.LessThanOrEqualTo(20), "qa.check_failures keeps 20 rows per check");

        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Sample.Options.SnapshotPath);
        var result = warehouse.Connection.QuerySingle<(string Severity, bool Passed, long FailingRows)>(
            "select severity, passed, failing_rows from qa.check_results where check_name = 'assert_places_in_a_district'");
        var rows = warehouse.Connection.Query<string>("select row_json from qa.check_failures where check_name = 'assert_places_in_a_district'")
            .Select(j => JsonNode.Parse(j)!).ToList();
        var found = rows.Select(r => (r["origin"]!.GetValue<string>(), (int)r["line_number"]!.GetValue<long>(),
            !r["reason"]!.GetValue<string>().Contains("no coordinates", StringComparison.Ordinal))).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result, Is.EqualTo(("warn", false, (long)expected.Count)), "a warning: the run publishes, the places are counted nowhere");
            Assert.That(found, Is.EquivalentTo(expected), "origin file, line, and whether the reason says coordinates were given");
            Assert.That(rows.Single(r => r["place_id"]!.GetValue<string>() == "JFS-051")["reason"]!.GetValue<string>(),
                Is.EqualTo("no district number and no coordinates: cannot be placed"));
            Assert.That(rows.Single(r => r["place_id"]!.GetValue<string>() == "BIB-19")["reason"]!.GetValue<string>(),
                Is.EqualTo("no district number and no coordinates: cannot be placed"));
        }
    }

    [Test]
    public void TheDataset_IsMarkedSynthetic_AsItsInputsAre()
    {
        var package = JsonNode.Parse(Sample.Bytes(Dataset, "datapackage.json"))!;
        var provenance = package["provenance"]!.ToJsonString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(package["synthetic"]!.GetValue<bool>(), Is.True);
            Assert.That(provenance, Does.Contain("schulen.csv").And.Contain("jugendfreizeitstaetten.csv").And.Contain("residents.csv")
                .And.Contain("kindertageseinrichtungen.csv").And.Contain("bibliotheken.csv").And.Contain("vhs_standorte.csv"));
        }
    }
}
