using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TalentData.Project;

/// <summary>
/// The one YAML deserializer of the project (pipelines, dataset and model declarations): snake_case keys, an unknown
/// or repeated key and a missing required key are errors, never ignored.
/// </summary>
public static class StrictYaml
{
    public static IDeserializer Deserializer { get; } = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .WithEnforceRequiredMembers()
        .WithEnforceNullability()
        .Build();

    /// <summary>Reads <paramref name="path"/> as <typeparamref name="T"/>; a problem names <paramref name="shownAs"/>, line and column.</summary>
    public static T Load<T>(string path, string shownAs, string stage) where T : class
    {
        try
        {
            return Deserializer.Deserialize<T>(File.ReadAllText(path))
                ?? throw new PipelineException("", stage, $"{shownAs}: the file is empty.");
        }
        catch (YamlException ex)
        {
            throw new PipelineException("", stage, $"{shownAs}, line {ex.Start.Line}, column {ex.Start.Column}: {(ex.InnerException?.Message ?? ex.Message).Trim()}", ex);
        }
    }
}
