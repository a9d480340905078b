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
        Assert.That(Datasets(), Is.EqualTo(Sample.Datasets.Select(d => d.Dataset).Order(StringComparer.Ordinal)), "every dataset of sql/marts/ is published");
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
    public void EveryChangeReport_IsMarkedInNoteProvenanceAndProperty()
    {
        // changes.json repeats values (a revision gives the previous and the current one), so a harvester that reads
        // only this file must learn from it that they are sample values.
        using (Assert.EnterMultipleScope())
        {
            foreach (var slug in Datasets())
            {
                var report = JsonNode.Parse(Sample.Bytes(slug, ChangeReport.File))!;
                Assert.That(report["synthetic"]?.GetValue<bool>(), Is.True, slug);
                Assert.That(report["note"]?.GetValue<string>(), Is.EqualTo(DataOrigin.MarkDe), slug);
                var package = JsonNode.Parse(Sample.Bytes(slug, "datapackage.json"))!;
                Assert.That(report["provenance"]!.AsArray().Select(n => n!.GetValue<string>()),
                    Is.EqualTo(package["provenance"]!.AsArray().Select(n => n!.GetValue<string>())), $"{slug}: the same notes as its data package");
            }
        }
    }

    [Test]
    public void EveryCatalogueDataset_IsMarkedInTitleDescriptionAndKeyword_AndTheCatalogueToo()
    {
        var graph = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Sample.Exports, "catalog.jsonld")))!["@graph"]!.AsArray();
        static bool Is(JsonNode? node, string type) => node!["@type"] is JsonArray types ? types.Any(t => t!.GetValue<string>() == type) : node["@type"]!.GetValue<string>() == type;
        var datasets = graph.Where(n => Is(n, "dcat:Dataset")).ToList();
        Assert.That(datasets, Has.Count.EqualTo(Sample.Datasets.Count), "one catalogue entry per dataset of sql/marts/");
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
        // The BA's training-market sample and the city's files are wholly synthetic; of the Regionalstatistik tables, two
        // are real for 2023 only (credited with that restriction) and the others are the publisher's files unchanged
        // (provenance.yaml: synthetic: false): only an artefact of a dataset built from such a table may credit the
        // statistical offices without the restriction.
        var provenance = TalentData.Fetching.SampleProvenance.Load(RepoPaths.Root);
        var manifest = RepoManifest.Instance;
        var whollyReal = manifest.Datasets.ToDictionary(d => d.Dataset.Dataset,
            d => d.Sources.Count(p => p.Entities.All(e => provenance.ByPath(e.Sample) is { Synthetic: false })));
        Assert.That(whollyReal.Values.Sum(), Is.GreaterThan(0), "some dataset is built from a real table bundled whole");
        var files = Datasets().SelectMany(slug => new[] { "datapackage.json", "data.jsonstat.json", "dataset.jsonld" }.Select(f => (Real: whollyReal[slug], Name: $"{slug}/{f}", Bytes: Sample.Bytes(slug, f))))
            .Append((whollyReal.Values.Sum(), "catalog.jsonld", File.ReadAllBytes(Path.Combine(Sample.Exports, "catalog.jsonld"))))
            .ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (real, name, bytes) in files)
            {
                var json = JsonSerializer.Deserialize<JsonElement>(Encoding.UTF8.GetString(bytes)).GetRawText();
                var plain = System.Text.RegularExpressions.Regex.Unescape(json);
                Assert.That(plain, Does.Not.Contain("© Statistik der Bundesagentur für Arbeit"), name);
                Assert.That(plain, Does.Not.Contain("(amtlich)"), name);
                var credits = System.Text.RegularExpressions.Regex.Matches(plain, "© Statistische Ämter des Bundes und der Länder, Deutschland( \\([^)]*\\))?").Select(m => m.Value).ToList();
                foreach (var credit in credits.Where(c => c.Contains('(')))
                    Assert.That(credit, Does.EndWith("Deutschland (Werte für 2023; übrige Werte synthetische Beispieldaten)"), name);
                if (real == 0)
                    Assert.That(credits.Where(c => !c.Contains('(')), Is.Empty, $"{name}: built from no real table bundled whole, so no unrestricted credit");
            }
        }
    }

    [Test]
    public void EveryDataPackage_DescribesARealTableBundledWholeAsThePublishers_NotAsSynthetic()
    {
        var provenance = TalentData.Fetching.SampleProvenance.Load(RepoPaths.Root);
        var manifest = RepoManifest.Instance;
        var checkedNotes = 0;
        using (Assert.EnterMultipleScope())
            foreach (var lineage in manifest.Datasets)
            {
                var notes = JsonNode.Parse(Sample.Bytes(lineage.Dataset.Dataset, "datapackage.json"))!["provenance"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
                foreach (var source in lineage.Sources.Where(p => p.Entities.All(e => provenance.ByPath(e.Sample) is { Synthetic: false })))
                {
                    var note = notes.Single(n => n.StartsWith(source.Id + ":", StringComparison.Ordinal));
                    Assert.That(note, Does.Contain("alle Werte sind die des Herausgebers").And.Not.Contain("synthetisch"), $"{lineage.Dataset.Dataset}: {source.Id}");
                    checkedNotes++;
                }
            }
        Assert.That(checkedNotes, Is.GreaterThan(0), "some published dataset is built from a real table bundled whole");
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
                    ("need and supply", pages.NeedAndSupply(t)),
                    ("offers", pages.Offers(t, null, null, null)), ("district offers", pages.DistrictOffers(t, district, "stadtbezirk")),
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

    [Test]
    public void ADirectoryWithExampleEntries_IsSampleData_AndSaysWhich_WhileOneWithoutIsNot()
    {
        var examples = new TalentData.Project.ReferenceExamples("ref.talent_programmes", "sql/reference/talent_programmes.csv", "example", 2, 5);
        var marked = DataOrigin.For([], new Dictionary<string, SourceOrigin>(), [examples]);
        var real = DataOrigin.For([], new Dictionary<string, SourceOrigin>(), [examples with { Examples = 0 }]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(marked.Synthetic, Is.True);
            Assert.That(marked.Notes, Is.EqualTo(new[] { "sql/reference/talent_programmes.csv: 2 von 5 Einträgen sind Beispieleinträge (example = true), " +
                "die das Format zeigen; sie beschreiben keine realen Angebote oder Organisationen." }));
            Assert.That(marked.Keywords, Does.Contain("Beispieldaten"));
            Assert.That(marked.LiveRefusal(), Is.Null, "reviewed example rows are published marked, not withheld: a live run would otherwise always fail");
            Assert.That(real.Synthetic, Is.False);
            Assert.That(real.LiveRefusal(), Is.Null);
        }
    }

    [Test]
    public void TheProgrammeDirectory_IsMarkedAsSampleData_WhileItHoldsExampleRows()
    {
        var package = JsonNode.Parse(Sample.Bytes("programme-partner", "datapackage.json"))!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(package["synthetic"]!.GetValue<bool>(), Is.True);
            Assert.That(package["provenance"]!.AsArray().Select(n => n!.GetValue<string>()),
                Has.Some.StartWith("sql/reference/talent_programmes.csv: 6 von 6 Einträgen sind Beispieleinträge"));
        }
    }
}
