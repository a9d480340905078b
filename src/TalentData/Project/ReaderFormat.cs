using System.Text;

namespace TalentData.Project;

/// <summary>
/// A file format an entity names with <c>reader:</c>: the keys it adds to the entity (its own options class, read
/// strictly from the entity's keys beside the common ones), what it checks about them, and the raw columns it
/// produces. The catalog parses and checks pipeline files with the formats it is given, so this layer never needs
/// the readers themselves; Loading implements one class per format and lists them in <c>ReaderFormats.All</c>.
/// </summary>
public abstract class ReaderFormat
{
    // GENESIS files are windows-1252, which .NET only knows once the code-page provider is registered.
    static ReaderFormat() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The value of <c>reader:</c> in a pipeline file.</summary>
    public abstract string Name { get; }

    /// <summary>The class the entity's reader-specific keys are read into: snake_case keys, <c>required</c> members required.</summary>
    public abstract Type OptionsType { get; }

    /// <summary>The keys this format adds to an entity, in declaration order.</summary>
    public IReadOnlyList<string> Keys => StrictYaml.KeysOf(OptionsType);

    /// <summary>What is wrong with the entity's options beyond unknown or missing keys, or null.</summary>
    public virtual string? Problem(EntityDefinition entity) => null;

    /// <summary>The raw columns this format produces for the entity, in order (without the _ lineage columns).</summary>
    public abstract IReadOnlyList<string> RawColumns(EntityDefinition entity);

    /// <summary>Looks up an encoding by name, Windows code pages included.</summary>
    public static Encoding GetEncoding(string name) => Encoding.GetEncoding(name);
}
