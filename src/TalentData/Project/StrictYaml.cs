using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace TalentData.Project;

/// <summary>
/// The one YAML deserializer of the project (pipelines, dataset and check declarations): snake_case keys, an unknown
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
}
