using System.Diagnostics;
using System.Globalization;
using System.Text;
using TalentData.Disclosure;
using TalentData.Project;
using TalentData.Publishing;
using TalentData.Tests.Disclosure;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// A generated city-scale publication, protected by the engine and audited by the independent attacker: ten years of
/// 600,000 residents each drawn into statistischer Bezirk × sex × age group × nationality with the sample's 2024
/// proportions (as tests/TalentData.Benchmarks/InputGenerator.CityScalePopulation does), published as
/// bevoelkerung-statistische-bezirke plus the population indicators of talentindikatoren-bezirke (totals and shares to
/// one decimal for every statistischer Bezirk, Stadtbezirk and the city).
/// </summary>
public class DisclosureCityScaleTests
{
    const int K = 3;
    const int Persons = 600_000;
    const int Years = 10;

    const string IndicatorsYaml = """
        dataset: talentindikatoren-bezirke
        title: Talent-Indikatoren (Bevölkerung)
        description: The population indicators of talentindikatoren-bezirke.
        theme: alle
        disclosure: person_counts
        primary_key: [indikator, gebiet_ebene, gebiet_nr, jahr]
        columns:
          - name: indikator
            title: Indikator (Schlüssel)
            type: string
            role: metric
            label_column: indikator_titel
            categories:
              population_total: { unit: "Personen", decimals: 0 }
              population_share_under_18: { unit: "%", decimals: 1 }
              population_share_15_to_24: { unit: "%", decimals: 1 }
              population_share_non_german: { unit: "%", decimals: 1 }
          - { name: indikator_titel, title: Indikator, type: string, role: label }
          - { name: jahr, title: Jahr, type: year, role: time }
          - { name: gebiet_ebene, title: Gebietsebene, type: string, role: attribute }
          - { name: gebiet_nr, title: Gebiet (Schlüssel), type: string, role: geo, label_column: gebiet, level_column: gebiet_ebene }
          - { name: gebiet, title: Gebiet, type: string, role: label }
          - { name: wert, title: Wert, type: number, role: measure }
          - { name: einheit, title: Einheit, type: string, role: attribute }
          - { name: status, title: Statuskennzeichen, type: string, role: status }
        derived:
          - { indicator: population_total, numerator: { dataset: bevoelkerung-statistische-bezirke } }
          - indicator: population_share_under_18
            numerator: { dataset: bevoelkerung-statistische-bezirke, select: { altersgruppe: [0 bis unter 6, 6 bis unter 15, 15 bis unter 18] } }
            denominator: { dataset: bevoelkerung-statistische-bezirke }
          - indicator: population_share_15_to_24
            numerator: { dataset: bevoelkerung-statistische-bezirke, select: { altersgruppe: [15 bis unter 18, 18 bis unter 25] } }
            denominator: { dataset: bevoelkerung-statistische-bezirke }
          - indicator: population_share_non_german
            numerator: { dataset: bevoelkerung-statistische-bezirke, select: { staatsangehoerigkeit: [nichtdeutsch] } }
            denominator: { dataset: bevoelkerung-statistische-bezirke }
        """;

