using System.Globalization;
using YamlDotNet.Serialization;

namespace TalentData.Project;

/// <summary>
/// The one YAML beside every model, <c>sql/&lt;layer&gt;/…/&lt;model&gt;.yaml</c>: what the model means (description,
/// columns), the generic checks that protect it and its given/expect tests. A published mart's YAML is its dataset
/// definition as well; there the description and columns are the dataset's and checks and tests sit beside them.
/// </summary>
public sealed class ModelDefinition
{
    public required string Description { get; set; }
    public List<ModelColumn> Columns { get; set; } = [];
    public List<GenericCheck> Checks { get; set; } = [];
    public List<ModelTest> Tests { get; set; } = [];

    /// <summary>The model's qualified name, e.g. core.fct_population.</summary>
    [YamlIgnore] public string Model { get; set; } = "";
    /// <summary>Repository-relative path of the YAML file.</summary>
    [YamlIgnore] public string File { get; set; } = "";
    /// <summary>The dataset this YAML also defines, for a published mart.</summary>
    [YamlIgnore] public DatasetDefinition? Dataset { get; set; }

    /// <summary>
    /// A fact, <c>sql/core/fct_&lt;name&gt;.sql</c>: the rows of one or more sources harmonised to the area keys, each row
    /// keeping where it came from (<c>source_id</c>, <c>source_file</c>, <c>line_number</c>). Its generic checks name
    /// the file and the line of a failing row, and it must declare <see cref="GenericCheck.FactTypes"/>.
    /// </summary>
    [YamlIgnore] public bool IsFact => Model.StartsWith("core.fct_", StringComparison.Ordinal);

    static readonly string[] Layers = ["staging", "inputs", "core", "marts"];

    /// <summary>
    /// The YAML of every model. A model without its YAML, a YAML without its model (such as a leftover
    /// <c>*.checks.yaml</c>) and a malformed declaration fail here, naming the file, before anything is built.
    /// </summary>
    public static IReadOnlyList<ModelDefinition> LoadAll(string sqlRoot) => LoadAll(sqlRoot, DatasetDefinition.LoadAll(sqlRoot));

    /// <summary>As <see cref="LoadAll(string)"/>, with the dataset declarations already read (a mart's YAML is its dataset's).</summary>
    public static IReadOnlyList<ModelDefinition> LoadAll(string sqlRoot, IReadOnlyList<DatasetDefinition> datasetDefinitions) =>
        LoadAll(SqlFolders.Single(sqlRoot), datasetDefinitions);

