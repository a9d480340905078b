using System.Globalization;
using CsvHelper;
using TalentData.Project;

namespace TalentData.Atlas;

public sealed record AtlasValue(string Indicator, int Year, string Level, string Code, string Name, double? Value, string Unit, string Status);

public sealed record AtlasIndicator(
    string Id, string Theme, string TitleDe, string TitleEn, string Description, string Unit, int Decimals,
    string Sources, string Periodicity, string ReferenceDate, string Licence, string Methodology)
{
    /// <summary>The English texts of the catalogue (its *_en columns); empty where a catalogue has none.</summary>
    public string DescriptionEn { get; init; } = "";
    public string PeriodicityEn { get; init; } = "";
    public string ReferenceDateEn { get; init; } = "";
    public string MethodologyEn { get; init; } = "";
}

public sealed record AtlasDataset(string Slug, IReadOnlyList<string> Files, DateTime Modified)
{
    /// <summary>The dataset's title as its datapackage.json gives it: what readers are shown instead of the folder name.</summary>
    public string Title { get; init; } = "";
}

/// <summary>One row of the Städtevergleich as published: a Kreis (or the state, or the country) with its ranks.</summary>
public sealed record CityComparisonValue(
    int Year, string Level, string Code, string Name, string Group, string Indicator, double? Value, string Status, string Origin,
    string Table, int? RankKreise, int? CountKreise, int? RankLand, int? CountLand);

/// <summary>An indicator of the Städtevergleich as its JSON-stat names it: the German label, the unit and its decimals.</summary>
public sealed record CityComparisonIndicator(string Id, string Label, string Unit, int Decimals);

/// <summary>A source table of the Städtevergleich as its datapackage.json credits it (the title carries publisher and table).</summary>
public sealed record CityComparisonSource(string Table, string Title, string Url);

/// <summary>
/// The published Städtevergleich (dataset <see cref="AtlasData.ComparisonDataset"/>): its rows, its indicators in the
/// order the dataset gives them, and the tables it credits. Empty when the dataset is not published.
/// </summary>
public sealed class CityComparison
{
    public const string City = "stadt";
    public const string Peer = "vergleichsstadt";

    public required IReadOnlyList<CityComparisonValue> Values { get; init; }
    public required IReadOnlyList<CityComparisonIndicator> Indicators { get; init; }
    public required IReadOnlyList<CityComparisonSource> Sources { get; init; }
    /// <summary>The dataset says it is built (in part) from sample files (datapackage.json "synthetic").</summary>
    public bool Synthetic { get; init; }
    public IReadOnlyList<string> Licences { get; init; } = [];

    public static readonly CityComparison None = new() { Values = [], Indicators = [], Sources = [] };

    public CityComparisonIndicator? Indicator(string id) => Indicators.FirstOrDefault(i => i.Id == id);

    public IReadOnlyList<int> Years(string indicator) =>
        Values.Where(v => v.Indicator == indicator).Select(v => v.Year).Distinct().Order().ToList();

    /// <summary>Every row of one indicator and year.</summary>
    public IReadOnlyList<CityComparisonValue> Rows(string indicator, int year) =>
        Values.Where(v => v.Indicator == indicator && v.Year == year).ToList();

    /// <summary>The credited source of each table a value names ("21111-02-06-4, 21121-02-02-4" names two).</summary>
    public IReadOnlyList<CityComparisonSource> SourcesOf(string tables) =>
        tables.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => Sources.FirstOrDefault(s => s.Table == t) ?? new CityComparisonSource(t, "", "")).ToList();
}

/// <summary>
/// A place of talent support as dataset angebote-orte publishes it; a place without a Stadtbezirk, a statistischer Bezirk
/// (its source names the Stadtbezirk only) or a point leaves them empty.
/// </summary>
public sealed record AtlasPlace(string Id, string Name, string Kind, string Category, IReadOnlyList<string> TargetGroups, string Stadtbezirk,
    string StatBezirk, double? Latitude, double? Longitude);

