using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>The CSV and its Frictionless descriptor, checked against each other the way a portal or a validator would.</summary>
public partial class DataPackageTests
{
    static SamplePublication Sample => SamplePublication.Instance;

    static JsonNode Package(string slug) => JsonNode.Parse(Sample.Bytes(slug, "datapackage.json"))!;

    [GeneratedRegex(@"^[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^[0-9]{4}$")]
    private static partial Regex Year();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    private static partial Regex Date();

    [Test]
    public void Write_BytesAndHash_MatchTheCsvBesideIt()
    {
        using (Assert.EnterMultipleScope())
            foreach (var dataset in Sample.Datasets)
            {
                var csv = Sample.Bytes(dataset.Dataset, "data.csv");
                var resource = Package(dataset.Dataset)["resources"]![0]!;
                Assert.That(resource["path"]!.GetValue<string>(), Is.EqualTo("data.csv"));
                Assert.That(resource["bytes"]!.GetValue<long>(), Is.EqualTo(csv.LongLength), dataset.Dataset);
                Assert.That(resource["hash"]!.GetValue<string>(), Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(csv))), dataset.Dataset);
            }
    }

    [Test]
    public void Write_EveryCsvRow_ObeysTheTableSchema()
    {
        var checkedRows = 0;
        using (Assert.EnterMultipleScope())
            foreach (var dataset in Sample.Datasets)
            {
                var resources = Package(dataset.Dataset)["resources"]!.AsArray();
                var schema = resources[0]!["schema"]!;
                var fields = schema["fields"]!.AsArray().Select(f => f!).ToList();
                var (header, rows) = CsvExtractWriter.Parse(Sample.Bytes(dataset.Dataset, "data.csv"));
                Assert.That(header, Is.EqualTo(fields.Select(f => f["name"]!.GetValue<string>())), $"{dataset.Dataset}: header = schema fields");
                var key = schema["primaryKey"]!.AsArray().Select(k => header.ToList().IndexOf(k!.GetValue<string>())).ToArray();
                var keys = new HashSet<string>();
                var foreignKey = schema["foreignKeys"]?[0];
                var references = new HashSet<string>();
                if (foreignKey is not null)
                {
                    var codes = resources.Single(r => r!["name"]!.GetValue<string>() == foreignKey["reference"]!["resource"]!.GetValue<string>())!["data"]!.AsArray();
                    var referenced = foreignKey["reference"]!["fields"]!.AsArray().Select(f => codes[0]!.AsArray().Select(c => c!.GetValue<string>()).ToList().IndexOf(f!.GetValue<string>())).ToArray();
                    foreach (var code in codes.Skip(1))
                        references.Add(string.Join("|", referenced.Select(i => code![i]!.GetValue<string>())));
                }
                var foreignFields = foreignKey?["fields"]!.AsArray().Select(f => header.ToList().IndexOf(f!.GetValue<string>())).ToArray() ?? [];

                foreach (var row in rows)
                {
                    var where = $"{dataset.Dataset} {string.Join(",", row)}";
                    Assert.That(row, Has.Length.EqualTo(header.Count), where);
                    for (var i = 0; i < fields.Count; i++)
                    {
                        var field = fields[i];
                        var value = row[i];
                        var constraints = field["constraints"];
                        if (value.Length == 0)
                        {
                            Assert.That(constraints?["required"]?.GetValue<bool>() ?? false, Is.False, $"{where}: {field["name"]} is required");
                            continue;
                        }
                        var pattern = field["type"]!.GetValue<string>() switch
                        {
                            "integer" => Integer(),
                            "number" => Number(),
                            "year" => Year(),
                            "date" => Date(),
                            _ => null,
                        };
                        if (pattern is not null)
                            Assert.That(pattern.IsMatch(value), $"{where}: '{value}' is not a {field["type"]} (no '.', '*' or '-' symbols in number columns)");
                        if (constraints?["enum"] is JsonArray allowed)
                            Assert.That(allowed.Select(a => a!.GetValue<string>()), Does.Contain(value), $"{where}: {field["name"]}");
                        if (constraints?["minimum"] is { } minimum)
                            Assert.That(decimal.Parse(value, CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(minimum.GetValue<decimal>()), where);
                    }
                    Assert.That(keys.Add(string.Join("|", key.Select(k => row[k]))), Is.True, $"{where}: duplicate primary key");
                    if (foreignKey is not null)
                        Assert.That(references, Does.Contain(string.Join("|", foreignFields.Select(f => row[f]))), $"{where}: area not in the code list");
                    var status = row[header.ToList().IndexOf(dataset.Status.Name)];
                    var measure = row[header.ToList().IndexOf(dataset.Measure.Name)];
                    Assert.That(measure.Length == 0, Is.EqualTo(status is "." or "..." or "x" or "/"), $"{where}: empty value iff the status says why");
                    checkedRows++;
                }
            }
        Assert.That(checkedRows, Is.EqualTo(Sample.Publication.Tables.Values.Sum(t => t.Rows.Count)));
    }

    [Test]
    public void Write_Csv_IsUtf8WithoutBomWithCrlfAndNoBlankLines()
    {
        using (Assert.EnterMultipleScope())
            foreach (var dataset in Sample.Datasets)
            {
                var bytes = Sample.Bytes(dataset.Dataset, "data.csv");
                Assert.That(bytes.Take(3), Is.Not.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), dataset.Dataset);
                var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
                Assert.That(text, Does.EndWith("\r\n"));
                Assert.That(text.Replace("\r\n", ""), Does.Not.Contain("\n").And.Not.Contain("\r"), $"{dataset.Dataset}: only CRLF line ends");
                Assert.That(text, Does.Not.Contain("\r\n\r\n"), dataset.Dataset);
            }
    }

    [Test]
    public void Write_KeysAndLicence_CoverEveryDimensionAndNameADatenlizenz()
    {
        using (Assert.EnterMultipleScope())
            foreach (var dataset in Sample.Datasets)
            {
                var package = Package(dataset.Dataset);
                var primaryKey = package["resources"]![0]!["schema"]!["primaryKey"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
                Assert.That(primaryKey, Is.SupersetOf(dataset.Axes.Select(a => a.Name)), dataset.Dataset);
                var licence = package["licenses"]![0]!;
                Assert.That(licence["name"]!.GetValue<string>(), Is.AnyOf("DL-DE-BY-2.0", "DL-DE-ZERO-2.0"), dataset.Dataset);
                Assert.That(licence["path"]!.GetValue<string>(), Does.StartWith("https://www.govdata.de/dl-de/"), dataset.Dataset);
                Assert.That(package["resources"]![0]!["dialect"]!["lineTerminator"]!.GetValue<string>(), Is.EqualTo("\r\n"));
            }
    }

    [Test]
    public void Write_DatasetWithRegionalstatistikSource_IsDlDeByWithItsAttributionInEveryFormat()
    {
        // The talent indicators include Regionalstatistik's NRW and Germany figures (dl-de/by-2-0).
        const string slug = "talentindikatoren-bezirke";
        const string attribution = "© Statistische Ämter des Bundes und der Länder, Deutschland";
        var package = Package(slug);
        var jsonStat = JsonNode.Parse(Sample.Bytes(slug, "data.jsonstat.json"))!;
        var catalog = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Sample.Exports, "catalog.jsonld")))!;
        var distributions = catalog["@graph"]!.AsArray().Single(n => n!["dct:identifier"]?.GetValue<string>() == slug)!["dcat:distribution"]!.AsArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(package["licenses"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("DL-DE-BY-2.0"));
            Assert.That(package["sources"]!.AsArray().Select(s => s!["title"]!.GetValue<string>()), Has.Some.StartsWith(attribution));
            Assert.That(jsonStat["source"]!.GetValue<string>(), Does.Contain(attribution));
            Assert.That(distributions.Select(d => d!["dcatde:licenseAttributionByText"]?.GetValue<string>()), Has.All.Contain(attribution));
            Assert.That(Package("bevoelkerung-statistische-bezirke")["licenses"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("DL-DE-ZERO-2.0"),
                "built from the city's dl-de/zero source alone");
        }
    }
}
