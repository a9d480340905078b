using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TalentData.Atlas;
using TalentData.Cli.Atlas;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// A run on the bundled sample data marks everything it publishes as sample data, and credits no publisher with made-up
/// values: every datapackage, JSON-stat file, catalogue entry and atlas page is scanned.
/// </summary>
public class SampleMarkingTests
{
    static SamplePublication Sample => SamplePublication.Instance;

    static IEnumerable<string> Datasets() =>
        Directory.GetDirectories(Sample.Exports).Where(d => Directory.Exists(Path.Combine(d, "latest"))).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [Test]
    public void EveryDataPackage_IsMarkedInTitleDescriptionAndProperty()
    {
        Assert.That(Sample.Report.Succeeded, Is.True, Sample.Report.Error);
        Assert.That(Datasets().Count(), Is.EqualTo(Sample.Datasets.Count), "every dataset of sql/marts is published");
        using (Assert.EnterMultipleScope())
        {
            foreach (var slug in Datasets())
            {
                var package = JsonNode.Parse(Sample.Bytes(slug, "datapackage.json"))!;
                Assert.That(package["title"]!.GetValue<string>(), Does.Contain(DataOrigin.MarkDe), slug);
                Assert.That(package["description"]!.GetValue<string>(), Does.StartWith(DataOrigin.MarkDe), slug);
                Assert.That(package["synthetic"]!.GetValue<bool>(), Is.True, slug);
                Assert.That(package["provenance"]!.AsArray(), Is.Not.Empty, slug);
                Assert.That(package["keywords"]!.AsArray().Select(k => k!.GetValue<string>()), Does.Contain("Beispieldaten"), slug);
            }
        }
    }

    [Test]
    public void EveryJsonStat_IsMarkedInLabelNoteAndExtension()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var slug in Datasets())
            {
                var cube = JsonNode.Parse(Sample.Bytes(slug, "data.jsonstat.json"))!;
                Assert.That(cube["label"]!.GetValue<string>(), Does.Contain(DataOrigin.MarkDe), slug);
                Assert.That(cube["note"]![0]!.GetValue<string>(), Does.StartWith(DataOrigin.MarkDe), slug);
                Assert.That(cube["extension"]!["talentdata"]!["synthetic"]!.GetValue<bool>(), Is.True, slug);
            }
        }
    }

    [Test]
    public void EveryCatalogueDataset_IsMarkedInTitleDescriptionAndKeyword_AndTheCatalogueToo()
    {
        var graph = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Sample.Exports, "catalog.jsonld")))!["@graph"]!.AsArray();
        static bool Is(JsonNode? node, string type) => node!["@type"] is JsonArray types ? types.Any(t => t!.GetValue<string>() == type) : node["@type"]!.GetValue<string>() == type;
        var datasets = graph.Where(n => Is(n, "dcat:Dataset")).ToList();
        Assert.That(datasets, Has.Count.EqualTo(Sample.Datasets.Count));
        static string Text(JsonNode? literal) => literal!["@value"]!.GetValue<string>();
        using (Assert.EnterMultipleScope())
        {
            foreach (var d in datasets)
            {
                var id = d!["@id"]!.GetValue<string>();
                Assert.That(Text(d["dct:title"]), Does.Contain(DataOrigin.MarkDe), id);
                Assert.That(Text(d["dct:description"]), Does.StartWith(DataOrigin.MarkDe), id);
                Assert.That(d["dcat:keyword"]!.AsArray().Select(Text), Does.Contain("Beispieldaten"), id);
            }
            var catalog = graph.Single(n => Is(n, "dcat:Catalog"))!;
            Assert.That(Text(catalog["dct:title"]), Does.Contain(DataOrigin.MarkDe));
        }
    }

    [Test]
    public void NoArtefact_CreditsAPublisherWithMadeUpValues()
    {
        // The BA's training-market sample and the city's files are wholly synthetic; only the 2023 rows of the two
        // Regionalstatistik tables are real, and only they may carry the statistical offices' copyright.
        var files = Datasets().SelectMany(slug => new[] { "datapackage.json", "data.jsonstat.json", "dataset.jsonld" }.Select(f => (slug, f)))
            .Select(p => (Name: $"{p.slug}/{p.f}", Text: Encoding.UTF8.GetString(Sample.Bytes(p.slug, p.f))))
            .Append(("catalog.jsonld", Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(Sample.Exports, "catalog.jsonld")))))
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, text) in files)
            {
                var json = JsonSerializer.Deserialize<JsonElement>(text).GetRawText();
                var plain = System.Text.RegularExpressions.Regex.Unescape(json);
                Assert.That(plain, Does.Not.Contain("© Statistik der Bundesagentur für Arbeit"), name);
                Assert.That(plain, Does.Not.Contain("(amtlich)"), name);
                foreach (var credit in System.Text.RegularExpressions.Regex.Matches(plain, "© Statistische Ämter des Bundes und der Länder, Deutschland.{0,70}"))
                    Assert.That(credit.ToString(), Does.Contain("Deutschland (Werte für 2023; übrige Werte synthetische Beispieldaten)"), name);
            }
        }
    }

    [Test]
    public void EveryAtlasPage_CarriesTheBanner_AndCreditsNoPublisherWithSampleData()
    {
        var data = AtlasData.Load(Sample.Exports, Path.Combine(RepoPaths.Sql, "reference", "indicators.csv"));
        var pages = new AtlasPages(data, TalentData.Project.City.Load(RepoPaths.Root));
        Assert.That(data.Synthetic, Is.True);
        var district = data.Areas("stadtbezirk")[0].Code;
        using (Assert.EnterMultipleScope())
        {
            foreach (var t in new[] { new AtlasText("de"), new AtlasText("en") })
            {
                var rendered = new List<(string Name, string? Html)>
                {
                    ("home", pages.Home(t)), ("districts", pages.Districts(t)), ("district", pages.District(t, district, "stadtbezirk")),
                    ("methodology", pages.Methodology(t)), ("downloads", pages.Downloads(t)), ("not found", pages.NotFound(t)),
                };
                rendered.AddRange(data.Indicators.Select(i => ($"indicator {i.Id}", pages.Indicator(t, i.Id, null, null, null))));
                foreach (var (name, html) in rendered)
                {
                    Assert.That(html, Is.Not.Null, name);
                    Assert.That(html, Does.Contain("class=\"sample-banner\"").And.Contain(t.En ? DataOrigin.MarkEn : DataOrigin.MarkDe), $"{t.Lang} {name}");
                    Assert.That(html, Does.Not.Contain("© Statistik der Bundesagentur für Arbeit"), $"{t.Lang} {name}");
                }
            }
        }
    }
}
