
namespace TalentData.Project;

/// <summary>One raw table: the text cells of one entity of one source, as the loader writes them.</summary>
public sealed record RawTable(PipelineDefinition Source, EntityDefinition Entity)
{
    /// <summary>The table name in schema raw: &lt;source_id&gt;__&lt;entity&gt;.</summary>
    public string Name { get; } = NameOf(Source.Id, Entity.Entity);
    public string QualifiedName => "raw." + Name;
    public string SourceId => Source.Id;

    /// <summary>The one place a raw table name is made.</summary>
    public static string NameOf(string sourceId, string entity) => $"{sourceId}__{entity}";
}

/// <summary>
/// A model, dataset or check this city does not build because it provides no <see cref="Input"/> (an inputs.* view) that
/// it reads, directly or through other models: not a failure, and nothing is published from it.
/// </summary>
public sealed record NotConfigured(string Name, string CityName, string Input)
{
    public string Reason => $"not configured for {CityName}: no {Input}";
}

/// <summary>A published dataset with its lineage: every relation it is built from and the sources behind them.</summary>
public sealed record DatasetLineage(DatasetDefinition Dataset, IReadOnlySet<string> Relations, IReadOnlyList<RawTable> RawTables)
{
    /// <summary>The sources the dataset is built from, in file order.</summary>
    public IReadOnlyList<PipelineDefinition> Sources { get; } = [.. RawTables.Select(t => t.Source).Distinct()];

    public bool Reads(string relation) => Relations.Contains(relation);
}

/// <summary>
/// The project as one validated whole (the dbt manifest): the city, the sources with their entities and raw tables,
/// the SQL models in build order, the checks, the published datasets and the lineage between them. It is loaded and
/// cross-checked once, before anything runs; every name the run needs is resolved here, so no other code rebuilds a
/// table name from strings or walks sql/ again.
/// </summary>
public sealed class ProjectManifest
{
    public required string RepoRoot { get; init; }
    public required City City { get; init; }
    public required IReadOnlyList<PipelineDefinition> Pipelines { get; init; }
    public required IReadOnlyList<RawTable> RawTables { get; init; }
    /// <summary>The bundled sample files by content, written by the reference stage from sample-data/*/provenance.yaml.</summary>
    public const string SampleFilesTable = "ref.sample_files";

    /// <summary>
    /// What the placement of places reads besides the function district_at: one row per configured boundary file and
    /// address table (kind, area_level, file, sha256, entries), written by the reference stage from config/city.yaml.
    /// </summary>
    public const string PlacementInputsTable = "ref.placement_inputs";
    /// <summary>The rows of the configured address table (config/city.yaml address_districts); empty when none is configured.</summary>
    public const string AddressDistrictsTable = "ref.address_districts";

    /// <summary>ref.* tables, one per sql/reference/*.csv, <see cref="SampleFilesTable"/> and the placement inputs.</summary>
    public required IReadOnlySet<string> ReferenceTables { get; init; }
    /// <summary>Every model of sql/, each after everything it reads.</summary>
    public required IReadOnlyList<SqlModel> Models { get; init; }
    public required IReadOnlyList<CheckDefinition> Checks { get; init; }
    public required IReadOnlyList<DatasetLineage> Datasets { get; init; }
    /// <summary>
    /// What this city does not build because it does not provide an input it reads (<see cref="NotConfigured"/>): models,
    /// datasets and checks, each with its reason. None for a city that provides every input.
    /// </summary>
    public IReadOnlyList<NotConfigured> NotConfiguredModels { get; init; } = [];
    public IReadOnlyList<NotConfigured> NotConfiguredDatasets { get; init; } = [];
    public IReadOnlyList<NotConfigured> NotConfiguredChecks { get; init; } = [];
    /// <summary>Where each part of sql/ comes from: the city's own folder or the repository (<see cref="SqlFolders"/>).</summary>
    public SqlFolders Sql { get => sql ??= SqlFolders.Of(RepoRoot); init => sql = value; }
    SqlFolders? sql;
    /// <summary>The curated reference files that mark example rows, with how many they hold (their schemas' example_column).</summary>
    public IReadOnlyList<ReferenceExamples> ReferenceExamples { get; init; } = [];