    static string[] ReadCsv(string path) =>
        File.ReadAllText(path, Encoding.UTF8).TrimStart('\uFEFF').Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void GeneratedCityScalePopulation_ProtectedByTheEngine_TheAttackerFindsNoPrimaryNarrowerThanK()
    {
        var clock = Stopwatch.StartNew();
        // The area hierarchy from the reference tables: statistischer Bezirk → Stadtbezirk → city.
        var reference = Path.Combine(RepoPaths.Root, "sql", "reference");
        var areaRows = new List<(string Level, string Code, string Name, string? ParentLevel, string? ParentCode)>
            { ("stadt", "05913000", "Dortmund", null, null) };
        foreach (var f in ReadCsv(Path.Combine(reference, "stadtbezirke.csv")).Skip(1).Select(l => l.Split(',')))
            areaRows.Add(("stadtbezirk", f[0], f[1], "stadt", "05913000"));
        foreach (var f in ReadCsv(Path.Combine(reference, "stat_bezirke.csv")).Skip(1).Select(l => l.Split(',')))
            areaRows.Add(("statistischer_bezirk", f[0], f[2], "stadtbezirk", f[3]));
        var areas = AreaHierarchy.Of(areaRows.Select(a => new Area(a.Level, a.Code, a.Name, a.ParentLevel, a.ParentCode)));

        // The generator of InputGenerator.CityScalePopulation: the 2024 cells of the sample as weights, seeded draws.
        var sample = ReadCsv(Path.Combine(RepoPaths.Root, "sample-data", "dortmund_population", "residents.csv"));
        var cells = sample.Skip(1).Select(l => l.Split(';')).Where(f => f[1] == "2024").ToArray();
        var cumulative = new double[cells.Length];
        var sum = 0.0;
        for (var i = 0; i < cells.Length; i++)
            cumulative[i] = sum += double.Parse(cells[i][9], CultureInfo.InvariantCulture);
        var random = new Random(20241231);
        var truth = new Dictionary<string, long>(StringComparer.Ordinal);
        var population = new List<object?[]>();
        var counts = new Dictionary<int, long[]>();
        for (var year = 2024 - Years + 1; year <= 2024; year++)
        {
            var n = counts[year] = new long[cells.Length];
            for (var p = 0; p < Persons; p++)
            {
                var at = Array.BinarySearch(cumulative, random.NextDouble() * sum);
                n[at < 0 ? ~at : at]++;
            }
            for (var i = 0; i < cells.Length; i++)
            {
                var f = cells[i];
                population.Add([(long)year, new DateOnly(year, 12, 31), f[2], f[3], f[4], f[5], f[6], f[7], f[8], n[i], ""]);
                truth[$"{year}|{f[2]}|{f[6]}|{f[7]}|{f[8]}"] = n[i];
            }
        }

        // The population indicators for every statistischer Bezirk, Stadtbezirk and the city, as the marts compute them.
        string[] under18 = ["0 bis unter 6", "6 bis unter 15", "15 bis unter 18"], young = ["15 bis unter 18", "18 bis unter 25"];
        var indicators = new List<object?[]>();
        foreach (var (year, n) in counts)
            foreach (var area in areaRows)
            {
                bool In(string[] f) => area.Level == "stadt" || (area.Level == "stadtbezirk" ? f[4] == area.Code : f[2] == area.Code);
                long Sum(Func<string[], bool> where) => Enumerable.Range(0, cells.Length).Where(i => In(cells[i]) && where(cells[i])).Sum(i => n[i]);
                var total = Sum(_ => true);
                decimal Share(long part) => Math.Round(100m * part / total, 1, MidpointRounding.AwayFromZero);
                object?[] Row(string indicator, decimal value, string unit) =>
                    [indicator, indicator, (long)year, area.Level, area.Code, area.Name, value, unit, ""];
                indicators.Add(Row("population_total", total, "Personen"));
                indicators.Add(Row("population_share_under_18", Share(Sum(f => under18.Contains(f[7]))), "%"));
                indicators.Add(Row("population_share_15_to_24", Share(Sum(f => young.Contains(f[7]))), "%"));
                indicators.Add(Row("population_share_non_german", Share(Sum(f => f[8] == "nichtdeutsch")), "%"));
            }

        var definitions = Toy.Load(File.ReadAllText(Path.Combine(RepoPaths.Sql, "marts", "bevoelkerung_statistische_bezirke.yaml")), IndicatorsYaml);
        var tables = definitions.ToDictionary(d => d.Dataset,
            d => PublishedTable.FromRows(d, d.Dataset == "bevoelkerung-statistische-bezirke" ? population : indicators));
        var generated = clock.Elapsed;
        var result = DisclosureControl.Apply(tables.Values, areas, K, City.Load(RepoPaths.Root).Key);
        var protectedIn = clock.Elapsed - generated;
        Assert.That(result.Withheld, Is.Empty);

        var files = definitions.Select(d => (d, CsvExtractWriter.Write(tables[d.Dataset]))).ToList();
        var attacker = new PublishedAttacker(files, areaRows.Select(a => (a.Level, a.Code, a.ParentLevel, a.ParentCode)));
        (bool, long) IsPrimary(string dataset, IReadOnlyList<string> header, string[] row)
        {
            var h = header.ToList();
            var value = truth[string.Join("|", new[] { "jahr", "statistischer_bezirk_nr", "geschlecht", "altersgruppe", "staatsangehoerigkeit" }.Select(c => row[h.IndexOf(c)]))];
            return (value is > 0 and < K, value);
        }
        var primaries = attacker.Attack(IsPrimary, key =>
        {
            var p = key.Split('|'); // dataset|year|statistischer_bezirk:code|geschlecht|altersgruppe|staatsangehoerigkeit
            return truth.TryGetValue($"{p[1]}|{p[2].Split(':')[1]}|{p[3]}|{p[4]}|{p[5]}", out var v) ? v : null;
        });
        var counted = result.Counts()["bevoelkerung-statistische-bezirke"];
        TestContext.Out.WriteLine($"{Years} years x {Persons:N0} persons: generated in {generated.TotalSeconds:0.0} s, protected in {protectedIn.TotalSeconds:0.0} s, " +
                                  $"attacked in {(clock.Elapsed - generated - protectedIn).TotalSeconds:0.0} s; {primaries.Count} primary cells; {counted}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(attacker.Violations.Take(20), Is.Empty, "the attacker's model must hold at the truth");
            foreach (var p in primaries)
                Assert.That(p.IsProtected(K), p.ToString());
            Assert.That(primaries, Has.Count.GreaterThanOrEqualTo(Years), "small counts every year at this scale");
        }
    }
}