/// <summary>A programme or partner as dataset programme-partner publishes it; <see cref="Districts"/> is empty for a city-wide one.</summary>
public sealed record AtlasProgramme(string Name, string Kind, IReadOnlyList<string> TargetGroups, IReadOnlyList<string> Districts, string ContactUrl,
    string Source, string Checked, bool Example)
{
    public bool CityWide => Districts.Count == 0;

    /// <summary>Whether it serves the Stadtbezirk: a city-wide one serves every one.</summary>
    public bool Serves(string stadtbezirk) => CityWide || Districts.Contains(stadtbezirk);
}

/// <summary>
/// The offers of talent support as published: the places (dataset angebote-orte) and the programmes and partners
/// (dataset programme-partner), each with its sample-data flag. Empty when neither is published.
/// </summary>
public sealed class AtlasOffers
{
    public const string PlacesDataset = "angebote-orte";
    public const string ProgrammesDataset = "programme-partner";
    /// <summary>How the programme directory writes "serves every Stadtbezirk".</summary>
    public const string CityWide = "stadtweit";

    /// <summary>The target groups in the order the pages list them (the vocabulary of sql/reference/talent_programmes.csv).</summary>
    public static readonly string[] TargetGroups = ["children", "young_people", "adults"];

    public required IReadOnlyList<AtlasPlace> Places { get; init; }
    public required IReadOnlyList<AtlasProgramme> Programmes { get; init; }
    /// <summary>The places dataset says it is built from sample files (datapackage.json "synthetic").</summary>
    public bool PlacesSynthetic { get; init; }
    /// <summary>The programme directory says it holds example entries (datapackage.json "synthetic").</summary>
    public bool ProgrammesSynthetic { get; init; }

    public static readonly AtlasOffers None = new() { Places = [], Programmes = [] };

    /// <summary>The kinds of places, then those of programmes and partners, each in text order.</summary>
    public IReadOnlyList<string> PlaceKinds => [.. Places.Select(p => p.Kind).Distinct().Order(StringComparer.Ordinal)];
    public IReadOnlyList<string> ProgrammeKinds => [.. Programmes.Select(p => p.Kind).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The places and the programmes a choice of target group, kind and Stadtbezirk leaves (null: any).</summary>
    public (IReadOnlyList<AtlasPlace> Places, IReadOnlyList<AtlasProgramme> Programmes) Filter(string? targetGroup, string? kind, string? stadtbezirk) =>
        ([.. Places.Where(p => (targetGroup is null || p.TargetGroups.Contains(targetGroup)) && (kind is null || p.Kind == kind)
                               && (stadtbezirk is null || p.Stadtbezirk == stadtbezirk))],
         [.. Programmes.Where(p => (targetGroup is null || p.TargetGroups.Contains(targetGroup)) && (kind is null || p.Kind == kind)
                                   && (stadtbezirk is null || p.Serves(stadtbezirk)))]);

    public static AtlasOffers Load(string exportsRoot, Func<string, IEnumerable<Dictionary<string, string>>> readCsv, Func<string, bool> synthetic)
    {
        static IReadOnlyList<string> List(string cell) => cell.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        static double? Number(string cell) => double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
        var placesFolder = Path.Combine(exportsRoot, PlacesDataset, "latest");
        var programmesFolder = Path.Combine(exportsRoot, ProgrammesDataset, "latest");
        var placesFile = Path.Combine(placesFolder, "data.csv");
        var programmesFile = Path.Combine(programmesFolder, "data.csv");
        return new AtlasOffers
        {
            Places = File.Exists(placesFile)
                ? [.. readCsv(placesFile).Select(r => new AtlasPlace(r["ort_id"], r["name"], r["art"], r["kategorie"], List(r["zielgruppe"]), r["stadtbezirk_nr"],
                    r.GetValueOrDefault("statistischer_bezirk_nr", ""), Number(r["breite"]), Number(r["laenge"])))]
                : [],
            Programmes = File.Exists(programmesFile)
                ? [.. readCsv(programmesFile).Select(r => new AtlasProgramme(r["name"], r["art"], List(r["zielgruppe"]),
                    r["bezirke"] == CityWide ? [] : List(r["bezirke"]), r["kontakt_url"], r["quelle"], r["geprueft_am"], r["beispiel"] == "true"))]
                : [],
            PlacesSynthetic = synthetic(Path.Combine(placesFolder, "datapackage.json")),
            ProgrammesSynthetic = synthetic(Path.Combine(programmesFolder, "datapackage.json")),
        };
    }
}

/// <summary>The boundary of one Kreis: its key (ARS), its name and its rings of (longitude, latitude) points.</summary>
public sealed record RegionBoundary(string Code, string Name, IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>> Rings);

/// <summary>
/// What the Talent-Atlas shows. Every number comes from the published (disclosure-controlled) exports, never from
/// the warehouse, so the page can never show what the open data hides; the indicator definitions (titles, units,
/// methodology: text, no numbers) come from the catalogue sql/reference/indicators.csv.
/// </summary>
public sealed class AtlasData
{
    public const string ValuesDataset = "talentindikatoren-bezirke";
    public const string ComparisonDataset = "staedtevergleich";
    /// <summary>The Kreise boundaries in the repository (BKG VG5000, dl-de/by-2-0; config/geo/README.md).</summary>
    public const string BoundariesFile = "config/geo/vg5000_2021_kreise.geojson";