    public string PipelinesDir => Path.Combine(RepoRoot, "pipelines");
    /// <summary>The repository's sql/ folder: the shared core, marts, checks and macros (the city's own layers: <see cref="Sql"/>).</summary>
    public string SqlRoot => Sql.Shared;

    public PipelineDefinition Pipeline(string id) =>
        Pipelines.FirstOrDefault(p => p.Id == id)
        ?? throw new PipelineException(id, "config", $"No pipeline '{id}'. Known pipelines: {string.Join(", ", Pipelines.Select(p => p.Id))}.");

    public IEnumerable<RawTable> RawTablesOf(PipelineDefinition pipeline) => RawTables.Where(t => t.Source == pipeline);

    public static ProjectManifest Load(string repoRoot, IReadOnlyList<ReaderFormat> formats)
    {
        var catalog = PipelineCatalog.Load(Path.Combine(repoRoot, "pipelines"), formats);
        foreach (var pipeline in catalog.All)
            foreach (var entity in pipeline.Entities)
                ConfinedPath.Sample(repoRoot, pipeline, entity);
        var folders = SqlFolders.Of(repoRoot);
        var sqlRoot = folders.Shared;
        var rawTables = catalog.All.SelectMany(p => p.Entities.Select(e => new RawTable(p, e))).ToList();
        var referenceTables = folders.ReferenceFiles("*.csv").Select(f => "ref." + Path.GetFileNameWithoutExtension(f)).ToHashSet();
        referenceTables.Add(SampleFilesTable);
        referenceTables.Add(PlacementInputsTable);
        referenceTables.Add(AddressDistrictsTable);
        var external = rawTables.Select(t => t.QualifiedName).Union(referenceTables).ToHashSet();
        // Every declaration of sql/ is read once: the dataset YAML, then every model's YAML (a mart's is its dataset's).
        var city = City.Load(repoRoot);
        var declaredDatasets = DatasetDefinition.LoadAll(sqlRoot, city);
        var allDefinitions = ModelDefinition.LoadAll(folders, declaredDatasets);
        var discovered = ModelGraph.Discover(folders);
        ModelGraph.RequireLayering(discovered.Select(m => (m.File, m.Schema, m.References)));
        // A model whose inputs this city does not provide is not built, nor is what reads it (sql/README.md "Not configured").
        var (models, missing) = ModelGraph.Configured(discovered);
        var definitions = allDefinitions.Where(d => !missing.ContainsKey(d.Model)).ToList();
        var ordered = ModelGraph.Order(models, external);
        var modelNames = models.Select(m => m.QualifiedName).ToHashSet();
        // The placement function exists on the connection that builds the models, not in the published snapshot.
        if (models.FirstOrDefault(m => m.Materialization != "table" && m.CallsDistrictAt) is { } view)
            throw new PipelineException("", "sql", $"{view.File} calls {SqlModel.DistrictAtFunction}(), which exists only while the models build; " +
                                                   "a view would fail in the snapshot. Call it from a core or mart model (a table).");

        ResolveFirstPeriods(definitions, models, rawTables);
        var allChecks = CheckDefinition.LoadAll(sqlRoot, definitions);
        ModelGraph.RequireLayering(allChecks.Where(c => c.File.Contains("/checks/", StringComparison.Ordinal)).Select(c => (c.File, "checks", c.Models)));
        // A check that reads what this city does not build cannot run: skipped with the same reason.
        string? MissingInput(IEnumerable<string> relations) => relations.Select(r => missing.GetValueOrDefault(r)).FirstOrDefault(i => i is not null);
        var checkInputs = allChecks.Select(c => (Check: c, Missing: MissingInput(c.Models.Concat(c.Protects)))).ToList();
        var checks = checkInputs.Where(c => c.Missing is null).Select(c => c.Check).ToList();
        var skippedChecks = checkInputs.Where(c => c.Missing is not null).Select(c => (c.Check.Name, c.Missing!)).ToList();
        foreach (var check in checks)
            if (check.Protects.FirstOrDefault(p => !modelNames.Contains(p)) is { } unknown)
                throw new PipelineException("", "checks", $"{check.File}: '-- protects:' names {unknown}, which no file in sql/ defines.");

        var skippedDatasets = declaredDatasets.Where(d => missing.ContainsKey(d.Mart)).Select(d => (d.Dataset, missing[d.Mart])).ToList();
        // An indicator whose counts come from a dataset this city does not build has no value here (its part of the indicator
        // inputs is not built either), so there is nothing of it to protect against that dataset's cells.
        var unbuilt = skippedDatasets.Select(d => d.Dataset).ToHashSet();
        foreach (var dataset in declaredDatasets)
            dataset.Derived = [.. dataset.Derived.Where(d => !unbuilt.Contains(d.Numerator?.Dataset ?? "") && !unbuilt.Contains(d.Denominator?.Dataset ?? ""))];
        var datasets = declaredDatasets.Where(d => !missing.ContainsKey(d.Mart)).Select(dataset =>
        {
            if (!modelNames.Contains(dataset.Mart))
                throw new PipelineException("", "config", $"{dataset.File}: there is no model {dataset.Mart} to provide its rows.");
            var relations = ModelGraph.Upstream(models, dataset.Mart).ToHashSet();
            relations.Add(dataset.Mart);
            var lineage = new DatasetLineage(dataset, relations, [.. rawTables.Where(t => relations.Contains(t.QualifiedName))]);
            dataset.SourceIds = [.. lineage.Sources.Select(s => s.Id)];
            return lineage;
        }).ToList();

        CheckCityAgainstReference(city, folders);
        CheckPlacementCodes(city, folders);
        var referenceExamples = ReferenceSchema.ValidateAll(folders, TimeProvider.System);
        foreach (var lineage in datasets)
            if (lineage.Dataset.ColumnWithRole(ColumnRole.Geo) is { Total: { } total } geo && total != city.Key)
                throw new PipelineException("", "config",
                    $"{lineage.Dataset.File}: column '{geo.Name}' names the total '{total}', but the city of {city.ShownFile} has the key '{city.Key}'.");

        return new ProjectManifest
        {
            RepoRoot = repoRoot,
            Sql = folders,
            City = city,
            NotConfiguredModels = [.. missing.Select(m => new NotConfigured(m.Key, city.Name, m.Value))],
            NotConfiguredDatasets = [.. skippedDatasets.Select(d => new NotConfigured(d.Dataset, city.Name, d.Item2))],
            NotConfiguredChecks = [.. skippedChecks.Select(c => new NotConfigured(c.Name, city.Name, c.Item2))],
            Pipelines = catalog.All,
            RawTables = rawTables,
            ReferenceTables = referenceTables,
            ReferenceExamples = referenceExamples,
            Models = ordered,
            Checks = checks,
            Datasets = datasets,
        };
    }

