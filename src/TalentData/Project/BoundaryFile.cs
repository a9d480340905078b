using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace TalentData.Project;

/// <summary>One feature of a boundary file: its code, its name, its position in the file and its polygons of (longitude, latitude) rings.</summary>
/// <param name="Feature">1-based position among the file's features, as error messages count them.</param>
/// <param name="Polygons">Each polygon's rings, the shell first, then its holes.</param>
public sealed record BoundaryFeature(int Feature, string Code, string Name, IReadOnlyList<IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>>> Polygons)
{
    /// <summary>Every ring of every polygon, as a map draws them (even-odd fill makes the holes).</summary>
    public IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>> Rings => [.. Polygons.SelectMany(p => p)];
}

/// <summary>
/// The one reader of GeoJSON boundary files (a FeatureCollection of Polygons and MultiPolygons in WGS84): the atlas
/// draws the Kreise and the configured districts from it, and placement puts places into the configured districts
/// with it. Reading checks the structure; <see cref="Validate"/> also checks that each polygon is one a point can be
/// placed in, which placement needs and a drawing does not.
/// </summary>
public static class BoundaryFile
{
    static readonly ConcurrentDictionary<(string, DateTime, long, string, string), IReadOnlyList<BoundaryFeature>> Cache = new();

    /// <summary>
    /// The features of the file, read once per file version (geography does not change with a run). A feature without
    /// <paramref name="codeProperty"/> or a geometry, or with a geometry that is not a Polygon or MultiPolygon, or with
    /// coordinates that are not [longitude, latitude] numbers, is an <see cref="InvalidDataException"/> naming
    /// <paramref name="shown"/> (the path unless given) and the feature.
    /// </summary>
    public static IReadOnlyList<BoundaryFeature> Read(string path, string codeProperty, string nameProperty, string? shown = null)
    {
        var file = new FileInfo(path);
        return Cache.GetOrAdd((file.FullName, file.LastWriteTimeUtc, file.Length, codeProperty, nameProperty), _ => Parse(path, codeProperty, nameProperty, shown ?? path));
    }

