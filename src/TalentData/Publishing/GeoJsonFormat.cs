using System.Globalization;
using System.Text.Json;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// data.geojson, for a dataset that declares <c>geometry:</c> (its rows are places): an RFC 7946 FeatureCollection, one
/// Feature per row of data.csv in the same order, the point as [longitude, latitude] in WGS84 (RFC 7946 §4 knows no
/// other reference system, so no "crs" member), every other column a property with the value data.csv publishes
/// (numbers as numbers, an empty cell as null). A row without a point is a Feature with geometry null, as §3.2 allows
/// for an unlocated feature, so the file lists the same places as the CSV.
/// </summary>
public sealed class GeoJsonFormat : PublishedFormat
{
    public const string File = "data.geojson";

    public override string FileName => File;
    public override string MediaType => "application/geo+json";
    public override string FileType => "GEOJSON";
    public override string Title => "GeoJSON (RFC 7946, WGS84, ein Punkt je Ort)";
    public override string ConformsTo => "https://www.rfc-editor.org/rfc/rfc7946";
    public override string ResourceName => "data-geojson";
    public override string ResourceFormat => "geojson";
    public override string Encoding => "utf-8";
    public override bool IsTable => false;

    public override bool AppliesTo(DatasetDefinition dataset) => dataset.Geometry is not null;

    public override byte[] Write(ReleaseContent content, IReadOnlyDictionary<string, byte[]> written)
    {
        var table = content.Table;
        var dataset = table.Dataset;
        var geometry = dataset.Geometry
            ?? throw new InvalidOperationException($"{dataset.File}: GeoJSON is written only for a dataset that declares geometry.");
        int latitude = table.IndexOf(geometry.Latitude), longitude = table.IndexOf(geometry.Longitude);
        var keys = dataset.PrimaryKey.Select(table.IndexOf).ToArray();
        var properties = dataset.Columns.Select((c, i) => (Column: c, Index: i)).Where(p => p.Index != latitude && p.Index != longitude).ToList();
        return JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "FeatureCollection");
            w.WriteStartArray("features");
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var row = table.Rows[r];
                w.WriteStartObject();
                w.WriteString("type", "Feature");
                w.WriteString("id", string.Join("|", keys.Select(k => row[k])));
                var point = Point(dataset, row[latitude], row[longitude], r);
                if (point is var (lon, lat))
                {
                    w.WriteStartObject("geometry");
                    w.WriteString("type", "Point");
                    w.WriteStartArray("coordinates");
                    w.WriteNumberValue(lon);
                    w.WriteNumberValue(lat);
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                else
                    w.WriteNull("geometry");
                w.WriteStartObject("properties");
                foreach (var (column, index) in properties)
                {
                    var cell = row[index];
                    if (cell.Length == 0)
                        w.WriteNull(column.Name);
                    else if (column.Type is "integer" or "number")
                        w.WriteNumber(column.Name, decimal.Parse(cell, NumberStyles.Number, CultureInfo.InvariantCulture));
                    else
                        w.WriteString(column.Name, cell);
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The row's point as (longitude, latitude), or null when both cells are empty. One without the other, or degrees
    /// outside the globe (swapped columns, a projected coordinate), withholds the release: a map would draw it wrongly.
    /// </summary>
    static (decimal Longitude, decimal Latitude)? Point(DatasetDefinition dataset, string latitude, string longitude, int row)
    {
        if (latitude.Length == 0 && longitude.Length == 0)
            return null;
        string Where() => $"{dataset.Mart}, row {row + 1}: geometry ({dataset.Geometry!.Latitude}, {dataset.Geometry.Longitude})";
        if (!decimal.TryParse(latitude, NumberStyles.Number, CultureInfo.InvariantCulture, out var lat)
            || !decimal.TryParse(longitude, NumberStyles.Number, CultureInfo.InvariantCulture, out var lon))
            throw new PipelineException("", "publish", $"{Where()}: expected both WGS84 degrees or both empty, found '{latitude}', '{longitude}'.");
        if (lat is < -90 or > 90 || lon is < -180 or > 180)
            throw new PipelineException("", "publish", $"{Where()}: expected a latitude within ±90 and a longitude within ±180 degrees (WGS84), found {latitude}, {longitude}.");
        return (lon, lat);
    }
}
