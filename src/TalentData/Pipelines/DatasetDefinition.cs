using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TalentData.Pipelines;

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

    [YamlIgnore] public string Mart { get; set; } = "";
    [YamlIgnore] public IReadOnlyList<string> SourceIds { get; set; } = [];
    [YamlIgnore] public string File { get; set; } = "";

    static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .WithEnforceRequiredMembers()
        .WithEnforceNullability()
        .Build();

    public static IReadOnlyList<DatasetDefinition> LoadAll(string sqlRoot)
    {
        var directory = Path.Combine(sqlRoot, "marts");
        if (!Directory.Exists(directory)) return [];
        return Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).Select(file =>
        {
            DatasetDefinition d;
            try
            {
                d = Yaml.Deserialize<DatasetDefinition>(System.IO.File.ReadAllText(file))
                    ?? throw new PipelineException("", "config", $"{file}: empty dataset definition.");
            }
            catch (YamlException ex)
            {
                throw new PipelineException("", "config", $"{file}, line {ex.Start.Line}, column {ex.Start.Column}: {(ex.InnerException?.Message ?? ex.Message).Trim()}", ex);
            }
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
            if (!System.IO.File.Exists(Path.ChangeExtension(file, ".sql")))
                throw new PipelineException("", "config", $"{d.File}: there is no {Path.GetFileNameWithoutExtension(file)}.sql beside it to provide the rows.");
            return d;
        }).ToList();
    }
}

/// <summary>A published column: its name is the stable CSV header; title, type, unit and role feed the metadata formats.</summary>
public sealed class DatasetColumn
{
    public static readonly string[] Types = ["string", "integer", "number", "year", "date"];
    /// <summary>time, geo and dimension form the cube's axes; measure holds the value; status the official symbol; label and attribute describe.</summary>
    public static readonly string[] Roles = ["time", "geo", "dimension", "measure", "status", "label", "attribute"];

    public required string Name { get; set; }
    public required string Title { get; set; }
    public required string Type { get; set; }
    public required string Role { get; set; }
    public string? Description { get; set; }
    public string? Unit { get; set; }
    public int? Decimals { get; set; }
}