    /// <summary>The published Städtevergleich; <see cref="CityComparison.None"/> when it is not published.</summary>
    public CityComparison Comparison { get; init; } = CityComparison.None;
    /// <summary>The published Bedarf-und-Angebot comparison; <see cref="NeedSupplyComparison.None"/> when it is not published.</summary>
    public NeedSupplyComparison NeedAndSupply { get; init; } = NeedSupplyComparison.None;
    /// <summary>The published places, programmes and partners; <see cref="AtlasOffers.None"/> when neither is published.</summary>
    public AtlasOffers Offers { get; init; } = AtlasOffers.None;
    /// <summary>The boundaries of every Kreis (empty without the boundaries file): geography, not numbers.</summary>
    public IReadOnlyList<RegionBoundary> Boundaries { get; init; } = [];

    public required IReadOnlyList<AtlasIndicator> Indicators { get; init; }
    public required IReadOnlyList<AtlasValue> Values { get; init; }
    public required IReadOnlyList<AtlasDataset> Datasets { get; init; }
    public required bool HasCatalog { get; init; }
    /// <summary>The values dataset says it is built from sample data (datapackage.json "synthetic"): every page says so.</summary>
    public bool Synthetic { get; init; }
    /// <summary>k of the publication: counts from 1 to k-1 are secret (the values dataset's JSON-stat says which k it used).</summary>
    public int DisclosureThreshold { get; init; } = Publishing.PublishSettings.DefaultThreshold;
    /// <summary>Who the values dataset credits, as its datapackage.json names them (no publisher is credited with sample data).</summary>
    public IReadOnlyList<string> Attributions { get; init; } = [];
    /// <summary>The licences of the values dataset, as its datapackage.json titles them.</summary>
    public IReadOnlyList<string> Licences { get; init; } = [];
    /// <summary>The values dataset's attribution as its JSON-stat "source" gives it (empty when not published).</summary>
    public string Credit { get; init; } = "";
    public required DateTime? ReleasedAt { get; init; }
    /// <summary>statistischer Bezirk code → Stadtbezirk code, as published in the population dataset.</summary>
    public required IReadOnlyDictionary<string, string> Parents { get; init; }

    // Built on the first Find: the server's requests share one AtlasData per release and may all ask at once, so the
    // index is published whole (a request that lost the race builds one of its own and drops it), never filled in place.
    Dictionary<(string, int, string, string), AtlasValue>? index;

    public AtlasIndicator? Indicator(string id) => Indicators.FirstOrDefault(i => i.Id == id);

    public AtlasValue? Find(string indicator, int year, string level, string code) =>
        LazyInitializer.EnsureInitialized(ref index, () =>
        {
            var built = new Dictionary<(string, int, string, string), AtlasValue>();
            foreach (var v in Values) built[(v.Indicator, v.Year, v.Level, v.Code)] = v;
            return built;
        }).GetValueOrDefault((indicator, year, level, code));

    public IReadOnlyList<int> Years(string indicator) =>
        Values.Where(v => v.Indicator == indicator).Select(v => v.Year).Distinct().Order().ToList();

