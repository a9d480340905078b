using System.Globalization;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// The dataset bedarf-und-angebot over the shared sample publication: one statistischer Bezirk's row recomputed by hand
/// from the sample files, every Stadtbezirk and statistischer Bezirk present for every pair declared at its level, every
/// value the one talentindikatoren-bezirke publishes (after its disclosure control), and the flag following its rule.
/// </summary>
public sealed class NeedAndSupplyPublicationTests
{
    const string Dataset = "bedarf-und-angebot";

    static SamplePublication Sample => SamplePublication.Instance;

    static readonly string Header =
        "gebiet_ebene,gebiet_nr,gebiet,zielgruppe,bedarf_indikator,bedarf_titel,bedarf_jahr,bedarf_wert,bedarf_einheit," +
        "bedarf_status,bedarf_stadtwert,angebot_indikator,angebot_titel,angebot_jahr,angebot_wert,angebot_einheit," +
        "angebot_status,angebot_stadtwert,bedarf_hoch_angebot_gering";

    static List<Dictionary<string, string>> Csv(string dataset) => PublishedCsv.Rows(Sample.Latest(dataset, "data.csv"));

    /// <summary>The data lines of a sample file (UTF-8 with BOM, ';', nothing quoted).</summary>
    static List<Dictionary<string, string>> SampleRows(string source, string file)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.SampleData, source, file), System.Text.Encoding.UTF8);
        var header = lines[0].TrimStart('\uFEFF').Split(';');
        return [.. lines.Skip(1).Select(text => header.Zip(text.Split(';')).ToDictionary(p => p.First, p => p.Second))];
    }

    static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    static string Round(double value, int decimals) => Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, CultureInfo.InvariantCulture);

    [Test]
    public void TheDataset_HasTheContractsColumns_AndIsMarkedSynthetic()
    {
        Assert.That(Sample.Report.Published, Does.Contain(Dataset), Sample.Report.Error);
        var package = System.Text.Json.Nodes.JsonNode.Parse(Sample.Bytes(Dataset, "datapackage.json"))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(File.ReadLines(Sample.Latest(Dataset, "data.csv")).First(), Is.EqualTo(Header));
            Assert.That(package["synthetic"]!.GetValue<bool>(), Is.True, "built from synthetic sample files, so marked as such");
        }
    }

    [Test]
    public void OneStatistischerBezirksRow_IsRecomputedByHandFromTheSampleFiles()
    {
        // Statistischer Bezirk 050, youth unemployment density beside schools per 1,000 residents aged 6 to under 18.
        // Need: unemployed under 25 over residents "15 bis unter 18" + "18 bis unter 25" of the latest unemployment year,
        // times 100, 1 decimal. Supply: schools whose statistischer_bezirk_nr is 050 over residents "6 bis unter 15" +
        // "15 bis unter 18" of the latest population year, times 1,000, 2 decimals; the city's supply value counts every
        // school with a district number. The city's need value uses the official city count (Regionalstatistik), which
        // other tests recompute; here it is taken as talentindikatoren-bezirke publishes it.
        const string area = "050";
        var residents = SampleRows("dortmund_population", "residents.csv");
        var unemployed = SampleRows("dortmund_unemployment", "unemployed.csv");
        var needYear = unemployed.Max(r => r["jahr"])!;
        var supplyYear = residents.Max(r => r["jahr"])!;
        // the unemployment export spells the district NN (05), the population export NN0 (050)
        var unemployedUnder25 = unemployed.Where(r => r["jahr"] == needYear && r["statistischer_bezirk_nr"] + "0" == area && r["altersgruppe"] == "unter 25")
            .Sum(r => long.Parse(r["arbeitslose"], CultureInfo.InvariantCulture));
        long Residents(string year, string? district, params string[] groups) => residents
            .Where(r => r["jahr"] == year && (district is null || r["statistischer_bezirk_nr"] == district) && groups.Contains(r["altersgruppe"]))
            .Sum(r => long.Parse(r["anzahl"], CultureInfo.InvariantCulture));
        var youngResidents = Residents(needYear, area, "15 bis unter 18", "18 bis unter 25");
        var schoolAge = Residents(supplyYear, area, "6 bis unter 15", "15 bis unter 18");
        var schools = SampleRows("dortmund_schools", "schulen.csv");
        var schoolsHere = schools.Count(r => r["statistischer_bezirk_nr"] == area);
        var schoolsPlaced = schools.Count(r => r["statistischer_bezirk_nr"] != "");
        var citySchoolAge = Residents(supplyYear, null, "6 bis unter 15", "15 bis unter 18");
        Assert.That(unemployedUnder25 > 0 && youngResidents > 100 && schoolsHere > 0 && schoolAge > 100, Is.True,
            "the sample gives 050 young unemployed, young residents, a school and pupils' ages, so a wrong divisor shows");

        var cityNeed = Csv("talentindikatoren-bezirke").Single(r => r["indikator"] == "youth_unemployment_density" && r["gebiet_ebene"] == "stadt" && r["jahr"] == needYear)["wert"];
        var row = Csv(Dataset).Single(r => r["gebiet_ebene"] == "statistischer_bezirk" && r["gebiet_nr"] == area
                                           && r["bedarf_indikator"] == "youth_unemployment_density" && r["angebot_indikator"] == "schools_per_1000_aged_6_to_17");
        var need = Round(100.0 * unemployedUnder25 / youngResidents, 1);
        var supply = Round(1000.0 * schoolsHere / schoolAge, 2);
        var citySupply = Round(1000.0 * schoolsPlaced / citySchoolAge, 2);
        var flag = Number(need) > Number(cityNeed) && Number(supply) < Number(citySupply) ? "true" : "false";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(row["bedarf_jahr"], Is.EqualTo(needYear));
            Assert.That(Number(row["bedarf_wert"]), Is.EqualTo(Number(need)));
            Assert.That(row["bedarf_status"], Is.Empty);
            Assert.That(Number(row["bedarf_stadtwert"]), Is.EqualTo(Number(cityNeed)));
            Assert.That(row["angebot_jahr"], Is.EqualTo(supplyYear));
            Assert.That(Number(row["angebot_wert"]), Is.EqualTo(Number(supply)));
            Assert.That(Number(row["angebot_stadtwert"]), Is.EqualTo(Number(citySupply)));
            Assert.That(row["bedarf_hoch_angebot_gering"], Is.EqualTo(flag));
            Assert.That(row["zielgruppe"], Is.EqualTo("young_people"));
            Assert.That(row["gebiet"], Is.EqualTo("Nordmarkt"));
        }
    }

    [Test]
    public void EveryStadtbezirkAndEveryStatistischerBezirk_AppearsOnceForEveryPairDeclaredAtItsLevel()
    {
        static List<string> Codes(string file) => [.. File.ReadAllLines(Path.Combine(RepoPaths.Sql, "reference", file)).Skip(1).Select(l => l.Split(',')[0])];
        var codes = new Dictionary<string, List<string>> { ["stadtbezirk"] = Codes("stadtbezirke.csv"), ["statistischer_bezirk"] = Codes("stat_bezirke.csv") };
        Assert.That((codes["stadtbezirk"].Count, codes["statistischer_bezirk"].Count), Is.EqualTo((12, 62)));
        var pairs = File.ReadAllLines(Path.Combine(RepoPaths.Sql, "reference", "need_supply_pairs.csv")).Skip(1)
            .Select(l => l.Split(',')).Select(c => (Need: c[0], Supply: c[1], Levels: c[3].Split('|'))).ToList();
        var expected = pairs.SelectMany(p => p.Levels.SelectMany(level => codes[level].Select(code => $"{level} {code} {p.Need} {p.Supply}"))).Order().ToList();
        var found = Csv(Dataset).Select(r => $"{r["gebiet_ebene"]} {r["gebiet_nr"]} {r["bedarf_indikator"]} {r["angebot_indikator"]}").Order().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(found, Is.EqualTo(expected));
            Assert.That(found.Select(f => string.Join(' ', f.Split(' ').Take(2))).Distinct().Count(), Is.EqualTo(12 + 62), "every district of both levels");
        }
    }

    [Test]
    public void EveryValue_IsTheOneTalentindikatorenBezirkePublishes_AndTheFlagFollowsItsRule()
    {
        var indicators = Csv("talentindikatoren-bezirke").ToDictionary(r => (r["indikator"], r["gebiet_ebene"], r["gebiet_nr"], r["jahr"]));
        var rows = Csv(Dataset);
        // the same number, each dataset in its own format ("0.40" there, "0.4" in an attribute column here)
        static string N(string text) => text.Length == 0 ? "" : decimal.Parse(text, CultureInfo.InvariantCulture).ToString("G29", CultureInfo.InvariantCulture);
        (string Value, string Status) Published(string indicator, string level, string code, string year) =>
            indicators.TryGetValue((indicator, level, code, year), out var r) ? (N(r["wert"]), r["status"]) : ("", ".");
        using (Assert.EnterMultipleScope())
        {
            foreach (var r in rows)
            {
                var where = $"{r["gebiet_ebene"]} {r["gebiet_nr"]} {r["bedarf_indikator"]}/{r["angebot_indikator"]}";
                Assert.That((N(r["bedarf_wert"]), r["bedarf_status"]), Is.EqualTo(Published(r["bedarf_indikator"], r["gebiet_ebene"], r["gebiet_nr"], r["bedarf_jahr"])), where);
                Assert.That((N(r["angebot_wert"]), r["angebot_status"]), Is.EqualTo(Published(r["angebot_indikator"], r["gebiet_ebene"], r["gebiet_nr"], r["angebot_jahr"])), where);
                Assert.That(N(r["bedarf_stadtwert"]), Is.EqualTo(Published(r["bedarf_indikator"], "stadt", Sample.City.Key, r["bedarf_jahr"]).Value), where);
                Assert.That(N(r["angebot_stadtwert"]), Is.EqualTo(Published(r["angebot_indikator"], "stadt", Sample.City.Key, r["angebot_jahr"]).Value), where);
                var four = new[] { r["bedarf_wert"], r["bedarf_stadtwert"], r["angebot_wert"], r["angebot_stadtwert"] };
                var flag = four.Any(v => v.Length == 0) ? ""
                    : Number(four[0]) > Number(four[1]) && Number(four[2]) < Number(four[3]) ? "true" : "false";
                Assert.That(r["bedarf_hoch_angebot_gering"], Is.EqualTo(flag), where);
            }
            // The sample must exercise every branch of the rule, or the loop above proves little.
            Assert.That(rows.Select(r => r["bedarf_hoch_angebot_gering"]).Distinct().Order(), Is.EqualTo(new[] { "", "false", "true" }));
            Assert.That(rows.Any(r => r["bedarf_status"] == "." && r["angebot_wert"].Length > 0), "a need value secret in talentindikatoren-bezirke is secret here too");
        }
    }

    /// <summary>The two dataset definitions as the project declares them.</summary>
    static (DatasetDefinition Pairs, DatasetDefinition Indicators) Definitions()
    {
        var all = DatasetDefinition.LoadAll(RepoPaths.Sql);
        return (all.Single(d => d.Dataset == Dataset), all.Single(d => d.Dataset == "talentindikatoren-bezirke"));
    }

    static object?[] IndicatorRow(string indicator, string level, string code, int year, double? value, string status) =>
        [indicator, indicator, year, level, code, code, value, "x", status];

    static object?[] PairRow(string code, double? need, double? needCity, double? supply, double? supplyCity, bool? flag) =>
        ["statistischer_bezirk", code, code, "young_people", "youth_unemployment_density", "t", 2024, need, "u", need is null ? "." : "", needCity,
         "schools_per_1000_aged_6_to_17", "t", 2024, supply, "u", "", supplyCity, flag];

    [Test]
    public void Repeats_ASecretIndicatorValue_IsSecretHereAndEmptiesTheFlag()
    {
        var (pairs, indicators) = Definitions();
        var source = PublishedTable.FromRows(indicators,
        [
            IndicatorRow("youth_unemployment_density", "stadt", "05913000", 2024, 4.8, ""),
            IndicatorRow("schools_per_1000_aged_6_to_17", "stadt", "05913000", 2024, 2.39, ""),
            IndicatorRow("youth_unemployment_density", "statistischer_bezirk", "010", 2024, 9.0, ""),
            IndicatorRow("schools_per_1000_aged_6_to_17", "statistischer_bezirk", "010", 2024, 1.0, ""),
            IndicatorRow("youth_unemployment_density", "statistischer_bezirk", "020", 2024, 9.0, ""),
            IndicatorRow("schools_per_1000_aged_6_to_17", "statistischer_bezirk", "020", 2024, 1.0, ""),
        ]);
        // disclosure control suppressed 020's need value and marked 010's supply value not reliable
        source.Suppress(4);
        source.MarkUnreliable(3);
        var table = PublishedTable.FromRows(pairs, [PairRow("010", 9.0, 4.8, 1.0, 2.39, true), PairRow("020", 9.0, 4.8, 1.0, 2.39, true)]);
        var reason = RepeatedIndicatorValues.Apply(table, new Dictionary<string, PublishedTable> { [indicators.Dataset] = source, [Dataset] = table },
            new Dictionary<string, string>(), "05913000");
        string Cell(int row, string column) => table.Rows[row][table.IndexOf(column)];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reason, Is.Null);
            Assert.That((Cell(0, "bedarf_wert"), Cell(0, "bedarf_status"), Cell(0, "angebot_wert"), Cell(0, "angebot_status")), Is.EqualTo(("9.0", "", "", "/")));
            Assert.That((Cell(1, "bedarf_wert"), Cell(1, "bedarf_status"), Cell(1, "angebot_wert"), Cell(1, "angebot_status")), Is.EqualTo(("", ".", "1", "")));
            Assert.That((Cell(0, "bedarf_stadtwert"), Cell(0, "angebot_stadtwert")), Is.EqualTo(("4.8", "2.39")), "the city's values stay");
            Assert.That((Cell(0, "bedarf_hoch_angebot_gering"), Cell(1, "bedarf_hoch_angebot_gering")), Is.EqualTo(("", "")),
                "'above the city' would still tell something about a value that is not published");
        }
    }

    [Test]
    public void Repeats_AValueTheIndicatorDatasetDoesNotPublishOrPublishesOtherwise_OrAWithheldIndicatorDataset_WithholdsThePairs()
    {
        var (pairs, indicators) = Definitions();
        var source = PublishedTable.FromRows(indicators, [IndicatorRow("youth_unemployment_density", "stadt", "05913000", 2024, 4.8, "")]);
        var table = PublishedTable.FromRows(pairs, [PairRow("010", 9.0, 4.8, 1.0, 2.39, true)]);
        var tables = new Dictionary<string, PublishedTable> { [indicators.Dataset] = source, [Dataset] = table };
        var missing = RepeatedIndicatorValues.Apply(table, tables, new Dictionary<string, string>(), "05913000");
        var otherCity = PublishedTable.FromRows(pairs, [PairRow("010", null, 5.0, 1.0, 2.39, null)]);
        var differs = RepeatedIndicatorValues.Apply(otherCity, new Dictionary<string, PublishedTable> { [indicators.Dataset] = source, [Dataset] = otherCity },
            new Dictionary<string, string>(), "05913000");
        var withheld = RepeatedIndicatorValues.Apply(table, tables, new Dictionary<string, string> { [indicators.Dataset] = "check failed" }, "05913000");
        var absent = RepeatedIndicatorValues.Apply(table, new Dictionary<string, PublishedTable> { [Dataset] = table }, new Dictionary<string, string>(), "05913000");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(missing, Does.Contain("'bedarf_wert' holds 9.0").And.Contain("youth_unemployment_density").And.Contain("statistischer_bezirk 010 in 2024"));
            Assert.That(differs, Does.Contain("'bedarf_stadtwert' holds 5, but talentindikatoren-bezirke publishes 4.8"));
            Assert.That(withheld, Is.EqualTo("it repeats the values of talentindikatoren-bezirke, which is withheld: check failed"));
            Assert.That(absent, Does.Contain("not read in this publication"));
        }
    }
}

