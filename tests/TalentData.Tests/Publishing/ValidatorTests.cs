using System.Text.Json.Nodes;

namespace TalentData.Tests.Publishing;

/// <summary>
/// Every published file of the sample publication against the specifications' own artefacts (../shared/validators):
/// JSON-stat 2.0 schema and rules, the Frictionless v2 profile, GovData's DCAT-AP.de SHACL shapes. Each validator is
/// also shown a broken copy, so that a green run means it looked. Skipped without ../shared (failed under CI).
/// </summary>
public class ValidatorTests
{
    static SamplePublication Sample => SamplePublication.Instance;

    /// <summary>Every copy of a file the run published: latest/ and each release folder.</summary>
    static List<string> Published(string file)
    {
        var files = Directory.GetFiles(Sample.Exports, file, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.GreaterThanOrEqualTo(Sample.Report.Published.Count), $"{file}: one per published dataset at least");
        return files;
    }

    static string Relative(string path) => Path.GetRelativePath(Sample.Exports, path);

    /// <summary>
    /// <see cref="Published"/> with copies of the same bytes together (latest/ holds the newest release's files): each
    /// content is validated once, which checks every copy, and a failure names all of them.
    /// </summary>
    static List<(string File, string Copies)> ByContent(List<string> files)
    {
        var groups = files.GroupBy(f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))))
            .Select(g => (File: g.First(), Copies: string.Join(", ", g.Select(Relative)))).ToList();
        TestContext.Out.WriteLine($"{files.Count} files, {groups.Count} different contents");
        return groups;
    }

    [Test]
    public void JsonStat_EveryPublishedFile_ValidatesAgainstTheSchemaAndTheRules()
    {
        var schema = Validators.JsonStatSchema;
        Assert.That(Sample.Report.Succeeded, Is.True, Sample.Report.Error);
        using (Assert.EnterMultipleScope())
            foreach (var (file, copies) in ByContent(Published("data.jsonstat.json")))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.That(Validators.SchemaErrors(schema, bytes), Is.Empty, copies);
                // Warnings (S8 unit, D3b label coverage) count too: the portal shows what the labels say.
                Assert.That(JsonStatRules.Violations(JsonNode.Parse(bytes)!), Is.Empty, copies);
            }
    }

    [Test]
    public void JsonStat_RulesManifest_EveryDatasetAndDimensionRuleIsChecked()
    {
        var manifest = Validators.JsonStatRuleManifest();
        var rules = manifest.Select(r => r!).Where(r => r["appliesTo"]!.GetValue<string>() is "dataset" or "dimension")
            .Where(r => r["severity"]!.GetValue<string>() is "error" or "warning")
            .Select(r => r["id"]!.GetValue<string>()).ToList();
        Assert.That(rules, Is.Not.Empty);
        // STRUCT is the schema (above), PARSE is JSON parsing; every other rule of the manifest has its check.
        Assert.That(rules.Except(JsonStatRules.Implemented), Is.Empty, "rules of jsonstat-rules.json that JsonStatRules does not check");
    }

    [Test]
    public void JsonStat_BrokenCopies_AreCaughtBySchemaAndRules()
    {
        var schema = Validators.JsonStatSchema;
        // The first dataset with a geo axis: the copy below breaks a geo label.
        var slug = Sample.Report.Published.First(s => Sample.Datasets.Single(d => d.Dataset == s).ColumnWithRole("geo") is not null);
        JsonObject Copy() => JsonNode.Parse(Sample.Bytes(slug, "data.jsonstat.json"))!.AsObject();

        var shortValue = Copy();
        shortValue["value"]!.AsArray().RemoveAt(0);
        var extraKey = Copy();
        extraKey["talentdata"] = "not a JSON-stat key";
        var badVersion = Copy();
        badVersion["version"] = "1.0";
        var badUpdated = Copy();
        badUpdated["updated"] = "26.11.2026";
        var unlabelled = Copy();
        var geo = unlabelled["role"]!["geo"]![0]!.GetValue<string>();
        var labels = unlabelled["dimension"]![geo]!["category"]!["label"]!.AsObject();
        labels.Remove(labels.First().Key);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonStatRules.Violations(shortValue), Has.Some.StartsWith("S3:"), "a value array one short");
            Assert.That(Validators.SchemaErrors(schema, extraKey), Is.Not.Empty, "a top-level key outside the format");
            Assert.That(Validators.SchemaErrors(schema, badVersion), Is.Not.Empty, "version 1.0");
            Assert.That(Validators.SchemaErrors(schema, badUpdated), Is.Not.Empty, "a German date in updated");
            Assert.That(JsonStatRules.Violations(unlabelled), Has.Some.StartsWith("D3b:"), "a category without label");
        }
    }

    [Test]
    public void DataPackage_EveryPublishedFile_ValidatesAgainstTheV2Profile()
    {
        var schema = Validators.DataPackageSchema;
        Assert.That(Sample.Report.Succeeded, Is.True, Sample.Report.Error);
        using (Assert.EnterMultipleScope())
            foreach (var (file, copies) in ByContent(Published("datapackage.json")))
                Assert.That(Validators.SchemaErrors(schema, File.ReadAllBytes(file)), Is.Empty, copies);
    }

    [Test]
    public void DataPackage_BrokenCopies_AreCaughtByTheProfile()
    {
        var schema = Validators.DataPackageSchema;
        var slug = Sample.Report.Published.First();
        JsonObject Copy() => JsonNode.Parse(Sample.Bytes(slug, "datapackage.json"))!.AsObject();

        var noResources = Copy();
        noResources.Remove("resources");
        var emptyResources = Copy();
        emptyResources["resources"] = new JsonArray();
        var noPath = Copy();
        noPath["resources"]![0]!.AsObject().Remove("path");
        var badField = Copy();
        badField["resources"]![0]!["schema"]!["fields"]![0]!["type"] = "zahl";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Validators.SchemaErrors(schema, noResources), Is.Not.Empty, "no resources");
            Assert.That(Validators.SchemaErrors(schema, emptyResources), Is.Not.Empty, "an empty resources array");
            Assert.That(Validators.SchemaErrors(schema, noPath), Is.Not.Empty, "a resource with neither path nor data");
            Assert.That(Validators.SchemaErrors(schema, badField), Is.Not.Empty, "a field type outside Table Schema");
        }
    }

    /// <summary>The one result the shapes give for a controlled-vocabulary spatial URI, and say may be ignored.</summary>
    static bool IgnorableSpatialWarning(Validators.ShaclResult r) =>
        r.Severity == "Warning" && r.Path == "http://purl.org/dc/terms/spatial" && r.Message.Contains("kontrolliertes Vokabular", StringComparison.Ordinal);

    [TestCase(true, TestName = "Catalog_EveryPublishedRecord_PassesTheDcatApDeShapes(with FOAF, vCard and licences as data)")]
    [TestCase(false, TestName = "Catalog_EveryPublishedRecord_PassesTheDcatApDeShapes(bare, as a harvester without FOAF)")]
    public void Catalog_EveryPublishedRecord_PassesTheDcatApDeShapes(bool withVocabularies)
    {
        Validators.ShaclEngine();
        Assert.That(Sample.Report.Succeeded, Is.True, Sample.Report.Error);
        var files = ByContent(Published("dataset.jsonld").Prepend(Path.Combine(Sample.Exports, "catalog.jsonld")).ToList());
        var report = Validators.Shacl([.. files.Select(f => f.File)], withVocabularies);
        using (Assert.EnterMultipleScope())
            foreach (var (file, copies) in files)
            {
                var shown = report[file].Where(r => !IgnorableSpatialWarning(r)).Select(r => $"{r.Severity}: {r.Message} ({r.FocusNode} {r.Path})");
                Assert.That(shown, Is.Empty, copies);
            }
    }

    [Test]
    public void Catalog_BrokenCopies_AreCaughtByTheShapes()
    {
        Validators.ShaclEngine();
        using var dir = new TestSupport.TempDir();
        JsonObject Copy() => JsonNode.Parse(File.ReadAllBytes(Path.Combine(Sample.Exports, "catalog.jsonld")))!.AsObject();
        IEnumerable<JsonObject> Nodes(JsonObject doc, string type) =>
            doc["@graph"]!.AsArray().Select(n => n!.AsObject()).Where(n => n["@type"] switch
            {
                JsonArray types => types.Any(t => t!.GetValue<string>() == type),
                var t => t?.GetValue<string>() == type,
            });

        var organisationOnly = Copy();
        foreach (var publisher in Nodes(organisationOnly, "foaf:Agent").ToList())
            publisher["@type"] = "foaf:Organization";
        var noLicence = Copy();
        foreach (var dataset in Nodes(noLicence, "dcat:Dataset"))
            foreach (var distribution in dataset["dcat:distribution"]!.AsArray())
                distribution!.AsObject().Remove("dct:license");
        var noPublisher = Copy();
        foreach (var dataset in Nodes(noPublisher, "dcat:Dataset"))
            dataset.Remove("dct:publisher");
        var files = new Dictionary<string, string>
        {
            ["organisation-only"] = dir.File("organisation-only.jsonld", organisationOnly.ToJsonString()),
            ["no-licence"] = dir.File("no-licence.jsonld", noLicence.ToJsonString()),
            ["no-publisher"] = dir.File("no-publisher.jsonld", noPublisher.ToJsonString()),
        };
        var report = Validators.Shacl([.. files.Values], withVocabularies: false);
        List<string> Violations(string name) => [.. report[files[name]].Where(r => r.Severity == "Violation").Select(r => $"{r.Path}: {r.Message}")];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Violations("organisation-only"), Has.Some.Contains("foaf:Agent"), "a publisher typed only foaf:Organization");
            Assert.That(Violations("no-licence"), Has.Some.StartsWith("http://purl.org/dc/terms/license"), "distributions without licence");
            Assert.That(Violations("no-publisher"), Has.Some.StartsWith("http://purl.org/dc/terms/publisher"), "datasets without publisher");
        }
    }
}