    public IReadOnlyList<string> Levels(string indicator) =>
        Values.Where(v => v.Indicator == indicator).Select(v => v.Level).Distinct().ToList();

    /// <summary>Areas of the city (statistischer Bezirk and Stadtbezirk) with their names, as published.</summary>
    public IReadOnlyList<(string Level, string Code, string Name)> Areas(string level) =>
        Values.Where(v => v.Level == level).Select(v => (v.Level, v.Code, v.Name)).Distinct().OrderBy(a => a.Code, StringComparer.Ordinal).ToList();

    /// <param name="boundariesFile">The Kreise boundaries (<see cref="BoundariesFile"/> in the repository); none when null or absent.</param>
    public static AtlasData Load(string exportsRoot, string catalogueFile, string? boundariesFile = null)
    {
        var values = new List<AtlasValue>();
        var indicators = new List<AtlasIndicator>();
        var valuesFile = Path.Combine(exportsRoot, ValuesDataset, "latest", "data.csv");
        if (File.Exists(valuesFile))
            foreach (var r in ReadCsv(valuesFile))
                values.Add(new AtlasValue(r["indikator"], int.Parse(r["jahr"], CultureInfo.InvariantCulture), r["gebiet_ebene"], r["gebiet_nr"], r["gebiet"],
                    string.IsNullOrEmpty(r["wert"]) ? null : double.Parse(r["wert"], CultureInfo.InvariantCulture), r["einheit"], r["status"]));
        if (File.Exists(catalogueFile))
            foreach (var r in ReadCsv(catalogueFile))
                indicators.Add(new AtlasIndicator(r["indicator_id"], r["theme"], r["title_de"], r["title_en"], r["description_de"], r["unit"],
                    int.TryParse(r["decimals"], CultureInfo.InvariantCulture, out var d) ? d : 0,
                    r["source_ids"], r["periodicity"], r["reference_date"], r["licence"], r["methodology_de"])
                {
                    DescriptionEn = r.GetValueOrDefault("description_en", ""),
                    PeriodicityEn = r.GetValueOrDefault("periodicity_en", ""),
                    ReferenceDateEn = r.GetValueOrDefault("reference_date_en", ""),
                    MethodologyEn = r.GetValueOrDefault("methodology_en", ""),
                });
        var (threshold, credit) = ReadCube(Path.Combine(exportsRoot, ValuesDataset, "latest", "data.jsonstat.json"));
        var (synthetic, attributions, licences) = ReadOrigin(Path.Combine(exportsRoot, ValuesDataset, "latest", "datapackage.json"));
        var parents = new Dictionary<string, string>();
        var populationFile = Path.Combine(exportsRoot, "bevoelkerung-statistische-bezirke", "latest", "data.csv");
        if (File.Exists(populationFile))
            foreach (var r in ReadCsv(populationFile))
                parents.TryAdd(r["statistischer_bezirk_nr"], r["stadtbezirk_nr"]);
        var datasets = Directory.Exists(exportsRoot)
            ? Directory.GetDirectories(exportsRoot).Select(dir => (dir, latest: Path.Combine(dir, "latest")))
                .Where(d => Directory.Exists(d.latest))
                .Select(d => new AtlasDataset(Path.GetFileName(d.dir),
                    Directory.GetFiles(d.latest).Select(Path.GetFileName).Where(f => !f!.StartsWith('.')).Order(StringComparer.Ordinal).ToList()!,
                    Directory.GetFiles(d.latest).Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max())
                { Title = ReadTitle(Path.Combine(d.latest, "datapackage.json")) })
                .OrderBy(d => d.Slug, StringComparer.Ordinal).ToList()
            : [];
        return new AtlasData
        {
            Indicators = indicators.OrderBy(i => ThemeOrder(i.Theme)).ThenBy(i => i.Id, StringComparer.Ordinal).ToList(),
            Values = values,
            Datasets = datasets,
            Parents = parents,
            HasCatalog = File.Exists(Path.Combine(exportsRoot, "catalog.jsonld")),
            Synthetic = synthetic,
            DisclosureThreshold = threshold,
            Credit = credit,
            Attributions = attributions,
            Licences = licences,
            ReleasedAt = datasets.Count == 0 ? null : datasets.Max(d => d.Modified),
            Comparison = ReadComparison(Path.Combine(exportsRoot, ComparisonDataset, "latest")),
            // the pairs' reasons are text beside the catalogue, like the indicator definitions
            NeedAndSupply = NeedSupplyComparison.Load(Path.Combine(exportsRoot, NeedSupplyComparison.Dataset, "latest"),
                Path.Combine(Path.GetDirectoryName(catalogueFile) ?? "", NeedSupplyComparison.PairsFile),
                ReadOrigin(Path.Combine(exportsRoot, NeedSupplyComparison.Dataset, "latest", "datapackage.json")).Synthetic),
            Offers = AtlasOffers.Load(exportsRoot, ReadCsv, dataPackage => ReadOrigin(dataPackage).Synthetic),
            Boundaries = boundariesFile is null ? [] : ReadBoundaries(boundariesFile),
        };
    }

