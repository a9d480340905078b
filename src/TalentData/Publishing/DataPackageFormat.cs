using System.Security.Cryptography;
using System.Text.Json;
using TalentData.Disclosure;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// The Frictionless Data Package of publishing.md §2: v2 keys written so that v1 readers accept them too (the
/// primary key as an array, inline data as arrays of arrays). The table schema says what every CSV column holds; the
/// area codes point at an inline code list; <c>bytes</c> and <c>hash</c> pin the exact data.csv.
/// </summary>
public sealed class DataPackageFormat : PublishedFormat
{
    public const string File = "datapackage.json";
    public const string GeoResource = "gebiete";

    public override string FileName => File;
    public override string MediaType => "application/json";
    public override string FileType => "JSON";
    public override string Title => "Frictionless Data Package (Tabellenschema, Lizenz, Prüfsumme)";
    public override string ConformsTo => "https://datapackage.org/standard/data-package/";

    public override byte[] Write(ReleaseContent content, IReadOnlyDictionary<string, byte[]> written) =>
        Package(content.Table, written, content.Sources, content.Licence, content.Settings, content.City, content.Release);

    public static readonly string StatusDescription =
        string.Join(", ", PublishedStatus.All.Select(s => $"'{s.Symbol}' {s.Short}")) + "; leer = regulärer Wert.";

