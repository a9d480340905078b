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
    /// Area level (stadtbezirk, stat_bezirk …) → real boundaries of its districts as GeoJSON; the atlas draws those
    /// levels' maps from them and the tile map only where none are configured. Optional.
    /// </summary>
    public Dictionary<string, BoundarySource> DistrictBoundaries { get; set; } = [];

    public const string File = "config/city.yaml";

    public static City Load(string repoRoot)
    {
        var path = Path.Combine(repoRoot, File);
        if (!System.IO.File.Exists(path))
            throw new PipelineException("", "config", $"{File} is missing; it names the city the installation publishes for (key, name, publisher, benchmarks).");
        var city = StrictYaml.Load<City>(path, File, "config");
        if (!System.Text.RegularExpressions.Regex.IsMatch(city.Key, "^[0-9]{8}$"))
            throw new PipelineException("", "config", $"{File}: key must be the 8-digit Amtlicher Gemeindeschlüssel, found '{city.Key}'.");
        if (city.Geonames is { } geonames && !System.Text.RegularExpressions.Regex.IsMatch(geonames, "^http://sws\\.geonames\\.org/[0-9]+/$"))
            throw new PipelineException("", "config", $"{File}: geonames must be a GeoNames URI like http://sws.geonames.org/<id>/, found '{geonames}'.");
        if (city.DistrictTiles.FirstOrDefault(t => t.Value.Count != 2 || t.Value.Any(v => v < 0)) is { Key: { } bad, Value: { } found })
            throw new PipelineException("", "config", $"{File}: district_tiles '{bad}' must be [column, row] with two non-negative numbers, found [{string.Join(", ", found)}].");
        foreach (var (level, source) in city.DistrictBoundaries)
        {
            var where = $"{File}: district_boundaries '{level}'";
            if (string.IsNullOrWhiteSpace(source.CodeProperty))
                throw new PipelineException("", "config", $"{where}: code_property must name the GeoJSON property holding the district's code, found none.");
            var full = Path.GetFullPath(Path.Combine(repoRoot, source.File));
            var config = Path.GetFullPath(Path.Combine(repoRoot, "config")) + Path.DirectorySeparatorChar;
            if (!full.StartsWith(config, StringComparison.Ordinal) || !full.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase))
                throw new PipelineException("", "config", $"{where}: file must be a .geojson file under config/, found '{source.File}'.");
            if (!System.IO.File.Exists(full))
                throw new PipelineException("", "config", $"{where}: {source.File} does not exist.");
            source.Path = full;
        }
        return city;
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
}

/// <summary>A comparison area of marts.areas (level 'land' or 'bund').</summary>
public sealed class Benchmark
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
}