    static int? Integer(string s) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The Städtevergleich of one release folder: data.csv, the indicators of its JSON-stat, the sources of its datapackage.json.</summary>
    static CityComparison ReadComparison(string folder)
    {
        var csv = Path.Combine(folder, "data.csv");
        if (!File.Exists(csv))
            return CityComparison.None;
        var values = ReadCsv(csv).Select(r => new CityComparisonValue(
            int.Parse(r["jahr"], CultureInfo.InvariantCulture), r["gebiet_ebene"], r["gebiet_nr"], r["gebiet"], r["vergleichsgruppe"], r["indikator"],
            string.IsNullOrEmpty(r["wert"]) ? null : double.Parse(r["wert"], CultureInfo.InvariantCulture), r["status"], r["herkunft"], r["tabelle"],
            Integer(r["rang_kreise"]), Integer(r["anzahl_kreise"]), Integer(r["rang_land"]), Integer(r["anzahl_land"]))).ToList();
        var indicators = new List<CityComparisonIndicator>();
        var jsonStat = Path.Combine(folder, "data.jsonstat.json");
        using (var cube = ReadJson(jsonStat))
        {
            if (cube is not null)
            {
                if (!cube.RootElement.TryGetProperty("dimension", out var dimensions) || !dimensions.TryGetProperty("indikator", out var dimension)
                    || !dimension.TryGetProperty("category", out var category) || !category.TryGetProperty("index", out var index))
                    throw new InvalidDataException($"{jsonStat}: expected the dimension 'indikator' with category.index, label and unit; found none.");
                foreach (var id in index.EnumerateArray().Select(e => e.GetString() ?? ""))
                {
                    var label = category.TryGetProperty("label", out var labels) && labels.TryGetProperty(id, out var l) ? l.GetString() ?? id : id;
                    var unit = category.TryGetProperty("unit", out var units) && units.TryGetProperty(id, out var u) ? u : default;
                    indicators.Add(new CityComparisonIndicator(id, label,
                        unit.ValueKind == System.Text.Json.JsonValueKind.Object && unit.TryGetProperty("label", out var ul) ? ul.GetString() ?? "" : "",
                        unit.ValueKind == System.Text.Json.JsonValueKind.Object && unit.TryGetProperty("decimals", out var d) && d.TryGetInt32(out var n) ? n : 0));
                }
            }
        }
        // An indicator with rows but no category in the JSON-stat (none is published so) is still shown, under its id.
        foreach (var id in values.Select(v => v.Indicator).Distinct().Where(id => indicators.All(i => i.Id != id)).ToList())
            indicators.Add(new CityComparisonIndicator(id, id, "", 1));
        var (synthetic, _, licences) = ReadOrigin(Path.Combine(folder, "datapackage.json"));
        return new CityComparison
        {
            Values = values,
            Indicators = indicators,
            Sources = ReadSources(Path.Combine(folder, "datapackage.json")),
            Synthetic = synthetic,
            Licences = licences,
        };
    }

