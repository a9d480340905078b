using System.Globalization;
using System.Text.Json.Nodes;
using TalentData.Disclosure;
using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>The JSON-stat files of the sample publication: structure (S1–S8, D1–D7), roles, totals, and the same cells as the CSV.</summary>
public class JsonStatTests
{
    static SamplePublication Sample => SamplePublication.Instance;

    static IEnumerable<string> Slugs => SamplePublication.Instance.Datasets.Select(d => d.Dataset);

    static JsonObject Read(string slug) => JsonNode.Parse(Sample.Bytes(slug, "data.jsonstat.json"))!.AsObject();

    [Test]
    public void Write_EverySampleDataset_PassesTheStructuralRules()
    {
        Assert.That(Sample.Report.Succeeded, Is.True, Sample.Report.Error);
        using (Assert.EnterMultipleScope())
            foreach (var slug in Slugs)
                Assert.That(JsonStatRules.Violations(Read(slug)), Is.Empty, slug);
    }

    [Test]
    public void Rules_BrokenCopy_AreCaught()
    {
        // The validator must fail on what it is there to find, or a green run above means nothing.
        var broken = Read("uebergaenge-weiterfuehrende-schulen");
        broken["value"]!.AsArray().RemoveAt(0);
        broken["status"] = new JsonObject { ["99999"] = "." };
        broken["role"]!["geo"]!.AsArray().Add("bezirk");
        broken["dimension"]!["schulform"]!["category"]!["child"]!["insgesamt"]!.AsArray().Add("oberschule");
        var violations = JsonStatRules.Violations(broken);
        Assert.That(violations, Has.Some.StartsWith("S3:").And.Some.StartsWith("S7:").And.Some.StartsWith("S5:").And.Some.StartsWith("D7a:"));
    }

    [Test]
    public void Write_EverySampleDataset_HasTimeGeoAndMetricRolesWithUnitsAndDecimals()
    {
        using (Assert.EnterMultipleScope())
            foreach (var dataset in Sample.Datasets)
            {
                var json = Read(dataset.Dataset);
                // A dataset of places (angebote-orte) has no time or geo axis: its rows are places, not cells of areas.
                foreach (var role in new[] { "time", "geo" })
                    if (dataset.ColumnWithRole(role) is { } axis)
                        Assert.That(json["role"]![role]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo(axis.Name), dataset.Dataset);
                    else
                        Assert.That(json["role"]![role], Is.Null, $"{dataset.Dataset}: no {role} column, no {role} role");
                var metric = json["role"]!["metric"]!.AsArray().Single()!.GetValue<string>();
                var units = json["dimension"]![metric]!["category"]!["unit"]!.AsObject();
                foreach (var (category, unit) in units)
                {
                    var expected = dataset.ColumnWithRole("metric")?.Categories?.GetValueOrDefault(category)?.Decimals ?? dataset.Measure.Decimals;
                    Assert.That(unit!["decimals"]!.GetValue<int>(), Is.EqualTo(expected), $"{dataset.Dataset} {category}");
                }
                if (dataset.Measure.Unit == "Personen")
                    Assert.That(units.Select(u => u.Value!["decimals"]!.GetValue<int>()), Is.All.Zero, $"{dataset.Dataset}: counts have no decimals");
            }
    }

