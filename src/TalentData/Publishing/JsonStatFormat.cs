using System.Globalization;
using System.Text;
using System.Text.Json;
using TalentData.Disclosure;
using TalentData.Project;

namespace TalentData.Publishing;

/// <summary>
/// The JSON-stat 2.0 dataset of publishing.md §1: one dimension per axis column in primary-key order (plus a
/// one-category metric dimension when no column is the metric), totals listed first with their parts under
/// <c>child</c>, the geo dimension in the order of marts.areas (each area before its parts), a dense value array in
/// row-major order with <c>null</c> for a missing or suppressed value, and the status symbols in a sparse object.
/// </summary>
public sealed class JsonStatFormat : PublishedFormat
{
    public const string File = "data.jsonstat.json";

    public override string FileName => File;
    // JSON-stat has no registered media type of its own (publishing.md §3.1).
    public override string MediaType => "application/json";
    public override string FileType => "JSON";
    public override string Title => "JSON-stat 2.0";
    public override string ConformsTo => "https://json-stat.org/format/";

    public override byte[] Write(ReleaseContent content, IReadOnlyDictionary<string, byte[]> written) =>
        Cube(content.Table, content.Areas, content.Licence, content.Attribution, content.Settings, content.City, content.Release);

    public sealed record Dimension(string Id, string Label, string? Role, IReadOnlyList<string> Index,
        IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, IReadOnlyList<string>> Children,
        IReadOnlyDictionary<string, (string? Unit, int Decimals)>? Units, int Column);


    /// <summary>
    /// The status of a cell of the cube that has no row in data.csv: the dimensions cross, but nothing is reported
    /// there (an indicator not compiled at that level or in that year). publishing.md §5.2: "x", Nachweis nicht sinnvoll
    /// / Fragestellung trifft nicht zu — not ".", which says a value exists and is secret or unknown.
    /// </summary>
    public const string NoRowStatus = StatusSymbol.NotApplicable;