    /// <summary>The sources of a datapackage.json with the GENESIS table each names in its address (…code=21111-02-06-4).</summary>
    static List<CityComparisonSource> ReadSources(string dataPackage)
    {
        using var json = ReadJson(dataPackage);
        if (json is null || !json.RootElement.TryGetProperty("sources", out var sources))
            return [];
        return sources.EnumerateArray()
            .Select(s => (Title: s.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "", Url: s.TryGetProperty("path", out var p) ? p.GetString() ?? "" : ""))
            .Select(s => new CityComparisonSource(
                System.Text.RegularExpressions.Regex.Match(s.Url, "[?&]code=([^&#]+)") is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value) : "",
                s.Title, s.Url))
            .Where(s => s.Table.Length > 0).ToList();
    }

    /// <summary>
    /// The regions of a GeoJSON FeatureCollection (Polygon or MultiPolygon; code and name in the properties
    /// <paramref name="codeProperty"/> and <paramref name="nameProperty"/>, ARS and GEN for the BKG's Kreise), read by
    /// the one boundary reader placement uses too (<see cref="BoundaryFile"/>), once per file version. A missing file
    /// gives none (the pages draw no map).
    /// </summary>
    public static IReadOnlyList<RegionBoundary> ReadBoundaries(string path, string codeProperty = "ARS", string nameProperty = "GEN") =>
        File.Exists(path)
            ? [.. BoundaryFile.Read(path, codeProperty, nameProperty).Select(f => new RegionBoundary(f.Code, f.Name, f.Rings))]
            : [];

    /// <summary>A published JSON file, or null when there is none; a broken one is an error that names it.</summary>
    static System.Text.Json.JsonDocument? ReadJson(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            return System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InvalidDataException($"{path}: expected the published JSON, found invalid JSON at line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
    }

    /// <summary>The disclosure threshold and the attribution of a JSON-stat file; the defaults when there is none.</summary>
    static (int Threshold, string Credit) ReadCube(string jsonStat)
    {
        using var json = ReadJson(jsonStat);
        if (json is null)
            return (Publishing.PublishSettings.DefaultThreshold, "");
        var root = json.RootElement;
        var threshold = root.TryGetProperty("extension", out var extension) && extension.TryGetProperty("talentdata", out var own)
                        && own.TryGetProperty("disclosureThreshold", out var k) && k.TryGetInt32(out var value)
            ? value
            : Publishing.PublishSettings.DefaultThreshold;
        return (threshold, root.TryGetProperty("source", out var source) ? source.GetString() ?? "" : "");
    }

    /// <summary>The sample-data flag, the credited sources and the licences of a datapackage.json; a missing file marks nothing.</summary>
    static (bool Synthetic, List<string> Attributions, List<string> Licences) ReadOrigin(string dataPackage)
    {
        using var json = ReadJson(dataPackage);
        if (json is null)
            return (false, [], []);
        var root = json.RootElement;
        var synthetic = root.TryGetProperty("synthetic", out var flag) && flag.ValueKind == System.Text.Json.JsonValueKind.True;
        return (synthetic, Titles(root, "sources"), Titles(root, "licenses"));
    }

    /// <summary>The title of a datapackage.json; empty when there is none.</summary>
    static string ReadTitle(string dataPackage)
    {
        using var json = ReadJson(dataPackage);
        return json is not null && json.RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "";
    }

    static List<string> Titles(System.Text.Json.JsonElement root, string array) =>
        root.TryGetProperty(array, out var items)
            ? items.EnumerateArray().Select(s => s.TryGetProperty("title", out var title) ? title.GetString() ?? "" : "").Where(t => t.Length > 0).ToList()
            : [];

    public static readonly string[] Themes = ["demografie", "schule", "ausbildung", "arbeit", "soziales", "angebote"];

    static int ThemeOrder(string theme) => Array.IndexOf(Themes, theme) is var i and >= 0 ? i : Themes.Length;

    static IEnumerable<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',', HasHeader = false });
        if (!reader.Read()) yield break;
        var header = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
        while (reader.Read())
        {
            var row = new Dictionary<string, string>(header.Length);
            for (var i = 0; i < header.Length; i++) row[header[i]] = i < reader.FieldCount ? reader.GetString(i) : "";
            yield return row;
        }
    }
}
