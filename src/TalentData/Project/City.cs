using YamlDotNet.Serialization;

namespace TalentData.Project;

/// <summary>
/// config/city.yaml: the city this installation publishes for, its benchmarks and its atlas tile map. The code names
/// no city; everything city-specific comes from here or from the reference tables in sql/reference/.
/// </summary>
public sealed class City
{
    /// <summary>The Amtlicher Gemeindeschlüssel: the code of area level 'stadt' and the DCAT spatial coverage.</summary>
    public required string Key { get; set; }
    public required string Name { get; set; }
    public required string Publisher { get; set; }
    public required string ContactName { get; set; }
    public required string ContactUrl { get; set; }
    /// <summary>The initiative the publication serves, named in the catalogue description.</summary>
    public required string Initiative { get; set; }
    /// <summary>The city's GeoNames URI, a second DCAT spatial coverage harvesters can place on a map; optional.</summary>
    public string? Geonames { get; set; }
    public required Benchmark State { get; set; }
    public required Benchmark Country { get; set; }
    /// <summary>Stadtbezirk code → (column, row) of the atlas tile map.</summary>
    public Dictionary<string, List<int>> DistrictTiles { get; set; } = [];
    /// <summary>
    /// Area level (stadtbezirk, statistischer_bezirk) → real boundaries of its districts as GeoJSON; the atlas draws
    /// those levels' maps from them and the tile map only where none are configured, and places without a district
    /// number are placed by them (sql/README.md "Placing places"). Optional.
    /// </summary>
    public Dictionary<string, BoundarySource> DistrictBoundaries { get; set; } = [];
    /// <summary>
    /// A street register: street, postcode and house-number range → statistischer Bezirk (<see cref="Project.AddressTable"/>),
    /// which places what neither a district number nor the boundaries place. Optional; repository-relative, under config/.
    /// </summary>
    public string? AddressDistricts { get; set; }
    /// <summary>The validated rows of <see cref="AddressDistricts"/>; null when none is configured.</summary>
    [YamlIgnore] public AddressTable? AddressTable { get; set; }

    /// <summary>The area levels that can have boundaries: those a place is placed in.</summary>
    public static readonly string[] DistrictLevels = ["stadtbezirk", "statistischer_bezirk"];

    public const string File = "config/city.yaml";
    /// <summary>The city's configuration as errors name it: config/city.yaml, or cities/&lt;slug&gt;/config/city.yaml for a city folder.</summary>
    [YamlIgnore] public string ShownFile { get; set; } = File;

    public static City Load(string repoRoot)
    {
        var path = Path.Combine(repoRoot, File);
        var shown = SqlFolders.ShownFile(repoRoot, File);
        if (!System.IO.File.Exists(path))
            throw new PipelineException("", "config", $"{shown} is missing; it names the city the installation publishes for (key, name, publisher, benchmarks).");
        var city = StrictYaml.Load<City>(path, shown, "config");
        city.ShownFile = shown;
        if (!System.Text.RegularExpressions.Regex.IsMatch(city.Key, "^[0-9]{8}$"))
            throw new PipelineException("", "config", $"{shown}: key must be the 8-digit Amtlicher Gemeindeschlüssel, found '{city.Key}'.");
        if (city.Geonames is { } geonames && !System.Text.RegularExpressions.Regex.IsMatch(geonames, "^http://sws\\.geonames\\.org/[0-9]+/$"))
            throw new PipelineException("", "config", $"{shown}: geonames must be a GeoNames URI like http://sws.geonames.org/<id>/, found '{geonames}'.");
        if (city.DistrictTiles.FirstOrDefault(t => t.Value.Count != 2 || t.Value.Any(v => v < 0)) is { Key: { } bad, Value: { } found })
            throw new PipelineException("", "config", $"{shown}: district_tiles '{bad}' must be [column, row] with two non-negative numbers, found [{string.Join(", ", found)}].");
        foreach (var (level, source) in city.DistrictBoundaries)
        {
            var where = $"{shown}: district_boundaries '{level}'";
            if (!DistrictLevels.Contains(level))
                throw new PipelineException("", "config", $"{where}: expected one of the area levels {string.Join(", ", DistrictLevels)}, found '{level}'.");
            if (string.IsNullOrWhiteSpace(source.CodeProperty))
                throw new PipelineException("", "config", $"{where}: code_property must name the GeoJSON property holding the district's code, found none.");
            source.Path = ConfigFile(repoRoot, source.File, ".geojson", where);
            source.Features = ReadValidBoundaries(source, where);
        }
        if (city.AddressDistricts is { } addresses)
            city.AddressTable = AddressTable.Load(ConfigFile(repoRoot, addresses, ".csv", $"{shown}: address_districts"), addresses);
        return city;
    }

    /// <summary>The full path of a file the configuration names, which must lie under config/ and exist.</summary>
    static string ConfigFile(string repoRoot, string file, string extension, string where)
    {
        var full = Path.GetFullPath(Path.Combine(repoRoot, file));
        var config = Path.GetFullPath(Path.Combine(repoRoot, "config")) + Path.DirectorySeparatorChar;
        if (!full.StartsWith(config, StringComparison.Ordinal) || !full.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            throw new PipelineException("", "config", $"{where}: file must be a {extension} file under config/, found '{file}'.");
        if (!System.IO.File.Exists(full))
            throw new PipelineException("", "config", $"{where}: {file} does not exist.");
        return full;
    }

    /// <summary>
    /// The boundaries a place can be placed by, or the first problems that keep them from it: a structure that is not a
    /// FeatureCollection of Polygons and MultiPolygons, an invalid polygon, or two districts that overlap (a point in
    /// both would be in two districts). Each names the file, the feature and its code.
    /// </summary>
    static IReadOnlyList<BoundaryFeature> ReadValidBoundaries(BoundarySource source, string where)
    {
        IReadOnlyList<BoundaryFeature> features;
        try
        {
            features = BoundaryFile.Read(source.Path, source.CodeProperty, source.NameProperty ?? source.CodeProperty, source.File);
        }
        catch (InvalidDataException ex)
        {
            throw new PipelineException("", "config", $"{where}: {ex.Message}", ex);
        }
        var problems = BoundaryFile.Problems(features, source.CodeProperty, source.File);
        if (problems.Count > 0)
            throw new PipelineException("", "config", $"{where}: {source.File} cannot place points ({problems.Count} problems):\n  " + string.Join("\n  ", problems.Take(20)));
        return features;
    }
}

/// <summary>Real district boundaries of one area level: a GeoJSON file under config/ and the property that holds each district's code.</summary>
public sealed class BoundarySource
{
    /// <summary>Repository-relative, under config/ (e.g. config/geo/stadtbezirke.geojson).</summary>
    public required string File { get; set; }
    /// <summary>The feature property with the district's code as marts.areas spells it.</summary>
    public required string CodeProperty { get; set; }
    /// <summary>The feature property with the district's name, for the map's tooltips; the published name otherwise.</summary>
    public string? NameProperty { get; set; }
    /// <summary>The file's full path, resolved when the configuration is read.</summary>
    [YamlIgnore] public string Path { get; set; } = "";
    /// <summary>The file's districts, read and validated when the configuration is read.</summary>
    [YamlIgnore] public IReadOnlyList<BoundaryFeature> Features { get; set; } = [];
}

/// <summary>A comparison area of marts.areas (level 'land' or 'bund').</summary>
public sealed class Benchmark
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
}