    static byte[] Cube(PublishedTable table, AreaHierarchy areas, DatasetLicence licence, string attribution, PublishSettings settings, City city, ReleaseStamp release)
    {
        var dataset = table.Dataset;
        var dimensions = Dimensions(table, areas);
        var sizes = dimensions.Select(d => d.Index.Count).ToArray();
        var total = sizes.Aggregate(1L, (a, b) => a * b);
        if (total > 5_000_000)
            throw new PipelineException("", "publish", $"{dataset.File}: the JSON-stat cube would have {total:N0} cells; the dimensions are too sparse for a dense array.");
        var values = new string?[total];
        // By position, as the values: the status object lists them in position order.
        var statuses = new string?[total];
        var hasRow = new bool[total];
        var positions = dimensions.Select(d => d.Index.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal)).ToArray();
        var geoIds = GeoIds(table, areas);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            long index = 0;
            for (var d = 0; d < dimensions.Count; d++)
                index = index * sizes[d] + (dimensions[d].Column < 0 ? 0
                    : positions[d][dimensions[d].Role == ColumnRole.Geo ? geoIds![r] : row[dimensions[d].Column]]);
            values[index] = row[table.MeasureIndex].Length == 0 ? null : row[table.MeasureIndex];
            hasRow[index] = true;
            if (row[table.StatusIndex].Length > 0)
                statuses[index] = row[table.StatusIndex];
        }
        var noRow = 0L;
        var statusCount = 0L;
        for (var i = 0L; i < total; i++)
        {
            if (!hasRow[i])
            {
                statuses[i] = NoRowStatus;
                noRow++;
            }
            if (statuses[i] is not null)
                statusCount++;
        }

        return JsonOutput.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("version", "2.0");
            w.WriteString("class", "dataset");
            w.WriteString("href", DcatWriter.DownloadUrl(settings, dataset.Dataset, File));
            w.WriteString("label", table.Origin.Title(dataset.Title));
            w.WriteString("source", attribution);
            w.WriteString("updated", release.Time);
            w.WriteStartArray("note");
            foreach (var note in table.Origin.Marking.Concat(DisclosurePolicy.Notes(dataset, settings.DisclosureThreshold)))
                w.WriteStringValue(note);
            if (noRow > 0)
                w.WriteStringValue(NoRowNote);
            w.WriteEndArray();
            w.WriteStartArray("id");
            foreach (var d in dimensions) w.WriteStringValue(d.Id);
            w.WriteEndArray();
            w.WriteStartArray("size");
            foreach (var s in sizes) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteStartObject("role");
            foreach (var role in new[] { ColumnRole.Time, ColumnRole.Geo, ColumnRole.Metric })
                if (dimensions.Where(d => d.Role == role).Select(d => d.Id).ToList() is { Count: > 0 } ids)
                {
                    w.WriteStartArray(role);
                    foreach (var id in ids) w.WriteStringValue(id);
                    w.WriteEndArray();
                }
            w.WriteEndObject();
            w.WriteStartObject("dimension");
            foreach (var d in dimensions)
                WriteDimension(w, d);
            w.WriteEndObject();
            // The cells on one line each: thousands of values one per line would bury the metadata.
            w.WritePropertyName("value");
            w.WriteRawValue(ValueArray(values));
            if (statusCount > 0)
            {
                w.WritePropertyName("status");
                w.WriteRawValue(StatusObject(statuses, statusCount));
            }
            w.WriteStartObject("extension");
            w.WriteStartObject("talentdata");
            w.WriteString("datasetId", dataset.Dataset);
            w.WriteString("ags", city.Key);
            w.WriteString("license", licence.DcatUri);
            table.Origin.WriteProperties(w);
            w.WriteStartObject("statusCodes");
            foreach (var (symbol, meaning, _) in PublishedStatus.All)
                w.WriteString(symbol, meaning);
            w.WriteEndObject();
            if (dataset.Disclosure == DisclosureKind.PersonCounts)
                w.WriteNumber("disclosureThreshold", settings.DisclosureThreshold);
            w.WriteString("release", release.Name);
            if (noRow > 0)
                w.WriteString("cellsWithoutRow", NoRowStatus);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The note on cells of the cube for which data.csv has no row (see <see cref="NoRowStatus"/>).</summary>
    public const string NoRowNote =
        "Leere Zellen mit Status 'x' (Nachweis nicht sinnvoll): Für diese Kombination wird kein Wert nachgewiesen, z. B. ein Indikator, " +
        "der auf dieser Gebietsebene oder in diesem Jahr nicht erhoben wird; data.csv hat dafür keine Zeile.";

    /// <summary>The dense value array on one line: each value as its published text, null where there is none.</summary>
    static string ValueArray(string?[] values)
    {
        var text = new StringBuilder(values.Length * 6 + 2).Append('[');
        for (var i = 0; i < values.Length; i++)
            (i == 0 ? text : text.Append(',')).Append(values[i] ?? "null");
        return text.Append(']').ToString();
    }

    /// <summary>
    /// The status object on one line, by position: {"12":".","40":"x"}. The few distinct symbols are encoded once each,
    /// not once per cell (a sparse cube has a status for every position without a row).
    /// </summary>
    static string StatusObject(string?[] statuses, long count)
    {
        var encoded = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new StringBuilder((int)Math.Min(int.MaxValue / 2, count * 12 + 2)).Append('{');
        var first = true;
        for (var i = 0L; i < statuses.Length; i++)
        {
            if (statuses[i] is not { } status)
                continue;
            if (!encoded.TryGetValue(status, out var json))
                encoded[status] = json = JsonSerializer.Serialize(status);
            (first ? text : text.Append(',')).Append(CultureInfo.InvariantCulture, $"\"{i}\":").Append(json);
            first = false;
        }
        return text.Append('}').ToString();
    }

    static void WriteDimension(Utf8JsonWriter w, Dimension d)
    {
        w.WriteStartObject(d.Id);
        w.WriteString("label", d.Label);
        w.WriteStartObject("category");
        w.WriteStartArray("index");
        foreach (var c in d.Index) w.WriteStringValue(c);
        w.WriteEndArray();
        if (d.Labels.Count > 0)
        {
            w.WriteStartObject("label");
            foreach (var c in d.Index.Where(d.Labels.ContainsKey))
                w.WriteString(c, d.Labels[c]);
            w.WriteEndObject();
        }
        if (d.Children.Count > 0)
        {
            w.WriteStartObject("child");
            foreach (var c in d.Index.Where(d.Children.ContainsKey))
            {
                w.WriteStartArray(c);
                foreach (var child in d.Children[c]) w.WriteStringValue(child);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        if (d.Units is { } units)
        {
            w.WriteStartObject("unit");
            foreach (var c in d.Index)
            {
                w.WriteStartObject(c);
                if (units[c].Unit is { } label)
                    w.WriteString("label", label);
                w.WriteNumber("decimals", units[c].Decimals);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The dimensions of the cube in primary-key order, each with its categories in published order.</summary>
    public static IReadOnlyList<Dimension> Dimensions(PublishedTable table, AreaHierarchy areas)
    {
        var dataset = table.Dataset;
        var geoIds = GeoIds(table, areas);
        var result = new List<Dimension>();
        foreach (var name in dataset.PrimaryKey.Where(k => dataset.Column(k).IsAxis))
            result.Add(DimensionOf(table, dataset.Column(name), areas, geoIds));
        if (dataset.ColumnWithRole(ColumnRole.Metric) is null)
        {
            var measure = dataset.Measure;
            result.Add(new Dimension(DatasetDefinition.JsonStatMetricId, "Indikator", ColumnRole.Metric, [measure.Name],
                new Dictionary<string, string> { [measure.Name] = measure.Title }, new Dictionary<string, IReadOnlyList<string>>(),
                new Dictionary<string, (string?, int)> { [measure.Name] = (measure.Unit, measure.Decimals ?? 0) }, -1));
        }
        return result;
    }

    /// <summary>
    /// The JSON-stat id of each row's area: its code, or "level:code" for every area of a dataset in which codes of
    /// different levels meet. Null when the dataset has no geo column.
    /// </summary>
    public static string[]? GeoIds(PublishedTable table, AreaHierarchy areas)
    {
        var geo = table.Dataset.ColumnWithRole(ColumnRole.Geo);
        if (geo is null)
            return null;
        var codes = table.Rows.Select(r => r[table.IndexOf(geo.Name)]).ToArray();
        if (areas.IsEmpty)
            return codes;
        var keys = areas.KeysOf(table);
        var qualified = keys.Distinct().GroupBy(k => k[(k.IndexOf(':') + 1)..]).Any(g => g.Count() > 1);
        return qualified ? keys : codes;
    }

    static Dimension DimensionOf(PublishedTable table, DatasetColumn column, AreaHierarchy areas, string[]? geoIds)
    {
        var dataset = table.Dataset;
        var c = table.IndexOf(column.Name);
        string Id(int row) => column.Role == ColumnRole.Geo ? geoIds![row] : table.Rows[row][c];
        var present = Enumerable.Range(0, table.Rows.Count).Select(Id).Distinct().ToList();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (column.LabelColumn is { } labelColumn)
            for (var r = 0; r < table.Rows.Count; r++)
                labels.TryAdd(Id(r), table.Rows[r][table.IndexOf(labelColumn)]);
        if (column.Categories is { } declared)
            foreach (var (category, meta) in declared)
                if (meta.Label is { } label && present.Contains(category))
                    labels[category] = label;
        foreach (var empty in labels.Where(l => l.Value.Length == 0).Select(l => l.Key).ToList())
            labels.Remove(empty);

        var children = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        List<string> index;
        if (column.Role == ColumnRole.Geo)
            index = GeoOrder(table, areas, geoIds!, children, labels);
        else
        {
            var declaredOrder = column.Categories?.Keys.ToList() ?? [];
            index = [.. present.OrderBy(p => p == column.Total ? 0 : 1)
                .ThenBy(p => declaredOrder.IndexOf(p) is var i and >= 0 ? i : int.MaxValue)
                .ThenBy(p => p, StringComparer.Ordinal)];
            if (column.Total is { } total && present.Contains(total) && index.Count > 1)
                children[total] = [.. index.Where(p => p != total)];
        }

        // Every category carries a label (jsonstat-rules D3b): a portal shows labels, not keys. Years name their period.
        foreach (var category in index.Where(c => !labels.ContainsKey(c)))
            labels[category] = column.Role == ColumnRole.Time ? PeriodLabel(dataset, category) : category;

        Dictionary<string, (string?, int)>? units = null;
        if (column.Role == ColumnRole.Metric)
        {
            units = new(StringComparer.Ordinal);
            foreach (var category in index)
            {
                var meta = column.Categories?.GetValueOrDefault(category);
                units[category] = (meta?.Unit ?? dataset.Measure.Unit, meta?.Decimals ?? dataset.Measure.Decimals ?? 0);
            }
        }
        var role = column.Role is ColumnRole.Time or ColumnRole.Geo or ColumnRole.Metric ? column.Role : null;
        // An area or indicator dimension is named like its names ("Gebiet"), not like its keys ("Gebiet (Schlüssel)").
        var title = column.Role is ColumnRole.Geo or ColumnRole.Metric && column.LabelColumn is { } named ? dataset.Column(named).Title : column.Title;
        return new Dimension(column.Name, title, role, index, labels, children, units, c);
    }

    /// <summary>A year as its period: "2023" for calendar years, "2022/23" for periods that end in it (school years).</summary>
    public static string PeriodLabel(DatasetDefinition dataset, string year) =>
        dataset.ColumnWithRole(ColumnRole.Time)?.Type == "year" && dataset.PeriodStart != "01-01"
        && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var end)
            ? $"{end - 1}/{end % 100:00}"
            : year;

    /// <summary>Areas in the tree order of marts.areas, each before its parts; parts are the nearest present descendants.</summary>
    static List<string> GeoOrder(PublishedTable table, AreaHierarchy areas, string[] geoIds, Dictionary<string, IReadOnlyList<string>> children,
        Dictionary<string, string> labels)
    {
        var keys = areas.IsEmpty ? geoIds : areas.KeysOf(table);
        var idOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var r = 0; r < keys.Length; r++)
            idOf.TryAdd(keys[r], geoIds[r]);
        string? PresentParent(string key)
        {
            for (var parent = areas.Get(key)?.ParentKey; parent is not null; parent = areas.Get(parent)?.ParentKey)
                if (idOf.ContainsKey(parent))
                    return parent;
            return null;
        }
        var byParent = idOf.Keys.GroupBy(PresentParent)
            .ToDictionary(g => g.Key ?? "", g => g.OrderBy(k => (areas.Get(k)?.Code ?? k).Length) // numeric codes in numeric order: 20 before 100
                .ThenBy(k => areas.Get(k)?.Code ?? k, StringComparer.Ordinal).ThenBy(k => k, StringComparer.Ordinal).ToList());
        foreach (var (parent, list) in byParent.Where(p => p.Key.Length > 0))
            children[idOf[parent]] = [.. list.Select(k => idOf[k])];
        var order = new List<string>();
        void Visit(string key)
        {
            order.Add(idOf[key]);
            foreach (var child in byParent.GetValueOrDefault(key) ?? [])
                Visit(child);
        }
        foreach (var root in byParent.GetValueOrDefault("") ?? [])
            Visit(root);
        foreach (var (key, id) in idOf.Where(p => !labels.ContainsKey(p.Value)))
            if (areas.Get(key) is { } area)
                labels[id] = area.Name;
        return order;
    }
}