/// <summary>A repeats: declaration that cannot work stops the project load, naming the file and what is wrong.</summary>
public sealed class RepeatsDeclarationTests
{
    /// <summary>sql/marts/ with the two datasets as the project has them, bedarf_und_angebot.yaml changed by <paramref name="edit"/>.</summary>
    static string Load(Func<string, string> edit)
    {
        using var dir = new TempDir();
        var marts = Path.Combine(dir.Path, "marts");
        Directory.CreateDirectory(marts);
        foreach (var name in new[] { "bedarf_und_angebot", "talentindikatoren_bezirke", "bevoelkerung_statistische_bezirke", "arbeitslose_statistische_bezirke",
                     "schulabgaenge_abschluss_stadtbezirke", "uebergaenge_weiterfuehrende_schulen" })
            foreach (var ext in new[] { ".sql", ".yaml" })
            {
                var text = File.ReadAllText(Path.Combine(RepoPaths.Sql, "marts", name + ext));
                File.WriteAllText(Path.Combine(marts, name + ext), name == "bedarf_und_angebot" && ext == ".yaml" ? edit(text) : text);
            }
        return Assert.Throws<PipelineException>(() => DatasetDefinition.LoadAll(dir.Path, City.Load(RepoPaths.Root)))!.Message;
    }

    [Test]
    public void Repeats_NamingAColumnTheDatasetDoesNotHave_FailsNamingIt()
    {
        var message = Load(y => y.Replace("value: angebot_wert,", "value: angebot_wertx,"));
        Assert.That(message, Does.Contain("sql/marts/bedarf_und_angebot.yaml").And.Contain("repeats: names 'angebot_wertx', which is not a column of the dataset"));
    }

    [Test]
    public void Repeats_NamingADatasetWithoutMetricTimeAndLevel_FailsNamingIt()
    {
        var message = Load(y => y.Replace("  dataset: talentindikatoren-bezirke", "  dataset: bevoelkerung-statistische-bezirke"));
        Assert.That(message, Does.Contain("repeats: names dataset 'bevoelkerung-statistische-bezirke', which must be a dataset of sql/marts/ with a metric"));
    }

    [Test]
    public void Repeats_TheStatusColumnsSideWithAnotherValueThanTheMeasure_Fails()
    {
        var message = Load(y => y.Replace("value: bedarf_wert, status: bedarf_status", "value: angebot_wert, status: bedarf_status"));
        Assert.That(message, Does.Contain("the side whose status is the status column 'bedarf_status' must have the measure 'bedarf_wert' as its value"));
    }
}
