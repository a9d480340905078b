using YamlDotNet.Serialization;

namespace TalentData.Project;

/// <summary>
/// sql/marts/&lt;mart&gt;.yaml: a published dataset. Its slug never changes once published; the mart of the same
/// file stem provides the rows, ordered by the primary key.
/// </summary>
public sealed class DatasetDefinition
{
    public required string Dataset { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public required List<string> PrimaryKey { get; set; }
    /// <summary>One of the themes of marts.indicators (demografie, schule, ausbildung, arbeit, soziales) or "alle".</summary>
    public required string Theme { get; set; }
    /// <summary>How often the dataset changes: annual, monthly, ... (DCAT accrual periodicity).</summary>
    public string Periodicity { get; set; } = "annual";
    public List<string> Keywords { get; set; } = [];
    /// <summary>person_counts: disclosure control (publishing.md §5) applies before publication; none: not needed.</summary>
    public required string Disclosure { get; set; }
    public required List<DatasetColumn> Columns { get; set; }
    /// <summary>
    /// The day (MM-DD) the period named by the time column starts: 01-01 for calendar years; 08-01 for school years and
    /// 10-01 for the BA's Berichtsjahr, which start in the year before the one the time column names (DCAT temporal).
    /// </summary>
    public string PeriodStart { get; set; } = "01-01";
    /// <summary>
    /// R2: cells the source publishes unsuppressed elsewhere (e.g. Regionalstatistik's city totals). Each entry names
    /// column values a row must all match; such cells are never chosen as secondary partners.
    /// </summary>
    public List<Dictionary<string, List<string>>> Forced { get; set; } = [];
    /// <summary>
    /// R6, for a dataset of indicators: the counts of other person-count datasets each indicator reveals. A share is
    /// published only while its numerator and denominator cells are.
    /// </summary>
    public List<DerivedIndicator> Derived { get; set; } = [];
    /// <summary>Indicators of a derived dataset that reveal none of our counts (the source publishes them itself).</summary>
    public List<string> AsPublished { get; set; } = [];
    /// <summary>The columns holding each row's point, for a dataset of places; it is then also published as GeoJSON.</summary>
    public DatasetGeometry? Geometry { get; set; }
    /// <summary>
    /// For a dataset that sets values of an indicator dataset side by side (Bedarf und Angebot): the dataset whose
    /// published, disclosure-controlled values each side repeats. Publishing applies that dataset's decisions here.
    /// </summary>
    public RepeatedValues? Repeats { get; set; }

    /// <summary>The mart's generic checks and given/expect tests, as in every model's YAML (read through ModelDefinition); they do not change the dataset.</summary>
    public List<GenericCheck> Checks { get; set; } = [];
    public List<ModelTest> Tests { get; set; } = [];

    [YamlIgnore] public string Mart { get; set; } = "";
    [YamlIgnore] public IReadOnlyList<string> SourceIds { get; set; } = [];
    [YamlIgnore] public string File { get; set; } = "";

    static bool IsDataset(string file) => System.Text.RegularExpressions.Regex.IsMatch(System.IO.File.ReadAllText(file), @"^dataset[ \t]*:", System.Text.RegularExpressions.RegexOptions.Multiline);

    /// <summary>In a dataset's YAML, the name of the city it is published for (config/city.yaml name): the marts are shared by every city.</summary>
    public const string CityNamePlaceholder = "{city}";
    /// <summary>In a dataset's YAML, the city's key (config/city.yaml key), e.g. the total of its geo column.</summary>
    public const string CityKeyPlaceholder = "{city_key}";
    /// <summary>In a dataset's YAML, the city's initiative (config/city.yaml initiative).</summary>
    public const string InitiativePlaceholder = "{initiative}";

    /// <summary>
    /// The datasets of sql/marts/, for the city of the project <paramref name="sqlRoot"/> lies in (its config/city.yaml),
    /// when there is one; else with the placeholders left as written.
    /// </summary>
    public static IReadOnlyList<DatasetDefinition> LoadAll(string sqlRoot)
    {
        var project = Path.GetDirectoryName(Path.GetFullPath(sqlRoot).TrimEnd(Path.DirectorySeparatorChar))!;
        return LoadAll(sqlRoot, System.IO.File.Exists(Path.Combine(project, City.File)) ? City.Load(project) : null);
    }

    /// <summary>
    /// The datasets of sql/marts/ as published for <paramref name="city"/>: <see cref="CityNamePlaceholder"/> and
    /// <see cref="CityKeyPlaceholder"/> (and <see cref="InitiativePlaceholder"/>) in their YAML become its name and key, so titles, descriptions, totals and
    /// selections name the city the run is for.
    /// </summary>
    public static IReadOnlyList<DatasetDefinition> LoadAll(string sqlRoot, City? city)
    {
        var directory = Path.Combine(sqlRoot, "marts");
        if (!Directory.Exists(directory)) return [];
        string ForCity(string text) => city is null ? text
            : text.Replace(CityKeyPlaceholder, city.Key, StringComparison.Ordinal).Replace(CityNamePlaceholder, city.Name, StringComparison.Ordinal)
                  .Replace(InitiativePlaceholder, city.Initiative, StringComparison.Ordinal);
        // A mart's YAML that names a dataset defines a publication; the other marts' YAML only describe their model.
        var all = Directory.GetFiles(directory, "*.yaml").Where(IsDataset).Order(StringComparer.Ordinal).Select(file =>
        {
            var d = StrictYaml.Parse<DatasetDefinition>(ForCity(System.IO.File.ReadAllText(file)), file, "config");
            d.Mart = "marts." + Path.GetFileNameWithoutExtension(file);
            d.File = "sql/marts/" + Path.GetFileName(file);
            if (!System.Text.RegularExpressions.Regex.IsMatch(d.Dataset, "^[a-z0-9]+(-[a-z0-9]+)*$"))
                throw new PipelineException("", "config", $"{d.File}: dataset slug '{d.Dataset}' must be lower-case words joined by '-'.");
            if (d.Disclosure is not ("person_counts" or "none"))
                throw new PipelineException("", "config", $"{d.File}: disclosure must be person_counts or none, found '{d.Disclosure}'.");
            var names = d.Columns.Select(c => c.Name).ToList();
            if (d.PrimaryKey.FirstOrDefault(k => !names.Contains(k)) is { } unknownKey)
                throw new PipelineException("", "config", $"{d.File}: primary_key names '{unknownKey}', which is not among the columns.");
            foreach (var c in d.Columns)
                if (!DatasetColumn.Types.Contains(c.Type) || !DatasetColumn.Roles.Contains(c.Role))
                    throw new PipelineException("", "config", $"{d.File}: column '{c.Name}': type must be one of {string.Join(", ", DatasetColumn.Types)} and role one of {string.Join(", ", DatasetColumn.Roles)}.");
            CheckPublication(d);
            if (!System.IO.File.Exists(Path.ChangeExtension(file, ".sql")))
                throw new PipelineException("", "config", $"{d.File}: there is no {Path.GetFileNameWithoutExtension(file)}.sql beside it to provide the rows.");
            return d;
        }).ToList();
        CheckReferences(all);
        return all;
    }

    /// <summary>derived: names a person-count dataset of counts and dimension columns of it.</summary>
    static void CheckReferences(IReadOnlyList<DatasetDefinition> all)
    {
        var bySlug = new Dictionary<string, DatasetDefinition>();
        foreach (var d in all)
            if (!bySlug.TryAdd(d.Dataset, d))
                throw new PipelineException("", "config", $"{d.File}: dataset slug '{d.Dataset}' is also used by {bySlug[d.Dataset].File}.");
        foreach (var d in all)
            if (d.Repeats is { } repeats && (!bySlug.TryGetValue(repeats.Dataset, out var repeated) || repeated.ColumnWithRole("metric") is null
                    || repeated.ColumnWithRole("time") is null || repeated.ColumnWithRole("geo")?.LevelColumn is null))
                throw new PipelineException("", "config",
                    $"{d.File}: repeats: names dataset '{repeats.Dataset}', which must be a dataset of sql/marts/ with a metric, a time and a geo column with level_column.");
        foreach (var d in all)
            foreach (var derived in d.Derived)
                foreach (var cell in new[] { derived.Numerator, derived.Denominator })
                {
                    if (cell is null)
                        continue;
                    if (!bySlug.TryGetValue(cell.Dataset, out var target) || target.Disclosure != "person_counts" || target.Derived.Count > 0)
                        throw new PipelineException("", "config",
                            $"{d.File}: indicator '{derived.Indicator}' refers to dataset '{cell.Dataset}', which is not a person-count dataset of sql/marts/.");
                    if (cell.Select.FirstOrDefault(s => target.Columns.All(c => c.Name != s.Key || c.Role != "dimension") || s.Value.Count == 0) is { Key: { } bad })
                        throw new PipelineException("", "config",
                            $"{d.File}: indicator '{derived.Indicator}' selects '{bad}', which must be a dimension column of {target.File} with at least one category.");
                }
    }

    public DatasetColumn Column(string name) => Columns.First(c => c.Name == name);
    public DatasetColumn? ColumnWithRole(string role) => Columns.FirstOrDefault(c => c.Role == role);
    public DatasetColumn Measure => Columns.First(c => c.Role == "measure");
    public DatasetColumn Status => Columns.First(c => c.Role == "status");

    /// <summary>The cube's axes in column order: time, geo, dimensions and the metric, if any.</summary>
    public IEnumerable<DatasetColumn> Axes => Columns.Where(c => c.IsAxis);

    /// <summary>The columns that may name a cell: the axes and the geo level column.</summary>
    public IEnumerable<string> CellColumns => Axes.Select(a => a.Name).Concat(ColumnWithRole("geo")?.LevelColumn is { } level ? [level] : []);

    /// <summary>What every published format needs from the columns; references between datasets are checked by the publisher.</summary>
    static void CheckPublication(DatasetDefinition d)
    {
        void Fail(string message) => throw new PipelineException("", "config", $"{d.File}: {message}");
        foreach (var role in new[] { "measure", "status" })
            if (d.Columns.Count(c => c.Role == role) != 1)
                Fail($"a dataset needs exactly one column with role {role}, found {d.Columns.Count(c => c.Role == role)}.");
        foreach (var role in new[] { "time", "geo", "metric" })
            if (d.Columns.Count(c => c.Role == role) > 1)
                Fail($"at most one column may have role {role}.");
        if (!System.Text.RegularExpressions.Regex.IsMatch(d.PeriodStart, "^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"))
            Fail($"period_start must be MM-DD, found '{d.PeriodStart}'.");
        if (d.ColumnWithRole("metric") is null && d.Columns.Any(c => c.Name == JsonStatMetricId))
            Fail($"a column named '{JsonStatMetricId}' must have role metric (JSON-stat uses that id for the metric dimension).");
        var names = d.Columns.Select(c => c.Name).ToHashSet();
        foreach (var c in d.Columns)
        {
            if (c.LabelColumn is { } label && (!names.Contains(label) || label == c.Name))
                Fail($"column '{c.Name}': label_column '{label}' is not another column of the dataset.");
            if (c.LevelColumn is { } level && (!names.Contains(level) || c.Role != "geo" || c.Level is not null))
                Fail($"column '{c.Name}': level_column '{level}' must be another column, on the geo column, and not together with level.");
            if (c.Level is not null && c.Role != "geo")
                Fail($"column '{c.Name}': level belongs to the geo column.");
            if ((c.LabelColumn is not null || c.Categories is not null || c.Total is not null) && !c.IsAxis)
                Fail($"column '{c.Name}': total, label_column and categories belong to time, geo, dimension and metric columns only.");
            if (c.Role == "measure" && c.Decimals is null && d.ColumnWithRole("metric")?.Categories is null)
                Fail($"column '{c.Name}': a measure needs decimals (the fixed number of decimal places published), or the metric column needs categories with decimals.");
        }
        if (d.ColumnWithRole("metric") is { Categories: { } units } metric && d.Measure.Decimals is null
            && units.FirstOrDefault(u => u.Value.Decimals is null).Key is { } missing)
            Fail($"column '{metric.Name}': category '{missing}' needs decimals, since the measure '{d.Measure.Name}' has none.");
        foreach (var pattern in d.Forced)
            if (pattern.Keys.FirstOrDefault(k => !names.Contains(k)) is { } unknown)
                Fail($"forced names column '{unknown}', which is not a column of the dataset.");
        if (!d.Axes.All(a => d.PrimaryKey.Contains(a.Name)) || !d.PrimaryKey.All(d.CellColumns.Contains))
            Fail($"primary_key [{string.Join(", ", d.PrimaryKey)}] must hold every time, geo, dimension and metric column and nothing else " +
                 $"but the geo level column: one row per cell of the cube [{string.Join(", ", d.CellColumns)}].");
        if (d.Disclosure == "none" && (d.Derived.Count > 0 || d.AsPublished.Count > 0 || d.Forced.Count > 0))
            Fail("forced, derived and as_published apply to disclosure: person_counts only.");
        if (d.Disclosure == "person_counts" && d.Derived.Count == 0)
        {
            if (d.ColumnWithRole("metric") is { } m)
                Fail($"a person-count dataset without derived: is one cube of counts; column '{m.Name}' cannot be a metric.");
            if (d.Columns.FirstOrDefault(c => c.Role is "geo" or "dimension" && c.Total is null) is { } noTotal)
                Fail($"column '{noTotal.Name}': disclosure control needs total: (the category meaning 'all', for geo the city's AGS) on every geo and dimension column.");
            if (d.Measure.Type != "integer")
                Fail($"column '{d.Measure.Name}': the counts of a person-count dataset must have type integer.");
        }
        if (d.Derived.Count > 0 && (d.ColumnWithRole("metric") is null || d.ColumnWithRole("geo") is null || d.ColumnWithRole("time") is null))
            Fail("a dataset with derived: needs a metric column (the indicator), a geo column and a time column.");
        if (d.Geometry is { } geometry)
            foreach (var (key, name) in new[] { ("latitude", geometry.Latitude), ("longitude", geometry.Longitude) })
                if (d.Columns.FirstOrDefault(c => c.Name == name) is not { Type: "number", Role: ColumnRole.Attribute })
                    Fail($"geometry: {key} names '{name}', which must be a column of type number and role attribute (WGS84 degrees, one per row).");
        if (d.Repeats is { } repeats)
        {
            if (d.Disclosure != "none")
                Fail("repeats: takes the disclosure decisions of the dataset it repeats; declare disclosure: none.");
            if (repeats.Sides.Count == 0)
                Fail("repeats: needs at least one side (indicator, year, value, status, city_value).");
            foreach (var name in repeats.Sides.SelectMany(s => new[] { s.Indicator, s.Year, s.Value, s.Status, s.CityValue }).Append(repeats.Comparison).OfType<string>())
                if (!names.Contains(name))
                    Fail($"repeats: names '{name}', which is not a column of the dataset.");
            if (repeats.Sides.FirstOrDefault(s => s.Status == d.Status.Name) is { } first && first.Value != d.Measure.Name)
                Fail($"repeats: the side whose status is the status column '{d.Status.Name}' must have the measure '{d.Measure.Name}' as its value.");
        }
        foreach (var group in d.Derived.Select(x => x.Indicator).Concat(d.AsPublished).GroupBy(i => i).Where(g => g.Count() > 1))
            Fail($"indicator '{group.Key}' is listed twice in derived/as_published.");
    }

    /// <summary>The id of the JSON-stat metric dimension when no column has role metric.</summary>
    public const string JsonStatMetricId = "indikator";
}

/// <summary>geometry: the two columns of a row's point in WGS84 degrees (a place without one leaves both empty).</summary>
public sealed class DatasetGeometry
{
    public required string Latitude { get; set; }
    public required string Longitude { get; set; }
}

/// <summary>
/// repeats: the indicator dataset (metric, geo with its level, time, measure and status) whose published values the
/// sides repeat, and the column of the comparison that is left empty when a side's value is not published.
/// </summary>
public sealed class RepeatedValues
{
    public required string Dataset { get; set; }
    public required List<RepeatedSide> Sides { get; set; }
    public string? Comparison { get; set; }
}

/// <summary>One side of a row: the columns of its indicator, year, value, status and the city's value of that year.</summary>
public sealed class RepeatedSide
{
    public required string Indicator { get; set; }
    public required string Year { get; set; }
    public required string Value { get; set; }
    public required string Status { get; set; }
    public string? CityValue { get; set; }
}

/// <summary>An indicator and the cells of person-count datasets its value reveals.</summary>
public sealed class DerivedIndicator
{
    public required string Indicator { get; set; }
    public CellSelection? Numerator { get; set; }
    public CellSelection? Denominator { get; set; }
}

/// <summary>
/// A cell of another dataset's cube at the indicator row's year and area: columns named in select take those categories
/// (several are summed), every other dimension its total.
/// </summary>
public sealed class CellSelection
{
    public required string Dataset { get; set; }
    public Dictionary<string, List<string>> Select { get; set; } = [];
}

/// <summary>A category's label and, for a metric category, its unit and fixed number of decimals.</summary>
public sealed class DatasetCategory
{
    public string? Label { get; set; }
    public string? Unit { get; set; }
    public int? Decimals { get; set; }
}

/// <summary>A published column: its name is the stable CSV header; title, type, unit and role feed the metadata formats.</summary>
public sealed class DatasetColumn
{
    public static readonly string[] Types = ["string", "integer", "number", "year", "date"];
    /// <summary>
    /// time, geo, dimension and metric form the cube's axes (metric: a dimension whose categories are different measures,
    /// each with its own unit); measure holds the value; status the official symbol; label and attribute describe.
    /// </summary>
    public static readonly string[] Roles = ["time", "geo", "dimension", "metric", "measure", "status", "label", "attribute"];

    public required string Name { get; set; }
    public required string Title { get; set; }
    public required string Type { get; set; }
    public required string Role { get; set; }
    public string? Description { get; set; }
    public string? Unit { get; set; }
    public int? Decimals { get; set; }
    /// <summary>The category that means "all" (insgesamt); for the geo column the city's AGS, the root of marts.areas.</summary>
    public string? Total { get; set; }
    /// <summary>The column holding each category's label (e.g. the area name beside its code).</summary>
    public string? LabelColumn { get; set; }
    /// <summary>Geo only: the column holding each row's area level, where codes of different levels meet (110 is a Stadtbezirk and a statistischer Bezirk).</summary>
    public string? LevelColumn { get; set; }
    /// <summary>Geo only: the one area level of every row, when there is no level column.</summary>
    public string? Level { get; set; }
    /// <summary>Labels of categories, and for a metric column each category's unit and decimals.</summary>
    public Dictionary<string, DatasetCategory>? Categories { get; set; }

    [YamlIgnore] public bool IsAxis => Role is "time" or "geo" or "dimension" or "metric";
}