    static IReadOnlyList<BoundaryFeature> Parse(string path, string codeProperty, string nameProperty, string shown)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{shown}: expected GeoJSON, found invalid JSON at line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{shown}: expected a GeoJSON FeatureCollection with 'features', found none.");
            var result = new List<BoundaryFeature>();
            var n = 0;
            foreach (var feature in features.EnumerateArray())
            {
                n++;
                if (feature.ValueKind != JsonValueKind.Object
                    || !feature.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty(codeProperty, out var code)
                    || !feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("type", out var type)
                    || !geometry.TryGetProperty("coordinates", out var coordinates))
                    throw new InvalidDataException($"{shown}: feature {n}: expected properties.{codeProperty} and a geometry with type and coordinates.");
                var where = $"{shown}: feature {n} ({codeProperty} {Text(code)})";
                var polygons = type.GetString() switch
                {
                    "Polygon" => [coordinates],
                    "MultiPolygon" when coordinates.ValueKind == JsonValueKind.Array => coordinates.EnumerateArray().ToList(),
                    "MultiPolygon" => throw new InvalidDataException($"{where}: expected the coordinates of a MultiPolygon as an array of polygons, found {coordinates.ValueKind}."),
                    var other => throw new InvalidDataException($"{where}: expected a Polygon or MultiPolygon, found {other}."),
                };
                result.Add(new BoundaryFeature(n, Text(code), properties.TryGetProperty(nameProperty, out var name) ? Text(name) : "",
                    [.. polygons.Select(p => Polygon(p, where))]));
            }
            return result;
        }
    }

    static IReadOnlyList<IReadOnlyList<(double, double)>> Polygon(JsonElement polygon, string where)
    {
        if (polygon.ValueKind != JsonValueKind.Array || polygon.GetArrayLength() == 0)
            throw new InvalidDataException($"{where}: expected a polygon as an array of rings, found {Shown(polygon)}.");
        return [.. polygon.EnumerateArray().Select(ring =>
        {
            if (ring.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{where}: expected a ring as an array of [longitude, latitude] positions, found {Shown(ring)}.");
            return (IReadOnlyList<(double, double)>)[.. ring.EnumerateArray().Select(position =>
                position is { ValueKind: JsonValueKind.Array } && position.GetArrayLength() >= 2
                && position[0].ValueKind == JsonValueKind.Number && position[1].ValueKind == JsonValueKind.Number
                    ? (position[0].GetDouble(), position[1].GetDouble())
                    : throw new InvalidDataException($"{where}: expected a position [longitude, latitude] of two numbers, found {Shown(position)}."))];
        })];
    }

    static string Shown(JsonElement e)
    {
        var raw = e.GetRawText();
        return raw.Length > 60 ? raw[..60] + "…" : raw;
    }

    /// <summary>A property as text: a district number may be written as a JSON number.</summary>
    static string Text(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText();

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<BoundaryFeature>, ConcurrentDictionary<(string, string), IReadOnlyList<string>>> Checked = new();

    /// <summary>
    /// <see cref="Validate"/>, then (when every feature is valid) <see cref="Overlaps"/>: what keeps the file from placing
    /// points. Checked once per file version (<see cref="Read"/> returns the same features while the file is unchanged),
    /// as a city's real boundaries take a moment to test pair by pair.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<BoundaryFeature> features, string codeProperty, string shown) =>
        Checked.GetValue(features, _ => new()).GetOrAdd((codeProperty, shown), _ =>
            Validate(features, codeProperty, shown) is { Count: > 0 } invalid ? invalid : Overlaps(features, codeProperty, shown));

    /// <summary>
    /// The problems that keep a feature from placing points, each naming <paramref name="shown"/>, the feature and its
    /// code: positions outside WGS84 (latitude before longitude is the usual mistake), a ring that is not closed or has
    /// fewer than four positions, and what NetTopologySuite finds invalid (a self-intersection, a hole outside its shell,
    /// nested shells ...). Empty when every feature is valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<BoundaryFeature> features, string codeProperty, string shown)
    {
        var problems = new List<string>();
        foreach (var feature in features)
        {
            var where = $"{shown}: feature {feature.Feature} ({codeProperty} {feature.Code})";
            if (feature.Code.Trim().Length == 0)
                problems.Add($"{where}: expected a district code in {codeProperty}, found an empty one.");
            var bad = false;
            foreach (var ring in feature.Rings)
            {
                var outside = ring.Where(p => !double.IsFinite(p.Lon) || !double.IsFinite(p.Lat) || p.Lon is < -180 or > 180 || p.Lat is < -90 or > 90).Take(1).ToList();
                if (outside is [var (lon, lat)])
                {
                    problems.Add($"{where}: expected WGS84 positions [longitude, latitude], found [{Number(lon)}, {Number(lat)}].");
                    bad = true;
                }
                else if (ring.Count < 4)
                {
                    problems.Add($"{where}: expected a ring of at least four positions (the first repeated at the end), found {ring.Count}.");
                    bad = true;
                }
                else if (ring[0] != ring[^1])
                {
                    problems.Add($"{where}: expected a closed ring (its last position equal to its first), found [{Number(ring[0].Lon)}, {Number(ring[0].Lat)}] ... [{Number(ring[^1].Lon)}, {Number(ring[^1].Lat)}].");
                    bad = true;
                }
            }
            if (bad)
                continue;
            var geometry = ToGeometry(feature);
            var error = new IsValidOp(geometry).ValidationError;
            if (error is not null)
                problems.Add($"{where}: expected a valid polygon, found {error.Message.ToLowerInvariant()} at [{Number(error.Coordinate.X)}, {Number(error.Coordinate.Y)}].");
        }
        return problems;
    }

    /// <summary>
    /// Pairs of districts (of different codes) whose areas overlap by more than a sliver: a point in the overlap would lie
    /// in two districts (the test is pairwise, fine for the tens or hundreds of districts a city has). Slivers up to a thousandth of the smaller district, which generalised boundaries leave along
    /// shared edges, are let through; a point in one goes by the rule for shared edges (the lower code).
    /// </summary>
    public static IReadOnlyList<string> Overlaps(IReadOnlyList<BoundaryFeature> features, string codeProperty, string shown)
    {
        var geometries = features.Select(f => (Feature: f, Geometry: ToGeometry(f))).ToList();
        var problems = new List<string>();
        for (var i = 0; i < geometries.Count; i++)
            for (var j = i + 1; j < geometries.Count; j++)
            {
                var (a, b) = (geometries[i], geometries[j]);
                if (a.Feature.Code == b.Feature.Code || !a.Geometry.EnvelopeInternal.Intersects(b.Geometry.EnvelopeInternal))
                    continue;
                var overlap = a.Geometry.Intersection(b.Geometry).Area;
                var smaller = Math.Min(a.Geometry.Area, b.Geometry.Area);
                if (overlap > smaller / 1000)
                    problems.Add($"{shown}: features {a.Feature.Feature} ({codeProperty} {a.Feature.Code}) and {b.Feature.Feature} ({codeProperty} {b.Feature.Code}): " +
                                 $"expected districts that do not overlap, found {(100 * overlap / smaller).ToString("0.0", CultureInfo.InvariantCulture)}% of the smaller one in both.");
            }
        return problems;
    }

    static readonly GeometryFactory Factory = new();

    /// <summary>The feature as one geometry (x = longitude, y = latitude).</summary>
    public static Geometry ToGeometry(BoundaryFeature feature)
    {
        var polygons = feature.Polygons.Select(p =>
        {
            var rings = p.Select(r => Factory.CreateLinearRing([.. r.Select(c => new Coordinate(c.Lon, c.Lat))])).ToList();
            return Factory.CreatePolygon(rings[0], [.. rings.Skip(1)]);
        }).ToArray();
        return polygons.Length == 1 ? polygons[0] : Factory.CreateMultiPolygon(polygons);
    }

    /// <summary>A coordinate to seven decimals (about a centimetre), as a reader finds it in the file.</summary>
    static string Number(double d) => d.ToString("0.#######", CultureInfo.InvariantCulture);
}
