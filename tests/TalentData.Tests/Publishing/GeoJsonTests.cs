using System.Globalization;
using System.Text.Json.Nodes;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// data.geojson over the shared sample publication, read back as a client would: an RFC 7946 FeatureCollection of the
/// places of angebote-orte, [longitude, latitude] in WGS84, the same rows as data.csv; listed in the data package and
/// the DCAT record of that dataset only.
/// </summary>
public sealed class GeoJsonTests
{
    const string Places = "angebote-orte";

    static SamplePublication Sample => SamplePublication.Instance;

    static List<Dictionary<string, string>> CsvRows(string dataset) => PublishedCsv.Rows(Sample.Latest(dataset, CsvFormat.File));

    [Test]
    public void PlacesGeoJson_IsAFeatureCollectionOfTheCsvRows_WithLongitudeFirstInWgs84()
    {
        Assert.That(Sample.Report.Published, Does.Contain(Places), Sample.Report.Error);
        var geojson = JsonNode.Parse(Sample.Bytes(Places, GeoJsonFormat.File))!.AsObject();
        var csv = CsvRows(Places);
        var features = geojson["features"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(geojson["type"]!.GetValue<string>(), Is.EqualTo("FeatureCollection"));
            Assert.That(geojson.ContainsKey("crs"), Is.False, "RFC 7946 §4: WGS84 only, no crs member");
            Assert.That(features, Has.Count.EqualTo(csv.Count), "one feature per row of data.csv");
        }
        for (var i = 0; i < csv.Count; i++)
        {
            var feature = features[i]!;
            var row = csv[i];
            Assert.That(feature["type"]!.GetValue<string>(), Is.EqualTo("Feature"));
            Assert.That(feature["id"]!.GetValue<string>(), Is.EqualTo(row["ort_id"]), "same order as data.csv");
            Assert.That(feature["properties"]!["stadtbezirk_nr"]?.GetValue<string>() ?? "", Is.EqualTo(row["stadtbezirk_nr"]), row["ort_id"]);
            if (row["breite"] == "")
            {
                Assert.That(feature["geometry"], Is.Null, $"{row["ort_id"]}: a place without a point is unlocated (RFC 7946 §3.2)");
                continue;
            }
            var geometry = feature["geometry"]!;
            var coordinates = geometry["coordinates"]!.AsArray().Select(c => c!.GetValue<decimal>()).ToArray();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(geometry["type"]!.GetValue<string>(), Is.EqualTo("Point"));
                Assert.That(coordinates, Is.EqualTo(new[]
                {
                    decimal.Parse(row["laenge"], CultureInfo.InvariantCulture),
                    decimal.Parse(row["breite"], CultureInfo.InvariantCulture),
                }), $"{row["ort_id"]}: [longitude, latitude]");
                // Dortmund lies near 7.5° E, 51.5° N: swapped axes would put it at 51.5° E, 7.5° N.
                Assert.That(coordinates[0], Is.InRange(7.2m, 7.7m), row["ort_id"]);
                Assert.That(coordinates[1], Is.InRange(51.3m, 51.7m), row["ort_id"]);
                Assert.That(feature["properties"]!.AsObject().ContainsKey("breite"), Is.False, "the point is the geometry, not a property");
            }
        }
        var unlocated = features.Where(f => f!["geometry"] is null).Select(f => f!["id"]!.GetValue<string>()).ToList();
        Assert.That(unlocated, Does.Contain("bibliothek:BIB-19"), "the Bücherbus has no point");
    }

    [Test]
    public void PlacesGeoJson_IsListedInTheDataPackageAndTheCatalogue_OfDatasetsWithGeometryOnly()
    {
        var geo = PublishedFormats.Get<GeoJsonFormat>();
        var withGeometry = Sample.Datasets.Where(d => d.Geometry is not null).Select(d => d.Dataset).ToList();
        Assert.That(withGeometry, Is.EqualTo(new[] { Places }));
        using (Assert.EnterMultipleScope())
            foreach (var slug in Sample.Report.Published)
            {
                var expected = withGeometry.Contains(slug);
                Assert.That(File.Exists(Sample.Latest(slug, GeoJsonFormat.File)), Is.EqualTo(expected), $"{slug}: data.geojson");
                var resources = JsonNode.Parse(Sample.Bytes(slug, DataPackageFormat.File))!["resources"]!.AsArray();
                var resource = resources.SingleOrDefault(r => r!["path"]?.GetValue<string>() == GeoJsonFormat.File);
                Assert.That(resource is not null, Is.EqualTo(expected), $"{slug}: datapackage resource");
                var record = JsonNode.Parse(Sample.Bytes(slug, "dataset.jsonld"))!["@graph"]!.AsArray()
                    .Single(n => n!["dct:identifier"]?.GetValue<string>() == slug)!;
                var distribution = record["dcat:distribution"]!.AsArray()
                    .SingleOrDefault(d => d!["dcat:mediaType"]!.GetValue<string>().EndsWith("/application/geo+json", StringComparison.Ordinal));
                Assert.That(distribution is not null, Is.EqualTo(expected), $"{slug}: DCAT distribution");
                if (!expected)
                    continue;
                var bytes = Sample.Bytes(slug, GeoJsonFormat.File);
                Assert.That(resource!["hash"]!.GetValue<string>(), Is.EqualTo(DataPackageFormat.Sha256(bytes)), "the package pins the file");
                Assert.That(resource["bytes"]!.GetValue<long>(), Is.EqualTo(bytes.Length));
                Assert.That(resource["mediatype"]!.GetValue<string>(), Is.EqualTo(geo.MediaType));
                Assert.That(resource.AsObject().ContainsKey("schema"), Is.False, "GeoJSON is no table of the CSV's schema");
                Assert.That(distribution!["dct:format"]!.GetValue<string>(), Does.EndWith("/file-type/GEOJSON"));
                Assert.That(distribution["dcat:byteSize"]!.GetValue<string>(), Is.EqualTo(bytes.Length.ToString(CultureInfo.InvariantCulture)));
            }
    }

    [Test]
    public void PlacesDataset_ListsEveryPlaceOfTheFiveSourcesOnce()
    {
        var csv = CsvRows(Places);
        var sources = new[]
        {
            ("dortmund_schools", "schulen.csv"), ("dortmund_youth_facilities", "jugendfreizeitstaetten.csv"),
            ("dortmund_daycare", "kindertageseinrichtungen.csv"), ("dortmund_libraries", "bibliotheken.csv"),
            ("dortmund_adult_education", "vhs_standorte.csv"),
        };
        var sampleRows = sources.Sum(s => File.ReadAllLines(Path.Combine(TestSupport.RepoPaths.SampleData, s.Item1, s.Item2)).Length - 1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(csv, Has.Count.EqualTo(sampleRows), "placed or not, every place is listed");
            Assert.That(csv.Select(r => r["ort_id"]).Distinct().Count(), Is.EqualTo(csv.Count));
            Assert.That(csv.Where(r => r["art"] == "kindertageseinrichtung").Select(r => r["status"]).Distinct(), Is.EqualTo(new[] { "" }), "every sample centre gives its places");
            Assert.That(csv.Where(r => r["art"] != "kindertageseinrichtung").Select(r => (r["plaetze"], r["status"])).Distinct(), Is.EqualTo(new[] { ("", "x") }));
        }
    }

    /// <summary>data.geojson of angebote-orte written from one made-up row, as the publisher writes it.</summary>
    static byte[] WriteOneRow(object? latitude, object? longitude)
    {
        var dataset = Sample.Datasets.Single(d => d.Dataset == Places);
        var table = PublishedTable.FromRows(dataset,
            [["bibliothek:B1", "B1", "bibliothek", "Stadtteilbibliothek", "children|young_people|adults", "10", "Innenstadt-West", null, null, "stadtbezirk_nr", latitude, longitude, null, "x"]]);
        var pipelines = TalentData.Project.PipelineCatalog.Load(TestSupport.RepoPaths.Pipelines, TalentData.Loading.ReaderFormats.All).All
            .Where(p => p.Id == "dortmund_libraries").ToList();
        var licence = Licences.For(pipelines);
        var content = new ReleaseContent(table, Sample.Publication.Areas, pipelines, licence, Licences.Attribution(pipelines, Sample.City.Publisher, table.Origin),
            Sample.Options.Publish, Sample.City, new ReleaseStamp("2026-11-26", "2026-11-26T06:00:00Z"));
        return PublishedFormats.Get<GeoJsonFormat>().Write(content, new Dictionary<string, byte[]>());
    }

    [Test]
    public void Write_APointInDegrees_IsLongitudeThenLatitude()
    {
        var feature = JsonNode.Parse(WriteOneRow(51.5, 7.45))!["features"]![0]!;
        Assert.That(feature["geometry"]!["coordinates"]!.AsArray().Select(c => c!.GetValue<decimal>()), Is.EqualTo(new[] { 7.45m, 51.5m }));
    }

    [TestCase(5710000.0, 391000.0, "latitude within ±90")]     // UTM 32N metres, not WGS84 degrees
    [TestCase(51.5, null, "both WGS84 degrees or both empty")]
    public void Write_APointThatIsNoWgs84Point_WithholdsTheReleaseNamingMartAndRow(double? latitude, double? longitude, string expected)
    {
        var ex = Assert.Throws<PipelineException>(() => WriteOneRow(latitude, longitude));
        Assert.That(ex!.Message, Does.Contain("marts.angebote_orte, row 1").And.Contain("(breite, laenge)").And.Contain(expected));
    }
}