    /// <summary>
    /// A <c>period</c> check's window starts at the first period of the source the model is built from, declared once in
    /// its pipeline file (<c>first_period</c>), so the SQL never repeats it.
    /// </summary>
    static void ResolveFirstPeriods(IReadOnlyList<ModelDefinition> definitions, IReadOnlyList<SqlModel> models, IReadOnlyList<RawTable> rawTables)
    {
        foreach (var definition in definitions)
            foreach (var check in definition.Checks.Where(c => c.Type == "period"))
            {
                var upstream = ModelGraph.Upstream(models, definition.Model);
                var tables = rawTables.Where(t => upstream.Contains(t.QualifiedName)).ToList();
                if (tables.Count == 0)
                    throw new PipelineException("", "config", $"{definition.File}: check 'period' needs a source's first_period, but {definition.Model} reads no raw table.");
                if (tables.FirstOrDefault(t => t.Entity.FirstPeriod is null) is { } undeclared)
                    throw new PipelineException(undeclared.SourceId, "config",
                        $"{definition.File}: check 'period' needs first_period for entity '{undeclared.Entity.Entity}' in pipelines/{Path.GetFileName(undeclared.Source.File)} " +
                        $"(line {undeclared.Entity.Line}): the first year the publisher delivers; found none.");
                check.FirstPeriod = tables.Min(t => t.Entity.FirstPeriod);
            }
    }