    [Test]
    public void Write_DimensionsWithTotals_ListTheTotalFirstWithItsPartsAsChildren()
    {
        var json = Read("schulabgaenge-abschluss-stadtbezirke");
        var geo = json["dimension"]!["gebiet_nr"]!["category"]!;
        var abschluss = json["dimension"]!["abschluss"]!["category"]!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(geo["index"]![0]!.GetValue<string>(), Is.EqualTo("05913000"));
            Assert.That(geo["child"]!["05913000"]!.AsArray(), Has.Count.EqualTo(12), "the city's twelve Stadtbezirke");
            Assert.That(geo["label"]!["05913000"]!.GetValue<string>(), Is.EqualTo("Dortmund"));
            Assert.That(abschluss["index"]![0]!.GetValue<string>(), Is.EqualTo("insgesamt"));
            Assert.That(abschluss["child"]!["insgesamt"]!.AsArray(), Has.Count.EqualTo(5));
            Assert.That(abschluss["label"]!["ohne_hauptschulabschluss"]!.GetValue<string>(), Is.EqualTo("ohne Hauptschulabschluss"));
            Assert.That(json["dimension"]!["jahr"]!["category"]!["label"]!["2023"]!.GetValue<string>(), Is.EqualTo("2022/23"));
        }
    }

    [Test]
    public void Write_AreasOfDifferentLevelsWithTheSameCode_GetLevelQualifiedIdsInTheirTreeOrder()
    {
        // 110 is the Stadtbezirk Huckarde and the statistischer Bezirk Brechten.
        var geo = Read("talentindikatoren-bezirke")["dimension"]!["gebiet_nr"]!["category"]!;
        var index = geo["index"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(geo["label"]!["stadtbezirk:110"]!.GetValue<string>(), Is.EqualTo("Huckarde"));
            Assert.That(geo["label"]!["statistischer_bezirk:110"]!.GetValue<string>(), Is.EqualTo("Brechten"));
            Assert.That(index.Take(3), Is.EqualTo(new[] { "bund:DG", "land:05", "stadt:05913000" }));
            Assert.That(index.IndexOf("stadtbezirk:40"), Is.LessThan(index.IndexOf("statistischer_bezirk:110")), "Eving before its statistischer Bezirk Brechten");
            Assert.That(geo["child"]!["stadtbezirk:40"]!.AsArray().Select(c => c!.GetValue<string>()), Does.Contain("statistischer_bezirk:110"));
        }
    }

    [Test]
    public void Write_Extension_NamesDatasetAgsAndTheLicenceOfTheDataPackage()
    {
        using (Assert.EnterMultipleScope())
            foreach (var slug in Slugs)
            {
                var extension = Read(slug)["extension"]!["talentdata"]!;
                var licence = JsonNode.Parse(Sample.Bytes(slug, "datapackage.json"))!["licenses"]![0]!["name"]!.GetValue<string>();
                Assert.That(extension["datasetId"]!.GetValue<string>(), Is.EqualTo(slug));
                Assert.That(extension["ags"]!.GetValue<string>(), Is.EqualTo("05913000"));
                Assert.That(extension["license"]!.GetValue<string>(),
                    Is.EqualTo(licence == "DL-DE-BY-2.0" ? "http://dcat-ap.de/def/licenses/dl-by-de/2.0" : "http://dcat-ap.de/def/licenses/dl-zero-de/2.0"), slug);
            }
    }

    [Test]
    public void Write_EveryCsvRow_EqualsTheJsonStatCellAtTheSameCoordinates()
    {
        var compared = 0;
        using (Assert.EnterMultipleScope())
            foreach (var dataset in Sample.Datasets)
            {
                var json = Read(dataset.Dataset);
                var ids = json["id"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
                var sizes = json["size"]!.AsArray().Select(s => s!.GetValue<int>()).ToList();
                var positions = ids.Select(id => json["dimension"]![id]!["category"]!["index"]!.AsArray()
                    .Select((c, i) => (c!.GetValue<string>(), i)).ToDictionary(p => p.Item1, p => p.i)).ToList();
                var values = json["value"]!.AsArray();
                var statuses = json["status"]?.AsObject();
                var (header, rows) = CsvExtractWriter.Parse(Sample.Bytes(dataset.Dataset, "data.csv"));
                var withRow = new HashSet<long>();
                var column = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i);
                var geo = dataset.ColumnWithRole("geo");
                var qualified = geo is not null && positions[ids.IndexOf(geo.Name)].Keys.Any(k => k.Contains(':'));
                foreach (var row in rows)
                {
                    long index = 0;
                    for (var d = 0; d < ids.Count; d++)
                    {
                        var category = !column.ContainsKey(ids[d]) ? positions[d].Keys.Single()
                            : ids[d] == geo?.Name && qualified ? $"{(geo!.LevelColumn is { } l ? row[column[l]] : geo.Level)}:{row[column[ids[d]]]}"
                            : row[column[ids[d]]];
                        index = index * sizes[d] + positions[d][category];
                    }
                    withRow.Add(index);
                    var csvValue = row[column[dataset.Measure.Name]];
                    var jsonValue = values[(int)index];
                    var where = $"{dataset.Dataset} {string.Join(",", row)}";
                    if (csvValue.Length == 0)
                        Assert.That(jsonValue, Is.Null, where);
                    else
                        Assert.That(jsonValue?.ToJsonString(), Is.EqualTo(csvValue), where);
                    Assert.That(statuses?[index.ToString(CultureInfo.InvariantCulture)]?.GetValue<string>() ?? "", Is.EqualTo(row[column[dataset.Status.Name]]), where);
                    compared++;
                }
                // A cell without a row in data.csv is not reported there: null with status 'x', and nothing else is.
                var withoutRow = statuses?.Where(p => !withRow.Contains(long.Parse(p.Key, CultureInfo.InvariantCulture))).ToList() ?? [];
                Assert.That(withoutRow.Select(p => p.Value!.GetValue<string>()).Distinct(), Is.SubsetOf(new[] { JsonStatFormat.NoRowStatus }), $"{dataset.Dataset}: status without a row");
                Assert.That(withoutRow, Has.Count.EqualTo(values.Count - withRow.Count), $"{dataset.Dataset}: every cell without a row has status 'x'");
                Assert.That(withoutRow.Select(p => values[int.Parse(p.Key, CultureInfo.InvariantCulture)]), Is.All.Null, dataset.Dataset);
                Assert.That((statuses?.Count ?? 0) - withoutRow.Count, Is.EqualTo(rows.Count(r => r[column[dataset.Status.Name]].Length > 0)), $"{dataset.Dataset}: no other status without a row");
            }
        Assert.That(compared, Is.EqualTo(Sample.Publication.Tables.Values.Sum(t => t.Rows.Count)));
    }
}
