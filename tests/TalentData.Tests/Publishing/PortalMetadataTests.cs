using System.Text;
using System.Text.Json.Nodes;
using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>What the portal and GovData read besides the format rules: release times and names, labels, statuses, attribution.</summary>
public class PortalMetadataTests
{
    static SamplePublication Sample => SamplePublication.Instance;

    static JsonObject JsonStat(string slug) => JsonNode.Parse(Sample.Bytes(slug, "data.jsonstat.json"))!.AsObject();

    static JsonObject Package(string slug) => JsonNode.Parse(Sample.Bytes(slug, "datapackage.json"))!.AsObject();

    [Test]
    public void JsonStatAndDataPackage_Carry_TheReleaseTimeAndName()
    {
        using (Assert.EnterMultipleScope())
            foreach (var slug in Sample.Report.Published)
            {
                Assert.That(JsonStat(slug)["updated"]!.GetValue<string>(), Is.EqualTo("2026-11-26T06:00:00Z"), slug);
                Assert.That(JsonStat(slug)["extension"]!["talentdata"]!["release"]!.GetValue<string>(), Is.EqualTo("2026-11-26"), slug);
                Assert.That(Package(slug)["version"]!.GetValue<string>(), Is.EqualTo("2026-11-26"), $"{slug}: the release folder's name");
                Assert.That(Package(slug)["created"]!.GetValue<string>(), Is.EqualTo("2026-11-26T06:00:00Z"), slug);
                Assert.That(File.Exists(Path.Combine(Sample.Exports, slug, "2026-11-26", "datapackage.json")), Is.True, $"{slug}: the release is 2026-11-26");
            }
    }

    [Test]
    public void JsonStat_EveryNullCell_HasAStatusAndEveryCategoryALabel()
    {
        using (Assert.EnterMultipleScope())
            foreach (var slug in Sample.Report.Published)
            {
                var json = JsonStat(slug);
                var values = json["value"]!.AsArray();
                var status = json["status"]?.AsObject();
                var unexplained = Enumerable.Range(0, values.Count).Where(i => values[i] is null && status?[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] is null).ToList();
                Assert.That(unexplained, Is.Empty, $"{slug}: null cells without status");
                foreach (var id in json["id"]!.AsArray().Select(i => i!.GetValue<string>()))
                {
                    var category = json["dimension"]![id]!["category"]!;
                    var index = category["index"]!.AsArray().Select(c => c!.GetValue<string>());
                    Assert.That(index.Where(c => category["label"]?[c] is null), Is.Empty, $"{slug} {id}: categories without label");
                }
                // Cells of the cube that data.csv has no row for get 'x' and the note that explains them; an 'x' that
                // data.csv publishes itself (angebote-orte: places only for day-care centres) needs no such note.
                var rows = Encoding.UTF8.GetString(Sample.Bytes(slug, CsvFormat.File)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
                if (values.Count > rows)
                    Assert.That(json["note"]!.AsArray().Select(n => n!.GetValue<string>()), Does.Contain(JsonStatFormat.NoRowNote), $"{slug}: 'x' is explained");
            }
    }

    [Test]
    public void JsonStat_SchoolYears_AreLabelledAsSchoolYears()
    {
        var years = JsonStat("schulabgaenge-abschluss-stadtbezirke")["dimension"]!["jahr"]!["category"]!["label"]!;
        Assert.That(years["2023"]!.GetValue<string>(), Is.EqualTo("2022/23"));
        var calendar = JsonStat("bevoelkerung-statistische-bezirke")["dimension"]!["jahr"]!["category"]!["label"]!;
        Assert.That(calendar["2023"]!.GetValue<string>(), Is.EqualTo("2023"));
    }

    const string Ba = "© Statistik der Bundesagentur für Arbeit";

    [Test]
    public void DatasetsFromBaData_PublishedFromPublisherData_CarryTheBaSourceStatementEverywhereAndNoZeroLicence()
    {
        // The sample run credits no publisher with its made-up values (SampleMarkingTests), so the BA's statement is
        // checked on the same protected tables written as publisher data, as a live run writes them.
        var pipelines = TalentData.Project.PipelineCatalog.Load(TalentData.Tests.TestSupport.RepoPaths.Pipelines, TalentData.Loading.ReaderFormats.All).All.ToDictionary(p => p.Id);
        var fromBa = new Dictionary<string, string[]>
        {
            ["arbeitslose-statistische-bezirke"] = ["dortmund_unemployment", "regionalstatistik_unemployment"],
            ["ausbildungsmarkt-dortmund"] = ["ba_training_market"],
        };
        var stamp = new ReleaseStamp("2026-11-26", "2026-11-26T06:00:00Z");
        using (Assert.EnterMultipleScope())
            foreach (var (slug, ids) in fromBa)
            {
                var table = Sample.Publication.Tables[slug];
                Assert.That(table.Origin.Synthetic, Is.False, "the in-memory publication stands for publisher data");
                var sources = ids.Select(id => pipelines[id]).ToList();
                var licence = Licences.For(sources);
                var attribution = Licences.Attribution(sources, Sample.City.Publisher, table.Origin);
                var content = new ReleaseContent(table, Sample.Publication.Areas, sources, licence, attribution, Sample.Options.Publish, Sample.City, stamp);
                var files = new Dictionary<string, byte[]>();
                foreach (var format in PublishedFormats.For(table.Dataset))
                    files[format.FileName] = format.Write(content, files);
                var package = JsonNode.Parse(files[DataPackageFormat.File])!;
                var cube = JsonNode.Parse(files[JsonStatFormat.File])!;
                var sizes = files.ToDictionary(f => f.Key, f => (long)f.Value.Length);
                var record = JsonNode.Parse(DcatWriter.Record(new DcatFacts(table.Dataset, licence, attribution, ["2024"], sizes, stamp.Time, stamp.Time, table.Origin), Sample.Options.Publish, Sample.City))!;
                Assert.That(package["licenses"]![0]!["name"]!.GetValue<string>(), Is.EqualTo(Licences.By.Name), slug);
                Assert.That(package["sources"]!.AsArray().Select(s => s!["title"]!.GetValue<string>()), Has.Some.Contains(Ba), $"{slug}: datapackage sources");
                Assert.That(cube["source"]!.GetValue<string>(), Does.Contain(Ba).And.Contain("Berechnungen: Stadt Dortmund"), $"{slug}: JSON-stat source, own calculations marked");
                var dataset = record["@graph"]!.AsArray().Single(n => n!["dct:identifier"]?.GetValue<string>() == slug)!;
                foreach (var distribution in dataset["dcat:distribution"]!.AsArray())
                {
                    Assert.That(distribution!["dct:license"]!.GetValue<string>(), Is.EqualTo(Licences.By.DcatUri), slug);
                    Assert.That(distribution["dcatde:licenseAttributionByText"]!.GetValue<string>(), Does.Contain(Ba), $"{slug}: DCAT attribution");
                }
            }
    }

    [Test]
    public void DatasetsFromBaData_InTheSampleRun_KeepTheAttributionLicenceButCreditNoBaValues()
    {
        using (Assert.EnterMultipleScope())
            foreach (var slug in new[] { "arbeitslose-statistische-bezirke", "ausbildungsmarkt-dortmund" })
            {
                Assert.That(Package(slug)["licenses"]![0]!["name"]!.GetValue<string>(), Is.EqualTo(Licences.By.Name), slug);
                Assert.That(JsonStat(slug)["source"]!.GetValue<string>(), Does.Not.Contain(Ba).And.Contain("Synthetische Beispieldaten"), slug);
            }
    }
}
