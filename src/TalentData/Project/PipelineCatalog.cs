using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace TalentData.Project;

/// <summary>Reads every <c>pipelines/*.yaml</c> strictly: an unknown, repeated or missing key fails with file, line and key.</summary>
public sealed class PipelineCatalog(IReadOnlyList<PipelineDefinition> pipelines)
{
    public static readonly string[] KnownReaders = ["opendatasoft_csv", "genesis_table_csv", "ba_csv"];

    static IDeserializer Yaml => StrictYaml.Deserializer;

    public IReadOnlyList<PipelineDefinition> All { get; } = pipelines;

    public PipelineDefinition Get(string id) =>
        All.FirstOrDefault(p => p.Id == id)
        ?? throw new PipelineException(id, "config",
            $"No pipeline '{id}'. Known pipelines: {string.Join(", ", All.Select(p => p.Id))}.");

    public static PipelineCatalog Load(string pipelinesDirectory)
    {
        if (!Directory.Exists(pipelinesDirectory))
            throw new PipelineException("", "config", $"Pipeline folder {pipelinesDirectory} does not exist.");
        var files = Directory.GetFiles(pipelinesDirectory, "*.yaml").Order(StringComparer.Ordinal);
        return new PipelineCatalog(files.Select(ParseFile).ToList());
    }

    public static PipelineDefinition ParseFile(string path) => Parse(File.ReadAllText(path), path);

    public static PipelineDefinition Parse(string yaml, string fileName)
    {
        PipelineDefinition definition;
        try
        {
            definition = Yaml.Deserialize<PipelineDefinition>(yaml)
                ?? throw new PipelineException("", "config", $"{fileName}: the file is empty; expected a pipeline definition (see pipelines/README.md).");
        }
        catch (YamlException ex)
        {
            var reason = (ex.InnerException?.Message ?? ex.Message).Trim();
            throw new PipelineException("", "config",
                $"{fileName}, line {ex.Start.Line}, column {ex.Start.Column}: {Explain(reason)} See pipelines/README.md for the keys.", ex);
        }
        definition.File = fileName;
        Validate(definition);
        return definition;
    }

    static string Explain(string reason)
    {
        // YamlDotNet names C# properties; the file uses snake_case keys.
        var m = System.Text.RegularExpressions.Regex.Match(reason, "Property '(?<key>[^']+)' not found on type '(?<type>[^']+)'");
        if (m.Success)
            return $"unknown key '{m.Groups["key"].Value}' (in {m.Groups["type"].Value.Split('.').Last()}).";
        var missing = System.Text.RegularExpressions.Regex.Match(reason, "Missing properties, '(?<keys>[^']+)'");
        if (missing.Success)
            return $"missing required key '{ToSnake(missing.Groups["keys"].Value)}'.";
        return reason;
    }

    static string ToSnake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    static void Validate(PipelineDefinition p)
    {
        var file = p.File;
        var stem = Path.GetFileNameWithoutExtension(file);
        if (!System.Text.RegularExpressions.Regex.IsMatch(p.Id, "^[a-z][a-z0-9]*(_[a-z0-9]+)+$"))
            throw new PipelineException(p.Id, "config", $"{file}: id '{p.Id}' must be snake_case <publisher>_<dataset>.");
        if (stem != p.Id && !file.StartsWith('<'))
            throw new PipelineException(p.Id, "config", $"{file}: id '{p.Id}' must equal the file name '{stem}'.");
        if (p.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
            throw new PipelineException(p.Id, "config", $"{file}: schedule '{p.Schedule}' is not a cron expression (expected 5 fields, e.g. \"0 4 * * 1\").");
        if (p.Entities.Count == 0)
            throw new PipelineException(p.Id, "config", $"{file}: 'entities' is empty; expected at least one entity.");
        foreach (var e in p.Entities)
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(e.Entity, "^[a-z][a-z0-9_]*$"))
                throw new PipelineException(p.Id, "config", $"{file}: entity '{e.Entity}' must be snake_case.");
            if (!KnownReaders.Contains(e.Reader))
                throw new PipelineException(p.Id, "config", $"{file}: entity '{e.Entity}': unknown reader '{e.Reader}'. Known readers: {string.Join(", ", KnownReaders)}.");
            var needs = e.Reader switch
            {
                "opendatasoft_csv" => e.Columns is { Count: > 0 } ? null : "columns",
                "genesis_table_csv" => e.TableCode is null ? "table_code" : e.ValueColumns is { Count: > 0 } ? null : "value_columns",
                "ba_csv" => e.Sections is { Count: > 0 } ? (e.ValueHeaders is { Count: > 0 } ? null : "value_headers") : "sections",
                _ => null,
            };
            if (needs is not null)
                throw new PipelineException(p.Id, "config", $"{file}: entity '{e.Entity}' uses reader {e.Reader} and needs the key '{needs}'.");
            if (e.Reader == "genesis_table_csv" && Loading.GenesisTableReader.DeclarationProblem(e) is { } genesisProblem)
                throw new PipelineException(p.Id, "config", $"{file}: entity '{e.Entity}': {genesisProblem}");
            if (e.Reader == "ba_csv")
                ValidateBaTable(p, e);
            try { Loading.SourceReaders.GetEncoding(e.Encoding); }
            catch (ArgumentException)
            {
                throw new PipelineException(p.Id, "config", $"{file}: entity '{e.Entity}': unknown encoding '{e.Encoding}' (expected e.g. utf-8 or windows-1252).");
            }
            var undeclared = e.IntegerColumns.Concat(e.DecimalColumns).Where(c => e.Columns is not null && !e.Columns.Contains(c)).ToList();
            if (undeclared.Count > 0)
                throw new PipelineException(p.Id, "config", $"{file}: entity '{e.Entity}': integer_columns/decimal_columns name {string.Join(", ", undeclared)}, which 'columns' does not declare.");
            if (e.MaxDownloadMb is <= 0)
                throw new PipelineException(p.Id, "config", $"{file}: entity '{e.Entity}': max_download_mb must be a positive number of megabytes, found {e.MaxDownloadMb}.");
            if (e.Separator.Length != 1)
                throw new PipelineException(p.Id, "config", $"{file}: entity '{e.Entity}': separator must be one character, found '{e.Separator}'.");
        }
        var duplicate = p.Entities.GroupBy(e => e.Entity).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new PipelineException(p.Id, "config", $"{file}: entity '{duplicate.Key}' is declared twice.");
    }

    // The reader identifies rows by section and position, and staging's grain is (section key, measure, header):
    // an empty section or a repeated key, measure or header would make that ambiguous.
    static void ValidateBaTable(PipelineDefinition p, EntityDefinition e)
    {
        var where = $"{p.File}: entity '{e.Entity}'";
        var header = e.ValueHeaders!.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (header is not null)
            throw new PipelineException(p.Id, "config", $"{where}: value header '{header.Key}' is declared twice.");
        var key = e.Sections!.GroupBy(s => s.Key).FirstOrDefault(g => g.Count() > 1);
        if (key is not null)
            throw new PipelineException(p.Id, "config", $"{where}: section key '{key.Key}' is declared twice.");
        foreach (var section in e.Sections!)
        {
            if (section.Rows.Count == 0)
                throw new PipelineException(p.Id, "config", $"{where}: section '{section.Label}' has no rows; declare its rows in file order.");
            var measure = section.Rows.GroupBy(r => r.Measure).FirstOrDefault(g => g.Count() > 1);
            if (measure is not null)
                throw new PipelineException(p.Id, "config", $"{where}: section '{section.Label}' declares measure '{measure.Key}' twice.");
        }
    }
}