    /// <summary>
    /// Every district a boundary file or the address table names must be one of the reference's, or a place would be
    /// placed in a district no mart knows (area_code_known would fail every run): refused when the project loads, naming
    /// the file and the feature or line.
    /// </summary>
    static void CheckPlacementCodes(City city, SqlFolders folders)
    {
        // The list's codes and how errors name it: the city's own list where it has one, else the repository's.
        (string Shown, IReadOnlySet<string> Codes) Codes(string file, string column)
        {
            if (folders.Reference(file) is not { } path)
                return ("sql/reference/" + file, new HashSet<string>());
            var lines = File.ReadAllLines(path);
            var at = Array.IndexOf(lines[0].TrimStart('\uFEFF').Split(','), column);
            if (at < 0)
                throw new PipelineException("", "config", $"{folders.Shown(path)}: expected the column {column}, found {lines[0]}.");
            return (folders.Shown(path), lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[at]).ToHashSet(StringComparer.Ordinal));
        }
        var known = new Dictionary<string, (string Shown, IReadOnlySet<string> Codes)>
        {
            ["stadtbezirk"] = Codes("stadtbezirke.csv", "stadtbezirk_code"),
            ["statistischer_bezirk"] = Codes("stat_bezirke.csv", "stat_bezirk_code"),
        };
        foreach (var (level, source) in city.DistrictBoundaries)
            if (source.Features.FirstOrDefault(f => !known[level].Codes.Contains(f.Code)) is { } unknown)
                throw new PipelineException("", "config",
                    $"{city.ShownFile}: district_boundaries '{level}': {source.File}: feature {unknown.Feature} ({source.CodeProperty} {unknown.Code}): " +
                    $"expected a {level} code of {known[level].Shown}, found '{unknown.Code}'.");
        if (city.AddressTable?.Rows.FirstOrDefault(r => !known["statistischer_bezirk"].Codes.Contains(r.StatBezirkCode)) is { } row)
            throw new PipelineException("", "config",
                $"{city.AddressTable.File}, line {row.Line}, column stat_bezirk_code: expected a statistischer Bezirk of {known["statistischer_bezirk"].Shown}, found '{row.StatBezirkCode}'.");
    }

    /// <summary>
    /// The city and its benchmarks appear in config/city.yaml and as areas in sql/reference/regions.csv (which the SQL
    /// reads); the two must name the same codes, or the atlas and the catalogue would describe other areas than the data.
    /// </summary>
    static void CheckCityAgainstReference(City city, SqlFolders folders)
    {
        if (folders.Reference("regions.csv") is not { } file)
            return;
        var lines = File.ReadAllLines(file);
        var header = lines[0].Split(',');
        int level = Array.IndexOf(header, "area_level"), code = Array.IndexOf(header, "area_code");
        if (level < 0 || code < 0)
            throw new PipelineException("", "config", $"{folders.Shown(file)}: expected the columns area_level and area_code, found {lines[0]}.");
        var byLevel = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToLookup(f => f[level], f => f[code]);
        foreach (var (areaLevel, expected, key) in new[] { ("stadt", city.Key, "key"), ("land", city.State.Code, "state.code"), ("bund", city.Country.Code, "country.code") })
            if (!byLevel[areaLevel].Contains(expected))
                throw new PipelineException("", "config",
                    $"{city.ShownFile}: {key} is '{expected}', but {folders.Shown(file)} has no area of level '{areaLevel}' with that code (found: {string.Join(", ", byLevel[areaLevel].DefaultIfEmpty("none"))}).");
    }
}
