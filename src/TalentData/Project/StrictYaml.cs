using System.Reflection;
using System.Runtime.CompilerServices;
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
    /// <summary>The settings of <see cref="Deserializer"/>, for a file that needs a node deserializer of its own.</summary>
    public static DeserializerBuilder Builder() => new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .WithEnforceRequiredMembers()
        .WithEnforceNullability();

    public static IDeserializer Deserializer { get; } = Builder().Build();

    /// <summary>The YAML keys a class is read from, in declaration order.</summary>
    public static IReadOnlyList<string> KeysOf(Type type) =>
        Members(type).Select(p => Key(p.Name)).ToList();

    /// <summary>The keys a file must give (the class's <c>required</c> members).</summary>
    public static IReadOnlyList<string> RequiredKeysOf(Type type) =>
        Members(type).Where(p => p.IsDefined(typeof(RequiredMemberAttribute))).Select(p => Key(p.Name)).ToList();

    /// <summary>The snake_case key of a property name.</summary>
    public static string Key(string propertyName) => UnderscoredNamingConvention.Instance.Apply(propertyName);

    static IEnumerable<PropertyInfo> Members(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && !p.IsDefined(typeof(YamlIgnoreAttribute)))
            .OrderBy(p => p.MetadataToken);

    /// <summary>Reads <paramref name="path"/> as <typeparamref name="T"/>; a problem names <paramref name="shownAs"/>, line and column.</summary>
    public static T Load<T>(string path, string shownAs, string stage) where T : class => Parse<T>(File.ReadAllText(path), shownAs, stage);

    /// <summary>Reads <paramref name="text"/> (the contents of <paramref name="shownAs"/>) as <typeparamref name="T"/>.</summary>
    public static T Parse<T>(string text, string shownAs, string stage) where T : class
    {
        try
        {
            return Deserializer.Deserialize<T>(text)
                ?? throw new PipelineException("", stage, $"{shownAs}: the file is empty.");
        }
        catch (YamlException ex)
        {
            throw new PipelineException("", stage, $"{shownAs}, line {ex.Start.Line}, column {ex.Start.Column}: {(ex.InnerException?.Message ?? ex.Message).Trim()}", ex);
        }
    }
}
