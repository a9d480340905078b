using System.Globalization;
using System.Text.Json.Nodes;
using TalentData.Disclosure;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>What a dataset's DCAT record says about one release.</summary>
public sealed record DcatFacts(DatasetDefinition Dataset, DatasetLicence Licence, string Attribution,
    IReadOnlyList<string> Years, IReadOnlyDictionary<string, long> Bytes, string Issued, string Modified, DataOrigin? Origin = null);

/// <summary>
/// DCAT-AP.de 3.0 as JSON-LD (publishing.md §3 and §7.2.4). Each release carries its dataset's record
/// (dataset.jsonld); the catalogue is assembled from the records of the latest releases, so a dataset withheld in
/// this run keeps describing its last good publication. The @ids are the base URL plus the slug and the stable
/// latest/ download URLs; they never change between releases.
/// </summary>
public static class DcatWriter
{
    public const string RecordFile = "dataset.jsonld";
    public const string CatalogFile = "catalog.jsonld";

    const string Eu = "http://publications.europa.eu/resource/authority/";

    static readonly Dictionary<string, string[]> Themes = new()
    {
        ["demografie"] = ["SOCI", "REGI"],
        ["schule"] = ["EDUC", "REGI"],
        ["ausbildung"] = ["EDUC", "ECON", "REGI"],
        ["arbeit"] = ["ECON", "SOCI", "REGI"],
        ["soziales"] = ["SOCI", "REGI"],
        ["alle"] = ["EDUC", "ECON", "SOCI", "REGI"],
    };

    static readonly Dictionary<string, string> Frequencies = new()
    {
        ["annual"] = "ANNUAL", ["semiannual"] = "ANNUAL_2", ["quarterly"] = "QUARTERLY", ["monthly"] = "MONTHLY",
        ["weekly"] = "WEEKLY", ["daily"] = "DAILY", ["irregular"] = "IRREG",
    };