    public static string Sha256(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The package over the data files already written: every format that names a resource, with its bytes and hash.</summary>
    static byte[] Package(PublishedTable table, IReadOnlyDictionary<string, byte[]> written, IReadOnlyList<PipelineDefinition> sources, DatasetLicence licence,
        PublishSettings settings, City city, ReleaseStamp release)
    {
        var dataset = table.Dataset;
        var geo = dataset.ColumnWithRole(ColumnRole.Geo);
        // The code list the area columns point at: level (where codes repeat across levels), code and name.
        string[] geoFields = geo?.LabelColumn is { } label ? [.. new[] { geo.LevelColumn, geo.Name, label }.OfType<string>()] : [];
        var geoCodes = geoFields.Length > 0
            ? table.Rows.Select(r => geoFields.Select(f => r[table.IndexOf(f)]).ToArray()).DistinctBy(p => string.Join("\u001f", p))
                .OrderBy(p => p[^2], StringComparer.Ordinal).ThenBy(p => p[0], StringComparer.Ordinal).ToList()
            : null;
        string[] geoKey = geoFields.Length > 0 ? geoFields[..^1] : [];

        return JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://datapackage.org/profiles/2.0/datapackage.json");
            w.WriteString("name", $"{NamePart(city.Name)}-{dataset.Dataset}");
            w.WriteString("id", $"{settings.Base}{dataset.Dataset}");
            w.WriteString("title", table.Origin.Title(dataset.Title));
            w.WriteString("description", string.Join(" ", table.Origin.Marking.Append(dataset.Description).Concat(DisclosurePolicy.Notes(dataset, settings.DisclosureThreshold))));
            w.WriteString("version", release.Name);
            w.WriteString("created", release.Time);
            w.WriteStartArray("keywords");
            foreach (var keyword in dataset.Keywords.Append(city.Name).Concat(table.Origin.Keywords).Distinct())
                w.WriteStringValue(keyword);
            w.WriteEndArray();
            table.Origin.WriteProperties(w);
            w.WriteStartArray("licenses");
            w.WriteStartObject();
            w.WriteString("name", licence.Name);
            w.WriteString("path", licence.Path);
            w.WriteString("title", licence.Title);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartArray("sources");
            foreach (var source in sources.OrderBy(s => s.Id, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("title", $"{table.Origin.Attribution(source)}: {source.Title}");
                w.WriteString("path", source.Homepage);
                w.WriteEndObject();
            }
            w.WriteEndArray();

            w.WriteStartArray("resources");
            foreach (var format in PublishedFormats.For(dataset).Where(f => f.ResourceName is not null))
            {
                var bytes = written[format.FileName];
                w.WriteStartObject();
                w.WriteString("name", format.ResourceName);
                if (format.IsTable)
                    w.WriteString("type", "table");
                w.WriteString("path", format.FileName);
                w.WriteString("format", format.ResourceFormat);
                w.WriteString("mediatype", format.MediaType);
                if (format.Encoding is { } encoding)
                    w.WriteString("encoding", encoding);
                w.WriteNumber("bytes", bytes.Length);
                w.WriteString("hash", Sha256(bytes));
                format.WriteResourceDetails(w);
                if (format.IsTable)
                    WriteSchema(w, table, geoCodes is null ? null : geoKey);
                w.WriteEndObject();
            }

            if (geoCodes is not null)
                WriteGeoResource(w, geoFields, geoCodes);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>The city's name as a Frictionless name part: lower case, umlauts spelt out, anything else a hyphen.</summary>
    static string NamePart(string name)
    {
        var text = name.ToLowerInvariant().Replace("ä", "ae").Replace("ö", "oe").Replace("ü", "ue").Replace("ß", "ss");
        return System.Text.RegularExpressions.Regex.Replace(text, "[^a-z0-9._]+", "-").Trim('-');
    }

    /// <summary>The table schema of a data resource; <paramref name="geoKey"/> are the columns that point at the area code list.</summary>
    static void WriteSchema(Utf8JsonWriter w, PublishedTable table, string[]? geoKey)
    {
        var dataset = table.Dataset;
        w.WriteStartObject("schema");
        w.WriteStartArray("fields");
        foreach (var column in dataset.Columns)
            WriteField(w, table, column);
        w.WriteEndArray();
        w.WriteStartArray("missingValues");
        w.WriteStringValue("");
        w.WriteEndArray();
        w.WriteStartArray("primaryKey");
        foreach (var key in dataset.PrimaryKey) w.WriteStringValue(key);
        w.WriteEndArray();
        if (geoKey is not null)
        {
            w.WriteStartArray("foreignKeys");
            w.WriteStartObject();
            w.WriteStartArray("fields");
            foreach (var f in geoKey) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteStartObject("reference");
            w.WriteString("resource", GeoResource);
            w.WriteStartArray("fields");
            foreach (var f in geoKey) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    static void WriteField(Utf8JsonWriter w, PublishedTable table, DatasetColumn column)
    {
        var dataset = table.Dataset;
        w.WriteStartObject();
        w.WriteString("name", column.Name);
        w.WriteString("type", column.Type);
        w.WriteString("title", column.Title);
        var description = column.Role switch
        {
            ColumnRole.Measure => string.Join(" ", new[]
            {
                column.Description,
                column.Unit is { } unit ? $"Einheit: {unit}." : dataset.ColumnWithRole(ColumnRole.Metric) is { } metric ? $"Einheit je {metric.Title} (siehe {JsonStatFormat.File})." : null,
                "Leer, wenn gesperrt oder nicht verfügbar; der Grund steht in 'status'.",
            }.OfType<string>()),
            ColumnRole.Status => StatusDescription,
            _ => column.Description,
        };
        if (description is not null)
            w.WriteString("description", description);
        var required = dataset.PrimaryKey.Contains(column.Name);
        var values = column.Role is ColumnRole.Dimension or ColumnRole.Metric
            ? table.Rows.Select(r => r[table.IndexOf(column.Name)]).Distinct().Order(StringComparer.Ordinal).ToList()
            : column.Role == ColumnRole.Status ? [.. PublishedStatus.Symbols] : null;
        var minimum = column.Role == ColumnRole.Measure && column.Type == "integer";
        if (required || values is not null || minimum)
        {
            w.WriteStartObject("constraints");
            if (required)
                w.WriteBoolean("required", true);
            if (values is not null)
            {
                w.WriteStartArray("enum");
                foreach (var value in values) w.WriteStringValue(value);
                w.WriteEndArray();
            }
            if (minimum)
                w.WriteNumber("minimum", 0);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    static void WriteGeoResource(Utf8JsonWriter w, string[] fields, List<string[]> codes)
    {
        w.WriteStartObject();
        w.WriteString("name", GeoResource);
        w.WriteString("type", "table");
        w.WriteStartArray("data");
        foreach (var row in codes.Prepend(fields))
        {
            w.WriteStartArray();
            foreach (var value in row) w.WriteStringValue(value);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartObject("schema");
        w.WriteStartArray("fields");
        for (var i = 0; i < fields.Length; i++)
        {
            w.WriteStartObject();
            w.WriteString("name", fields[i]);
            w.WriteString("type", "string");
            if (i < fields.Length - 1)
            {
                w.WriteStartObject("constraints");
                w.WriteBoolean("required", true);
                if (fields.Length == 2)
                    w.WriteBoolean("unique", true);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("primaryKey");
        foreach (var f in fields[..^1]) w.WriteStringValue(f);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
