using TalentData.Pipelines;

namespace TalentData.Loading;

/// <summary>Classic GENESIS / Regionalstatistik table CSV (title block, multi-row header, indented names, footer).</summary>
public sealed class GenesisTableReader : ISourceReader
{
    public IReadOnlyList<string> RawColumns(EntityDefinition entity) => throw new NotImplementedException();

    public IEnumerable<RawRow> Read(string path, string sourceId, EntityDefinition entity, Action<QuarantinedRow> quarantine) =>
        throw new PipelineException(sourceId, "read", "genesis_table_csv is not implemented yet");
}
