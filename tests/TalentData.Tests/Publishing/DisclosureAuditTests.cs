using System.Globalization;
using Dapper;
using TalentData.Disclosure;
using TalentData.Publishing;
using TalentData.Tests.Disclosure;

namespace TalentData.Tests.Publishing;

/// <summary>
/// R5 on what the sample run actually published: a cell counts as published when some written file shows its value
/// (a row of its dataset, or an indicator whose numerator or denominator it is); every primary cell must then have an
/// attacker interval (GLOP, all line equations of its cube and year) at least 3 wide that reaches 3.
/// </summary>
public class DisclosureAuditTests
{
    const int K = 3;

    static SamplePublication Sample => SamplePublication.Instance;

    /// <summary>The cube cells whose value some published file shows.</summary>
    static HashSet<string> RevealedByFiles()
    {
        var revealed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (slug, rows) in Sample.Publication.Disclosure.RowCells)
        {
            var (header, csv) = CsvExtractWriter.Parse(Sample.Bytes(slug, "data.csv"));
            var value = header.ToList().IndexOf(Sample.Datasets.Single(d => d.Dataset == slug).Measure.Name);
            foreach (var row in rows)
                if (csv[row.Row][value].Length > 0)
                    foreach (var id in new[] { row.Cell, row.Numerator, row.Denominator }.OfType<string>())
                        revealed.Add(id);
        }
        return revealed;
    }

    [Test]
    public void SamplePublication_EveryPrimaryCell_HasAnAttackerIntervalAtLeastKWideReachingK()
    {
        Assert.That(Sample.Report.Succeeded, Is.True, Sample.Report.Error);
        var revealed = RevealedByFiles();
        var primaries = 0;
        using (Assert.EnterMultipleScope())
        {
            foreach (var cube in Sample.Publication.Disclosure.Cubes)
            {
                var hidden = cube.Cells.Keys.Where(id => !revealed.Contains(id)).ToHashSet(StringComparer.Ordinal);
                var unpublished = cube.Cells.Values.Where(c => !c.Published).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
                var cells = cube.Cells.Values.ToDictionary(c => c.Id, c => new DisclosureCell(c.Id, c.Value, c.SourceSuppressed));
                var tables = cube.Lines.Select(l => TestTable.OneWayOf(l.Name, [.. l.Parts.Select(p => (p, cells[p]))], cells[l.Total])).ToList();
                foreach (var primary in cube.Cells.Values.Where(c => c.Published && c.IsPrimary(K)))
                {
                    primaries++;
                    Assert.That(hidden, Does.Contain(primary.Id), $"{primary.Id} = {primary.Value} is shown by a published file");
                    if (!hidden.Contains(primary.Id) || tables.Count == 0)
                        continue;
                    var (min, max) = Attacker.Range(tables, hidden, primary.Id, unpublished);
                    Assert.That(max is null || max >= K && max - min >= K, $"{primary.Id} = {primary.Value}: the attacker narrows it to [{min}, {max}]");
                }
            }
        }
        Assert.That(primaries, Is.GreaterThan(50), "the sample data has small counts in every person-count dataset and year");
    }

    [Test]
    public void SamplePublication_TransitionsAsAnIndependentTwoWayTable_EveryPrimaryIsProtected()
    {
        // Built here from the warehouse and the CSV alone: Stadtbezirke x school types with the city and 'insgesamt'
        // margins is all an attacker knows about this dataset (the indicators reveal cells of the same table).
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Sample.Options.SnapshotPath);
        var truth = warehouse.Connection.Query<(long Jahr, string Gebiet, string Schulform, long Anzahl)>(
            "select jahr, gebiet_nr, schulform, anzahl from marts.uebergaenge_weiterfuehrende_schulen").ToList();
        var (header, rows) = CsvExtractWriter.Parse(Sample.Bytes("uebergaenge-weiterfuehrende-schulen", "data.csv"));
        int jahr = header.ToList().IndexOf("jahr"), gebiet = header.ToList().IndexOf("gebiet_nr"),
            schulform = header.ToList().IndexOf("schulform"), anzahl = header.ToList().IndexOf("anzahl");
        var checkedPrimaries = 0;
        using (Assert.EnterMultipleScope())
        {
            foreach (var year in truth.GroupBy(t => t.Jahr))
            {
                string[] districts = [.. year.Select(t => t.Gebiet).Where(g => g != "05913000").Distinct().Order(StringComparer.Ordinal)];
                string[] types = [.. year.Select(t => t.Schulform).Where(s => s != "insgesamt").Distinct().Order(StringComparer.Ordinal)];
                var interior = new long[districts.Length, types.Length];
                foreach (var t in year.Where(t => t.Gebiet != "05913000" && t.Schulform != "insgesamt"))
                    interior[Array.IndexOf(districts, t.Gebiet), Array.IndexOf(types, t.Schulform)] = t.Anzahl;
                var table = TestTable.TwoWayOf($"uebergaenge {year.Key}", districts, types, interior);
                var hidden = rows.Where(r => r[jahr] == year.Key.ToString(CultureInfo.InvariantCulture) && r[anzahl].Length == 0)
                    .Select(r => $"{(r[gebiet] == "05913000" ? TestTable.Total : r[gebiet])},{(r[schulform] == "insgesamt" ? TestTable.Total : r[schulform])}")
                    .ToHashSet();
                foreach (var primary in Attacker.Primaries([table], K))
                {
                    checkedPrimaries++;
                    var (min, max) = Attacker.Range([table], hidden, primary.Id);
                    Assert.That(max is null || max >= K && max - min >= K, $"{year.Key} {primary.Id} = {primary.Value}: [{min}, {max}]");
                }
                Assert.That(Attacker.LineRuleViolations(table, hidden), Is.Empty, $"{year.Key}");
                Assert.That(Attacker.Bridges(table, hidden), Is.Empty, $"{year.Key}");
            }
        }
        Assert.That(checkedPrimaries, Is.EqualTo(16), "2-3 small counts a year in the sample transitions");
    }

    [Test]
    public void SamplePublication_IndicatorNumeratorsAndDenominators_EqualTheWarehouseInputs()
    {
        // The cells an indicator is said to reveal must be the counts the warehouse divided: else R6 protects the wrong cells.
        using var warehouse = TalentData.Warehouse.Warehouse.OpenReadOnly(Sample.Options.SnapshotPath);
        // An official city figure is not a sum of the city's cells; disclosure control sees the sum (the line the
        // attacker can check), so only values computed from the city's own data are compared.
        var inputs = warehouse.Connection.Query<(string Indicator, string Level, string Code, long Year, double? Numerator, double? Denominator)>(
                "select indicator_id, area_level, area_code, year, numerator, denominator from marts.indicator_values where source_ids not like 'regionalstatistik%'")
            .ToDictionary(i => $"{i.Indicator}|{i.Level}|{i.Code}|{i.Year}");
        var table = Sample.Publication.Tables["talentindikatoren-bezirke"];
        var cells = Sample.Publication.Disclosure.Cubes.SelectMany(c => c.Cells.Values).GroupBy(c => c.Id).ToDictionary(g => g.Key, g => g.First());
        var compared = 0;
        using (Assert.EnterMultipleScope())
        {
            foreach (var row in Sample.Publication.Disclosure.RowCells["talentindikatoren-bezirke"])
            {
                var r = table.Rows[row.Row];
                if (!inputs.TryGetValue($"{r[table.IndexOf("indikator")]}|{r[table.IndexOf("gebiet_ebene")]}|{r[table.IndexOf("gebiet_nr")]}|{r[table.IndexOf("jahr")]}", out var input))
                    continue;
                // a supply rate reveals only its denominator: its numerator counts places, not people
                if (row.Numerator is { } numerator)
                    Assert.That(cells[numerator].Value, Is.EqualTo((long?)input.Numerator), $"numerator of {table.Describe(row.Row)}");
                if (row.Denominator is { } denominator)
                    Assert.That(cells[denominator].Value, Is.EqualTo((long?)input.Denominator), $"denominator of {table.Describe(row.Row)}");
                compared++;
            }
        }
        Assert.That(compared, Is.GreaterThan(3000));
    }

    [Test]
    public void SamplePublication_SharedCells_HaveOneStatusInEveryDataset()
    {
        // R7: the district total of unemployed is a row of the unemployment dataset and the indicator unemployed_total.
        var unemployment = Sample.Publication.Tables["arbeitslose-statistische-bezirke"];
        var indicators = Sample.Publication.Tables["talentindikatoren-bezirke"];
        var statusOfCell = Sample.Publication.Disclosure.RowCells["arbeitslose-statistische-bezirke"]
            .ToDictionary(r => r.Cell!, r => unemployment.Rows[r.Row][unemployment.StatusIndex]);
        var shared = Sample.Publication.Disclosure.RowCells["talentindikatoren-bezirke"]
            .Where(r => r.Denominator is null && statusOfCell.ContainsKey(r.Numerator!)).ToList();
        Assert.That(shared, Has.Count.EqualTo((62 + 1) * 6), "statistische Bezirke and the city, six years");
        foreach (var row in shared)
            Assert.That(indicators.Rows[row.Row][indicators.StatusIndex], Is.EqualTo(statusOfCell[row.Numerator!]), indicators.Describe(row.Row));
    }
}