    public static JsonObject Context() => new()
    {
        ["dcat"] = "http://www.w3.org/ns/dcat#",
        ["dct"] = "http://purl.org/dc/terms/",
        ["dcatde"] = "http://dcat-ap.de/def/dcatde/",
        ["dcatap"] = "http://data.europa.eu/r5r/",
        ["foaf"] = "http://xmlns.com/foaf/0.1/",
        ["vcard"] = "http://www.w3.org/2006/vcard/ns#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dct:issued"] = Typed("xsd:dateTime"),
        ["dct:modified"] = Typed("xsd:dateTime"),
        ["dcat:startDate"] = Typed("xsd:date"),
        ["dcat:endDate"] = Typed("xsd:date"),
        ["dcat:byteSize"] = Typed("xsd:nonNegativeInteger"),
        ["dcat:accessURL"] = Typed("@id"),
        ["dcat:downloadURL"] = Typed("@id"),
        ["dcat:mediaType"] = Typed("@id"),
        ["dcat:theme"] = Typed("@id"),
        ["dcat:themeTaxonomy"] = Typed("@id"),
        ["dct:format"] = Typed("@id"),
        ["dct:license"] = Typed("@id"),
        ["dct:conformsTo"] = Typed("@id"),
        ["dct:accrualPeriodicity"] = Typed("@id"),
        ["dct:spatial"] = Typed("@id"),
        ["dct:language"] = Typed("@id"),
        ["dct:type"] = Typed("@id"),
        ["dcatap:availability"] = Typed("@id"),
        ["dcatde:politicalGeocodingLevelURI"] = Typed("@id"),
        ["vcard:hasEmail"] = Typed("@id"),
        ["vcard:hasURL"] = Typed("@id"),
    };

    static JsonObject Typed(string type) => new() { ["@type"] = type };

    static JsonObject German(string text) => new() { ["@value"] = text, ["@language"] = "de" };

    static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    public static string PublisherId(PublishSettings settings) => $"{settings.Base}publisher";

    static string MunicipalityKey(City city) => $"http://dcat-ap.de/def/politicalGeocoding/municipalityKey/{city.Key}";

    public static string DatasetId(PublishSettings settings, string slug) => $"{settings.Base}{slug}";

    public static string DownloadUrl(PublishSettings settings, string slug, string file) => $"{settings.Base}{slug}/latest/{file}";

    static JsonObject Publisher(PublishSettings settings, City city) => new()
    {
        ["@id"] = PublisherId(settings),
        // foaf:Agent stated, not only implied by FOAF's class hierarchy: GovData's shapes check for it without loading FOAF.
        ["@type"] = Array([JsonValue.Create("foaf:Organization"), JsonValue.Create("foaf:Agent")]),
        ["foaf:name"] = city.Publisher,
        ["dct:type"] = "http://purl.org/adms/publishertype/LocalAuthority",
    };

    public static void CheckVocabulary(DatasetDefinition dataset)
    {
        if (!Themes.ContainsKey(dataset.Theme))
            throw new PipelineException("", "config", $"{dataset.File}: theme '{dataset.Theme}' is not one of {string.Join(", ", Themes.Keys)}.");
        if (!Frequencies.ContainsKey(dataset.Periodicity))
            throw new PipelineException("", "config", $"{dataset.File}: periodicity '{dataset.Periodicity}' is not one of {string.Join(", ", Frequencies.Keys)}.");
    }

    /// <summary>The dataset's record: a JSON-LD document with the dataset, a distribution per published format and the publisher.</summary>
    public static byte[] Record(DcatFacts facts, PublishSettings settings, City city) => JsonOutput.Write(new JsonObject
    {
        ["@context"] = Context(),
        ["@graph"] = Array([DatasetNode(facts, settings, city), Publisher(settings, city)]),
    });

    static JsonObject DatasetNode(DcatFacts facts, PublishSettings settings, City city)
    {
        var d = facts.Dataset;
        var origin = facts.Origin ?? DataOrigin.Publisher;
        CheckVocabulary(d);
        var node = new JsonObject
        {
            ["@id"] = DatasetId(settings, d.Dataset),
            ["@type"] = "dcat:Dataset",
            ["dct:identifier"] = d.Dataset,
            ["dct:title"] = German(origin.Title(d.Title)),
            ["dct:description"] = German(string.Join(" ", origin.Marking.Append(d.Description).Concat(DisclosurePolicy.Notes(d, settings.DisclosureThreshold)))),
            ["dct:publisher"] = new JsonObject { ["@id"] = PublisherId(settings) },
            ["dcat:contactPoint"] = new JsonObject
            {
                ["@type"] = "vcard:Kind",
                ["vcard:fn"] = city.ContactName,
                ["vcard:hasURL"] = city.ContactUrl,
            },
            ["dcat:keyword"] = Array(d.Keywords.Append(city.Name).Concat(origin.Keywords).Distinct().Select(k => (JsonNode)German(k))),
            ["dcat:theme"] = Array(Themes[d.Theme].Select(t => (JsonNode)JsonValue.Create($"{Eu}data-theme/{t}"))),
            ["dct:spatial"] = Array([.. new[] { MunicipalityKey(city), city.Geonames }.OfType<string>().Select(uri => (JsonNode)JsonValue.Create(uri))]),
            ["dcatde:politicalGeocodingLevelURI"] = "http://dcat-ap.de/def/politicalGeocoding/Level/municipality",
        };
        if (Temporal(d, facts.Years) is { } period)
            node["dct:temporal"] = new JsonObject
            {
                ["@type"] = "dct:PeriodOfTime",
                ["dcat:startDate"] = period.Start,
                ["dcat:endDate"] = period.End,
            };
        node["dct:accrualPeriodicity"] = $"{Eu}frequency/{Frequencies[d.Periodicity]}";
        node["dct:issued"] = facts.Issued;
        node["dct:modified"] = facts.Modified;
        node["dct:language"] = $"{Eu}language/DEU";
        node["dcatap:availability"] = $"{Eu}planned-availability/STABLE";
        node["dcat:distribution"] = Array(PublishedFormats.For(d).Select(format =>
        {
            var url = DownloadUrl(settings, d.Dataset, format.FileName);
            var distribution = new JsonObject
            {
                ["@id"] = url,
                ["@type"] = "dcat:Distribution",
                ["dct:title"] = German(format.Title),
                ["dcat:accessURL"] = url,
                ["dcat:downloadURL"] = url,
                ["dct:format"] = $"{Eu}file-type/{format.FileType}",
                ["dcat:mediaType"] = $"https://www.iana.org/assignments/media-types/{format.MediaType}",
            };
            if (format.ConformsTo is { } standard)
                distribution["dct:conformsTo"] = standard;
            distribution["dct:license"] = facts.Licence.DcatUri;
            if (facts.Licence.RequiresAttribution)
                distribution["dcatde:licenseAttributionByText"] = facts.Attribution;
            distribution["dct:modified"] = facts.Modified;
            distribution["dcat:byteSize"] = facts.Bytes[format.FileName].ToString(CultureInfo.InvariantCulture);
            return (JsonNode)distribution;
        }));
        return node;
    }

    /// <summary>The period the years cover: calendar years, or periods starting at period_start in the year before.</summary>
    public static (string Start, string End)? Temporal(DatasetDefinition dataset, IReadOnlyList<string> years)
    {
        if (dataset.ColumnWithRole(ColumnRole.Time)?.Type != "year" || years.Count == 0)
            return null;
        var numbers = years.Select(y => int.Parse(y, CultureInfo.InvariantCulture)).ToList();
        int first = numbers.Min(), last = numbers.Max();
        var month = int.Parse(dataset.PeriodStart[..2], CultureInfo.InvariantCulture);
        var day = int.Parse(dataset.PeriodStart[3..], CultureInfo.InvariantCulture);
        var start = month == 1 && day == 1 ? new DateOnly(first, 1, 1) : new DateOnly(first - 1, month, day);
        var end = month == 1 && day == 1 ? new DateOnly(last, 12, 31) : new DateOnly(last, month, day).AddDays(-1);
        return (start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    /// <summary>A dcat:Dataset node of a record's graph (the publisher's @type is an array).</summary>
    static bool IsDataset(JsonNode? node) => node?["@type"] is JsonValue type && type.GetValue<string>() == "dcat:Dataset";

    /// <summary>The issued and modified times of a record, to carry them over while nothing changes.</summary>
    public static (string Issued, string Modified)? Times(byte[]? record)
    {
        if (record is null)
            return null;
        try
        {
            var node = JsonNode.Parse(record)?["@graph"]?.AsArray().FirstOrDefault(n => IsDataset(n));
            return node?["dct:issued"]?.GetValue<string>() is { } issued && node["dct:modified"]?.GetValue<string>() is { } modified
                ? (issued, modified)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>The catalogue: the catalog, the publisher, and the dataset node of every record, in slug order.</summary>
    public static byte[] Catalog(IEnumerable<byte[]> records, PublishSettings settings, City city)
    {
        var datasets = records
            .Select(r => JsonNode.Parse(r)!["@graph"]!.AsArray().First(IsDataset)!.DeepClone())
            .OrderBy(n => n["@id"]!.GetValue<string>(), StringComparer.Ordinal)
            .ToList();
        // A catalogue that lists sample data says so itself, not only in the dataset records.
        var sample = datasets.Any(n => n["dct:title"]?["@value"]?.GetValue<string>().Contains(DataOrigin.MarkDe, StringComparison.Ordinal) == true);
        var catalog = new JsonObject
        {
            ["@id"] = $"{settings.Base}catalog",
            ["@type"] = "dcat:Catalog",
            ["dct:title"] = German($"TalentData – Statistik-Extrakte der {city.Publisher}" + (sample ? $" ({DataOrigin.MarkDe})" : "")),
            ["dct:description"] = German((sample ? $"{DataOrigin.MarkDe}: Datensätze aus den mitgelieferten Beispieldateien, jeder sagt in seiner Beschreibung, was daran synthetisch ist. " : "") +
                $"Kleinräumige Indikatoren zu Bevölkerung, Schule, Ausbildung, Arbeitsmarkt und Sozialem der Initiative {city.Initiative}, " +
                $"je statistischem Bezirk, Stadtbezirk und Stadt. {DisclosurePolicy.Summary(settings.DisclosureThreshold)}"),
            ["dct:publisher"] = new JsonObject { ["@id"] = PublisherId(settings) },
            ["dct:language"] = $"{Eu}language/DEU",
            ["dct:spatial"] = MunicipalityKey(city),
            ["dcat:themeTaxonomy"] = $"{Eu}data-theme",
        };
        if (datasets.Count > 0)
            catalog["dct:modified"] = datasets.Select(n => n["dct:modified"]!.GetValue<string>()).Max(StringComparer.Ordinal);
        catalog["dcat:dataset"] = Array(datasets.Select(n => (JsonNode)new JsonObject { ["@id"] = n["@id"]!.GetValue<string>() }));
        return JsonOutput.Write(new JsonObject
        {
            ["@context"] = Context(),
            ["@graph"] = Array(datasets.Prepend(catalog).Append(Publisher(settings, city))),
        });
    }
}
