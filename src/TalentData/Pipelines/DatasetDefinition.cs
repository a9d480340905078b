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

    [YamlIgnore] public string Mart { get; set; } = "";
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
            if (!System.IO.File.Exists(Path.ChangeExtension(file, ".sql")))
                throw new PipelineException("", "config", $"{d.File}: there is no {Path.GetFileNameWithoutExtension(file)}.sql beside it to provide the rows.");
            return d;
        }).ToList();
    }
}
