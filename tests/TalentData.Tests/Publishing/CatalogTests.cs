using System.Text.Json.Nodes;
using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>catalog.jsonld against the obligations of DCAT-AP.de 3.0 (publishing.md §3.1 and §7.2.4).</summary>
public class CatalogTests
{
    static SamplePublication Sample => SamplePublication.Instance;

    static JsonArray Graph() => JsonNode.Parse(File.ReadAllBytes(Path.Combine(Sample.Exports, "catalog.jsonld")))!["@graph"]!.AsArray();

    static IEnumerable<JsonNode> OfType(string type) => Graph().Where(n => n!["@type"] switch
    {
        JsonArray types => types.Any(t => t!.GetValue<string>() == type),
        var single => single!.GetValue<string>() == type,
    }).Select(n => n!);

    static string Text(JsonNode? node) => node?["@value"]?.GetValue<string>() ?? node?.GetValue<string>() ?? "";

    [Test]
    public void Catalog_CatalogAndEveryDataset_HaveTheMandatoryProperties()
    {
        var catalog = OfType("dcat:Catalog").Single();
        var publisher = OfType("foaf:Organization").Single();
        Assert.That(OfType("foaf:Agent").Single()["@id"]!.GetValue<string>(), Is.EqualTo(publisher["@id"]!.GetValue<string>()),
            "the publisher is typed foaf:Agent too (GovData's shapes)");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Text(catalog["dct:title"]), Is.Not.Empty);
            Assert.That(Text(catalog["dct:description"]), Is.Not.Empty);
            Assert.That(catalog["dct:publisher"]!["@id"]!.GetValue<string>(), Is.EqualTo(publisher["@id"]!.GetValue<string>()));
            Assert.That(publisher["foaf:name"]!.GetValue<string>(), Is.EqualTo("Stadt Dortmund"));
            foreach (var dataset in OfType("dcat:Dataset"))
            {
                var id = dataset["dct:identifier"]!.GetValue<string>();
                Assert.That(Text(dataset["dct:title"]), Is.Not.Empty, id);
                Assert.That(Text(dataset["dct:description"]), Is.Not.Empty, id);
                Assert.That(dataset["dct:publisher"]!["@id"]!.GetValue<string>(), Is.EqualTo(publisher["@id"]!.GetValue<string>()), id);
                var contact = dataset["dcat:contactPoint"]!;
                Assert.That(contact["@type"]!.GetValue<string>(), Is.EqualTo("vcard:Kind"), $"{id}: K01");
                Assert.That(contact["vcard:hasEmail"] ?? contact["vcard:hasURL"], Is.Not.Null, $"{id}: K01");
                foreach (var distribution in dataset["dcat:distribution"]!.AsArray().Select(d => d!))
                {
                    var url = distribution["dcat:accessURL"]!.GetValue<string>();
                    Assert.That(distribution["dcat:downloadURL"]!.GetValue<string>(), Is.EqualTo(url), $"{id}: K39");
                    Assert.That(distribution["@id"]!.GetValue<string>(), Is.EqualTo(url), id);
                    Assert.That(distribution["dct:license"]!.GetValue<string>(), Does.StartWith("http://dcat-ap.de/def/licenses/"), $"{id}: K31");
                    Assert.That(distribution["dct:format"]!.GetValue<string>(), Does.StartWith("http://publications.europa.eu/resource/authority/file-type/"), $"{id}: K32");
                    Assert.That(distribution["dcat:mediaType"]!.GetValue<string>(), Does.StartWith("https://www.iana.org/assignments/media-types/"), id);
                    if (distribution["dct:license"]!.GetValue<string>().Contains("dl-by-de", StringComparison.Ordinal))
                        Assert.That(distribution["dcatde:licenseAttributionByText"]?.GetValue<string>(), Is.Not.Empty, $"{id}: K35");
                }
            }
        }
    }

    [Test]
    public void Catalog_EveryDataset_CarriesSpatialTemporalPeriodicityAndModified()
    {
        using (Assert.EnterMultipleScope())
            foreach (var dataset in OfType("dcat:Dataset"))
            {
                var id = dataset["dct:identifier"]!.GetValue<string>();
                Assert.That(dataset["dct:spatial"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[]
                {
                    "http://dcat-ap.de/def/politicalGeocoding/municipalityKey/05913000", "http://sws.geonames.org/2935517/",
                }), id);
                Assert.That(dataset["dcatde:politicalGeocodingLevelURI"]!.GetValue<string>(), Is.EqualTo("http://dcat-ap.de/def/politicalGeocoding/Level/municipality"));
                // A dataset without a time column (angebote-orte: the places as the sources list them now) names no period.
                if (Sample.Datasets.Single(d => d.Dataset == id).ColumnWithRole("time") is null)
                    Assert.That(dataset["dct:temporal"], Is.Null, id);
                else
                    Assert.That(dataset["dct:temporal"]!["dcat:startDate"]!.GetValue<string>(), Does.Match(@"^\d{4}-\d{2}-\d{2}$"), id);
                // The statistics are annual; the curated programme directory changes whenever an entry is added.
                var frequency = Sample.Datasets.Single(d => d.Dataset == id).Periodicity == "irregular" ? "IRREG" : "ANNUAL";
                Assert.That(dataset["dct:accrualPeriodicity"]!.GetValue<string>(), Is.EqualTo("http://publications.europa.eu/resource/authority/frequency/" + frequency), id);
                Assert.That(dataset["dct:modified"]!.GetValue<string>(), Is.EqualTo("2026-11-26T06:00:00Z"), $"{id}: the release time");
            }
        Assert.That(OfType("dcat:Dataset").Single(d => d["dct:identifier"]!.GetValue<string>() == "programme-partner")["dct:accrualPeriodicity"]!.GetValue<string>(),
            Does.EndWith("/IRREG"), "the programme directory declares periodicity irregular");
        var schoolYears = OfType("dcat:Dataset").Single(d => d["dct:identifier"]!.GetValue<string>() == "schulabgaenge-abschluss-stadtbezirke")["dct:temporal"]!;
        Assert.That((schoolYears["dcat:startDate"]!.GetValue<string>(), schoolYears["dcat:endDate"]!.GetValue<string>()),
            Is.EqualTo(("2018-08-01", "2024-07-31")), "school years 2018/19 to 2023/24");
    }

    [Test]
    public void Catalog_Text_HasNoDeprecatedPoliticalGeocodingUri()
    {
        var text = File.ReadAllText(Path.Combine(Sample.Exports, "catalog.jsonld"));
        Assert.That(text, Does.Not.Contain("politicalGeocodingURI"));
        Assert.That(text, Does.Contain("politicalGeocodingLevelURI"));
    }

    [Test]
    public void Catalog_Datasets_AreEveryPublishedDatasetWithStableIdsAndTheSizesOfTheirFiles()
    {
        var datasets = OfType("dcat:Dataset").ToList();
        var baseUrl = SamplePublication.BaseUrl;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(datasets.Select(d => d["dct:identifier"]!.GetValue<string>()), Is.EquivalentTo(Sample.Report.Published));
            Assert.That(OfType("dcat:Catalog").Single()["dcat:dataset"]!.AsArray().Select(d => d!["@id"]!.GetValue<string>()),
                Is.EquivalentTo(datasets.Select(d => d["@id"]!.GetValue<string>())));
            foreach (var dataset in datasets)
            {
                var slug = dataset["dct:identifier"]!.GetValue<string>();
                Assert.That(dataset["@id"]!.GetValue<string>(), Is.EqualTo(baseUrl + slug));
                foreach (var distribution in dataset["dcat:distribution"]!.AsArray().Select(d => d!))
                {
                    var file = distribution["@id"]!.GetValue<string>()[(baseUrl + slug + "/latest/").Length..];
                    Assert.That(distribution["@id"]!.GetValue<string>(), Is.EqualTo($"{baseUrl}{slug}/latest/{file}"));
                    Assert.That(long.Parse(distribution["dcat:byteSize"]!.GetValue<string>()), Is.EqualTo(Sample.Bytes(slug, file).LongLength), $"{slug} {file}");
                }
            }
        }
    }
}