    /// <summary>As <see cref="LoadAll(string)"/>, for a city's layers (<see cref="SqlFolders"/>).</summary>
    public static IReadOnlyList<ModelDefinition> LoadAll(SqlFolders folders, IReadOnlyList<DatasetDefinition> datasetDefinitions)
    {
        var datasets = datasetDefinitions.ToDictionary(d => d.File);
        var result = new List<ModelDefinition>();
        foreach (var layer in Layers)
        {
            var directory = folders.Layer(layer);
            if (!Directory.Exists(directory)) continue;
            foreach (var yaml in Directory.GetFiles(directory, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                if (!System.IO.File.Exists(Path.ChangeExtension(yaml, ".sql")))
                    throw new PipelineException("", "config",
                        $"{folders.Shown(yaml)}: there is no model {Path.GetFileNameWithoutExtension(yaml)}.sql beside it. " +
                        "A model's description, columns, checks and tests all live in one <model>.yaml named like the model.");
            foreach (var sql in Directory.GetFiles(directory, "*.sql", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var yaml = Path.ChangeExtension(sql, ".yaml");
                var relative = folders.Shown(yaml);
                if (!System.IO.File.Exists(yaml))
                    throw new PipelineException("", "config",
                        $"{folders.Shown(sql)} has no {Path.GetFileName(yaml)} beside it. Every model declares at least its " +
                        "description there (sql/README.md, 'One YAML per model').");
                var model = $"{layer}.{Path.GetFileNameWithoutExtension(sql)}";
                ModelDefinition definition;
                if (datasets.TryGetValue(relative, out var dataset))
                    definition = new ModelDefinition
                    {
                        Description = dataset.Description,
                        Columns = dataset.Columns.Select(c => new ModelColumn { Name = c.Name, Description = c.Description ?? c.Title }).ToList(),
                        Checks = dataset.Checks,
                        Tests = dataset.Tests,
                        Dataset = dataset,
                    };
                else
                    definition = StrictYaml.Load<ModelDefinition>(yaml, relative, "config");
                definition.Model = model;
                definition.File = relative;
                definition.Validate();
                result.Add(definition);
            }
        }
        return result;
    }

    void Validate()
    {
        void Fail(string message) => throw new PipelineException("", "config", $"{File}: {message}");
        if (string.IsNullOrWhiteSpace(Description))
            Fail("description is empty; say what one row is and what the model is for.");
        if (Columns.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            Fail($"column '{twice.Key}' is listed twice.");
        foreach (var check in Checks)
            if (check.Problem() is { } problem)
                Fail($"check '{check.Type}': {problem}");
        // Every fact is checked for what every fact needs by its own declaration, so a new fact cannot be forgotten
        // by a hand-kept list of facts; one that cannot have such a check says why (opt_out).
        if (IsFact && GenericCheck.FactTypes.FirstOrDefault(t => Checks.All(c => c.Type != t)) is { } missing)
            Fail($"a fact declares the checks every fact needs ({string.Join(", ", GenericCheck.FactTypes)}); '{missing}' is missing. " +
                 $"Add it under checks:, e.g. {GenericCheck.FactExample(missing)}, or say why it cannot apply: " +
                 $"{{ type: {missing}, opt_out: <reason> }} (sql/README.md, 'Checks every fact declares').");
        if (!IsFact && Checks.FirstOrDefault(c => c.OptOut is not null) is { } optOut)
            Fail($"check '{optOut.Type}': opt_out is for the checks every fact must declare; {Model} is not a fact (core/fct_*), so leave the check out instead.");
        if (Tests.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1) is { } sameName)
            Fail($"test '{sameName.Key}' is declared twice.");
        foreach (var test in Tests)
            if (test.Problem() is { } problem)
                Fail($"test '{test.Name}': {problem}");
    }

    /// <summary>Every generic check as (name, sql, severity); the names are those qa.check_results has always used.</summary>
    public IEnumerable<(string Name, string Sql, string Severity)> CheckQueries() =>
        Checks.Where(c => c.OptOut is null)
            .Select(c => ($"{Model.Replace('.', '_')}__{c.Type}__{string.Join("_", c.AllColumns)}", c.ToSql(Model, IsFact), c.Severity));
}

/// <summary>A column of a model that is not published: its name and what it holds.</summary>
public sealed class ModelColumn
{
    public required string Name { get; set; }
    public string? Description { get; set; }
}

/// <summary>
/// A generic check of a model (sql/README.md, "Checks"). Each becomes a query that selects the offending rows, run and
/// recorded like the custom <c>sql/checks/assert_*.sql</c>.
/// </summary>
public sealed class GenericCheck
{
    public static readonly string[] Types =
        ["not_null", "unique", "not_negative", "relationship", "accepted_values", "range", "area_code_known", "area_name", "period", "share_shift"];

    /// <summary>The checks every fact declares (or opts out of with a reason): its area codes known, its key unique, its counts not negative.</summary>
    public static readonly string[] FactTypes = ["area_code_known", "unique", "not_negative"];

    internal static string FactExample(string type) => type switch
    {
        "area_code_known" => "{ type: area_code_known, column: stat_bezirk_code, level: statistischer_bezirk } (or level_column: area_level)",
        "unique" => "{ type: unique, columns: [year, stat_bezirk_code, sex] } (the fact's key)",
        _ => "{ type: not_negative, columns: [residents_count] } (its counts)",
    };

    /// <summary>The area levels whose codes and names the reference geography knows (area_name, share_shift).</summary>
    public static readonly string[] DistrictLevels = ["stadtbezirk", "statistischer_bezirk"];

    public required string Type { get; set; }
    public List<string> Columns { get; set; } = [];
    public string? Column { get; set; }
    public string Severity { get; set; } = "error";
    /// <summary>relationship: the model the column must refer to, and its column.</summary>
    public string? To { get; set; }
    public string? Field { get; set; }
    /// <summary>A SQL condition on the checked model's rows (relationship: also on the referenced model, as 'to').</summary>
    public string? Where { get; set; }
    public string? ToWhere { get; set; }
    public List<string> Values { get; set; } = [];
    public double? Min { get; set; }
    public double? Max { get; set; }
    /// <summary>area_name: the column holding the name the source printed beside the code in <see cref="Column"/>.</summary>
    public string? NameColumn { get; set; }
    /// <summary>area_name, share_shift: the area level of the codes (stadtbezirk or statistischer_bezirk); area_code_known: any level of marts.areas.</summary>
    public string? Level { get; set; }
    /// <summary>area_code_known: the column holding each row's area level, for a model with areas of several levels.</summary>
    public string? LevelColumn { get; set; }
    /// <summary>A check every fact must declare that cannot apply to this one: why not. The check is then not run.</summary>
    public string? OptOut { get; set; }
    /// <summary>share_shift: the column with the area code; the shares are of <see cref="Column"/> per <see cref="Period"/>.</summary>
    public string? Area { get; set; }
    /// <summary>share_shift: the period column (default year).</summary>
    public string Period { get; set; } = "year";

    /// <summary>period: the first period the source delivers, from its pipeline's <c>first_period</c> (resolved by the manifest).</summary>
    [YamlIgnore] public int? FirstPeriod { get; set; }

    internal IEnumerable<string> AllColumns => Column is null ? Columns : [Column, .. Columns];

    internal string? Problem()
    {
        if (!Types.Contains(Type)) return $"unknown type; known types: {string.Join(", ", Types)}.";
        if (Severity is not ("error" or "warn")) return $"severity must be error or warn, found '{Severity}'.";
        if (OptOut is not null)
            return !FactTypes.Contains(Type) ? $"opt_out is only for the checks every fact must declare ({string.Join(", ", FactTypes)})."
                : string.IsNullOrWhiteSpace(OptOut) ? "opt_out needs the reason the check cannot apply."
                : Column is not null || Columns.Count > 0 || Level is not null || LevelColumn is not null || Where is not null
                    ? "an opted-out check declares nothing else (found columns, level or where); remove opt_out to run it." : null;
        return Type switch
        {
            "not_null" or "unique" or "not_negative" when Columns.Count == 0 => "needs 'columns'.",
            "area_code_known" when Column is null || (Level is null) == (LevelColumn is null) =>
                "needs 'column' (the area code) and either 'level' (one level of marts.areas for every row) or 'level_column' (the column holding each row's level).",
            "relationship" when Column is null || To is null || Field is null => "needs 'column', 'to' and 'field'.",
            "accepted_values" when Column is null || Values.Count == 0 => "needs 'column' and 'values'.",
            "range" when Column is null || (Min is null && Max is null) => "needs 'column' and 'min' or 'max'.",
            "area_name" when Column is null || NameColumn is null || !DistrictLevels.Contains(Level) =>
                $"needs 'column' (the code), 'name_column' and 'level' ({string.Join(" or ", DistrictLevels)}).",
            "period" when Column is null => "needs 'column' (the period, e.g. year).",
            "share_shift" when Column is null || Area is null || Max is not > 0 || !DistrictLevels.Contains(Level) =>
                $"needs 'column' (the count), 'area' (the area code column), 'level' ({string.Join(" or ", DistrictLevels)}) and 'max' (percentage points, above 0).",
            _ => null,
        };
    }

    /// <summary>The names the reference geography knows for each area: the official name and every variant of it.</summary>
    const string KnownAreas = """
        select 'stadtbezirk' as area_level, stadtbezirk_code as area_code, stadtbezirk_name as area_name from ref.stadtbezirke
        union all
        select 'statistischer_bezirk', stat_bezirk_code, stat_bezirk_name from ref.stat_bezirke
        """;

    // Names compare through the variants table (spellings such as 'Boevinghausen' or upper case), never by string
    // equality alone; a row whose code is unknown is the area_code_known check's, so only known codes are judged here.
    string AreaNameSql(string model, string where) => $"""
        with known as ({KnownAreas}),
        names as (
            select area_level, area_code, lower(trim(area_name)) as name from known
            union
            select area_level, area_code, lower(trim(variant)) from ref.district_name_variants
        ),
        name_owners as (
            select name, string_agg(area_code, ', ' order by area_code) as codes from names where area_level = {L(Level!)} group by name
        )
        select m.{Q(Column!)} as area_code, m.{Q(NameColumn!)} as name_found, known.area_name as name_expected,
               name_owners.codes as name_found_is_the_name_of, m.source_id, m.source_file, min(m.line_number) as first_line, count(*) as rows
        from {model} m
        inner join known on known.area_level = {L(Level!)} and known.area_code = m.{Q(Column!)}
        left join name_owners on name_owners.name = lower(trim(m.{Q(NameColumn!)}))
        where {where} and m.{Q(NameColumn!)} is not null and trim(m.{Q(NameColumn!)}) <> ''
          and not exists (select 1 from names where names.area_level = {L(Level!)} and names.area_code = m.{Q(Column!)} and names.name = lower(trim(m.{Q(NameColumn!)})))
        group by all
        """;

    // The window's end is the current year: a period that has not ended cannot have been counted yet.
    string PeriodSql(string model, string where) => $"""
        select m.{Q(Column!)} as period_found, {FirstPeriod} as first_period, year(current_date) as last_period,
               m.source_id, m.source_file, min(m.line_number) as first_line, count(*) as rows
        from {model} m
        where {where} and m.{Q(Column!)} is not null and (m.{Q(Column!)} < {FirstPeriod} or m.{Q(Column!)} > year(current_date))
        group by all
        """;

    // Each district's share of the sum over all districts, per period, against its share in the period before.
    string ShareShiftSql(string model, string where) => $"""
        with totals as (
            select {Q(Area!)} as area_code, {Q(Period)} as period, sum({Q(Column!)}) as value
            from {model} where {where} and {Q(Column!)} is not null and {Q(Area!)} is not null group by all
        ),
        shares as (
            select area_code, period, 100.0 * value / nullif(sum(value) over (partition by period), 0) as share_pct from totals
        ),
        moves as (
            select area_code, lag(period) over w as previous_period, period, lag(share_pct) over w as previous_share_pct, share_pct
            from shares window w as (partition by area_code order by period)
        )
        select moves.area_code, known.area_name, moves.previous_period, moves.period,
               round(moves.previous_share_pct, 2) as previous_share_pct, round(moves.share_pct, 2) as share_pct,
               round(moves.share_pct - moves.previous_share_pct, 2) as change_points, {N(Max!.Value)} as max_change_points
        from moves
        left join ({KnownAreas}) known on known.area_level = {L(Level!)} and known.area_code = moves.area_code
        where moves.previous_period is not null and abs(moves.share_pct - moves.previous_share_pct) > {N(Max!.Value)}
        """;

    // A duplicate of a fact's key lists every line it sits on: a row repeated, or two deliveries run together. The
    // source columns are aggregated, not grouped, so a key delivered by two files is still found.
    string UniqueSql(string model, string where, bool isFact) =>
        $"select {string.Join(", ", Columns.Select(Q))}, count(*) as rows" +
        (isFact ? ", string_agg(distinct source_id, ', ' order by source_id) as source_id, string_agg(distinct source_file, ', ' order by source_file) as source_file, " +
                  "min(line_number) as first_line, list(line_number order by line_number) as lines" : "") +
        $" from {model} where {where} group by {string.Join(", ", Columns.Select(Q))} having count(*) > 1";

    // An area code (or level) that marts.areas does not know, NULL included: a new or mistyped district code upstream, a
    // symbol where the code should be, or a spelling the staging normalisation does not cover yet.
    string AreaCodeKnownSql(string model, string where, bool isFact)
    {
        var level = LevelColumn is null ? L(Level!) : $"m.{Q(LevelColumn)}";
        return $"""
            select {level} as area_level, m.{Q(Column!)} as area_code{(isFact ? ", m.source_id, m.source_file, min(m.line_number) as first_line" : "")}, count(*) as rows
            from {model} m
            where {where}
              and not exists (select 1 from marts.areas a where a.area_level = {level} and a.area_code = m.{Q(Column!)})
            group by all
            """;
    }

    static string Q(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";
    static string L(string value) => "'" + value.Replace("'", "''") + "'";
    static string N(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <param name="model">The model checked.</param>
    /// <param name="isFact">The model keeps each row's source, file and line (<see cref="ModelDefinition.IsFact"/>): failing rows name them.</param>
    internal string ToSql(string model, bool isFact = false)
    {
        var where = Where is null ? "true" : $"({Where})";
        return Type switch
        {
            "not_null" => $"select * from {model} where {where} and ({string.Join(" or ", Columns.Select(c => $"{Q(c)} is null"))})",
            "unique" => UniqueSql(model, where, isFact),
            // every column of the row, so a fact's row names its area, source file and line
            "not_negative" => $"select * from {model} where {where} and ({string.Join(" or ", Columns.Select(c => $"{Q(c)} < 0"))})",
            "area_code_known" => AreaCodeKnownSql(model, where, isFact),
            "relationship" => $"select m.{Q(Column!)}, count(*) as rows from {model} m where {where} and m.{Q(Column!)} is not null " +
                              $"and m.{Q(Column!)} not in (select t.{Q(Field!)} from {To} t where {(ToWhere is null ? "true" : $"({ToWhere})")} and t.{Q(Field!)} is not null) group by all",
            "accepted_values" => $"select {Q(Column!)}, count(*) as rows from {model} where {where} and {Q(Column!)} is not null and {Q(Column!)} not in ({string.Join(", ", Values.Select(L))}) group by all",
            "range" => $"select * from {model} where {where} and {Q(Column!)} is not null and ({string.Join(" or ", new[] { Min is { } min ? $"{Q(Column!)} < {N(min)}" : null, Max is { } max ? $"{Q(Column!)} > {N(max)}" : null }.OfType<string>())})",
            "area_name" => AreaNameSql(model, where),
            "period" => FirstPeriod is null ? throw new InvalidOperationException($"{model}: the period check's first period was not resolved by the manifest.") : PeriodSql(model, where),
            "share_shift" => ShareShiftSql(model, where),
            _ => throw new InvalidOperationException(Type),
        };
    }
}
