using TalentData.Pipelines;

namespace TalentData.Loading;

/// <summary>Bundesagentur für Arbeit CSV (metadata lines, blank line, table with sections, © footer).</summary>
public sealed class BaCsvReader : ISourceReader
{
    public IReadOnlyList<string> RawColumns(EntityDefinition entity) => throw new NotImplementedException();

    public IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine) =>
        throw new PipelineException(sourceId, "read", "ba_csv is not implemented yet");
}
